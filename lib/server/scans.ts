import 'server-only';
/**
 * The app's scans: started from the UI (or automatically on the demo estate), run in this server process,
 * kept in memory. Credentials stay here; the browser only ever sees reports and progress.
 */
import { randomUUID } from 'node:crypto';
import type { Scope } from '@/lib/inventory/raw';
import { runScan, type ScanOutcome, type ScanProgress } from '@/lib/scan/run';
import { readGcpConfig, type GcpConfig } from '@/lib/gcp/config';
import type { Scenario } from '@/lib/scenario/schema';
import { startEmulator } from '@/lib/emulator';

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
  outcome: ScanOutcome | null;
}

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
}

const g = globalThis as unknown as { __pullcheckScans?: Store };
const store: Store = (g.__pullcheckScans ??= { scans: new Map(), controllers: new Map(), order: [] });
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

function ensureCapacity() {
  if (listScans().filter((s) => s.status === 'running').length >= MAX_RUNNING) throw new ScanLimitError();
}

/** True when the app runs on the demo estate (npm run demo / e2e tests). */
export function isDemo(): boolean {
  return process.env.PULLCHECK_DEMO === '1';
}

function config(): GcpConfig {
  return readGcpConfig(process.env);
}

function remember(rec: ScanRecord, controller: AbortController) {
  store.scans.set(rec.id, rec);
  store.controllers.set(rec.id, controller);
  store.order.push(rec.id);
  // Forget the oldest finished scans; a running one is never dropped (it could no longer be cancelled).
  for (let i = 0; store.order.length > KEEP && i < store.order.length; ) {
    const old = store.order[i];
    if (store.scans.get(old)?.status === 'running') {
      i++;
      continue;
    }
    store.order.splice(i, 1);
    store.scans.delete(old);
    store.controllers.delete(old);
  }
}

function begin(scope: Scope, label: string, source: ScanRecord['source'], cfg: GcpConfig, cleanup?: () => Promise<void>): ScanRecord {
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
  };
  remember(rec, controller);
  runScan({ scope, config: cfg, signal: controller.signal, onProgress: (p) => (rec.progress = p) })
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
      rec.finishedAt = new Date().toISOString();
      store.controllers.delete(rec.id);
      await cleanup?.().catch(() => {});
    });
  return rec;
}

/** Starts a live (or, in demo mode, emulator-backed) scan of a scope. */
export function startScan(scope: Scope, label: string): ScanRecord {
  ensureCapacity();
  return begin(scope, label, isDemo() ? 'demo' : 'live', config());
}

/** Starts a scan of the demo estate (served by the emulator the demo started). */
export function startDemoScan(): ScanRecord {
  ensureCapacity();
  return begin({ kind: 'scenario', ids: ['demo estate'] }, 'demo estate', 'demo', config());
}

/** Serves an uploaded snapshot through a private emulator and scans it, the same path as live. */
export async function startSnapshotScan(scenario: Scenario, fileName: string): Promise<ScanRecord> {
  ensureCapacity();
  const emulator = await startEmulator({ scenario, port: 0 });
  const cfg = readGcpConfig({ ...process.env, PULLCHECK_API_ROOT: emulator.url, GOOGLE_APPLICATION_CREDENTIALS: emulator.credentialsFile });
  return begin({ kind: 'scenario', ids: [fileName] }, `snapshot ${fileName}`, 'snapshot', cfg, () => emulator.stop());
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
  const { outcome: _outcome, ...rest } = rec;
  void _outcome;
  return rest;
}
