import 'server-only';
/**
 * The app's scans: started from the UI (or automatically on the demo estate), run in this server process,
 * kept in memory. Credentials stay here; the browser only ever sees reports and progress.
 */
import { randomUUID } from 'node:crypto';
import type { Scope } from '@/lib/inventory/raw';
import { collectInventory, type ScanOutcome, type ScanProgress } from '@/lib/scan/run';
import { evaluate } from '@/lib/readiness/engine';
import type { Inventory } from '@/lib/inventory/types';
import { readGcpConfig, type GcpConfig } from '@/lib/gcp/config';
import type { Scenario } from '@/lib/scenario/schema';
import { startEmulator } from '@/lib/emulator';
import { reportWithIntent } from '@/lib/scan/intent';
import { intentSources } from '@/lib/server/intent';

export type ScanStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface ScanRecord {
  id: string;
  scope: Scope;
  /** What the user sees as the scope: "organization 123", "demo estate", "snapshot acme.json". */
  label: string;
  source: 'live' | 'demo' | 'snapshot';
  status: ScanStatus;
  progress: ScanProgress;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  /** What the pages need once the scan is done: the inventory and the report (the raw estate is dropped). */
  outcome: KeptOutcome | null;
  /** Node pool × Docker repository pairs judged; what the kept-scans memory budget counts. */
  pairs: number;
}

/** What a finished scan keeps: no raw estate (no page reads it once the inventory is built). */
export type KeptOutcome = Pick<ScanOutcome, 'inventory' | 'report'>;

/** What the browser may see of a scan while it runs (no inventory, no report). */
export interface ScanSummary {
  id: string;
  scope: Scope;
  label: string;
  source: ScanRecord['source'];
  status: ScanStatus;
  progress: ScanProgress;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

interface Store {
  scans: Map<string, ScanRecord>;
  controllers: Map<string, AbortController>;
  order: string[];
  /** Slots taken by requests that have not registered their scan yet (an upload being read, an emulator starting). */
  reserved: number;
}

const g = globalThis as unknown as { __pullcheckScans?: Store };
const store: Store = (g.__pullcheckScans ??= { scans: new Map(), controllers: new Map(), order: [], reserved: 0 });
store.reserved ??= 0;
const KEEP = 10;
/** Scans running at once in this server: each holds API calls in flight (and an emulator for snapshots). */
export const MAX_RUNNING = 3;

/** Refused because MAX_RUNNING scans are already running: answered 429. */
export class ScanLimitError extends Error {
  constructor() {
    super(`${MAX_RUNNING} scans are already running; wait for one to finish or cancel one, then start again.`);
    this.name = 'ScanLimitError';
  }
}

/** A scan slot taken before any `await`; given to a start function, or released when the request gives up. */
export interface ScanSlot {
  release(): void;
}

function runningCount(): number {
  let n = store.reserved;
  for (const rec of store.scans.values()) if (rec.status === 'running') n++;
  return n;
}

/**
 * Takes one of the MAX_RUNNING slots synchronously (throws ScanLimitError when none is free), so parallel
 * requests cannot all pass the check before any of them registers its scan.
 */
export function reserveSlot(): ScanSlot {
  if (runningCount() >= MAX_RUNNING) throw new ScanLimitError();
  store.reserved++;
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      store.reserved--;
    },
  };
}

