/** Reading IAM members and the policies that name them, for the security findings. */
import type { Inventory, Policy } from '../../inventory/types';
import type { IamResolver } from '../../readiness/iam';

/** A member's kind and, for email members, the lower-cased email (IAM "Principal identifiers"). */
export function parseMember(member: string): { kind: string; id: string } {
  const colon = member.indexOf(':');
  if (colon < 0) return { kind: member, id: '' };
  return { kind: member.slice(0, colon), id: member.slice(colon + 1).toLowerCase() };
}

/** The domain of an email, lower-cased ("" when there is none). */
export function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).toLowerCase();
}

/** The resources in scope whose policies were read, with the policy, in inventory order. */
export function readPolicies(inv: Inventory): Policy[] {
  const out: Policy[] = [];
  for (const p of Object.values(inv.policies)) if (p.status === 'ok') out.push(p.value);
  return out;
}

/** How a member holds a node service account: directly, through a group chain, through a principalSet; or not. */
export type Holds = { via: 'service-account' } | { via: 'group'; path: string[] } | { via: 'principal-set' } | null;

/** Whether `member` names the service account `email` (lower-case), resolving groups and principalSets as IAM does. */
export function memberHolds(iam: IamResolver, member: string, email: string): Holds {
  const { kind, id } = parseMember(member);
  if (kind === 'serviceAccount') return id === email ? { via: 'service-account' } : null;
  if (kind === 'group') {
    const m = iam.groupMembership(id, email);
    return m.kind === 'member' ? { via: 'group', path: m.path } : null;
  }
  if (kind === 'principalSet') return iam.principalSetMatch(member.toLowerCase(), email).kind === 'match' ? { via: 'principal-set' } : null;
  return null;
}

/** Whether a role contains the download permission (bundled data, then looked-up roles); unknown counts as no. */
export function roleGrantsDownload(iam: IamResolver, role: string): boolean {
  return iam.roleGrant(role).kind === 'grants';
}

/** The project a resource name belongs to (projects/P/...), or null for folders and organizations. */
export function projectOf(resource: string): string | null {
  if (!resource.startsWith('projects/')) return null;
  const rest = resource.slice('projects/'.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : rest.slice(0, slash);
}

/** Keeps evidence lists bounded: the first 20, and the count beside. */
export function firstOf<T>(list: T[], n = 20): T[] {
  return list.length > n ? list.slice(0, n) : list;
}
