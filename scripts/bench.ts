/**
 * `npm run bench`: how fast Pullcheck scans a large organization (issues 7 and 12), through both collection
 * paths: per-resource REST calls (`api`) and Cloud Asset Inventory (`asset-inventory`). Generates synthetic estates,
 * serves each through the emulator in its own process with ~80 ms per call and Google's documented
 * quotas, scans it from another process (so the scanner's memory is measured alone), and prints figures:
 * wall time, calls by API and per resource, peak memory, engine time per pair, and the two reference
 * points (a sequential scan and the lower bound) with the ratios. Figures, not pass/fail.
 *
 * Options: --quick (20 and 50 projects, a few minutes), --sizes 200,1000,5000, --api-sizes 200,1000 (the sizes
 * the per-resource path is run at; above them its lower bound is extrapolated), --sources api,asset-inventory, --sequential 50,200,
 * --seed N, --latency MS, --concurrency N, --engine-size N (pools = repositories), --full-report
 * (the scan builds the whole report in memory as `evaluate` does, instead of streaming pairs), --json FILE.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { analyzeRequests, criticalPathDepth, DOCUMENTED_QUOTAS, lowerBound, type LoggedRequest, type LowerBound, type RequestAnalysis } from '../lib/bench/analyze';
import { generateEstate, summarizeEstate, type EstateSummary } from '../lib/bench/generate';
import { scenarioToRaw } from '../lib/bench/scenario-to-raw';
import { DEFAULT_CONCURRENCY } from '../lib/gcp/config';
import { normalize } from '../lib/inventory/normalize';
import { dockerRepositories, evaluatePairs } from '../lib/readiness/engine';
import type { ScanResult } from './bench-scan';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    'api-sizes': { type: 'string' },
    sources: { type: 'string' },
    sequential: { type: 'string' },
    seed: { type: 'string', default: '1' },
    latency: { type: 'string', default: '80' },
    concurrency: { type: 'string' },
    'engine-size': { type: 'string' },
    'max-pairs': { type: 'string', default: '2000000' },
    'full-report': { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

const list = (v: string | undefined, def: number[]) => (v === undefined ? def : v.split(',').filter(Boolean).map((x) => positive(x, 'a size')));
function positive(v: string, what: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`bench: ${what} must be a whole number ≥ 1, got "${v}"`);
    process.exit(2);
  }
  return n;
}
const quick = values.quick!;
const sizes = list(values.sizes, quick ? [20, 50] : [200, 1000, 5000]);
// The per-resource path at 5,000 projects is pinned to Resource Manager's 600 reads a minute (over half an hour): its bound is computed, not run.
const apiSizes = list(values['api-sizes'], quick ? [20, 50] : [200, 1000]);
type Source = 'api' | 'asset-inventory';
const sources: Source[] = (values.sources ?? 'api,asset-inventory').split(',').filter(Boolean).map((x) => {
  if (x !== 'api' && x !== 'asset-inventory') {
    console.error(`bench: --sources takes api and asset-inventory, got "${x}"`);
    process.exit(2);
  }
  return x;
});
const sequentialSizes = list(values.sequential, []);
const seed = positive(values.seed!, '--seed');
const latencyMs = Number(values.latency);
const concurrency = values.concurrency ? positive(values.concurrency, '--concurrency') : Number(process.env.PULLCHECK_CONCURRENCY || DEFAULT_CONCURRENCY);
const engineSize = values['engine-size'] ? positive(values['engine-size'], '--engine-size') : quick ? 300 : 1000;
const tsx = ['--import', 'tsx', '--no-warnings=ExperimentalWarning'];

interface RunFigures {
  projects: number;
  source: Source;
  concurrency: number;
  estate: EstateSummary;
  scan: ScanResult;
  requests: Omit<RequestAnalysis, 'byQuotaKey'> & { fetchedTwiceSample: string[] };
  bound: LowerBound;
  processMs: number;
}

function startChild(script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [...tsx, path.join(root, 'scripts', script), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
}

function firstLine(child: ChildProcess, prefix: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    const t = setTimeout(() => reject(new Error(`no "${prefix}" line within ${timeoutMs / 1000} s`)), timeoutMs);
    rl.on('line', (line) => {
      if (!line.startsWith(prefix)) return;
      clearTimeout(t);
      rl.close();
      resolve(line.slice(prefix.length).trim());
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`${path.basename(String(child.spawnargs.at(-1)))} exited with code ${code} before answering`));
    });
  });
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));

async function scanOnce(
  projects: number,
  scenarioFile: string,
  orgId: string,
  estate: EstateSummary,
  scenario: ReturnType<typeof generateEstate>,
  conc: number,
  source: Source,
): Promise<RunFigures> {
  const emulator = startChild('bench-emulator.ts', [scenarioFile], { ...process.env, BENCH_QUOTA: JSON.stringify(DOCUMENTED_QUOTAS) });
  try {
    const { url, credentialsFile } = JSON.parse(await firstLine(emulator, '{', 120_000).then((l) => `{${l}`)) as { url: string; credentialsFile: string };
    const started = performance.now();
    const scanner = startChild('bench-scan.ts', ['--org', orgId, '--source', source, '--max-pairs', values['max-pairs']!, ...(values['full-report'] ? ['--full-report'] : [])], {
      ...process.env,
      PULLCHECK_API_ROOT: url,
      GOOGLE_APPLICATION_CREDENTIALS: credentialsFile,
      PULLCHECK_CONCURRENCY: String(conc),
      PULLCHECK_QUOTA_PROJECT: '',
    });
    const scan = JSON.parse(await firstLine(scanner, 'BENCH_RESULT', 6 * 3600_000)) as ScanResult;
    await exited(scanner);
    const processMs = performance.now() - started;
    const log = ((await (await fetch(`${url}/__emulator/requests`)).json()) as { requests: LoggedRequest[] }).requests;
    const analysis = analyzeRequests(log);
    const { byQuotaKey, fetchedTwice, ...rest } = analysis;
    return {
      projects,
      source,
      concurrency: conc,
      estate,
      scan,
      requests: { ...rest, fetchedTwice, fetchedTwiceSample: fetchedTwice.slice(0, 5) },
      bound: lowerBound(scenario, byQuotaKey, latencyMs, source),
      processMs,
    };
  } finally {
    if (emulator.exitCode === null) emulator.kill('SIGTERM');
    await exited(emulator);
  }
}

function engineFigure(n: number): { pools: number; repositories: number; pairs: number; normalizeMs: number; evaluateMs: number; usPerPair: number; verdicts: Record<string, number> } {
  let projects = Math.max(50, Math.ceil(n * 1.3));
  let inv = normalize(scenarioToRaw(generateEstate({ projects, seed })));
  while (inv.nodePools.length < n || dockerRepositories(inv).length < n) {
    projects = Math.ceil(projects * 1.3);
    inv = normalize(scenarioToRaw(generateEstate({ projects, seed })));
  }
  const t0 = performance.now();
  inv = normalize(scenarioToRaw(generateEstate({ projects, seed })));
  const normalizeMs = performance.now() - t0;
  const docker = dockerRepositories(inv).slice(0, n);
  inv = { ...inv, nodePools: inv.nodePools.slice(0, n), repositories: docker };
  const verdicts: Record<string, number> = {};
  let pairs = 0;
  const t1 = performance.now();
  for (const p of evaluatePairs(inv)) {
    pairs++;
    verdicts[p.verdict] = (verdicts[p.verdict] ?? 0) + 1;
  }
  const evaluateMs = performance.now() - t1;
  return { pools: inv.nodePools.length, repositories: docker.length, pairs, normalizeMs, evaluateMs, usPerPair: (evaluateMs * 1000) / Math.max(1, pairs), verdicts };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join(' | ')} |`;
  return [line(head), `|${w.map((x, i) => (i === 0 ? ':' : '-') + '-'.repeat(x) + (i === 0 ? '-' : ':')).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pullcheck-bench-'));
  const startedAt = new Date();
  console.log(`Pullcheck benchmark${quick ? ' (--quick)' : ''}: seed ${seed}, ${latencyMs} ms per call, concurrency ${concurrency}, sources ${sources.join(' and ')}, quotas per minute ${JSON.stringify({ ...DOCUMENTED_QUOTAS.perMinute, ...DOCUMENTED_QUOTAS.perMethod })}`);
  console.log(`machine: ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'}), ${mb(os.totalmem())} RAM, Node ${process.version}, ${os.platform()} ${os.release()}\n`);
  const runs: RunFigures[] = [];
  const seqRuns: RunFigures[] = [];
  const estates = new Map<number, { estate: EstateSummary; scenario: ReturnType<typeof generateEstate> }>();
  try {
    const all = [...new Set([...sizes, ...sequentialSizes])].sort((a, b) => a - b);
    for (const n of all) {
      const scenario = generateEstate({ projects: n, seed, latencyMs });
      const file = path.join(dir, `estate-${n}.json`);
      writeFileSync(file, JSON.stringify(scenario));
      const estate = summarizeEstate(scenario);
      estates.set(n, { estate, scenario });
      const orgId = scenario.organizations![0].organization.name!.split('/')[1];
      if (sizes.includes(n)) {
        for (const source of sources) {
          if (source === 'api' && !apiSizes.includes(n)) continue;
          console.error(`scan: ${n} projects, ${source}, concurrency ${concurrency}…`);
          const r = await scanOnce(n, file, orgId, estate, scenario, concurrency, source);
          console.error(`  ${s(r.scan.collectMs)}, ${r.requests.total} calls, source ${r.scan.collection?.source ?? '?'}`);
          runs.push(r);
        }
      }
      if (sequentialSizes.includes(n)) {
        console.error(`scan: ${n} projects, api, sequential (concurrency 1)…`);
        const r = await scanOnce(n, file, orgId, estate, scenario, 1, 'api');
        console.error(`  ${s(r.scan.collectMs)}, ${r.requests.total} calls`);
        seqRuns.push(r);
      }
      rmSync(file, { force: true });
    }
    console.error(`engine: ${engineSize} pools × ${engineSize} repositories…`);
    const engine = engineFigure(engineSize);

    const accepted = (r: RunFigures) => r.requests.total - r.requests.throttled;
    const lastSeq = seqRuns.at(-1);
    const sequentialFor = (r: RunFigures): { ms: number; label: string } | null => {
      const measured = seqRuns.find((x) => x.projects === r.projects && r.source === 'api');
      if (measured) return { ms: measured.scan.collectMs, label: 'measured' };
      if (!lastSeq || r.source !== 'api') return null;
      return { ms: (lastSeq.scan.collectMs / accepted(lastSeq)) * accepted(r), label: `extrapolated from ${lastSeq.projects}` };
    };

    console.log('## Estates\n');
    const bySize = [...new Set(runs.map((r) => r.projects))];
    console.log(table(
      ['projects', 'folders', 'clusters', 'node pools', 'Docker repos', 'other repos', 'bindings', 'groups', 'pairs'],
      bySize.map((n) => {
        const r = runs.find((x) => x.projects === n)!;
        return [n, r.estate.folders, r.estate.clusters, r.scan.nodePools, r.scan.dockerRepositories, r.estate.repositories - r.estate.dockerRepositories, r.estate.bindings, r.estate.groups, r.scan.pairs];
      }),
    ));
    console.log('\n## Scans (organization scope, through googleapis and the emulator)\n');
    const apis = ['cloudasset', 'cloudresourcemanager', 'container', 'artifactregistry', 'iam', 'compute', 'cloudidentity'];
    console.log(table(
      ['projects', 'source', 'concurrency', 'collect time', 'API calls', ...apis.map((a) => a.replace('cloudresourcemanager', 'resourcemanager')), '429s', 'max calls/resource', 'fetched twice', 'gaps', 'scanner peak RSS', 'peak heap'],
      [...runs, ...seqRuns].map((r) => [
        r.projects, r.scan.collection?.source ?? r.source, r.concurrency, s(r.scan.collectMs), r.requests.total, ...apis.map((a) => r.requests.byApi[a] ?? 0), r.requests.throttled,
        r.requests.maxCallsPerResource, r.requests.fetchedTwice.length, r.scan.gaps, mb(r.scan.peakRssBytes), mb(r.scan.peakHeapBytes),
      ]),
    ));
    // The per-resource path where it was not run: its Resource Manager calls per project at the largest size it ran, times the projects, at 600 a minute.
    const apiRuns = runs.filter((r) => r.source === 'api');
    const lastApi = apiRuns.at(-1);
    const extrapolated = sizes
      .filter((n) => sources.includes('api') && !apiSizes.includes(n) && lastApi)
      .map((n) => {
        const perProject = (lastApi!.requests.byApi.cloudresourcemanager ?? 0) / lastApi!.projects;
        const rmMs = ((perProject * n) / DOCUMENTED_QUOTAS.perMinute.cloudresourcemanager) * 60_000;
        const cpMs = criticalPathDepth(estates.get(n)!.scenario) * latencyMs;
        return { n, perProject, ms: Math.max(rmMs, cpMs) };
      });
    console.log('\n## Reference points\n');
    console.log(table(
      ['projects', 'source', 'measured', 'critical path', 'quota bound (calls ÷ rate)', 'lower bound', '× lower bound', 'windowed quota bound', '× windowed bound', 'sequential', '× faster than sequential'],
      [
        ...runs.map((r) => {
          const seq = sequentialFor(r);
          return [
            r.projects, r.source, s(r.scan.collectMs), `${r.bound.criticalPathDepth} × ${latencyMs} ms = ${s(r.bound.criticalPathMs)}`,
            `${s(r.bound.rate.averageMs)}${r.bound.rate.key ? ` (${r.bound.rate.key})` : ''}`, s(r.bound.issueMs), (r.scan.collectMs / r.bound.issueMs).toFixed(2),
            s(r.bound.windowedMs), (r.scan.collectMs / r.bound.windowedMs).toFixed(2),
            seq ? `${s(seq.ms)} (${seq.label})` : '—', seq ? (seq.ms / r.scan.collectMs).toFixed(1) : '—',
          ];
        }),
        ...extrapolated.map((x) => [x.n, 'api', 'not run', '—', `${s(x.ms)} (${x.perProject.toFixed(1)} Resource Manager calls per project at ${lastApi!.projects}, × ${x.n} ÷ 600/min)`, s(x.ms), '—', '—', '—', '—', '—']),
      ],
    ));
    console.log('\n## Engine (normalize and judge, excluding writing the report)\n');
    console.log(table(
      ['estate', 'pairs', 'normalize', 'evaluate', 'µs per pair', 'can-pull', 'cannot-pull', 'unknown'],
      [
        ...runs.map((r) => [`${r.projects} projects (scanned, ${r.source})`, r.scan.pairsEvaluated < r.scan.pairs ? `${r.scan.pairsEvaluated} of ${r.scan.pairs}` : r.scan.pairs, `${r.scan.normalizeMs.toFixed(0)} ms`, `${r.scan.evaluateMs.toFixed(0)} ms`, ((r.scan.evaluateMs * 1000) / Math.max(1, r.scan.pairsEvaluated)).toFixed(2), r.scan.verdicts['can-pull'] ?? 0, r.scan.verdicts['cannot-pull'] ?? 0, r.scan.verdicts.unknown ?? 0]),
        [`${engine.pools} pools × ${engine.repositories} repositories (synthetic)`, engine.pairs, `${engine.normalizeMs.toFixed(0)} ms`, `${engine.evaluateMs.toFixed(0)} ms`, engine.usPerPair.toFixed(2), engine.verdicts['can-pull'] ?? 0, engine.verdicts['cannot-pull'] ?? 0, engine.verdicts.unknown ?? 0],
      ],
    ));
    // Both paths must judge each estate alike.
    const agreement = bySize.map((n) => {
      const a = runs.find((r) => r.projects === n && r.source === 'api');
      const c = runs.find((r) => r.projects === n && r.source === 'asset-inventory');
      if (!a || !c) return null;
      const same = JSON.stringify(a.scan.verdicts) === JSON.stringify(c.scan.verdicts);
      // The generated estates refuse 3 % of repository getIamPolicy calls: per resource those pairs stay unknown, the inventory holds the policy.
      return `${n}: ${a.scan.pairs === c.scan.pairs ? 'same pairs' : `pairs ${a.scan.pairs} ≠ ${c.scan.pairs}`}, ${same ? 'same verdict counts' : `unknown ${a.scan.verdicts.unknown ?? 0} (api) → ${c.scan.verdicts.unknown ?? 0} (asset-inventory; refused policy reads decided)`}`;
    }).filter(Boolean);
    const largestCai = runs.filter((r) => r.source === 'asset-inventory').at(-1);
    const largest = runs.reduce((m, r) => (r.projects > m.projects ? r : m), runs[0]);
    console.log('\n## Issue 12 targets (figures beside the targets)\n');
    console.log(table(['target', 'figure'], [
      [`5,000 projects in under 120 s through Cloud Asset Inventory`, largestCai ? `${largestCai.projects} projects: ${s(largestCai.scan.collectMs)} collect (${s(largestCai.processMs)} with normalize and the engine), source ${largestCai.scan.collection?.source ?? '?'}` : '—'],
      [`scanner peak memory < 2 GB`, `${mb(Math.max(...runs.map((r) => r.scan.peakRssBytes)))} (largest scan: ${largest.projects} projects, ${largest.source})`],
      ['no resource fetched twice', `${runs.reduce((n, r) => n + r.requests.fetchedTwice.length, 0)} resources fetched twice; max ${Math.max(...runs.map((r) => r.requests.maxCallsPerResource))} requests to one resource (429 retries included)`],
      ['both paths agree', agreement.join('; ') || '—'],
    ]));
    const twice = runs.flatMap((r) => r.requests.fetchedTwiceSample.map((k) => `${r.projects} ${r.source}: ${k}`));
    if (twice.length) console.log(`\nfetched twice (sample): ${twice.slice(0, 8).join('; ')}`);
    const gapReasons = runs.map((r) => `${r.projects} ${r.source}: ${JSON.stringify(r.scan.gapReasons)}`).join('; ');
    console.log(`gaps by reason: ${gapReasons}`);
    console.log(`\ncommand: npm run bench --${quick ? ' --quick' : ''}${values.seed !== '1' ? ` --seed ${seed}` : ''}; finished in ${s(Date.now() - startedAt.getTime())}`);
    if (values.json) {
      writeFileSync(
        values.json,
        JSON.stringify({ startedAt, seed, latencyMs, concurrency, quotas: DOCUMENTED_QUOTAS, machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memBytes: os.totalmem(), node: process.version }, runs, sequential: seqRuns, extrapolated, engine }, null, 2),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
