/** `pullcheck scan SCOPE [--format table|json|csv|sarif|markdown] [--table pairs|findings] [--out FILE] [--expect FILE] [--fail-on cannot-pull|unknown|violated] [--pull-failures[=N]] [--save]` */
import path from 'node:path';
import { parse, scopeFrom, scopeOptions } from '../args';
import { EXIT, UsageError, type Io } from '../io';
import { inventoryForCli } from '../scan-session';
import { atLeast, reportTable, tally, writeReportJson } from '../report-writer';
import { resultSink, writeResult } from '../output';
import { evaluate, evaluateFindings, evaluatePairs } from '../../lib/readiness/engine';
import type { Verdict } from '../../lib/readiness/types';
import { reportCollection } from '../../lib/scan/report-json';
import { ExpectationsError, loadExpectationsFile } from '../../lib/intent/expectations';
import { notMet } from '../../lib/intent/in-use';
import type { Expectation, ExpectationResult } from '../../lib/intent/types';
import { reportWithIntent, streamWithIntent } from '../../lib/scan/intent';
import { expectationsTable } from '../../lib/scan/expectations-text';
import { imageUses } from '../../lib/workloads/assets';
import { DEFAULT_SCAN_CLUSTERS, MAX_SCAN_CLUSTERS } from '../../lib/gcp/collect-logs';

const FAIL_ON = ['cannot-pull', 'unknown', 'violated'] as const;
type FailOn = (typeof FAIL_ON)[number];

/** `--fail-on` takes one value or a comma-separated list (`--fail-on violated,cannot-pull`). */
function failOnFrom(text: string | undefined, hasExpect: boolean): Set<FailOn> {
  const out = new Set<FailOn>();
  if (text === undefined) return out;
  for (const part of text.split(',').map((s) => s.trim())) {
    if (!(FAIL_ON as readonly string[]).includes(part)) throw new UsageError(`scan: --fail-on must be cannot-pull, unknown or violated, not "${part}"`);
    out.add(part as FailOn);
  }
  if (out.has('violated') && !hasExpect) throw new UsageError('scan: --fail-on violated needs --expect FILE (the declared expectations to check)');
  return out;
}

async function expectationsFrom(file: string | undefined, io: Io): Promise<Expectation[] | undefined> {
  if (file === undefined) return undefined;
  if (!file.trim()) throw new UsageError('scan: --expect needs a file');
  try {
    return await loadExpectationsFile(path.resolve(io.cwd, file), file);
  } catch (err) {
    if (err instanceof ExpectationsError) throw new UsageError(`invalid expectations file\n${err.message}`);
    throw err;
  }
}
import { findingsCsv, pairsCsvChunks, reportMarkdown, reportSarif } from '../../lib/security/export';

const FORMATS = ['table', 'json', 'csv', 'sarif', 'markdown'];
import { saveCliScan } from '../store-session';

/**
 * `--pull-failures[=N]`: read the recent failed pulls of at most N clusters (default 20, at most 1000) from Cloud
 * Logging. A bare `--pull-failures` takes the default; the number must be 1 to 1000.
 */
function pullFailuresFrom(argv: string[]): { argv: string[]; max: number | undefined } {
  let max: number | undefined;
  const rest: string[] = [];
  for (const a of argv) {
    if (a === '--pull-failures') max = DEFAULT_SCAN_CLUSTERS;
    else if (a.startsWith('--pull-failures=')) {
      const v = a.slice('--pull-failures='.length);
      if (!/^\d{1,4}$/.test(v) || Number(v) < 1 || Number(v) > MAX_SCAN_CLUSTERS) {
        throw new UsageError(`scan: --pull-failures takes the number of clusters to read, 1 to ${MAX_SCAN_CLUSTERS}, not "${v.slice(0, 40)}"`);
      }
      max = Number(v);
    } else rest.push(a);
  }
  return { argv: rest, max };
}

