import 'server-only';
/**
 * The app's scans: started from the UI (or automatically on the demo estate, or on a schedule), run in this
 * server process, and kept in the scan store (lib/store) once finished: a restart keeps them and their links.
 * Running scans live in memory (progress, cancel) with a heartbeat in the store. Credentials stay here; the
 * browser only ever sees reports and progress.
 */
import { randomUUID } from 'node:crypto';
import type { RawEstate, Scope } from '@/lib/inventory/raw';
import { collectInventory, type ScanOutcome, type ScanProgress } from '@/lib/scan/run';
import { evaluate } from '@/lib/readiness/engine';
import type { Inventory } from '@/lib/inventory/types';
import { readGcpConfig, type GcpConfig } from '@/lib/gcp/config';
import type { Scenario } from '@/lib/scenario/schema';
import { startEmulator } from '@/lib/emulator';
import { reportWithIntent } from '@/lib/scan/intent';
import { reportCollection, type ReportCollection } from '@/lib/scan/report-json';
import { intentSources } from '@/lib/server/intent';
import { rawToScenario } from '@/lib/gcp/snapshot';
import { RULE_SET_VERSION } from '@/lib/readiness/rule-set-version';
import type { ScanSource, ScanTimings, StoredScanMeta } from '@/lib/store/types';
import { getStore, serverStoreConfig } from './store';

export type ScanStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface ScanRecord {
  id: string;
  scope: Scope;
  /** What the user sees as the scope: "organization 123", "demo estate", "snapshot acme.json". */
  label: string;
  source: ScanSource;
  status: ScanStatus;
  progress: ScanProgress;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  /** What the pages need once the scan is done: the inventory and the report (the raw estate is dropped). */
  outcome: KeptOutcome | null;
  /** Node pool × Docker repository pairs judged; what the kept-scans memory budget counts. */
  pairs: number;
  /** The rule set that judged the report shown. */
  ruleSetVersion?: string | null;
  /** Set when the stored report was re-judged because the rule set changed since the scan: the older version. */
  reevaluatedFrom?: string | null;
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
  /** How a finished scan read its estate (source, Cloud Asset Inventory's read time), when it says. */
  collection?: ReportCollection;
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
  const tail = 'The dashboard holds a scan whole while it judges and shows it; scan an estate this large with the CLI (`pullcheck scan --out FILE`), which has no such limit.';
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

/** How often a running scan tells the store it is alive (a server sharing the database fails it after two minutes of silence). */
const HEARTBEAT_MS = 30_000;

/** Stored results read back recently: a page view should not parse a large report again. */
const outcomes = new Map<string, KeptOutcome & { ruleSetVersion: string | null; reevaluatedFrom: string | null }>();
const OUTCOME_CACHE = 4;

function cacheOutcome(id: string, v: KeptOutcome & { ruleSetVersion: string | null; reevaluatedFrom: string | null }) {
  outcomes.delete(id);
  outcomes.set(id, v);
  // Bounded by count and by pairs held together (PULLCHECK_KEPT_PAIRS); the one just read always stays.
  const kept = scanLimits().keptPairs;
  let pairs = 0;
  for (const o of outcomes.values()) pairs += o.report.pairs.length;
  while (outcomes.size > 1 && (outcomes.size > OUTCOME_CACHE || pairs > kept)) {
    const oldest = outcomes.keys().next().value!;
    pairs -= outcomes.get(oldest)!.report.pairs.length;
    outcomes.delete(oldest);
  }
}

/** Writes the end of a scan to the store, then forgets the in-memory record (reads now go to the store). */
async function persist(rec: ScanRecord, created: Promise<void>, result: { raw: RawEstate; outcome: KeptOutcome; timings: ScanTimings } | null) {
  try {
    await created;
    const db = await getStore();
    if (rec.status === 'done' && result) {
      const ok = await db.completeScan(rec.id, {
        estate: rawToScenario(result.raw, { redact: false, description: rec.label }),
        inventory: result.outcome.inventory,
        report: result.outcome.report,
        finishedAt: rec.finishedAt!,
        ruleSetVersion: RULE_SET_VERSION,
        timings: result.timings,
      });
      if (ok) cacheOutcome(rec.id, { ...result.outcome, ruleSetVersion: RULE_SET_VERSION, reevaluatedFrom: null });
    } else if (rec.status === 'failed' || rec.status === 'cancelled') {
      await db.endScan(rec.id, rec.status, rec.error, rec.finishedAt ?? new Date().toISOString());
    }
    const { retention } = serverStoreConfig();
    for (const id of await db.prune({ keep: retention.keep, maxAgeMs: retention.maxAgeMs, now: new Date() })) outcomes.delete(id);
    forget(rec.id);
  } catch (err) {
    // The record stays in memory, so this server still shows the result; the store's error is in the log.
    console.error(`pullcheck: scan ${rec.id} could not be stored: ${err instanceof Error ? err.message : String(err)}`);
  }
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
    ruleSetVersion: RULE_SET_VERSION,
    reevaluatedFrom: null,
  };
  store.scans.set(rec.id, rec);
  store.controllers.set(rec.id, controller);
  store.order.push(rec.id);
  // The record now counts as running: the reserved slot passes to it.
  slot.release();
  const created = getStore().then((db) => db.createScan({ id: rec.id, scope, label, source, startedAt: rec.startedAt }));
  created.catch(() => {});
  const beat = setInterval(() => {
    void created.then(() => getStore()).then((db) => db.heartbeat(rec.id, new Date())).catch(() => {});
  }, HEARTBEAT_MS);
  beat.unref?.();
  const deadline = setTimeout(() => {
    if (rec.status !== 'running') return;
    rec.status = 'failed';
    rec.finishedAt = new Date().toISOString();
    rec.error = `The scan ran past its deadline of ${formatDuration(limits.deadlineMs)} (PULLCHECK_SCAN_DEADLINE_MS) and was stopped.`;
    controller.abort();
  }, limits.deadlineMs);
  deadline.unref?.();
  let result: { raw: RawEstate; outcome: KeptOutcome; timings: ScanTimings } | null = null;
  const run = async (): Promise<KeptOutcome> => {
    const t0 = Date.now();
    const { raw, inventory, workloads } = await collectInventory({ scope, config: cfg, signal: controller.signal, onProgress: (p) => (rec.progress = p) });
    const size = inventorySize(inventory);
    const problem = sizeProblem(size.pools, size.repositories, limits);
    if (problem) throw new EstateTooLargeError(problem);
    rec.pairs = size.pools * size.repositories;
    const t1 = Date.now();
    const collection = reportCollection(raw);
    const judged = reportWithIntent(evaluate(inventory, { now: new Date() }), inventory, await intentSources(workloads));
    const outcome = { inventory, report: collection ? { ...judged, collection } : judged };
    const t2 = Date.now();
    result = { raw, outcome, timings: { collectMs: t1 - t0, evaluateMs: t2 - t1, totalMs: t2 - t0 } };
    return outcome;
  };
  const settled = run()
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
      clearInterval(beat);
      if (rec.status === 'running') rec.status = 'failed';
      rec.finishedAt ??= new Date().toISOString();
      if (rec.status !== 'done') rec.pairs = 0;
      store.controllers.delete(rec.id);
      await cleanup?.().catch(() => {});
      await persist(rec, created, rec.status === 'done' ? result : null);
    });
  settling.set(rec.id, settled.finally(() => settling.delete(rec.id)));
  return rec;
}

