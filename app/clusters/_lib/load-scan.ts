import 'server-only';
/** Loads the scan a page shows (`?scan=ID`, else the newest finished one; in demo mode the demo scan). */
import { ensureScan } from '@/lib/server/scans';
import type { Inventory } from '@/lib/inventory/types';
import type { Report } from '@/lib/readiness/types';

/** The scan a page shows, or why there is none to show. */
export type LoadedScan =
  | { kind: 'ready'; id: string; label: string; inventory: Inventory; report: Report; scanParam: string | null }
  | { kind: 'none' }
  | { kind: 'unknown-id'; id: string }
  | { kind: 'running'; id: string; label: string }
  | { kind: 'failed'; id: string; label: string; error: string | null; status: 'failed' | 'cancelled' };

/** The `scan` search param, if any. */
export function scanParam(sp: Record<string, string | string[] | undefined>): string | null {
  const v = sp.scan;
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s ? s : null;
}

/** Loads the scan named by the search params. */
export async function loadScan(sp: Record<string, string | string[] | undefined>): Promise<LoadedScan> {
  const id = scanParam(sp);
  const rec = await ensureScan(id);
  if (!rec) return id ? { kind: 'unknown-id', id } : { kind: 'none' };
  if (rec.status === 'running') return { kind: 'running', id: rec.id, label: rec.label };
  if (rec.status !== 'done' || !rec.outcome) {
    return { kind: 'failed', id: rec.id, label: rec.label, error: rec.error, status: rec.status === 'cancelled' ? 'cancelled' : 'failed' };
  }
  return { kind: 'ready', id: rec.id, label: rec.label, inventory: rec.outcome.inventory, report: rec.outcome.report, scanParam: id };
}
