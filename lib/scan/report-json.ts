/**
 * The JSON report as a sequence of text pieces (one pair per line), so a very large report is never one
 * string: the CLI writes the pieces to a file or standard output, the dashboard streams them (gzip) from
 * `GET /api/scans/ID/report`.
 */
import type { Pair, Report } from '../readiness/types';

/** The report's JSON text, piece by piece; `onPair` sees each pair as it is written. `pairs` may be a generator. */
export function* reportJsonChunks(report: Omit<Report, 'pairs'> & { pairs: Iterable<Pair> }, onPair?: (p: Pair) => void): Generator<string> {
  const { pairs, findings, gaps, ...head } = report;
  yield `{"schemaVersion":${JSON.stringify(head.schemaVersion)},"scannedAt":${JSON.stringify(head.scannedAt)},"scope":${JSON.stringify(head.scope)},\n"pairs":[`;
  let i = 0;
  for (const p of pairs) {
    onPair?.(p);
    yield `${i++ ? ',' : ''}\n${JSON.stringify(p)}`;
  }
  yield `\n],\n"findings":[`;
  for (let j = 0; j < findings.length; j++) yield `${j ? ',' : ''}\n${JSON.stringify(findings[j])}`;
  yield `\n],\n"gaps":[`;
  for (let j = 0; j < gaps.length; j++) yield `${j ? ',' : ''}\n${JSON.stringify(gaps[j])}`;
  yield '\n]}\n';
}