/** Scans of this server still running or being written to the store: settle when the stored row is final. */
const settling = new Map<string, Promise<void>>();

/** Resolves once the scan has ended and its end is written to the store (at once if it is not running here). */
export async function scanSettled(id: string): Promise<void> {
  await settling.get(id);
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

/** Starts a scan for the scheduler (lib/server/schedule.ts): stored with source "scheduled". */
export function startScheduledScan(scope: Scope, label: string): ScanRecord {
  const slot = reserveSlot();
  try {
    return begin(scope, label, 'scheduled', config(), slot);
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

/** Cancels a running scan; false when there is nothing to cancel (or it runs in another server). */
export function cancelScan(id: string): boolean {
  const rec = store.scans.get(id);
  const controller = store.controllers.get(id);
  if (!rec || rec.status !== 'running' || !controller) return false;
  rec.status = 'cancelled';
  rec.finishedAt = new Date().toISOString();
  controller.abort();
  return true;
}

function fromStored(m: StoredScanMeta): ScanRecord {
  return {
    id: m.id,
    scope: m.scope,
    label: m.label,
    source: m.source,
    status: m.status,
    // A scan running in another server sharing the database: its progress is not visible from here.
    progress: { phase: m.status === 'running' ? 'starting' : 'done', projectsDone: 0, projectsTotal: 0, calls: 0, gaps: m.gaps },
    startedAt: m.startedAt,
    finishedAt: m.finishedAt,
    error: m.error,
    outcome: null,
    pairs: m.pairs,
    ruleSetVersion: m.ruleSetVersion,
    reevaluatedFrom: m.reevaluatedFrom,
  } as ScanRecord;
}

/**
 * A stored scan's inventory and report. A report judged by another rule set is judged again from the stored
 * inventory (at the moment it was scanned), stored, and marked so the page can say so.
 */
async function storedOutcome(m: StoredScanMeta): Promise<(KeptOutcome & { ruleSetVersion: string | null; reevaluatedFrom: string | null }) | null> {
  const cached = outcomes.get(m.id);
  if (cached && cached.ruleSetVersion === RULE_SET_VERSION) return cached;
  const db = await getStore();
  const payload = await db.getPayload(m.id);
  if (!payload) return null;
  let { report } = payload;
  let reevaluatedFrom = m.reevaluatedFrom;
  if (m.ruleSetVersion !== RULE_SET_VERSION) {
    const { collection } = payload.report;
    report = { ...evaluate(payload.inventory, { now: new Date(payload.report.scannedAt) }), scannedAt: payload.report.scannedAt, ...(collection ? { collection } : {}) };
    await db.replaceReport(m.id, report, RULE_SET_VERSION);
    reevaluatedFrom = m.reevaluatedFrom ?? m.ruleSetVersion;
  }
  const v = { inventory: payload.inventory, report, ruleSetVersion: RULE_SET_VERSION, reevaluatedFrom };
  cacheOutcome(m.id, v);
  return v;
}

/** A scan by id: running here, or stored (done ones with their inventory and report). */
export async function getScan(id: string): Promise<ScanRecord | null> {
  const live = store.scans.get(id);
  if (live) return live;
  const db = await getStore();
  const m = await db.getScan(id);
  if (!m) return null;
  const rec = fromStored(m);
  if (m.status === 'done') {
    const o = await storedOutcome(m);
    if (o) {
      rec.outcome = { inventory: o.inventory, report: o.report };
      rec.ruleSetVersion = o.ruleSetVersion;
      rec.reevaluatedFrom = o.reevaluatedFrom;
    }
  }
  return rec;
}

/** True when a scan with this id runs here or is kept in the store (its metadata only: no report is read). */
export async function scanExists(id: string): Promise<boolean> {
  if (store.scans.has(id)) return true;
  return (await (await getStore()).getScan(id)) !== null;
}

/** Newest first: the scans running here, then the stored ones (without their reports). */
export async function listScans(limit = 50): Promise<ScanRecord[]> {
  const running = [...store.order].reverse().map((id) => store.scans.get(id)!).filter(Boolean);
  const seen = new Set(running.map((r) => r.id));
  const stored = (await (await getStore()).listScans({ limit })).filter((m) => !seen.has(m.id)).map(fromStored);
  return [...running, ...stored].sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0)).slice(0, limit);
}

/** The scan the pages show: the one named in `?scan=`, else the newest finished one. */
export async function currentScan(id?: string | null): Promise<ScanRecord | null> {
  if (id) return getScan(id);
  const done = [...store.order].reverse().map((i) => store.scans.get(i)!).find((r) => r?.status === 'done');
  if (done) return done;
  const newest = (await (await getStore()).listScans({ status: 'done', limit: 1 }))[0];
  return newest ? getScan(newest.id) : null;
}

/**
 * In demo mode the first page view (with nothing stored yet) starts a scan of the demo estate and waits for
 * it, so a newcomer sees results at once. Elsewhere it returns whatever was scanned.
 */
export async function ensureScan(id?: string | null): Promise<ScanRecord | null> {
  const found = await currentScan(id);
  if (found || id) return found;
  if (!isDemo()) return null;
  const running = [...store.scans.values()].find((s) => s.status === 'running' && s.source === 'demo');
  const rec = running ?? startDemoScan();
  const deadline = Date.now() + 60_000;
  while (rec.status === 'running' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return rec;
}

/** The browser-safe view of a scan. */
export function summarize(rec: ScanRecord): ScanSummary {
  return {
    id: rec.id,
    scope: rec.scope,
    label: rec.label,
    source: rec.source,
    status: rec.status,
    progress: rec.progress,
    startedAt: rec.startedAt,
    finishedAt: rec.finishedAt,
    error: rec.error,
    ...(rec.outcome?.report.collection ? { collection: rec.outcome.report.collection } : {}),
  };
}
