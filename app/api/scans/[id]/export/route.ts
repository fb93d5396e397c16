import { getScan } from '@/lib/server/scans';
import { jsonError } from '@/lib/server/http';
import { findingsCsv, pairsCsvChunks } from '@/lib/security/export';
import { pairPasses } from '@/lib/security/pair-filter';
import { parseFilters } from '@/app/readiness/_lib/filters';
import { filterFindings, findingRows, readFindingFilters } from '@/app/findings/_lib/findings-view';
import type { Pair } from '@/lib/readiness/types';

export const dynamic = 'force-dynamic';

/**
 * Findings or pairs of a finished scan as a file (`Content-Disposition: attachment`), with the view's filters applied:
 * `?kind=findings|pairs&format=csv|json` plus the Findings page's or the readiness view's own search params.
 * Pairs are written as a stream, never one string.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const url = new URL(req.url);
  const kind = url.searchParams.get('kind');
  const format = url.searchParams.get('format');
  if (kind !== 'findings' && kind !== 'pairs') return jsonError(400, 'kind must be findings or pairs.');
  if (format !== 'csv' && format !== 'json') return jsonError(400, 'format must be csv or json.');
  const rec = await getScan(id);
  if (!rec) return jsonError(404, `No scan ${id}.`);
  if (!rec.outcome) return jsonError(409, `Scan ${id} has no report (${rec.status}).`, { status: rec.status });
  const report = rec.outcome.report;
  const stamp = report.scannedAt.replace(/[^\dT]/g, '').slice(0, 15) || 'scan';
  const name = `pullcheck-${kind}-${stamp}.${format}`;
  const headers = {
    'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  const sp = Object.fromEntries(url.searchParams.entries());
  if (kind === 'findings') {
    const rows = filterFindings(findingRows(report.findings), readFindingFilters(sp)).map((r) => ({ ...r.finding, severity: r.severity }));
    const body = format === 'csv' ? findingsCsv(rows) : JSON.stringify({ schemaVersion: 1, scannedAt: report.scannedAt, scope: report.scope, findings: rows }, null, 1) + '\n';
    return new Response(body, { status: 200, headers });
  }
  const f = parseFilters(url.searchParams);
  const pairs = (function* (): Generator<Pair> {
    for (const p of report.pairs) if (pairPasses(p, f)) yield p;
  })();
  const chunks =
    format === 'csv'
      ? pairsCsvChunks(pairs)
      : (function* () {
          yield `{"schemaVersion":1,"scannedAt":${JSON.stringify(report.scannedAt)},"scope":${JSON.stringify(report.scope)},"pairs":[`;
          let i = 0;
          for (const p of pairs) yield `${i++ ? ',' : ''}\n${JSON.stringify(p)}`;
          yield '\n]}\n';
        })();
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const n = chunks.next();
      if (n.done) controller.close();
      else controller.enqueue(enc.encode(n.value));
    },
  });
  return new Response(stream, { status: 200, headers });
}
