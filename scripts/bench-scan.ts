/**
 * Child process of `npm run bench`: one organization-scope scan through googleapis (the emulator, per the
 * PULLCHECK_* environment), then normalize and the engine, with this process's memory sampled throughout.
 * Prints one line `BENCH_RESULT {json}` on stdout. Usage: bench-scan.ts --org ID [--source api|asset-inventory] [--max-pairs N] [--full-report]
 */
import { parseArgs } from 'node:util';
import { collectEstate, type SourceChoice } from '../lib/gcp/collect';
import { reportCollection, type ReportCollection } from '../lib/scan/report-json';
import { readGcpConfig } from '../lib/gcp/config';
import { normalize } from '../lib/inventory/normalize';
import { dockerRepositories, evaluate, evaluatePairs } from '../lib/readiness/engine';

/** What one scan measured. */
export interface ScanResult {
  concurrency: number;
  collectMs: number;
  normalizeMs: number;
  evaluateMs: number;
  /** Node pools × Docker repositories. */
  pairs: number;
  /** Pairs the engine judged (all of them unless --max-pairs stopped it: the engine is timed per pair, not the point here). */
  pairsEvaluated: number;
  nodePools: number;
  dockerRepositories: number;
  verdicts: Record<string, number>;
  categories: Record<string, number>;
  gaps: number;
  gapReasons: Record<string, number>;
  quotaWaits: number;
  baselineRssBytes: number;
  peakRssCollectBytes: number;
  peakRssBytes: number;
  peakHeapBytes: number;
  findings: number | null;
  /** Which source answered (a fallback would show here), and Cloud Asset Inventory's read time. */
  collection: ReportCollection | null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { org: { type: 'string' }, source: { type: 'string', default: 'auto' }, 'max-pairs': { type: 'string' }, 'full-report': { type: 'boolean', default: false } } });
  if (!values.org) throw new Error('--org ID is required');
  const source = values.source as SourceChoice;
  if (source !== 'auto' && source !== 'api' && source !== 'asset-inventory') throw new Error('--source must be api or asset-inventory');
  const config = readGcpConfig(process.env);
  let peakRss = 0, peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  sample();
  const baselineRss = process.memoryUsage().rss;
  const timer = setInterval(sample, 20);
  let quotaWaits = 0;
  let lastLog = 0;
  const t0 = performance.now();
  const raw = await collectEstate({
    scope: { kind: 'organization', ids: [values.org] },
    config,
    source,
    onProgress: (p) => {
      if (p.waiting && /quota|429|rate/i.test(p.waiting.reason)) quotaWaits++;
      const now = performance.now();
      if (now - lastLog > 10_000) {
        lastLog = now;
        process.stderr.write(`  … ${((now - t0) / 1000).toFixed(0)} s: ${p.phase}, ${p.projectsDone}/${p.projectsTotal} projects, ${p.calls} calls, ${p.gaps} gaps${p.waiting ? `, waiting ${p.waiting.ms} ms (${p.waiting.reason})` : ''}\n`);
      }
    },
  });
  const collectMs = performance.now() - t0;
  sample();
  const peakRssCollect = peakRss;

  const t1 = performance.now();
  const inv = normalize(raw);
  const normalizeMs = performance.now() - t1;
  sample();

  const maxPairs = values['max-pairs'] ? Number(values['max-pairs']) : Infinity;
  const verdicts: Record<string, number> = {};
  const categories: Record<string, number> = {};
  let pairs = 0;
  let findings: number | null = null;
  const t2 = performance.now();
  if (values['full-report']) {
    const report = evaluate(inv, { now: new Date() });
    findings = report.findings.length;
    for (const p of report.pairs) {
      pairs++;
      verdicts[p.verdict] = (verdicts[p.verdict] ?? 0) + 1;
      for (const c of new Set(p.causes.map((x) => x.category))) categories[c] = (categories[c] ?? 0) + 1;
    }
  } else {
    for (const p of evaluatePairs(inv)) {
      if (pairs >= maxPairs) break;
      pairs++;
      verdicts[p.verdict] = (verdicts[p.verdict] ?? 0) + 1;
      for (const c of new Set(p.causes.map((x) => x.category))) categories[c] = (categories[c] ?? 0) + 1;
      if ((pairs & 0xffff) === 0) sample();
    }
  }
  const evaluateMs = performance.now() - t2;
  sample();
  clearInterval(timer);
  const gapReasons: Record<string, number> = {};
  for (const g of raw.gaps) gapReasons[g.reason] = (gapReasons[g.reason] ?? 0) + 1;
  const result: ScanResult = {
    concurrency: config.concurrency,
    collectMs,
    normalizeMs,
    evaluateMs,
    pairs: inv.nodePools.length * dockerRepositories(inv).length,
    pairsEvaluated: pairs,
    nodePools: inv.nodePools.length,
    dockerRepositories: dockerRepositories(inv).length,
    verdicts,
    categories,
    gaps: raw.gaps.length,
    gapReasons,
    quotaWaits,
    baselineRssBytes: baselineRss,
    peakRssCollectBytes: peakRssCollect,
    peakRssBytes: Math.max(peakRss, process.resourceUsage().maxRSS * 1024),
    peakHeapBytes: peakHeap,
    findings,
    collection: reportCollection(raw) ?? null,
  };
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  console.error(`bench-scan: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
