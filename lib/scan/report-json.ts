/**
 * The JSON report as a sequence of text pieces (one pair per line), so a very large report is never one
 * string: the CLI writes the pieces to a file or standard output, the dashboard streams them (gzip) from
 * `GET /api/scans/ID/report`.
 */
import type { RawEstate } from '../inventory/raw';
import { summarizeCoverage } from '../gcp/sources/coverage';
import type { Pair, Report } from '../readiness/types';
import type { ExpectationResult } from '../intent/types';

/** A report whose pairs may stream, and whose `expectations` may be judged once the pairs have gone past. */
export type StreamedReport = Omit<Report, 'pairs' | 'expectations'> & { pairs: Iterable<Pair>; expectations?: ExpectationResult[] | (() => ExpectationResult[]) };

/** What the report says of how the estate was read: the source, Cloud Asset Inventory's read time, a fallback. */
export type ReportCollection = NonNullable<Report['collection']>;

/** The report's summary of a raw estate's collection, or undefined when the estate does not say (a scenario read directly). */
export function reportCollection(raw: Pick<RawEstate, 'collection'>): ReportCollection | undefined {
  const c = raw.collection;
  if (!c) return undefined;
  const { coverage, ...rest } = c;
  return { ...rest, lists: coverage.length, listsWithGaps: coverage.filter((r) => r.gapId).length, coverage: summarizeCoverage(coverage) };
}

/** One line for people: which source answered and when its assets were read, or why it fell back. */
export function describeCollection(c: ReportCollection): string {
  const src = c.source === 'asset-inventory' ? `Cloud Asset Inventory (assets as of ${c.assetsReadTime || 'unknown time'}), per-resource calls for what it does not hold` : 'per-resource API calls';
  return `source: ${src}${c.fallback ? `; warning: ${c.fallback.message}` : ''}`;
}

/** The report's JSON text, piece by piece; `onPair` sees each pair as it is written. `pairs` may be a generator. */
export function* reportJsonChunks(report: StreamedReport & { collection?: ReportCollection }, onPair?: (p: Pair) => void): Generator<string> {
  const { pairs, findings, gaps, expectations, otherRegistryImages, ...head } = report;
  const collection = head.collection ? `"collection":${JSON.stringify(head.collection)},` : '';
  yield `{"schemaVersion":${JSON.stringify(head.schemaVersion)},"scannedAt":${JSON.stringify(head.scannedAt)},"scope":${JSON.stringify(head.scope)},${collection}\n"pairs":[`;
  let i = 0;
  for (const p of pairs) {
    onPair?.(p);
    yield `${i++ ? ',' : ''}\n${JSON.stringify(p)}`;
  }
  yield `\n],\n"findings":[`;
  for (let j = 0; j < findings.length; j++) yield `${j ? ',' : ''}\n${JSON.stringify(findings[j])}`;
  yield `\n],\n"gaps":[`;
  for (let j = 0; j < gaps.length; j++) yield `${j ? ',' : ''}\n${JSON.stringify(gaps[j])}`;
  if (otherRegistryImages?.length) {
    yield `\n],\n"otherRegistryImages":[`;
    for (let j = 0; j < otherRegistryImages.length; j++) yield `${j ? ',' : ''}\n${JSON.stringify(otherRegistryImages[j])}`;
  }
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
