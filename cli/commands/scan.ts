/** `pullcheck scan SCOPE [--format table|json|csv|sarif|markdown] [--table pairs|findings] [--out FILE] [--fail-on cannot-pull|unknown]` */
import { parse, scopeFrom, scopeOptions } from '../args';
import { EXIT, UsageError, type Io } from '../io';
import { inventoryForCli } from '../scan-session';
import { atLeast, reportTable, tally, writeReportJson } from '../report-writer';
import { resultSink, writeResult } from '../output';
import { evaluate, evaluateFindings, evaluatePairs } from '../../lib/readiness/engine';
import type { Verdict } from '../../lib/readiness/types';
import { findingsCsv, pairsCsvChunks, reportMarkdown, reportSarif } from '../../lib/security/export';

const FORMATS = ['table', 'json', 'csv', 'sarif', 'markdown'];

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse('scan', argv, {
    ...scopeOptions,
    format: { type: 'string', default: 'table' },
    out: { type: 'string' },
    'fail-on': { type: 'string' },
    table: { type: 'string' },
  });
  const format = values.format;
  if (!FORMATS.includes(format)) throw new UsageError(`scan: --format must be table, json, csv, sarif or markdown, not "${format}"`);
  const table = values.table ?? 'pairs';
  if (table !== 'pairs' && table !== 'findings') throw new UsageError(`scan: --table must be pairs or findings, not "${table}"`);
  if (values.table !== undefined && format !== 'csv') throw new UsageError('scan: --table goes with --format csv');
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'cannot-pull' && failOn !== 'unknown') {
    throw new UsageError(`scan: --fail-on must be cannot-pull or unknown, not "${failOn}"`);
  }
  const scopeArgs = scopeFrom('scan', values, io.cwd);
  // Opened before the scan, so an unwritable --out fails at once; renamed into place only if all goes well.
  const sink = resultSink('scan', values.out, io);
  const { counts, gaps } = await writeResult(sink, async (out) => {
    const { inventory } = await inventoryForCli(scopeArgs, io);
    if (format === 'json') {
      // Pairs are judged and written one at a time: a 1,000 × 1,000 report is never whole in memory.
      const counts = writeReportJson(
        { schemaVersion: 1, scannedAt: new Date().toISOString(), scope: inventory.scope, pairs: evaluatePairs(inventory), findings: evaluateFindings(inventory), gaps: inventory.gaps },
        out,
      );
      return { counts, gaps: inventory.gaps.length };
    }
    if (format === 'csv' && table === 'pairs') {
      // One row per pair, written in batches as the pairs are judged.
      const counts: Record<Verdict, number> = { 'can-pull': 0, 'cannot-pull': 0, unknown: 0 };
      for (const chunk of pairsCsvChunks(evaluatePairs(inventory), (p) => counts[p.verdict]++)) out.write(chunk);
      return { counts, gaps: inventory.gaps.length };
    }
    const report = evaluate(inventory, { now: new Date() });
    if (format === 'csv') out.write(findingsCsv(report.findings));
    else if (format === 'sarif') out.write(reportSarif(report));
    else if (format === 'markdown') out.write(reportMarkdown(report));
    else out.write(reportTable(report));
    return { counts: tally(report), gaps: inventory.gaps.length };
  });
  const pairs = counts['can-pull'] + counts['cannot-pull'] + counts.unknown;
  if (values.out) {
    io.stderr(`wrote ${values.out}: ${pairs} pairs (${counts['can-pull']} can pull, ${counts['cannot-pull']} cannot pull, ${counts.unknown} unknown), ${gaps} gaps\n`);
  }
  if (failOn && (['cannot-pull', 'unknown'] as const).some((v) => counts[v] > 0 && atLeast(v, failOn as Verdict))) return EXIT.failOn;
  return EXIT.ok;
}
