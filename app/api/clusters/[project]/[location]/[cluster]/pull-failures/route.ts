import 'server-only';
import { ensureScan } from '@/lib/server/scans';
import { jsonError, jsonOk } from '@/lib/server/http';
import { readClusterFailuresFromServer } from '@/lib/server/pull-failures';
import { handlePullFailures, type ScanForFailures } from './handle';

export const dynamic = 'force-dynamic';

/** Reads in flight across the server: each costs Cloud Logging calls (60 per minute per project), so keep a small bound. */
const MAX_IN_FLIGHT = 4;
let inFlight = 0;

async function load(id: string | null): Promise<ScanForFailures> {
  const rec = await ensureScan(id);
  if (!rec) return { kind: 'missing', id };
  if (rec.status !== 'done' || !rec.outcome) return { kind: 'not-done', id: rec.id, status: rec.status };
  const { inventory, report } = rec.outcome;
  if (rec.source === 'snapshot') {
    return {
      kind: 'ready', id: rec.id, inventory, report, live: false,
      why: 'This scan is of an uploaded snapshot: there is no live Google estate behind it to read logs from. Scan the estate live to see its failed pulls.',
    };
  }
  return { kind: 'ready', id: rec.id, inventory, report, live: true };
}

/** GET /api/clusters/P/L/C/pull-failures?scan=ID → the cluster's failed pulls of the last 24 hours, or { error, field }. */
export async function GET(request: Request, ctx: { params: Promise<{ project: string; location: string; cluster: string }> }) {
  const params = await ctx.params;
  const scan = new URL(request.url).searchParams.get('scan');
  if (inFlight >= MAX_IN_FLIGHT) return jsonError(429, 'Pullcheck is already reading several clusters\u2019 logs; try again in a moment.', { field: null });
  inFlight++;
  try {
    // The server's own credentials and endpoint (the live scan's, or the demo's emulator); they never leave this process.
    const res = await handlePullFailures(params, scan, load, readClusterFailuresFromServer);
    return jsonOk(res.body, res.status);
  } catch (err) {
    console.error('pull failures read failed', err instanceof Error ? err.message : String(err));
    return jsonError(500, 'Pullcheck could not read this cluster\u2019s failed pulls; the server log has the details.', { field: null });
  } finally {
    inFlight--;
  }
}