/** Limits on what one scan may judge, and on what the kept scans may hold (environment, validated here). */
export interface ScanLimits {
  maxPools: number;
  maxRepositories: number;
  maxPairs: number;
  /** Total pairs across kept finished scans; the oldest finished scans are forgotten past it. */
  keptPairs: number;
  /** Overall deadline of one scan, in milliseconds. */
  deadlineMs: number;
}

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v.trim() === '') return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, not "${v}".`);
  return n;
}

/** The limits, from PULLCHECK_MAX_POOLS, PULLCHECK_MAX_REPOSITORIES, PULLCHECK_MAX_PAIRS, PULLCHECK_KEPT_PAIRS, PULLCHECK_SCAN_DEADLINE_MS. */
export function scanLimits(env: Record<string, string | undefined> = process.env): ScanLimits {
  const maxPairs = positiveInt(env, 'PULLCHECK_MAX_PAIRS', 50_000);
  return {
    maxPools: positiveInt(env, 'PULLCHECK_MAX_POOLS', 2_000),
    maxRepositories: positiveInt(env, 'PULLCHECK_MAX_REPOSITORIES', 5_000),
    maxPairs,
    keptPairs: Math.max(maxPairs, positiveInt(env, 'PULLCHECK_KEPT_PAIRS', 150_000)),
    deadlineMs: positiveInt(env, 'PULLCHECK_SCAN_DEADLINE_MS', 10 * 60_000),
  };
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Why an estate of `pools` node pools and `repositories` Docker repositories is too large for the dashboard,
 * or null. The CLI has no such limit.
 */
export function sizeProblem(pools: number, repositories: number, limits: ScanLimits = scanLimits()): string | null {
  const pairs = pools * repositories;
  const tail = 'The dashboard keeps every scan in memory; scan an estate this large with the CLI (`pullcheck scan --out FILE`), which has no such limit.';
  if (pools > limits.maxPools) return `This estate has ${fmt(pools)} node pools; the dashboard accepts at most ${fmt(limits.maxPools)}. ${tail}`;
  if (repositories > limits.maxRepositories) return `This estate has ${fmt(repositories)} Docker repositories; the dashboard accepts at most ${fmt(limits.maxRepositories)}. ${tail}`;
  if (pairs > limits.maxPairs) {
    return `This estate has ${fmt(pools)} node pools × ${fmt(repositories)} Docker repositories = ${fmt(pairs)} pairs; the dashboard accepts at most ${fmt(limits.maxPairs)}. ${tail}`;
  }
  return null;
}

/** Refused because the estate is larger than the dashboard's limits; answered 422 (or the scan fails with it). */
export class EstateTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EstateTooLargeError';
  }
}

function inventorySize(inv: Inventory): { pools: number; repositories: number } {
  return { pools: inv.nodePools.length, repositories: inv.repositories.filter((r) => r.format.toUpperCase() === 'DOCKER').length };
}

/** True when the app runs on the demo estate (npm run demo / e2e tests). */
export function isDemo(): boolean {
  return process.env.PULLCHECK_DEMO === '1';
}

function config(): GcpConfig {
  return readGcpConfig(process.env);
}

function forget(id: string) {
  const i = store.order.indexOf(id);
  if (i >= 0) store.order.splice(i, 1);
  store.scans.delete(id);
  store.controllers.delete(id);
}

/**
 * Forgets the oldest finished scans past KEEP scans or past the kept-pairs budget; a running one is never
 * dropped (it could no longer be cancelled), nor the newest finished one.
 */
function trim(limits: ScanLimits) {
  const finished = store.order.filter((id) => store.scans.get(id)?.status !== 'running');
  let kept = 0;
  for (const id of finished) kept += store.scans.get(id)?.pairs ?? 0;
  for (const id of finished.slice(0, -1)) {
    if (store.order.length <= KEEP && kept <= limits.keptPairs) break;
    kept -= store.scans.get(id)?.pairs ?? 0;
    forget(id);
  }
}

function remember(rec: ScanRecord, controller: AbortController, limits: ScanLimits) {
  store.scans.set(rec.id, rec);
  store.controllers.set(rec.id, controller);
  store.order.push(rec.id);
  trim(limits);
}

function begin(scope: Scope, label: string, source: ScanRecord['source'], cfg: GcpConfig, slot: ScanSlot, cleanup?: () => Promise<void>): ScanRecord {
  const limits = scanLimits();
  const controller = new AbortController();
  const rec: ScanRecord = {
    id: randomUUID(),
    scope,
    label,
    source,
    status: 'running',
    progress: { phase: 'starting', projectsDone: 0, projectsTotal: 0, calls: 0, gaps: 0 },
    startedAt: new Date().toISOString(),
    finishedAt: null,
    error: null,
    outcome: null,
    pairs: 0,
  };
  remember(rec, controller, limits);
  // The record now counts as running: the reserved slot passes to it.
  slot.release();
  const deadline = setTimeout(() => {
    if (rec.status !== 'running') return;
    rec.status = 'failed';
    rec.finishedAt = new Date().toISOString();
    rec.error = `The scan ran past its deadline of ${formatDuration(limits.deadlineMs)} (PULLCHECK_SCAN_DEADLINE_MS) and was stopped.`;
    controller.abort();
    trim(limits);
  }, limits.deadlineMs);
  deadline.unref?.();
  const run = async (): Promise<KeptOutcome> => {
    const { inventory, workloads } = await collectInventory({ scope, config: cfg, signal: controller.signal, onProgress: (p) => (rec.progress = p) });
    const size = inventorySize(inventory);
    const problem = sizeProblem(size.pools, size.repositories, limits);
    if (problem) throw new EstateTooLargeError(problem);
    rec.pairs = size.pools * size.repositories;
    return { inventory, report: reportWithIntent(evaluate(inventory, { now: new Date() }), inventory, await intentSources(workloads)) };
  };
  run()
    .then((outcome) => {
      if (rec.status !== 'running') return;
      rec.outcome = outcome;
      rec.status = 'done';
    })
    .catch((err: unknown) => {
      if (rec.status !== 'running') return;
      rec.status = controller.signal.aborted ? 'cancelled' : 'failed';
      rec.error = controller.signal.aborted ? null : err instanceof Error ? err.message : String(err);
    })
    .finally(async () => {
      clearTimeout(deadline);
      if (rec.status === 'running') rec.status = 'failed';
      rec.finishedAt ??= new Date().toISOString();
      if (rec.status !== 'done') rec.pairs = 0;
      store.controllers.delete(rec.id);
      trim(limits);
      await cleanup?.().catch(() => {});
    });
  return rec;
}

function formatDuration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  if (ms % 1000 === 0) return `${ms / 1000} seconds`;
  return `${ms} ms`;
}

/** Starts a live (or, in demo mode, emulator-backed) scan of a scope. */
export function startScan(scope: Scope, label: string): ScanRecord {
  const slot = reserveSlot();
  try {
    return begin(scope, label, isDemo() ? 'demo' : 'live', config(), slot);
  } catch (err) {
    slot.release();
    throw err;
  }
}

/** Starts a scan of the demo estate (served by the emulator the demo started). */
export function startDemoScan(): ScanRecord {
  const slot = reserveSlot();
  try {
    return begin({ kind: 'scenario', ids: ['demo estate'] }, 'demo estate', 'demo', config(), slot);
  } catch (err) {
    slot.release();
    throw err;
  }
}

/** Node pools and Docker repositories a scenario holds: what its scan will pair. */
export function scenarioSize(scenario: Scenario): { pools: number; repositories: number } {
  let pools = 0;
  let repositories = 0;
  for (const p of scenario.projects) {
    for (const c of p.clusters ?? []) pools += c.nodePools?.length ?? 0;
    for (const r of p.repositories ?? []) if (r.repository.format.toUpperCase() === 'DOCKER') repositories++;
  }
  return { pools, repositories };
}

/**
 * Serves an uploaded snapshot through a private emulator and scans it, the same path as live. `slot` is the
 * slot the request reserved before reading the upload (released here on failure); without one, one is taken.
 */
export async function startSnapshotScan(scenario: Scenario, fileName: string, slot: ScanSlot = reserveSlot()): Promise<ScanRecord> {
  let emulator: Awaited<ReturnType<typeof startEmulator>> | null = null;
  try {
    const size = scenarioSize(scenario);
    const problem = sizeProblem(size.pools, size.repositories);
    if (problem) throw new EstateTooLargeError(problem);
    emulator = await startEmulator({ scenario, port: 0 });
    const em = emulator;
    const cfg = readGcpConfig({ ...process.env, PULLCHECK_API_ROOT: em.url, GOOGLE_APPLICATION_CREDENTIALS: em.credentialsFile });
    return begin({ kind: 'scenario', ids: [fileName] }, `snapshot ${fileName}`, 'snapshot', cfg, slot, () => em.stop());
  } catch (err) {
    slot.release();
    await emulator?.stop().catch(() => {});
    throw err;
  }
}

/** Cancels a running scan; false when there is nothing to cancel. */
export function cancelScan(id: string): boolean {
  const rec = store.scans.get(id);
  const controller = store.controllers.get(id);
  if (!rec || rec.status !== 'running' || !controller) return false;
  rec.status = 'cancelled';
  rec.finishedAt = new Date().toISOString();
  controller.abort();
  return true;
}

export function getScan(id: string): ScanRecord | null {
  return store.scans.get(id) ?? null;
}

/** Newest first. */
export function listScans(): ScanRecord[] {
  return [...store.order].reverse().map((id) => store.scans.get(id)!).filter(Boolean);
}

/** The scan the pages show: the one named in `?scan=`, else the newest finished one. */
export function currentScan(id?: string | null): ScanRecord | null {
  if (id) return getScan(id);
  return listScans().find((s) => s.status === 'done') ?? null;
}

/**
 * In demo mode the first page view starts a scan of the demo estate and waits for it, so a newcomer
 * sees results at once. Elsewhere it returns whatever was scanned.
 */
export async function ensureScan(id?: string | null): Promise<ScanRecord | null> {
  const found = currentScan(id);
  if (found || id) return found;
  if (!isDemo()) return null;
  const running = listScans().find((s) => s.status === 'running' && s.source === 'demo');
  const rec = running ?? startDemoScan();
  const deadline = Date.now() + 60_000;
  while (rec.status === 'running' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return rec;
}

/** The browser-safe view of a scan. */
export function summarize(rec: ScanRecord): ScanSummary {
  const { outcome: _outcome, pairs: _pairs, ...rest } = rec;
  void _outcome;
  void _pairs;
  return rest;
}
