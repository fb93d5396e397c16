import { beforeAll, describe, expect, it } from 'vitest';
import { storeOnKysely } from '@/lib/store/open';
import { emptyPglite, pgliteKysely } from '@/lib/store/test-db';
import { completed, newScan } from '@/lib/store/test-fixtures';
import { RULE_SET_VERSION } from '@/lib/readiness/rule-set-version';
import type { ScanStore } from '@/lib/store/types';
import { setStoreForTests } from './store';
import { driftBetween, driftSincePrevious } from './drift';

let db: ScanStore;
beforeAll(async () => {
  db = await storeOnKysely(await pgliteKysely(await emptyPglite()), 'test');
  setStoreForTests(db);
  await db.createScan(newScan('week-1', '2026-11-01T00:00:00.000Z'));
  await db.completeScan('week-1', completed(true, '2026-11-01T00:01:00.000Z', RULE_SET_VERSION));
  await db.createScan(newScan('week-2', '2026-11-08T00:00:00.000Z'));
  await db.completeScan('week-2', completed(false, '2026-11-08T00:01:00.000Z', RULE_SET_VERSION));
  await db.createScan(newScan('elsewhere', '2026-11-09T00:00:00.000Z', { kind: 'folder', ids: ['9'] }));
  await db.completeScan('elsewhere', completed(false, '2026-11-09T00:01:00.000Z', RULE_SET_VERSION));
}, 120_000);

describe('drift between stored scans', () => {
  it('finds the previous scan of the scope and the pair that stopped pulling since', async () => {
    const d = await driftSincePrevious('week-2');
    expect(d?.from.id).toBe('week-1');
    expect(d?.summary).toMatchObject({ changed: 1, stoppedPulling: 1 });
    expect(d?.pairs[0].evidence.map((e) => e.what)).toEqual(['binding removed']);
    expect(await driftSincePrevious('week-1')).toBeNull();
  });

  it('answers missing for an unknown id and refuses scans of different scopes', async () => {
    expect(await driftBetween('week-1', 'nope')).toEqual({ kind: 'missing', id: 'nope' });
    expect(await driftBetween('week-1', 'elsewhere')).toMatchObject({ kind: 'problem', message: expect.stringContaining('different scopes') });
  });
});
