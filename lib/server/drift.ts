import 'server-only';
/** Drift between stored scans, for the overview and the compare page. */
import { diffScans, type Drift } from '@/lib/drift/drift';
import { getScan } from './scans';
import { getStore } from './store';

/** The drift from scan `from` to scan `to`, or why there is none: an id no kept scan has, a scan not finished, scopes that differ. */
export async function driftBetween(from: string, to: string): Promise<{ kind: 'ok'; drift: Drift; label: string } | { kind: 'missing'; id: string } | { kind: 'problem'; message: string }> {
  const [a, b] = await Promise.all([getScan(from), getScan(to)]);
  if (!a) return { kind: 'missing', id: from };
  if (!b) return { kind: 'missing', id: to };
  if (!a.outcome || !b.outcome) return { kind: 'problem', message: `Scan ${a.outcome ? to : from} did not finish; only finished scans can be compared.` };
  if (JSON.stringify([...a.scope.ids].sort()) !== JSON.stringify([...b.scope.ids].sort()) || a.scope.kind !== b.scope.kind) {
    return { kind: 'problem', message: 'These scans are of different scopes; compare two scans of one scope.' };
  }
  return { kind: 'ok', drift: diffScans({ id: a.id, ...a.outcome }, { id: b.id, ...b.outcome }), label: b.label };
}

/** The drift since the previous finished scan of the same scope, or null when there is none. */
export async function driftSincePrevious(id: string): Promise<Drift | null> {
  const prev = await (await getStore()).previousScan(id);
  if (!prev) return null;
  const r = await driftBetween(prev.id, id);
  return r.kind === 'ok' ? r.drift : null;
}
