import { afterEach, describe, expect, it } from 'vitest';
import type { CoverageRecord } from '../../inventory/raw';
import { collectEstate } from '../collect';
import { baseEstate, emulate } from '../__fixtures__/estate';
import { kindOf, summarizeCoverage } from './coverage';

describe('summarizeCoverage', () => {
  it('sums lists per resource type and source, by the kind listed under, and keeps every gap of every failed list', () => {
    const records: CoverageRecord[] = [
      { what: 'repositories', where: 'projects/a', source: 'api', items: 3 },
      { what: 'repositories', where: 'projects/b', source: 'api', items: 1, gapId: 'g-b1', gapIds: ['g-b1', 'g-b2'] },
      { what: 'repositories', where: 'projects/c', source: 'api', items: 0, gapId: 'g-c' },
      { what: 'clusters', where: 'organizations/1', source: 'asset-inventory', items: 40 },
      { what: 'routers', where: 'projects/h/regions/us-east1', source: 'api', items: 2 },
      { what: 'routers', where: 'projects/h/regions/europe-west1', source: 'api', items: 0 },
    ];
    expect(summarizeCoverage(records)).toEqual([
      { what: 'clusters', source: 'asset-inventory', under: { organizations: 1 }, lists: 1, items: 40, missing: [] },
      {
        what: 'repositories',
        source: 'api',
        under: { projects: 3 },
        lists: 3,
        items: 4,
        missing: [
          { where: 'projects/b', gapIds: ['g-b1', 'g-b2'] },
          { where: 'projects/c', gapIds: ['g-c'] },
        ],
      },
      { what: 'routers', source: 'api', under: { regions: 2 }, lists: 2, items: 2, missing: [] },
    ]);
  });

  it('names the kind of resource a list was read under', () => {
    expect(kindOf('folders/12')).toBe('folders');
    expect(kindOf('projects/h/regions/r')).toBe('regions');
    expect(kindOf('projects')).toBe('');
  });
});

describe('coverage of a real collection (emulator)', () => {
  let stop: (() => Promise<void>) | null = null;
  afterEach(async () => {
    await stop?.();
    stop = null;
  });

  it('keeps every gap of a list made of several calls (repositories: one call per location)', async () => {
    const faults = [{ match: '/^GET \\/v1\\/projects\\/shop-registry\\/locations\\/(europe-west2|us-east1)\\/repositories$/', status: 403 }];
    const { emulator, config } = await emulate({ ...baseEstate(), faults });
    stop = () => emulator.stop();
    const raw = await collectEstate({ scope: { kind: 'organization', ids: ['100'] }, config, source: 'api', tuning: { baseBackoffMs: 1, maxBackoffMs: 4, maxRetryAfterMs: 20 } });
    const listGaps = raw.gaps.filter((g) => g.method === 'projects.locations.repositories.list');
    expect(listGaps.map((g) => g.resource).sort()).toEqual(['projects/shop-registry/locations/europe-west2', 'projects/shop-registry/locations/us-east1']);
    const repos = summarizeCoverage(raw.collection!.coverage).find((s) => s.what === 'repositories' && s.source === 'api')!;
    expect(repos.missing).toEqual([{ where: 'projects/shop-registry', gapIds: expect.arrayContaining(listGaps.map((g) => g.id)) }]);
    expect(repos.missing[0].gapIds).toHaveLength(2);
    expect(repos.under.projects).toBe(Object.keys(raw.projects).length);
  });
});