export async function run(rawArgv: string[], io: Io): Promise<number> {
  const { argv, max: pullFailures } = pullFailuresFrom(rawArgv);
  const { values } = parse('scan', argv, {
    ...scopeOptions,
    format: { type: 'string', default: 'table' },
    out: { type: 'string' },
    'fail-on': { type: 'string' },
    expect: { type: 'string' },
    table: { type: 'string' },
    save: { type: 'boolean', default: false },
  });
  const format = values.format;
  if (!FORMATS.includes(format)) throw new UsageError(`scan: --format must be table, json, csv, sarif or markdown, not "${format}"`);
  const table = values.table ?? 'pairs';
  if (table !== 'pairs' && table !== 'findings') throw new UsageError(`scan: --table must be pairs or findings, not "${table}"`);
  if (values.table !== undefined && format !== 'csv') throw new UsageError('scan: --table goes with --format csv');
  const failOn = failOnFrom(values['fail-on'], values.expect !== undefined);
  const scopeArgs = scopeFrom('scan', values, io.cwd);
  // Read before the scan: a bad file is bad input (exit 2), found at once.
  const expectations = await expectationsFrom(values.expect, io);
  // Opened before the scan, so an unwritable --out fails at once; renamed into place only if all goes well.
  const sink = resultSink('scan', values.out, io);
  let judged: ExpectationResult[] = [];
  const startedAt = new Date().toISOString();
  let saved: Parameters<typeof saveCliScan>[1] | null = null;
  const { counts, gaps } = await writeResult(sink, async (out) => {
    const { inventory, raw, workloads, failures } = await inventoryForCli(scopeArgs, io, { pullFailures });
    const collection = reportCollection(raw);
    const sources = { expectations, workloads: imageUses(workloads), ...(failures ? { failures } : {}) };
    if (values.save) saved = { raw, inventory, report: reportWithIntent(evaluate(inventory, { now: new Date() }), inventory, sources), startedAt };
    if (format === 'json') {
      // Pairs are judged and written one at a time: a 1,000 × 1,000 report is never whole in memory.
      const s = streamWithIntent(evaluatePairs(inventory), inventory, sources);
      const counts = writeReportJson(
        {
          schemaVersion: 1,
          scannedAt: new Date().toISOString(),
          scope: inventory.scope,
          ...(collection ? { collection } : {}),
          pairs: s.pairs,
          findings: evaluateFindings(inventory),
          gaps: inventory.gaps,
          ...(s.otherRegistryImages.length ? { otherRegistryImages: s.otherRegistryImages } : {}),
          ...(s.expectations ? { expectations: () => (judged = s.expectations!()) } : {}),
        },
        out,
      );
      return { counts, gaps: inventory.gaps.length };
    }
    if (format === 'csv' && table === 'pairs') {
      // One row per pair, written in batches as the pairs are judged.
      const counts: Record<Verdict, number> = { 'can-pull': 0, 'cannot-pull': 0, unknown: 0 };
      const s = streamWithIntent(evaluatePairs(inventory), inventory, sources);
      for (const chunk of pairsCsvChunks(s.pairs, (p) => counts[p.verdict]++)) out.write(chunk);
      if (s.expectations) judged = s.expectations();
      return { counts, gaps: inventory.gaps.length };
    }
    const report = reportWithIntent(evaluate(inventory, { now: new Date() }), inventory, sources);
    judged = report.expectations ?? [];
    if (format === 'csv') out.write(findingsCsv(report.findings));
    else if (format === 'sarif') out.write(reportSarif(report));
    else if (format === 'markdown') out.write(reportMarkdown(report));
    else {
      out.write(reportTable(report));
      if (report.expectations) out.write(expectationsTable(report.expectations));
    }
    return { counts: tally(report), gaps: inventory.gaps.length };
  });
  if (saved) io.stderr(`saved scan ${await saveCliScan(io, saved)} (compare two saved scans with: pullcheck diff OLDER NEWER)\n`);
  const pairs = counts['can-pull'] + counts['cannot-pull'] + counts.unknown;
  if (values.out) {
    io.stderr(`wrote ${values.out}: ${pairs} pairs (${counts['can-pull']} can pull, ${counts['cannot-pull']} cannot pull, ${counts.unknown} unknown), ${gaps} gaps\n`);
  }
  const unmet = judged.filter(notMet);
  if (expectations && values.out) io.stderr(`${judged.length - unmet.length} of ${judged.length} expectations met\n`);
  if (failOn.has('violated') && unmet.length) return EXIT.failOn;
  if ((['cannot-pull', 'unknown'] as const).some((v) => counts[v] > 0 && [...failOn].some((f) => f !== 'violated' && atLeast(v, f as Verdict)))) return EXIT.failOn;
  return EXIT.ok;
}
