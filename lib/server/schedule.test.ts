import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import path from 'node:path';
import { formatEvery, parseEvery, parseScheduleScope, scheduleConfig, startScheduler, type ScheduledOutcome } from './schedule';

describe('schedule settings', () => {
  it('reads durations in minutes, hours and days, and refuses the rest naming the flag', () => {
    expect(parseEvery('6h')).toBe(6 * 3_600_000);
    expect(parseEvery('1h30m')).toBe(90 * 60_000);
    expect(parseEvery(' 2D ')).toBe(2 * 86_400_000);
    expect(formatEvery(parseEvery('1d6h'))).toBe('1d6h');
    expect(() => parseEvery('6')).toThrow(/--every must be a duration such as 6h/);
    expect(() => parseEvery('6 hours')).toThrow(/units m, h, d/);
    expect(() => parseEvery('30s')).toThrow(/units m, h, d/);
    expect(() => parseEvery('0m')).toThrow(/at least 1m/);
    expect(() => parseEvery('30d', 'PULLCHECK_SCHEDULE_EVERY')).toThrow(/PULLCHECK_SCHEDULE_EVERY must be at most 24d/);
  });

  it('reads the scope and interval from the environment, 6 hours unless told', () => {
    expect(scheduleConfig({})).toBeNull();
    expect(scheduleConfig({ PULLCHECK_SCHEDULE_SCOPE: 'projects:shop-prod,shop-dev' })).toEqual({
      everyMs: 6 * 3_600_000,
      scope: { kind: 'projects', ids: ['shop-prod', 'shop-dev'] },
      label: 'projects shop-prod, shop-dev',
    });
    expect(scheduleConfig({ PULLCHECK_SCHEDULE_SCOPE: 'organization:organizations/1001', PULLCHECK_SCHEDULE_EVERY: '12h' })).toMatchObject({
      everyMs: 12 * 3_600_000,
      scope: { kind: 'organization', ids: ['1001'] },
    });
    expect(() => scheduleConfig({ PULLCHECK_SCHEDULE_EVERY: '6h' })).toThrow(/PULLCHECK_SCHEDULE_SCOPE is not/);
    expect(() => scheduleConfig({ PULLCHECK_SCHEDULE_SCOPE: 'folder:abc' })).toThrow(/PULLCHECK_SCHEDULE_SCOPE: folder: needs a numeric id/);
    expect(() => scheduleConfig({ PULLCHECK_SCHEDULE_SCOPE: 'projects:Bad_Id' })).toThrow(/"Bad_Id" is not a project id/);
    expect(() => scheduleConfig({ PULLCHECK_SCHEDULE_SCOPE: 'everything' })).toThrow(/unknown scope/);
  });

  it('scans the built-in emulator only when the server points at one', () => {
    expect(() => parseScheduleScope('demo', {})).toThrow(/built-in emulator/);
    expect(parseScheduleScope('demo', { PULLCHECK_API_ROOT: 'http://127.0.0.1:9' })).toEqual({ scope: { kind: 'scenario', ids: ['demo estate'] }, label: 'demo estate' });
  });
});

describe('the scheduler (fake timers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const HOUR = 3_600_000;

  it('runs at once, then every interval on a fixed cadence, and skips a run due while the previous one runs', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T00:00:00Z') });
    const started: string[] = [];
    const finish: Array<() => void> = [];
    const log: string[] = [];
    const s = startScheduler({
      everyMs: 6 * HOUR,
      runOnce: () =>
        new Promise<ScheduledOutcome>((resolve) => {
          started.push(new Date().toISOString());
          finish.push(() => resolve({ id: `scan-${started.length}`, status: 'done', error: null, pruned: 0 }));
        }),
      lastRunAt: async () => null,
      log: (l) => log.push(l),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['2026-03-01T00:00:00.000Z']);
    expect(s.busy).toBe(true);
    // The first scan takes 7 hours: the 06:00 run is skipped, not queued.
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(started).toHaveLength(1);
    expect(s.skipped).toBe(1);
    expect(log.at(-1)).toMatch(/skipped: the previous one is still running \(next at 2026-03-01T12:00:00.000Z\)/);
    await vi.advanceTimersByTimeAsync(HOUR);
    finish[0]();
    await vi.advanceTimersByTimeAsync(0);
    expect(s.busy).toBe(false);
    expect(log.at(-1)).toBe('pullcheck: scheduled scan scan-1 done');
    await vi.advanceTimersByTimeAsync(5 * HOUR);
    expect(started).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-01T12:00:00.000Z']);
    finish[1]();
    s.stop();
    await vi.advanceTimersByTimeAsync(48 * HOUR);
    expect(started).toHaveLength(2);
    expect(s.nextAt).toBeNull();
  });

  it('after a restart keeps the cadence of the last scan of the scope instead of scanning at once', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') });
    const runs: string[] = [];
    const s = startScheduler({
      everyMs: 6 * HOUR,
      runOnce: async () => {
        runs.push(new Date().toISOString());
        return { id: 'x', status: 'done', error: null, pruned: 2 };
      },
      lastRunAt: async () => new Date('2026-03-01T08:00:00Z'),
      log: () => {},
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(s.nextAt?.toISOString()).toBe('2026-03-01T14:00:00.000Z');
    await vi.advanceTimersByTimeAsync(4 * HOUR - 1);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual(['2026-03-01T14:00:00.000Z']);
    s.stop();
  });

  it('a run that throws is logged and the schedule goes on', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T00:00:00Z') });
    const log: string[] = [];
    let n = 0;
    const s = startScheduler({
      everyMs: HOUR,
      runOnce: async () => {
        n++;
        if (n === 1) throw new Error('store unreachable');
        return { id: 'ok', status: 'failed', error: 'too large', pruned: 1 };
      },
      log: (l) => log.push(l),
    });
    await vi.advanceTimersByTimeAsync(HOUR);
    expect(n).toBe(2);
    expect(log).toEqual(['pullcheck: scheduled scan could not run: store unreachable', 'pullcheck: scheduled scan ok failed: too large; 1 old scan pruned']);
    s.stop();
  });
});

