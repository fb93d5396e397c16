import { describe, expect, it } from 'vitest';
import { evaluate } from '../readiness/engine';
import { estateInventory } from '../store/test-fixtures';
import { diffScans, driftText } from './drift';
import type { Inventory } from '../inventory/types';

const side = (id: string, inventory: Inventory, at: string) => ({ id, inventory, report: evaluate(inventory, { now: new Date(at) }) });

describe('drift between two scans', () => {
  it('names the pair that stopped pulling and the binding whose removal stopped it', () => {
    const d = diffScans(side('A', estateInventory(true), '2026-11-01T00:00:00Z'), side('B', estateInventory(false), '2026-11-08T00:00:00Z'));
    expect(d.summary).toMatchObject({ changed: 1, stoppedPulling: 1, startedPulling: 0 });
    const [p] = d.pairs;
    expect(p).toMatchObject({ before: 'can-pull', after: 'cannot-pull', repository: 'projects/reg/locations/europe-west1/repositories/images' });
    expect(p.causesAdded.map((c) => c.rule)).toContain('iam.no-download-permission');
    expect(p.evidence).toContainEqual({
      kind: 'binding',
      subject: 'projects/reg/locations/europe-west1/repositories/images',
      what: 'binding removed',
      before: 'roles/artifactregistry.reader serviceAccount:nodes@app.iam.gserviceaccount.com',
      after: null,
    });
    expect(driftText(d)).toContain('binding removed on projects/reg/locations/europe-west1/repositories/images: roles/artifactregistry.reader serviceAccount:nodes@app.iam.gserviceaccount.com');
  });

  it('names a disabled node service account and an oauth scope change as the evidence', () => {
    const before = estateInventory(true);
    const after = estateInventory(true);
    const sa = after.serviceAccounts['nodes@app.iam.gserviceaccount.com'];
    if (sa.status === 'ok') sa.value.disabled = true;
    after.nodePools[0].oauthScopes = ['https://www.googleapis.com/auth/logging.write'];
    const d = diffScans(side('A', before, '2026-11-01T00:00:00Z'), side('B', after, '2026-11-02T00:00:00Z'));
    expect(d.pairs[0]).toMatchObject({ before: 'can-pull', after: 'cannot-pull' });
    expect(d.pairs[0].evidence).toContainEqual({ kind: 'account', subject: 'nodes@app.iam.gserviceaccount.com', what: 'state', before: 'enabled', after: 'disabled' });
    expect(d.pairs[0].evidence.find((e) => e.what === 'oauthScopes')).toMatchObject({ kind: 'setting', after: ['https://www.googleapis.com/auth/logging.write'] });
  });

  it('reports nothing between two scans of an unchanged estate, and the reverse drift as started pulling', () => {
    const a = side('A', estateInventory(false), '2026-11-01T00:00:00Z');
    expect(diffScans(a, side('B', estateInventory(false), '2026-11-02T00:00:00Z')).pairs).toEqual([]);
    const back = diffScans(a, side('C', estateInventory(true), '2026-11-03T00:00:00Z'));
    expect(back.summary).toMatchObject({ changed: 1, startedPulling: 1, stoppedPulling: 0 });
    expect(back.pairs[0].evidence.map((e) => e.what)).toEqual(['binding added']);
  });

  it('lists pairs of a new node pool as absent before', () => {
    const after = estateInventory(true);
    after.nodePools.push({ ...after.nodePools[0], name: `${after.nodePools[0].cluster}/nodePools/extra`, shortName: 'extra' });
    const d = diffScans(side('A', estateInventory(true), '2026-11-01T00:00:00Z'), side('B', after, '2026-11-02T00:00:00Z'));
    expect(d.pairs).toHaveLength(1);
    expect(d.pairs[0]).toMatchObject({ before: null, after: 'can-pull' });
    expect(d.pairs[0].nodePool).toMatch(/nodePools\/extra$/);
  });
});
