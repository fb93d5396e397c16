import 'server-only';
import { getScan } from '@/lib/server/scans';
import { guardMutation } from '@/lib/server/guard';
import { jsonError, jsonOk, readBodyLimited } from '@/lib/server/http';
import { askGoogleFromServer } from '@/lib/troubleshoot/server';
import { handleTroubleshoot, MAX_TROUBLESHOOT_BODY, type ScanForTroubleshoot } from './handle';

export const dynamic = 'force-dynamic';

/** Questions in flight across the server: the troubleshooter's quota is undocumented, so keep a small bound. */
const MAX_IN_FLIGHT = 4;
let inFlight = 0;

async function load(id: string): Promise<ScanForTroubleshoot> {
  const rec = await getScan(id);
  if (!rec) return { kind: 'missing', id };
  if (rec.status !== 'done' || !rec.outcome) return { kind: 'not-done', id, status: rec.status };
  const { inventory, report } = rec.outcome;
  if (rec.source === 'snapshot') {
    return {
      kind: 'ready', id, inventory, scannedAt: report.scannedAt, askable: false,
      why: 'This scan is of an uploaded snapshot: there is no live Google estate behind it to ask. Scan the estate live to ask Policy Troubleshooter.',
    };
  }
  return { kind: 'ready', id, inventory, scannedAt: report.scannedAt, askable: true };
}

/** POST /api/troubleshoot: { scan, nodePool, repository } → Google's answer beside Pullcheck's IAM step, or { error, field }. */
export async function POST(request: Request) {
  const refused = guardMutation(request, 'json');
  if (refused) return refused;
  const read = await readBodyLimited(request, MAX_TROUBLESHOOT_BODY);
  if (!read.ok) return jsonError(413, 'The request is too large.', { field: null });
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(read.bytes));
  } catch {
    return jsonError(400, 'The request body is not valid JSON.', { field: null });
  }
  if (inFlight >= MAX_IN_FLIGHT) return jsonError(429, 'Pullcheck is already asking Google several questions; try again in a moment.', { field: null });
  inFlight++;
  try {
    // The server's own credentials and endpoint (the live scan's, or the demo's emulator); they never leave this process.
    const res = await handleTroubleshoot(body, load, askGoogleFromServer);
    return jsonOk(res.body, res.status);
  } catch (err) {
    console.error('troubleshoot failed', err instanceof Error ? err.message : String(err));
    return jsonError(500, 'Pullcheck could not ask Google about this pair; the server log has the details.', { field: null });
  } finally {
    inFlight--;
  }
}