describe('scheduled scans against the emulator', async () => {
  const { startEmulator } = await import('@/lib/emulator');
  const { loadScenarioFile } = await import('@/lib/scenario/schema');
  const { storeOnKysely } = await import('@/lib/store/open');
  const { emptyPglite, pgliteKysely } = await import('@/lib/store/test-db');
  const { storeConfig } = await import('@/lib/store/config');
  const { setStoreForTests } = await import('./store');
  const { startServerSchedule, stopServerSchedule } = await import('./schedule-server');
  type Emulator = Awaited<ReturnType<typeof startEmulator>>;
  let emulator: Emulator;
  let db: Awaited<ReturnType<typeof storeOnKysely>>;

  beforeAll(async () => {
    emulator = await startEmulator({ scenario: await loadScenarioFile(path.resolve(import.meta.dirname, '../../data/scenarios/google-refused-project.json')), port: 0 });
    db = await storeOnKysely(await pgliteKysely(await emptyPglite()), 'test');
    setStoreForTests(db);
  }, 120_000);
  afterAll(async () => {
    stopServerSchedule();
    setStoreForTests(null);
    await emulator?.stop();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.useRealTimers();
  });

  it('stores a scan every interval, a failed one marked failed, and prunes past the kept count after each', async () => {
    vi.stubEnv('PULLCHECK_API_ROOT', emulator.url);
    vi.stubEnv('GOOGLE_APPLICATION_CREDENTIALS', emulator.credentialsFile);
    // Keep 2 finished scans (the server reads its store settings once).
    (globalThis as unknown as { __pullcheckStoreConfig?: unknown }).__pullcheckStoreConfig = storeConfig({ PULLCHECK_DATA_DIR: ':memory:', PULLCHECK_KEEP_SCANS: '2' });
    // Only Date and the scheduler's timers are fake: the emulator and the Google clients keep real time.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-01T00:00:00Z') });
    const log: string[] = [];
    const waitForLog = (n: number) => vi.waitFor(() => expect(log.length).toBeGreaterThanOrEqual(n), { timeout: 60_000, interval: 50 });
    const scope = { kind: 'scenario' as const, ids: ['refused.json'] };
    const timers: Array<() => void> = [];
    // The scheduler's own timers are captured here and fired by the test: hours pass in an instant.
    const realSetTimeout = globalThis.setTimeout;
    vi.stubGlobal('setTimeout', ((fn: () => void, ms?: number, ...rest: unknown[]) => {
      if ((ms ?? 0) >= 3_600_000) {
        timers.push(fn);
        return { unref() {} } as unknown as ReturnType<typeof setTimeout>;
      }
      return realSetTimeout(fn, ms, ...rest);
    }) as typeof setTimeout);
    try {
      const s = startServerSchedule({ everyMs: 6 * 3_600_000, scope, label: 'scenario refused.json' }, (l) => log.push(l));
      await waitForLog(2);
      expect(log[0]).toBe('pullcheck: scanning scenario refused.json every 6h');
      expect(log[1]).toMatch(/^pullcheck: scheduled scan [0-9a-f-]{36} done$/);
      // Six hours later: the next scan. This one is refused for its size, and stored as failed.
      vi.stubEnv('PULLCHECK_MAX_PAIRS', '1');
      vi.setSystemTime(new Date('2026-03-01T06:00:00Z'));
      expect(timers).toHaveLength(1);
      timers.shift()!();
      await waitForLog(3);
      expect(log[2]).toMatch(/scheduled scan [0-9a-f-]{36} failed: .*accepts at most 1/);
      vi.unstubAllEnvs();
      vi.stubEnv('PULLCHECK_API_ROOT', emulator.url);
      vi.stubEnv('GOOGLE_APPLICATION_CREDENTIALS', emulator.credentialsFile);
      vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
      timers.shift()!();
      await waitForLog(4);
      // Three finished scans, two kept: the oldest was pruned once this run ended.
      expect(log[3]).toMatch(/^pullcheck: scheduled scan [0-9a-f-]{36} done/);
      const kept = await db.listScans();
      expect(kept.map((k) => [k.source, k.status, k.startedAt])).toEqual([
        ['scheduled', 'done', '2026-03-01T12:00:00.000Z'],
        ['scheduled', 'failed', '2026-03-01T06:00:00.000Z'],
      ]);
      expect(kept[1].error).toMatch(/accepts at most 1/);
      expect(kept[0].counts).not.toBeNull();
      expect(s.skipped).toBe(0);
    } finally {
      vi.unstubAllGlobals();
    }
  }, 180_000);

  it('a scan that cannot start (every scan slot busy) is stored as a failed scheduled scan', async () => {
    const { reserveSlot } = await import('./scans');
    const { runScheduledScan } = await import('./schedule-server');
    const slots = [reserveSlot(), reserveSlot(), reserveSlot()];
    try {
      const o = await runScheduledScan({ everyMs: 3_600_000, scope: { kind: 'projects', ids: ['shop-prod'] }, label: 'projects shop-prod' });
      expect(o.status).toBe('failed');
      expect(o.error).toMatch(/could not start: 3 scans are already running/);
      const stored = await db.getScan(o.id);
      expect(stored).toMatchObject({ source: 'scheduled', status: 'failed', label: 'projects shop-prod' });
      expect(stored?.error).toMatch(/3 scans are already running/);
    } finally {
      for (const s of slots) s.release();
    }
  });
});
