import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Scenario } from '@/lib/scenario/schema';
import { storeOnKysely, INTERRUPTED } from '@/lib/store/open';
import { emptyPglite, pgliteKysely, sharedPglite } from '@/lib/store/test-db';
import { setStoreForTests } from './store';
import type { ScanStore } from '@/lib/store/types';
import { RULE_SET_VERSION } from '@/lib/readiness/rule-set-version';

const ctl = vi.hoisted(() => ({
  emulatorDelay: 20,
  emulatorsStopped: 0,
  /** Pending collections: resolve with the pools × repositories to judge. */
  pending: [] as { resolve: (size: [number, number], raw?: object) => void; signal?: AbortSignal }[],
}));

vi.mock('@/lib/emulator', () => ({
  startEmulator: async () => {
    await new Promise((r) => setTimeout(r, ctl.emulatorDelay));
    return { url: 'http://127.0.0.1:1', credentialsFile: '/nonexistent', stop: async () => void ctl.emulatorsStopped++ };
  },
}));
vi.mock('@/lib/gcp/snapshot', () => ({ rawToScenario: () => ({ scenario: 1, projects: [] }) }));
vi.mock('@/lib/gcp/config', () => ({ readGcpConfig: () => ({}) }));
vi.mock('@/lib/readiness/engine', () => ({
  evaluate: (inv: { nodePools: unknown[] }) => ({ schemaVersion: 1, pairs: inv.nodePools, findings: [], gaps: [] }),
}));
vi.mock('@/lib/scan/run', () => ({
  collectInventory: (opts: { signal?: AbortSignal }) =>
    new Promise((resolve, reject) => {
      opts.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      ctl.pending.push({
        signal: opts.signal,
        resolve: ([pools, repos], raw = { huge: true }) =>
          resolve({ raw, inventory: { nodePools: Array(pools).fill({}), repositories: Array(repos).fill({ format: 'DOCKER' }) }, workloads: [] }),
      });
    }),
}));

const scans = await import('./scans');
const store = (globalThis as unknown as { __pullcheckScans: { scans: Map<string, unknown>; order: string[]; reserved: number; controllers: Map<string, unknown> } }).__pullcheckScans;
const scenario = (pools: number, repos: number): Scenario =>
  ({
    scenario: 1,
    projects: [
      {
        project: { projectId: 'p', projectNumber: '1' },
        clusters: [{ name: 'c', location: 'l', nodePools: Array.from({ length: pools }, (_, i) => ({ name: `np${i}` })) }],
        repositories: Array.from({ length: repos }, (_, i) => ({ repository: { name: `projects/p/locations/l/repositories/r${i}`, format: 'DOCKER' } })),
      },
    ],
  }) as unknown as Scenario;
const tick = () => new Promise((r) => setTimeout(r, 0));

let db: ScanStore;
beforeAll(async () => {
  db = await storeOnKysely(await pgliteKysely(await emptyPglite()), 'test');
  setStoreForTests(db);
}, 120_000);

