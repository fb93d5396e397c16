/**
 * Prints how fast the readiness engine judges pairs and how much memory it holds meanwhile (figures, not a test).
 *
 * Usage: node --import tsx scripts/engine-speed.ts [--only bench|estate|synthetic] [--size N] [--projects N] [--seed N] [--hash]
 *
 * Three measurements, each in its own child process so one's peak memory does not leak into the next:
 * - bench:     the benchmark's engine figure (scripts/bench.ts): a generated estate trimmed to exactly N node pools
 *              and N Docker repositories (default 1,000 × 1,000); one cold pass of `evaluatePairs`, then `evaluateFindings`.
 * - estate:    the whole generated estate of --projects projects (default 1,000, about 1.44 M pairs), as the scanner
 *              judges it after collecting: one cold streamed pass plus the findings.
 * - synthetic: the older builder-based figure (1,000 pools over 25 shared accounts × 1,000 repositories): `evaluate`,
 *              then a streamed pass on a fresh inventory, then `evaluate` again with warm caches.
 * Normalizing and writing the report are excluded from the engine times. Peak memory is that of the whole process
 * (estate included): RSS and heap sampled during the pass, and `resourceUsage().maxRSS`.
 * Each pass also prints its CPU time (process.cpuUsage), which a busy machine disturbs far less than wall time.
 * --hash also prints a SHA-256 of every pair and finding (JSON), to compare two versions of the engine.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { generateEstate } from '../lib/bench/generate';
import { scenarioToRaw } from '../lib/bench/scenario-to-raw';
import {
  binding,
  makeInventory,
  makeNodePool,
  makePolicy,
  makeProject,
  makeRepository,
  makeRouter,
  makeSubnetwork,
  ok,
} from '../lib/inventory/builders';
import { normalize } from '../lib/inventory/normalize';
import type { Inventory, Policy } from '../lib/inventory/types';
import { dockerRepositories, evaluate, evaluateFindings, evaluatePairs } from '../lib/readiness/engine';

const MODES = ['bench', 'estate', 'synthetic'] as const;
type Mode = (typeof MODES)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    size: { type: 'string', default: '1000' },
    projects: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    hash: { type: 'boolean', default: false },
  },
});
const size = Number(values.size);
const projectCount = Number(values.projects);
const seed = Number(values.seed);
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

/** Peak RSS and heap of this process. Timers cannot fire inside a synchronous pass, so passes also call `sample()` every few thousand pairs. */
class MemoryPeak {
  rss = 0;
  heap = 0;
  private readonly timer = setInterval(() => this.sample(), 20);
  constructor() {
    this.sample();
  }
  sample(): void {
    const m = process.memoryUsage();
    if (m.rss > this.rss) this.rss = m.rss;
    if (m.heapUsed > this.heap) this.heap = m.heapUsed;
  }
  stop(): string {
    this.sample();
    clearInterval(this.timer);
    const maxRss = Math.max(this.rss, process.resourceUsage().maxRSS * 1024);
    return `peak RSS ${mb(maxRss)} (maxRSS), peak heap used ${mb(this.heap)}`;
  }
}

/** One cold streamed pass plus the findings, timed separately; optional hash of every pair and finding. */
function timePass(inv: Inventory, label: string): void {
  const docker = dockerRepositories(inv).length;
  const hash = values.hash ? createHash('sha256') : null;
  const mem = new MemoryPeak();
  const verdicts: Record<string, number> = {};
  let pairs = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const p of evaluatePairs(inv)) {
    pairs++;
    verdicts[p.verdict] = (verdicts[p.verdict] ?? 0) + 1;
    if (hash) hash.update(JSON.stringify(p));
    if ((pairs & 0xfff) === 0) mem.sample();
  }
  const pairsMs = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const pairsCpuMs = (cpu.user + cpu.system) / 1000;
  const t1 = performance.now();
  const findings = evaluateFindings(inv);
  const findingsMs = performance.now() - t1;
  if (hash) hash.update(JSON.stringify(findings));
  const memory = mem.stop();
  const us = (ms: number) => ((ms * 1000) / Math.max(1, pairs)).toFixed(2);
  console.log(`${label}: ${inv.nodePools.length} node pools × ${docker} Docker repositories = ${pairs.toLocaleString('en')} pairs`);
  console.log(`  evaluatePairs:    ${pairsMs.toFixed(0)} ms, ${us(pairsMs)} µs per pair (${JSON.stringify(verdicts)})`);
  // CPU time of this process (all threads, the collector's included): steadier than wall time on a shared machine.
  console.log(`  evaluatePairs CPU: ${pairsCpuMs.toFixed(0)} ms, ${us(pairsCpuMs)} µs per pair`);
  console.log(`  evaluateFindings: ${findingsMs.toFixed(0)} ms (${findings.length} findings); pairs + findings ${us(pairsMs + findingsMs)} µs per pair`);
  console.log(`  memory: ${memory}`);
  if (hash) console.log(`  sha256 of pairs + findings: ${hash.digest('hex')}`);
}

