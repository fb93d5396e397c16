import { getScan } from '@/lib/server/scans';
import { jsonError } from '@/lib/server/http';
import { gzipReportStream } from '@/lib/server/report-stream';

export const dynamic = 'force-dynamic';

/**
 * The scan's JSON report as a download: streamed pair by pair and gzip-compressed into a `.json.gz` file
 * (`Content-Type: application/gzip`, `Content-Disposition: attachment`), never built as one string; 409 while
 * it runs or when it did not finish. Not sent as `Content-Encoding: gzip`: `next start` compresses compressible
 * responses itself, and a JSON body already gzipped by the route was gzipped a second time, so the saved file
 * held gzip inside gzip. application/gzip is not compressible, so the bytes arrive as written.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const rec = await getScan(id);
  if (!rec) return jsonError(404, `No scan ${id}.`);
  if (rec.status === 'running') return jsonError(409, `Scan ${id} is still running; the report is ready when it is done.`, { status: rec.status });
  if (!rec.outcome) return jsonError(409, `Scan ${id} ${rec.status === 'cancelled' ? 'was cancelled' : `failed${rec.error ? `: ${rec.error}` : ''}`}; it has no report.`, { status: rec.status });
  const stamp = rec.outcome.report.scannedAt.replace(/[^\dT]/g, '').slice(0, 15);
  const name = `pullcheck-report-${stamp || 'scan'}.json.gz`;
  return new Response(gzipReportStream(rec.outcome.report), {
    status: 200,
    headers: { 'content-type': 'application/gzip', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' },
  });
}
