/**
 * Scheduled scans for a deployed dashboard (`pullcheck serve`, or the PULLCHECK_SCHEDULE_* environment of
 * `next start`): one scope, scanned every N hours, each result kept in the scan store. This file holds the
 * parts without the server (the settings and the timer); lib/server/schedule-server.ts runs the scans.
 */
import type { Scope } from '../inventory/raw';

/** One scheduled scope and how often it is scanned. */
export interface ScheduleConfig {
  everyMs: number;
  scope: Scope;
  /** What the dashboard shows as the scan's scope. */
  label: string;
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
/** At least a minute between scans: a scan reads the whole scope, with the API quota it costs. */
export const MIN_EVERY_MS = 60_000;
/** At most 24 days: the longest delay a Node timer holds (2^31 - 1 ms). */
export const MAX_EVERY_MS = 24 * 86_400_000;

/** "6h", "30m", "1d", "1h30m": the interval between scheduled scans, in milliseconds; an Error names what is wrong. */
export function parseEvery(text: string, name = '--every'): number {
  const t = text.trim().toLowerCase();
  if (!t || t.length > 20) throw new Error(`${name} must be a duration such as 6h, 30m or 1d, not "${text.slice(0, 40)}".`);
  let ms = 0;
  let i = 0;
  // One pass over digits and units: linear in the (bounded) input.
  while (i < t.length) {
    let j = i;
    while (j < t.length && t[j] >= '0' && t[j] <= '9') j++;
    const unit = UNIT_MS[t[j] ?? ''];
    if (j === i || unit === undefined) throw new Error(`${name} must be a duration such as 6h, 30m or 1d (units m, h, d), not "${text.slice(0, 40)}".`);
    ms += Number(t.slice(i, j)) * unit;
    i = j + 1;
  }
  if (ms < MIN_EVERY_MS) throw new Error(`${name} must be at least 1m, not "${text}".`);
  if (ms > MAX_EVERY_MS) throw new Error(`${name} must be at most 24d, not "${text}".`);
  return ms;
}

/** "6h", "1d", "1h30m": a duration as `parseEvery` reads it. */
export function formatEvery(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms / 60_000);
  for (const [unit, m] of [['d', 1440], ['h', 60], ['m', 1]] as const) {
    if (rest >= m) {
      parts.push(`${Math.floor(rest / m)}${unit}`);
      rest %= m;
    }
  }
  return parts.join('') || '0m';
}

const PROJECT_ID = /^[a-z][a-z0-9-.:]{4,}[a-z0-9]$/;
const NUMERIC = /^\d{1,30}$/;

/**
 * The scope of PULLCHECK_SCHEDULE_SCOPE: `projects:a,b`, `folder:ID`, `organization:ID`, `all-projects`, or
 * (against the built-in emulator only, PULLCHECK_API_ROOT set) `demo` or `scenario:NAME`.
 */
