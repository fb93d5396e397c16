import { describe, expect, it } from 'vitest';
import { diagnosisStore, isDiagnosisId, memoryDiagnosisStore, setDiagnosisStore, type DiagnosisInput } from './diagnoses';

const input: DiagnosisInput = { image: 'europe-west1-docker.pkg.dev/p/r/i:1', errorText: '403 Forbidden', cluster: null, nodePool: null, scan: 'demo' };

describe('memoryDiagnosisStore', () => {
  it('gives back what was saved under a fresh 128-bit id', async () => {
    const s = memoryDiagnosisStore();
    const a = await s.save(input);
    const b = await s.save(input);
    expect(isDiagnosisId(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(await s.get(a)).toEqual(input);
    expect(await s.get('AAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
    expect(await s.get('../../etc/passwd')).toBeNull();
  });

  it('forgets an entry once it is older than the time limit', async () => {
    let t = 1_000;
    const s = memoryDiagnosisStore({ ttlMs: 60_000, now: () => t });
    const id = await s.save(input);
    t += 59_999;
    expect(await s.get(id)).toEqual(input);
    t += 1;
    expect(await s.get(id)).toBeNull();
  });

  it('drops the oldest entries past its size budget', async () => {
    const s = memoryDiagnosisStore({ budget: 250 });
    const big = { ...input, errorText: 'x'.repeat(80) };
    const first = await s.save(big);
    const second = await s.save(big);
    const third = await s.save(big);
    expect(await s.get(first)).toBeNull();
    expect(await s.get(second)).not.toBeNull();
    expect(await s.get(third)).not.toBeNull();
  });

  it('is replaceable behind the same interface', async () => {
    const seen: DiagnosisInput[] = [];
    setDiagnosisStore({ save: async (i) => (seen.push(i), 'fixed'), get: async (id) => (id === 'fixed' ? seen[0] : null) });
    expect(await diagnosisStore().save(input)).toBe('fixed');
    expect(await diagnosisStore().get('fixed')).toEqual(input);
    setDiagnosisStore(memoryDiagnosisStore());
  });
});

describe('diagnoses kept in the scan store', () => {
  it('a saved diagnosis reopens from the database with the same input (its link survives a restart)', async () => {
    const { emptyPglite, pgliteKysely } = await import('@/lib/store/test-db');
    const { storeOnKysely } = await import('@/lib/store/open');
    const { setStoreForTests } = await import('./store');
    const { scanStoreDiagnosisStore } = await import('./diagnoses');
    const store = await storeOnKysely(await pgliteKysely(await emptyPglite()), 'test');
    setStoreForTests(store);
    try {
      const d = scanStoreDiagnosisStore();
      const input = { image: 'europe-docker.pkg.dev/reg/images/app:1', errorText: 'Failed to pull image "x": 403 Forbidden\n`$(rm -rf /)`', cluster: null, nodePool: 'projects/app/locations/europe-west1/clusters/c1/nodePools/pool', scan: null };
      const id = await d.save(input);
      expect(await d.get(id)).toEqual(input);
      expect(await d.get('A'.repeat(16))).toBeNull();
      expect(await d.get('../../etc/passwd')).toBeNull();
    } finally {
      setStoreForTests(null);
    }
  }, 120_000);
});
