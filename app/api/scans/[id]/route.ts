import { cancelScan, getScan, summarize } from '@/lib/server/scans';
import { jsonError, jsonOk } from '@/lib/server/http';
import { guardMutation } from '@/lib/server/guard';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** One scan's summary with its progress; 404 when unknown. */
export async function GET(_req: Request, { params }: Ctx) {
  const { id } = await params;
  const rec = await getScan(id);
  if (!rec) return jsonError(404, `No scan ${id}: it never existed or is no longer kept (kept scans are bounded by PULLCHECK_KEEP_SCANS and PULLCHECK_KEEP_DAYS).`);
  return jsonOk({ scan: summarize(rec) });
}

/** Cancels a running scan; 409 when it is not running. */
export async function DELETE(req: Request, { params }: Ctx) {
  const refused = guardMutation(req, 'none');
  if (refused) return refused;
  const { id } = await params;
  const rec = await getScan(id);
  if (!rec) return jsonError(404, `No scan ${id}.`);
  if (!cancelScan(id)) return jsonError(409, `Scan ${id} is not running (it is ${rec.status}); there is nothing to cancel.`, { scan: summarize(rec) });
  return jsonOk({ scan: summarize(rec) });
}
