import { describe, expect, it } from 'vitest';
import type { Gap } from '@/lib/inventory/types';
import { coverageView, failedText } from './coverage-view';

const gap = (id: string, resource: string, over: Partial<Gap> = {}): Gap => ({
  id,
  api: 'artifactregistry',
  method: 'projects.locations.repositories.list',
  resource,
  status: 403,
  reason: 'IAM_PERMISSION_DENIED',
  permission: 'artifactregistry.repositories.list',
  message: 'denied',
  request: `GET /v1/${resource}/repositories`,
  ...over,
});

describe('coverageView', () => {
  it('gathers list gaps by call, answer and permission, keeping every resource, and leaves other gaps out', () => {
    const gaps = [
      gap('g1', 'projects/a/locations/us'),
      gap('g2', 'projects/a/locations/europe-west2'),
      gap('g3', 'projects/b/locations/us', { status: null, reason: 'TIMEOUT', permission: null }),
      gap('g4', 'projects/a/locations/us/repositories/r', { method: 'projects.locations.repositories.getIamPolicy' }),
    ];
    const view = coverageView({
      gaps,
      collection: {
        source: 'api',
        requested: 'auto',
        lists: 3,
        listsWithGaps: 2,
        coverage: [
          { what: 'repositories', source: 'api', under: { projects: 3 }, lists: 3, items: 7, missing: [{ where: 'projects/a', gapIds: ['g1', 'g2'] }, { where: 'projects/b', gapIds: ['g3'] }] },
          { what: 'serviceAccounts', source: 'api', under: { projects: 1 }, lists: 1, items: 2, missing: [] },
          { what: 'projects', source: 'api', under: { '': 1 }, lists: 1, items: 9, missing: [] },
        ],
      },
    })!;
    expect(view.lines.map((l) => [l.what, l.source, l.under, failedText(l)])).toEqual([
      ['repositories', 'per-resource API calls', '3 projects', '2 of 3 lists failed'],
      ['service accounts', 'per-resource API calls', '1 project', '1 list read'],
      ['projects', 'per-resource API calls', 'everything the auditor can see', '1 list read'],
    ]);
    const [denied, timeout] = view.lines[0].groups;
    expect(denied).toMatchObject({ call: 'artifactregistry projects.locations.repositories.list', how: 'HTTP 403 IAM_PERMISSION_DENIED', permission: 'artifactregistry.repositories.list', gapIds: ['g1', 'g2'] });
    expect(denied.resources).toEqual(['projects/a/locations/europe-west2', 'projects/a/locations/us']);
    expect(denied.fix).toMatch(/artifactregistry\.repositories\.list/);
    expect(timeout).toMatchObject({ how: 'TIMEOUT', permission: null, resources: ['projects/b/locations/us'] });
    // The getIamPolicy gap is not a list's: the page lists it on its own.
    expect([...view.listGapIds].sort()).toEqual(['g1', 'g2', 'g3']);
  });

  it('is null for a report that does not say what it listed', () => {
    expect(coverageView({ gaps: [] })).toBeNull();
    expect(coverageView({ gaps: [], collection: { source: 'api', requested: 'auto', lists: 0, listsWithGaps: 0 } })).toBeNull();
  });
});
