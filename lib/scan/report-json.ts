/**
 * The JSON report as a sequence of text pieces (one pair per line), so a very large report is never one
 * string: the CLI writes the pieces to a file or standard output, the dashboard streams them (gzip) from
 * `GET /api/scans/ID/report`.
 */
import type { Pair, Report } from '../readiness/types';
import type { ExpectationResult } from '../intent/types';

/** A report whose pairs may stream, and whose `expectations` may be judged once the pairs have gone past. */
export type StreamedReport = Omit<Report, 'pairs' | 'expectations'> & { pairs: Iterable<Pair>; expectations?: ExpectationResult[] | (() => ExpectationResult[]) };

/** The report's JSON text, piece by piece; `onPair` sees each pair as it is written. `pairs` may be a generator. */
export function* reportJsonChunks(report: StreamedReport, onPair?: (p: Pair) => void): Generator<string> {
  const { pairs, findings, gaps, expectations, ...head } = report;
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
  if (expectations === undefined) {
    yield '\n]}\n';
    return;
  }
  // Judged from the pairs, so written after them.
  const list = typeof expectations === 'function' ? expectations() : expectations;
  yield `\n],\n"expectations":[`;
  for (let j = 0; j < list.length; j++) yield `${j ? ',' : ''}\n${JSON.stringify(list[j])}`;
  yield '\n]}\n';
}
