/** `pullcheck scan SCOPE [--format table|json] [--out FILE] [--fail-on cannot-pull|unknown] [--save]` */
import { parse, scopeFrom, scopeOptions } from '../args';
import { EXIT, UsageError, type Io } from '../io';
import { inventoryForCli } from '../scan-session';
import { atLeast, reportTable, tally, writeReportJson } from '../report-writer';
import { resultSink, writeResult } from '../output';
import { evaluate, evaluateFindings, evaluatePairs } from '../../lib/readiness/engine';
import type { Verdict } from '../../lib/readiness/types';
import { saveCliScan } from '../store-session';

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse('scan', argv, {
    ...scopeOptions,
    format: { type: 'string', default: 'table' },
    out: { type: 'string' },
    'fail-on': { type: 'string' },
    save: { type: 'boolean', default: false },
  });
  const format = values.format;
  if (format !== 'table' && format !== 'json') throw new UsageError(`scan: --format must be table or json, not "${format}"`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'cannot-pull' && failOn !== 'unknown') {
    throw new UsageError(`scan: --fail-on must be cannot-pull or unknown, not "${failOn}"`);
  }
  const scopeArgs = scopeFrom('scan', values, io.cwd);
  // Opened before the scan, so an unwritable --out fails at once; renamed into place only if all goes well.
  const sink = resultSink('scan', values.out, io);
  const startedAt = new Date().toISOString();
  let saved: Parameters<typeof saveCliScan>[1] | null = null;
  const { counts, gaps } = await writeResult(sink, async (out) => {
    const { raw, inventory } = await inventoryForCli(scopeArgs, io);
    if (values.save) saved = { raw, inventory, report: evaluate(inventory, { now: new Date() }), startedAt };
    if (format === 'json') {
      // Pairs are judged and written one at a time: a 1,000 × 1,000 report is never whole in memory.
      const counts = writeReportJson(
        { schemaVersion: 1, scannedAt: new Date().toISOString(), scope: inventory.scope, pairs: evaluatePairs(inventory), findings: evaluateFindings(inventory), gaps: inventory.gaps },
        out,
      );
      return { counts, gaps: inventory.gaps.length };
    }
    const report = evaluate(inventory, { now: new Date() });
    out.write(reportTable(report));
    return { counts: tally(report), gaps: inventory.gaps.length };
  });
  if (saved) io.stderr(`saved scan ${await saveCliScan(io, saved)} (compare two saved scans with: pullcheck diff OLDER NEWER)\n`);
  const pairs = counts['can-pull'] + counts['cannot-pull'] + counts.unknown;
  if (values.out) {
    io.stderr(`wrote ${values.out}: ${pairs} pairs (${counts['can-pull']} can pull, ${counts['cannot-pull']} cannot pull, ${counts.unknown} unknown), ${gaps} gaps\n`);
  }
  if (failOn && (['cannot-pull', 'unknown'] as const).some((v) => counts[v] > 0 && atLeast(v, failOn as Verdict))) return EXIT.failOn;
  return EXIT.ok;
}
