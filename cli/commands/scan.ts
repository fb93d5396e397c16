/** `pullcheck scan SCOPE [--format table|json] [--out FILE] [--fail-on cannot-pull|unknown]` */
import { parse, scopeFrom, scopeOptions } from '../args';
import { EXIT, UsageError, type Io } from '../io';
import { scanForCli } from '../scan-session';
import { atLeast, fileSink, reportTable, tally, writeReportJson } from '../report-writer';
import type { Verdict } from '../../lib/readiness/types';

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse('scan', argv, {
    ...scopeOptions,
    format: { type: 'string', default: 'table' },
    out: { type: 'string' },
    'fail-on': { type: 'string' },
  });
  const format = values.format;
  if (format !== 'table' && format !== 'json') throw new UsageError(`scan: --format must be table or json, not "${format}"`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'cannot-pull' && failOn !== 'unknown') {
    throw new UsageError(`scan: --fail-on must be cannot-pull or unknown, not "${failOn}"`);
  }
  const scopeArgs = scopeFrom('scan', values, io.cwd);
  const { report } = await scanForCli(scopeArgs, io);

  if (values.out) {
    const sink = fileSink(values.out);
    if (format === 'json') writeReportJson(report, sink);
    else sink.write(reportTable(report));
    try {
      await sink.end();
    } catch (err) {
      throw new UsageError(`scan: cannot write --out ${values.out}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const t = tally(report);
    io.stderr(`wrote ${values.out}: ${report.pairs.length} pairs (${t['can-pull']} can pull, ${t['cannot-pull']} cannot pull, ${t.unknown} unknown), ${report.gaps.length} gaps\n`);
  } else if (format === 'json') {
    writeReportJson(report, { write: io.stdout, end: async () => {} });
  } else {
    io.stdout(reportTable(report));
  }

  if (failOn && report.pairs.some((p) => atLeast(p.verdict, failOn as Verdict))) return EXIT.failOn;
  return EXIT.ok;
}
