import { getScan } from '@/lib/server/scans';
import { jsonError } from '@/lib/server/http';
import { gzipReportStream } from '@/lib/server/report-stream';

export const dynamic = 'force-dynamic';

/**
 * The scan's JSON report as a download: streamed pair by pair and gzip-compressed (`Content-Encoding: gzip`,
 * which browsers and `curl --compressed` undo; a client that does not accept gzip gets the same bytes as a
 * `.json.gz` file), never built as one string; 409 while it runs or when it did not finish.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const rec = await getScan(id);
  if (!rec) return jsonError(404, `No scan ${id}.`);
  if (rec.status === 'running') return jsonError(409, `Scan ${id} is still running; the report is ready when it is done.`, { status: rec.status });
  if (!rec.outcome) return jsonError(409, `Scan ${id} ${rec.status === 'cancelled' ? 'was cancelled' : `failed${rec.error ? `: ${rec.error}` : ''}`}; it has no report.`, { status: rec.status });
  const stamp = rec.outcome.report.scannedAt.replace(/[^\dT]/g, '').slice(0, 15);
  const name = `pullcheck-report-${stamp || 'scan'}.json`;
  const acceptsGzip = /\bgzip\b/i.test(req.headers.get('accept-encoding') ?? '');
  const headers: Record<string, string> = acceptsGzip
    ? { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip', 'content-disposition': `attachment; filename="${name}"` }
    : { 'content-type': 'application/gzip', 'content-disposition': `attachment; filename="${name}.gz"` };
  return new Response(gzipReportStream(rec.outcome.report), { status: 200, headers: { ...headers, 'cache-control': 'no-store', vary: 'accept-encoding' } });
}
