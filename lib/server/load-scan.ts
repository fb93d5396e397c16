import 'server-only';
/**
 * The one way pages and routes read a scan: `?scan=ID` (running here, or from the scan store), else the
 * newest finished one (in demo mode the demo scan). An id that names no kept scan is a real 404.
 */
import { notFound } from 'next/navigation';
import { ensureScan, type ScanRecord } from '@/lib/server/scans';
import type { Inventory } from '@/lib/inventory/types';
import type { Report } from '@/lib/readiness/types';

/** The scan a page shows, or why there is none to show; `record` is the scan itself when there is one. */
export type LoadedScan =
  | { kind: 'ready'; id: string; label: string; inventory: Inventory; report: Report; scanParam: string | null; record: ScanRecord }
  | { kind: 'none'; record?: null }
  | { kind: 'unknown-id'; id: string; record?: null }
  | { kind: 'running'; id: string; label: string; record: ScanRecord }
  | { kind: 'failed'; id: string; label: string; error: string | null; status: 'failed' | 'cancelled'; record: ScanRecord };

type SearchParams = Record<string, string | string[] | undefined>;

/** The `scan` search param, if any. */
export function scanParam(sp: SearchParams): string | null {
  const v = sp.scan;
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s ? s : null;
}

/**
 * Loads the scan named by the search params. Pages get a 404 (Next's notFound) for an id no kept scan has;
 * route handlers pass `{ notFoundOnUnknown: false }` and answer it themselves.
 */
export async function loadScan(sp: SearchParams, opts: { notFoundOnUnknown?: boolean } = {}): Promise<LoadedScan> {
  const id = scanParam(sp);
  const rec = await ensureScan(id);
  if (!rec) {
    if (!id) return { kind: 'none' };
    if (opts.notFoundOnUnknown ?? true) notFound();
    return { kind: 'unknown-id', id };
  }
  if (rec.status === 'running') return { kind: 'running', id: rec.id, label: rec.label, record: rec };
  if (rec.status !== 'done' || !rec.outcome) {
    return { kind: 'failed', id: rec.id, label: rec.label, error: rec.error, status: rec.status === 'cancelled' ? 'cancelled' : 'failed', record: rec };
  }
  return { kind: 'ready', id: rec.id, label: rec.label, inventory: rec.outcome.inventory, report: rec.outcome.report, scanParam: id, record: rec };
}