export function parseScheduleScope(text: string, env: Record<string, string | undefined>): { scope: Scope; label: string } {
  const t = text.trim();
  const colon = t.indexOf(':');
  const kind = colon < 0 ? t : t.slice(0, colon);
  const value = colon < 0 ? '' : t.slice(colon + 1).trim();
  const emulated = Boolean(env.PULLCHECK_API_ROOT?.trim());
  const bad = (why: string) => new Error(`PULLCHECK_SCHEDULE_SCOPE: ${why} (one of projects:a,b | folder:ID | organization:ID | all-projects), not "${t.slice(0, 80)}".`);
  switch (kind) {
    case 'projects': {
      const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
      if (!ids.length) throw bad('projects: needs at least one project id');
      const wrong = ids.find((id) => !PROJECT_ID.test(id));
      if (wrong) throw bad(`"${wrong.slice(0, 40)}" is not a project id`);
      return { scope: { kind: 'projects', ids }, label: `projects ${ids.join(', ')}` };
    }
    case 'folder':
    case 'organization': {
      const id = value.replace(/^(folders|organizations)\//, '');
      if (!NUMERIC.test(id)) throw bad(`${kind}: needs a numeric id`);
      return { scope: { kind, ids: [id] }, label: `${kind} ${id}` };
    }
    case 'all-projects':
      return { scope: { kind: 'all-projects', ids: [] }, label: 'all projects' };
    case 'demo':
      if (!emulated) throw bad('demo scans the built-in emulator; it needs npm run demo or pullcheck serve --scenario');
      return { scope: { kind: 'scenario', ids: ['demo estate'] }, label: 'demo estate' };
    case 'scenario':
      if (!emulated) throw bad('scenario:NAME scans the built-in emulator; use pullcheck serve --scenario FILE');
      if (!value) throw bad('scenario: needs the scenario file name');
      return { scope: { kind: 'scenario', ids: [value.slice(0, 200)] }, label: `scenario ${value.slice(0, 200)}` };
    default:
      throw bad('unknown scope');
  }
}

/**
 * The schedule the environment asks for, or null when there is none: PULLCHECK_SCHEDULE_SCOPE (what to scan)
 * and PULLCHECK_SCHEDULE_EVERY (how often, default 6h). An Error names the variable that is wrong.
 */
export function scheduleConfig(env: Record<string, string | undefined>): ScheduleConfig | null {
  const scopeText = env.PULLCHECK_SCHEDULE_SCOPE?.trim();
  const everyText = env.PULLCHECK_SCHEDULE_EVERY?.trim();
  if (!scopeText) {
    if (everyText) throw new Error('PULLCHECK_SCHEDULE_EVERY is set but PULLCHECK_SCHEDULE_SCOPE is not: say what to scan (projects:a,b | folder:ID | organization:ID | all-projects).');
    return null;
  }
  const everyMs = parseEvery(everyText || '6h', 'PULLCHECK_SCHEDULE_EVERY');
  return { everyMs, ...parseScheduleScope(scopeText, env) };
}

/** How one scheduled run ended. */
export interface ScheduledOutcome {
  id: string;
  status: 'done' | 'failed' | 'cancelled';
  error: string | null;
  /** Scans dropped by the pruning that follows the run (a scan that ends also prunes as it is stored: those are not counted). */
  pruned: number;
}

export interface SchedulerOptions {
  everyMs: number;
  /** Runs one scan to its end (stored, pruned); a rejection is logged, and the schedule goes on. */
  runOnce: () => Promise<ScheduledOutcome>;
  /** When the newest finished scan of the scope started: after a restart, the next run keeps the cadence. */
  lastRunAt?: () => Promise<Date | null>;
  log?: (line: string) => void;
}

export interface Scheduler {
  /** True while a scheduled scan runs. */
  readonly busy: boolean;
  /** Runs that were due while the previous one still ran, and were skipped. */
  readonly skipped: number;
  /** When the next run is due (null once stopped). */
  readonly nextAt: Date | null;
  stop(): void;
}

/**
 * Runs `runOnce` every `everyMs` on a fixed cadence. A run due while the previous one still runs is skipped
 * (never two at once, never a backlog). The first run is due `everyMs` after the last finished scan of the
 * scope (at once when there is none, or it is older).
 */
export function startScheduler(opts: SchedulerOptions): Scheduler {
  const log = opts.log ?? ((line: string) => console.log(line));
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let busy = false;
  let skipped = 0;
  let nextAt: Date | null = null;

  const arm = (delay: number) => {
    if (stopped) return;
    nextAt = new Date(Date.now() + delay);
    timer = setTimeout(fire, delay);
    (timer as { unref?: () => void }).unref?.();
  };

  function fire() {
    timer = null;
    arm(opts.everyMs);
    if (busy) {
      skipped++;
      log(`pullcheck: scheduled scan skipped: the previous one is still running (next at ${nextAt?.toISOString()})`);
      return;
    }
    busy = true;
    void opts
      .runOnce()
      .then((o) => {
        const pruned = o.pruned ? `; ${o.pruned} old scan${o.pruned === 1 ? '' : 's'} pruned` : '';
        log(`pullcheck: scheduled scan ${o.id} ${o.status}${o.error ? `: ${o.error}` : ''}${pruned}`);
      })
      .catch((err: unknown) => log(`pullcheck: scheduled scan could not run: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        busy = false;
      });
  }

  void (async () => {
    let delay = 0;
    try {
      const last = await opts.lastRunAt?.();
      if (last) delay = Math.max(0, Math.min(opts.everyMs, last.getTime() + opts.everyMs - Date.now()));
    } catch (err) {
      log(`pullcheck: could not read the last scheduled scan (${err instanceof Error ? err.message : String(err)}); scanning now`);
    }
    arm(delay);
  })();

  return {
    get busy() {
      return busy;
    },
    get skipped() {
      return skipped;
    },
    get nextAt() {
      return stopped ? null : nextAt;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