beforeEach(() => {
  for (const c of store.controllers.values()) (c as AbortController).abort();
  store.scans.clear();
  store.controllers.clear();
  store.order.length = 0;
  store.reserved = 0;
  ctl.pending.length = 0;
  ctl.emulatorsStopped = 0;
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe('scan slots', () => {
  it('starts exactly 3 of 10 parallel snapshot scans, however long the emulators take to start', async () => {
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => scans.startSnapshotScan(scenario(1, 1), `s${i}.json`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(7);
    expect(refused.every((r) => r.reason instanceof scans.ScanLimitError)).toBe(true);
    expect(store.reserved).toBe(0);
    expect((await scans.listScans()).filter((s) => s.status === 'running')).toHaveLength(3);
  });

  it('counts a reserved slot as taken until it is released', () => {
    const slots = [scans.reserveSlot(), scans.reserveSlot(), scans.reserveSlot()];
    expect(() => scans.reserveSlot()).toThrow(scans.ScanLimitError);
    slots[0].release();
    slots[0].release();
    expect(store.reserved).toBe(2);
    scans.reserveSlot();
    expect(() => scans.reserveSlot()).toThrow(/3 scans are already running/);
  });
});

describe('estate size limits', () => {
  it('refuses a snapshot with too many pairs before starting its emulator, naming the numbers, and frees the slot', async () => {
    vi.stubEnv('PULLCHECK_MAX_PAIRS', '1000');
    await expect(scans.startSnapshotScan(scenario(40, 30), 'wide.json')).rejects.toThrow(
      'This estate has 40 node pools × 30 Docker repositories = 1,200 pairs; the dashboard accepts at most 1,000.',
    );
    await expect(scans.startSnapshotScan(scenario(40, 30), 'wide.json')).rejects.toBeInstanceOf(scans.EstateTooLargeError);
    expect(store.reserved).toBe(0);
    expect((await scans.listScans()).filter((s) => s.label === 'snapshot wide.json')).toEqual([]);
  });

  it('fails a live scan whose collected estate is over the limit, with the numbers', async () => {
    vi.stubEnv('PULLCHECK_MAX_POOLS', '10');
    const rec = scans.startScan({ kind: 'all-projects', ids: [] }, 'all projects');
    await tick();
    ctl.pending[0].resolve([11, 2]);
    await vi.waitFor(() => expect(rec.status).toBe('failed'));
    expect(rec.error).toMatch(/^This estate has 11 node pools; the dashboard accepts at most 10\. .*pullcheck scan --out FILE/);
    expect(rec.outcome).toBeNull();
  });

  it('rejects a malformed limit with the variable name', () => {
    expect(() => scans.scanLimits({ PULLCHECK_MAX_PAIRS: 'lots' })).toThrow('PULLCHECK_MAX_PAIRS must be a positive whole number, not "lots".');
  });
});

describe('kept scans', () => {
  it('keeps the inventory and report but not the raw estate', async () => {
    const rec = scans.startScan({ kind: 'all-projects', ids: [] }, 'all');
    await tick();
    ctl.pending[0].resolve([2, 3]);
    await vi.waitFor(() => expect(rec.status).toBe('done'));
    expect(Object.keys(rec.outcome!).sort()).toEqual(['inventory', 'report']);
    expect(rec.pairs).toBe(6);
    expect(scans.summarize(rec)).not.toHaveProperty('pairs');
  });

  it('stores a finished scan: once this server forgets it, it is read back from the store with its report', async () => {
    const rec = scans.startScan({ kind: 'projects', ids: ['kept'] }, 'kept');
    await tick();
    ctl.pending[0].resolve([2, 3]);
    await vi.waitFor(() => expect(store.scans.has(rec.id)).toBe(false));
    const back = await scans.getScan(rec.id);
    expect(back).toMatchObject({ id: rec.id, status: 'done', label: 'kept', ruleSetVersion: RULE_SET_VERSION, reevaluatedFrom: null });
    expect(back?.outcome?.report.pairs).toHaveLength(2);
    expect((await db.getPayload(rec.id))?.estate).toEqual({ scenario: 1, projects: [] });
    expect(await scans.getScan('no-such-scan')).toBeNull();
  });

  it('names how the estate was read (source, assets read time, lists) in the report and the summary, also once stored', async () => {
    const rec = scans.startScan({ kind: 'organization', ids: ['123'] }, 'org');
    await tick();
    const collection = {
      source: 'asset-inventory',
      requested: 'auto',
      assetsReadTime: '2026-11-30T21:00:00Z',
      coverage: [
        { what: 'clusters', where: 'organizations/123', source: 'asset-inventory', items: 4 },
        { what: 'groups', where: 'groups/g@example.com', source: 'api', items: 0, gapId: 'gap-1' },
      ],
    };
    ctl.pending[0].resolve([1, 1], { huge: true, collection });
    await vi.waitFor(() => expect(store.scans.has(rec.id)).toBe(false));
    const want = {
      source: 'asset-inventory',
      requested: 'auto',
      assetsReadTime: '2026-11-30T21:00:00Z',
      lists: 2,
      listsWithGaps: 1,
      coverage: [
        { what: 'clusters', source: 'asset-inventory', under: { organizations: 1 }, lists: 1, items: 4, missing: [] },
        { what: 'groups', source: 'api', under: { groups: 1 }, lists: 1, items: 0, missing: [{ where: 'groups/g@example.com', gapIds: ['gap-1'] }] },
      ],
    };
    const back = await scans.getScan(rec.id);
    expect(back?.outcome?.report.collection).toEqual(want);
    expect(scans.summarize(back!).collection).toEqual(want);
  });

  it('re-judges a stored report made by another rule set when it is opened, and says so', async () => {
    await db.createScan({ id: 'old-rules', scope: { kind: 'projects', ids: ['x'] }, label: 'x', source: 'cli', startedAt: '2026-11-01T00:00:00.000Z' });
    const inventory = { nodePools: [{}, {}, {}], repositories: [] } as never;
    await db.completeScan('old-rules', {
      estate: { scenario: 1, projects: [] } as unknown as Scenario,
      inventory,
      report: {
        schemaVersion: 1,
        scannedAt: '2026-11-01T00:00:01.000Z',
        scope: { kind: 'projects', ids: ['x'] },
        pairs: [],
        findings: [],
        gaps: [],
        collection: { source: 'api', requested: 'auto', lists: 3, listsWithGaps: 0 },
      },
      finishedAt: '2026-11-01T00:00:02.000Z',
      ruleSetVersion: '0.old',
      timings: {},
    });
    const rec = await scans.getScan('old-rules');
    expect(rec).toMatchObject({ ruleSetVersion: RULE_SET_VERSION, reevaluatedFrom: '0.old' });
    expect(rec?.outcome?.report.pairs).toHaveLength(3);
    expect(rec?.outcome?.report.scannedAt).toBe('2026-11-01T00:00:01.000Z');
    // How the estate was read does not change with the rules.
    expect(rec?.outcome?.report.collection).toEqual({ source: 'api', requested: 'auto', lists: 3, listsWithGaps: 0 });
    expect(await db.getScan('old-rules')).toMatchObject({ ruleSetVersion: RULE_SET_VERSION, reevaluatedFrom: '0.old', pairs: 3 });
  });

  it('a scan that was running when the server stopped is marked failed on the next start, never half-written', async () => {
    const rec = scans.startScan({ kind: 'projects', ids: ['crash'] }, 'crash');
    await vi.waitFor(async () => expect((await db.getScan(rec.id))?.status).toBe('running'));
    // The next server process opens the same database.
    const restarted = await storeOnKysely(await pgliteKysely(await sharedPglite()), 'restart');
    expect(await restarted.getScan(rec.id)).toMatchObject({ status: 'failed', error: INTERRUPTED });
    expect(await restarted.getPayload(rec.id)).toBeNull();
  });
});

describe('scan deadline', () => {
  it('fails a scan past its deadline with a clear message, aborts it and frees its slot', async () => {
    vi.stubEnv('PULLCHECK_SCAN_DEADLINE_MS', '120000');
    vi.useFakeTimers();
    const recs = [0, 1, 2].map(() => scans.startScan({ kind: 'all-projects', ids: [] }, 'slow'));
    expect(() => scans.startScan({ kind: 'all-projects', ids: [] }, 'fourth')).toThrow(scans.ScanLimitError);
    await vi.advanceTimersByTimeAsync(120_001);
    for (const rec of recs) {
      expect(rec.status).toBe('failed');
      expect(rec.error).toBe('The scan ran past its deadline of 2 minutes (PULLCHECK_SCAN_DEADLINE_MS) and was stopped.');
    }
    expect(ctl.pending.every((p) => p.signal?.aborted)).toBe(true);
    expect(scans.startScan({ kind: 'all-projects', ids: [] }, 'next').status).toBe('running');
  });

  it('stops the emulator of a snapshot scan that ran past its deadline', async () => {
    vi.stubEnv('PULLCHECK_SCAN_DEADLINE_MS', '50');
    ctl.emulatorDelay = 0;
    const rec = await scans.startSnapshotScan(scenario(1, 1), 'slow.json');
    await vi.waitFor(() => expect(ctl.emulatorsStopped).toBe(1));
    expect(rec.status).toBe('failed');
  });
});
