/** Node service accounts as the security pages show them. */
import type { Inventory, NodePool } from '@/lib/inventory/types';

export interface NodeAccount {
  email: string;
  isDefault: boolean;
  pools: NodePool[];
  href: string;
}

export function accountHref(email: string): string {
  return `/service-accounts/${encodeURIComponent(email)}`;
}

/** Every node service account with its pools, sorted by email. */
export function nodeAccounts(inv: Inventory): NodeAccount[] {
  const m = new Map<string, NodeAccount>();
  for (const p of inv.nodePools) {
    const e = p.serviceAccount.email;
    let a = m.get(e);
    if (!a) m.set(e, (a = { email: e, isDefault: p.serviceAccount.isDefault, pools: [], href: accountHref(e) }));
    a.pools.push(p);
  }
  return [...m.values()].sort((a, b) => a.email.localeCompare(b.email));
}
