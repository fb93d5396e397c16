/**
 * The scheduler inside the dashboard's server (started by instrumentation.ts when PULLCHECK_SCHEDULE_SCOPE is
 * set): each run is an ordinary scan of this server, stored with source "scheduled", so the pages, the
 * drift and the trend see it like any other; a scan that cannot start is stored as failed, and the kept
 * scans are pruned (PULLCHECK_KEEP_SCANS, PULLCHECK_KEEP_DAYS) after every run.
 */
import { randomUUID } from 'node:crypto';
import { scopeKey } from '../store/kysely-store';
import { getScan, scanSettled, startScheduledScan } from './scans';
import { getStore, serverStoreConfig } from './store';
import { formatEvery, startScheduler, type ScheduleConfig, type ScheduledOutcome, type Scheduler } from './schedule';

/** Runs one scheduled scan to its end: started, stored (done or failed), then the kept scans pruned. */
export async function runScheduledScan(cfg: ScheduleConfig): Promise<ScheduledOutcome> {
  let id: string;
  let status: ScheduledOutcome['status'];
  let error: string | null;
  try {
    const rec = startScheduledScan(cfg.scope, cfg.label);
    id = rec.id;
    await scanSettled(id);
    const stored = await getScan(id);
    status = stored?.status === 'done' || stored?.status === 'cancelled' ? stored.status : 'failed';
    error = stored?.error ?? null;
  } catch (err) {
    // It could not even start (all scan slots busy, a bad setting): still a scan of the schedule, kept as failed.
    id = randomUUID();
    status = 'failed';
    error = `The scheduled scan could not start: ${err instanceof Error ? err.message : String(err)}`;
    const db = await getStore();
    const now = new Date().toISOString();
    await db.createScan({ id, scope: cfg.scope, label: cfg.label, source: 'scheduled', startedAt: now });
    await db.endScan(id, 'failed', error, now);
  }
  const { retention } = serverStoreConfig();
  const pruned = await (await getStore()).prune({ keep: retention.keep, maxAgeMs: retention.maxAgeMs, now: new Date() });
  return { id, status, error, pruned: pruned.length };
}

const g = globalThis as unknown as { __pullcheckScheduler?: Scheduler };

/** Starts the schedule once per server process; a second call keeps the first. */
export function startServerSchedule(cfg: ScheduleConfig, log: (line: string) => void = (l) => console.log(l)): Scheduler {
  if (g.__pullcheckScheduler) return g.__pullcheckScheduler;
  log(`pullcheck: scanning ${cfg.label} every ${formatEvery(cfg.everyMs)}`);
  g.__pullcheckScheduler = startScheduler({
    everyMs: cfg.everyMs,
    runOnce: () => runScheduledScan(cfg),
    lastRunAt: async () => {
      const [last] = await (await getStore()).listScans({ scopeKey: scopeKey(cfg.scope), limit: 1 });
      return last ? new Date(last.startedAt) : null;
    },
    log,
  });
  return g.__pullcheckScheduler;
}

/** Tests: stops and forgets the server's schedule. */
export function stopServerSchedule(): void {
  g.__pullcheckScheduler?.stop();
  g.__pullcheckScheduler = undefined;
}
