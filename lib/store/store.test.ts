import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, storeOnKysely } from './open';
import type { ScanStore } from './types';
import { completed, newScan, SCOPE } from './test-fixtures';
import { scopeKey } from './kysely-store';
import { dropPgSchemas, emptyPglite, freshPgLocation, pgliteKysely, testPgUrl } from './test-db';

afterAll(dropPgSchemas);
// Starting PGlite runs initdb in WebAssembly: seconds on a busy machine, paid once per file.
beforeAll(() => emptyPglite().then(() => undefined), 120_000);

/** A fresh, empty database on each backend: PGlite always, and a Postgres server when CI started one. */
const backends: Array<[string, () => Promise<ScanStore>]> = [
  ['PGlite', async () => storeOnKysely(await pgliteKysely(await emptyPglite()), 'PGlite in memory')],
  ...(testPgUrl ? ([['PostgreSQL server', () => openStore(freshPgLocation())]] as Array<[string, () => Promise<ScanStore>]>) : []),
];

describe.each(backends)('scan store on %s', (_name, fresh) => {
  async function withStore<T>(fn: (s: ScanStore) => Promise<T>): Promise<T> {
    const s = await fresh();
    try {
      return await fn(s);
    } finally {
      await s.close();
    }
  }

  it('keeps a finished scan with its estate, inventory and report', () =>
    withStore(async (s) => {
      await s.createScan(newScan('a', '2026-11-01T10:00:00.000Z'));
      expect((await s.getScan('a'))?.status).toBe('running');
      expect(await s.getPayload('a')).toBeNull();
      const done = completed(false, '2026-11-01T10:01:00.000Z');
      expect(await s.completeScan('a', done)).toBe(true);
      const meta = await s.getScan('a');
      expect(meta).toMatchObject({ status: 'done', scopeKey: scopeKey(SCOPE), ruleSetVersion: 'test-1', pairs: 1, finishedAt: '2026-11-01T10:01:00.000Z' });
      expect(meta?.counts).toEqual({ 'can-pull': 0, 'cannot-pull': 1, unknown: 0 });
      const payload = await s.getPayload('a');
      expect(payload?.report.pairs[0].verdict).toBe('cannot-pull');
      expect(payload?.inventory.nodePools[0].name).toBe(done.inventory.nodePools[0].name);
      expect(payload?.estate).toEqual(done.estate);
      // A second completion of the same scan (a late finisher after a cancel) changes nothing.
      expect(await s.completeScan('a', completed(true, '2026-11-01T10:02:00.000Z'))).toBe(false);
      expect((await s.getPayload('a'))?.report.pairs[0].verdict).toBe('cannot-pull');
    }));

  it('answers null for an unknown or absurd id', () =>
    withStore(async (s) => {
      expect(await s.getScan('nope')).toBeNull();
      expect(await s.getScan('x'.repeat(10_000))).toBeNull();
      expect(await s.getPayload('nope')).toBeNull();
      expect(await s.getDiagnosis("'; drop table scans; --")).toBeNull();
    }));

  it('ends a running scan as cancelled or failed, once', () =>
    withStore(async (s) => {
      await s.createScan(newScan('c', '2026-11-01T10:00:00.000Z'));
      expect(await s.endScan('c', 'cancelled', null, '2026-11-01T10:00:05.000Z')).toBe(true);
      expect(await s.endScan('c', 'failed', 'late', '2026-11-01T10:00:06.000Z')).toBe(false);
      expect(await s.getScan('c')).toMatchObject({ status: 'cancelled', error: null });
      expect(await s.completeScan('c', completed(true, '2026-11-01T10:01:00.000Z'))).toBe(false);
    }));

  it('lists newest first, by scope and status, and finds the previous scan of the same scope', () =>
    withStore(async (s) => {
      const other = { kind: 'projects' as const, ids: ['elsewhere'] };
      await s.createScan(newScan('s1', '2026-11-01T10:00:00.000Z'));
      await s.completeScan('s1', completed(true, '2026-11-01T10:01:00.000Z'));
      await s.createScan(newScan('o1', '2026-11-02T10:00:00.000Z', other));
      await s.completeScan('o1', completed(true, '2026-11-02T10:01:00.000Z'));
      await s.createScan(newScan('s2', '2026-11-03T10:00:00.000Z', { kind: 'projects', ids: ['reg', 'app'] }));
      await s.endScan('s2', 'failed', 'boom', '2026-11-03T10:00:01.000Z');
      await s.createScan(newScan('s3', '2026-11-04T10:00:00.000Z'));
      await s.completeScan('s3', completed(false, '2026-11-04T10:01:00.000Z'));
      expect((await s.listScans()).map((m) => m.id)).toEqual(['s3', 's2', 'o1', 's1']);
      expect((await s.listScans({ scopeKey: scopeKey(SCOPE), status: 'done' })).map((m) => m.id)).toEqual(['s3', 's1']);
      expect((await s.listScans({ limit: 1 })).map((m) => m.id)).toEqual(['s3']);
      // The failed scan in between is skipped; ids are compared as scopes, not by their order.
      expect((await s.previousScan('s3'))?.id).toBe('s1');
      expect(await s.previousScan('s1')).toBeNull();
      expect(await s.previousScan('o1')).toBeNull();
    }));

  it('prunes by count and by age, never a running scan nor the newest done one', () =>
    withStore(async (s) => {
      for (let i = 1; i <= 5; i++) {
        await s.createScan(newScan(`p${i}`, `2026-11-0${i}T10:00:00.000Z`));
        await s.completeScan(`p${i}`, completed(true, `2026-11-0${i}T10:01:00.000Z`));
      }
      await s.createScan(newScan('run', '2026-10-01T10:00:00.000Z'));
      const now = new Date('2026-11-06T00:00:00.000Z');
      expect((await s.prune({ keep: 3, maxAgeMs: 365 * 86_400_000, now })).sort()).toEqual(['p1', 'p2']);
      expect(await s.getPayload('p1')).toBeNull();
      // Older than 2 days: p3 and p4 go; p5 is newer; the running scan stays.
      expect((await s.prune({ keep: 100, maxAgeMs: 2 * 86_400_000, now })).sort()).toEqual(['p3']);
      expect((await s.prune({ keep: 100, maxAgeMs: 1 * 86_400_000, now })).sort()).toEqual(['p4']);
      // Everything is too old now, but the newest done scan is what the dashboard shows: kept.
      expect(await s.prune({ keep: 100, maxAgeMs: 1000, now: new Date('2027-01-01T00:00:00Z') })).toEqual([]);
      expect((await s.listScans()).map((m) => m.id)).toEqual(['p5', 'run']);
    }));

  it('replaces the report after re-judging and remembers the first rule set', () =>
    withStore(async (s) => {
      await s.createScan(newScan('r', '2026-11-01T10:00:00.000Z'));
      await s.completeScan('r', completed(false, '2026-11-01T10:01:00.000Z', 'rules-1'));
      const next = completed(true, '2026-11-01T10:01:00.000Z').report;
      await s.replaceReport('r', next, 'rules-2');
      await s.replaceReport('r', next, 'rules-3');
      expect(await s.getScan('r')).toMatchObject({ ruleSetVersion: 'rules-3', reevaluatedFrom: 'rules-1', counts: { 'can-pull': 1, 'cannot-pull': 0, unknown: 0 } });
      expect((await s.getPayload('r'))?.report.pairs[0].verdict).toBe('can-pull');
    }));

  it('marks running scans whose heartbeat stopped as failed', () =>
    withStore(async (s) => {
      await s.createScan(newScan('old', '2026-11-01T10:00:00.000Z'));
      await s.createScan(newScan('fresh', '2026-11-01T10:00:00.000Z'));
      await s.heartbeat('fresh', new Date('2026-11-01T10:05:00.000Z'));
      expect(await s.failStaleScans(new Date('2026-11-01T10:03:00.000Z'), 'stopped')).toEqual(['old']);
      expect(await s.getScan('old')).toMatchObject({ status: 'failed', error: 'stopped' });
      expect((await s.getScan('fresh'))?.status).toBe('running');
    }));

  it('stores a diagnosis under its own id', () =>
    withStore(async (s) => {
      const id = await s.saveDiagnosis({ text: 'Failed to pull image "x": 403 Forbidden', image: 'europe-docker.pkg.dev/reg/images/app:1', nodePool: 'projects/app/locations/europe-west1/clusters/c1/nodePools/pool' });
      expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(await s.getDiagnosis(id)).toMatchObject({ id, text: 'Failed to pull image "x": 403 Forbidden', image: 'europe-docker.pkg.dev/reg/images/app:1', cluster: null, scanId: null });
      await expect(s.saveDiagnosis({ text: 'x'.repeat(300 * 1024) })).rejects.toThrow(/at most/);
    }));
});