/** The bench's engine figure (scripts/bench.ts `engineFigure`): grow the estate until it has N pools and N Docker repositories, then trim. */
function benchEstate(n: number): Inventory {
  let projects = Math.max(50, Math.ceil(n * 1.3));
  let inv = normalize(scenarioToRaw(generateEstate({ projects, seed })));
  while (inv.nodePools.length < n || dockerRepositories(inv).length < n) {
    projects = Math.ceil(projects * 1.3);
    inv = normalize(scenarioToRaw(generateEstate({ projects, seed })));
  }
  console.log(`(bench estate: ${projects} generated projects, seed ${seed}, trimmed)`);
  return { ...inv, nodePools: inv.nodePools.slice(0, n), repositories: dockerRepositories(inv).slice(0, n) };
}

/** The older synthetic estate from builders: few shared accounts, so most (account, repository) work is cached. */
function synthetic(): void {
  const POOLS = size;
  const REPOS = size;
  const ACCOUNTS = 25;
  const REGISTRY_PROJECTS = 50;
  const sa = (i: number) => `nodes-${i % ACCOUNTS}@shared-sa.iam.gserviceaccount.com`;
  const subnet = (i: number) => `projects/host/regions/europe-west1/subnetworks/s${i % 4}`;
  const pools = Array.from({ length: POOLS }, (_, i) =>
    makeNodePool({
      project: `app-${i % 40}`,
      cluster: `c${i % 100}`,
      name: `pool-${i}`,
      serviceAccount: i % 10 === 0 ? 'default' : sa(i),
      scopes: i % 7 === 0 ? ['https://www.googleapis.com/auth/logging.write'] : undefined,
      version: i % 13 === 0 ? '1.15.9-gke.7' : '1.31.2-gke.1000',
      privateNodes: i % 3 === 0,
      subnetwork: subnet(i),
    }),
  );
  const repos = Array.from({ length: REPOS }, (_, i) => makeRepository({ project: `reg-${i % REGISTRY_PROJECTS}`, id: `repo-${i}` }));
  const policies: Policy[] = [
    ...repos.map((r, i) => makePolicy(r.name, [binding('roles/artifactregistry.reader', `serviceAccount:${sa(i)}`, 'group:devs@example.com'), binding('roles/artifactregistry.writer', 'user:ci@example.com')])),
    makePolicy('folders/10', [binding('roles/viewer', `serviceAccount:${sa(3)}`, `serviceAccount:${sa(4)}`)]),
    makePolicy('organizations/1', [binding('roles/browser', 'domain:example.com')]),
  ];
  const build = () =>
    makeInventory({
      nodePools: pools,
      repositories: repos,
      projects: Array.from({ length: REGISTRY_PROJECTS }, (_, i) => makeProject(`reg-${i}`, ['folders/10', 'organizations/1'])),
      policies,
      subnetworks: Object.fromEntries([0, 1, 2, 3].map((i) => [subnet(i), makeSubnetwork(subnet(i), { privateIpGoogleAccess: i !== 3 })])),
      routers: { 'projects/host/regions/europe-west1': ok([makeRouter('host', 'europe-west1', [{ sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS', subnetworks: [subnet(3)] }])]) },
    });
  const inv = build();
  const pairs = POOLS * REPOS;
  const mem = new MemoryPeak();
  let t = performance.now();
  const report = evaluate(inv, { now: new Date() });
  const full = performance.now() - t;
  const counts = report.pairs.reduce<Record<string, number>>((m, p) => ((m[p.verdict] = (m[p.verdict] ?? 0) + 1), m), {});
  console.log(`synthetic (builders, ${ACCOUNTS} shared accounts): ${POOLS} node pools × ${REPOS} Docker repositories = ${pairs.toLocaleString('en')} pairs`);
  console.log(`  evaluate():      ${full.toFixed(0)} ms, ${((full * 1000) / pairs).toFixed(2)} µs per pair (verdicts: ${JSON.stringify(counts)}; ${report.findings.length} findings)`);

  const fresh = build();
  t = performance.now();
  let n = 0;
  for (const p of evaluatePairs(fresh)) if (p.verdict && (++n & 0xfff) === 0) mem.sample();
  const streamed = performance.now() - t;
  console.log(`  evaluatePairs(): ${streamed.toFixed(0)} ms, ${((streamed * 1000) / n).toFixed(2)} µs per pair (streamed, no report)`);

  t = performance.now();
  evaluate(inv, { now: new Date() });
  const warm = performance.now() - t;
  console.log(`  evaluate() again on the same inventory (caches warm): ${warm.toFixed(0)} ms, ${((warm * 1000) / pairs).toFixed(2)} µs per pair`);
  console.log(`  memory (whole run, the first report kept): ${mem.stop()}`);
}

function runMode(mode: Mode): void {
  if (mode === 'bench') timePass(benchEstate(size), `bench estate, ${size} × ${size}`);
  else if (mode === 'estate') {
    const t = performance.now();
    const inv = normalize(scenarioToRaw(generateEstate({ projects: projectCount, seed })));
    console.log(`(whole estate: ${projectCount} generated projects, seed ${seed}; generate + normalize ${(performance.now() - t).toFixed(0)} ms)`);
    timePass(inv, `whole estate, ${projectCount} projects`);
  } else synthetic();
}

if (values.only) {
  if (!(MODES as readonly string[]).includes(values.only)) throw new Error(`--only must be one of ${MODES.join(', ')}`);
  runMode(values.only as Mode);
} else {
  console.log(`Node ${process.version}; each measurement in its own process\n`);
  for (const mode of MODES) {
    const args = [...process.execArgv, process.argv[1], ...process.argv.slice(2), '--only', mode];
    const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
    console.log();
  }
}
