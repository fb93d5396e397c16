import { getScan } from '@/lib/server/scans';
import { jsonError, jsonOk } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

/** The scan's JSON report (cli-and-report.md); 409 while it runs or when it did not finish. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const rec = getScan(id);
  if (!rec) return jsonError(404, `No scan ${id}.`);
  if (rec.status === 'running') return jsonError(409, `Scan ${id} is still running; the report is ready when it is done.`, { status: rec.status });
  if (!rec.outcome) return jsonError(409, `Scan ${id} ${rec.status === 'cancelled' ? 'was cancelled' : `failed${rec.error ? `: ${rec.error}` : ''}`}; it has no report.`, { status: rec.status });
  return jsonOk(rec.outcome.report);
}
