import { describe, expect, it } from 'vitest';
import { analyzeRequests, cloudAssetMetric, criticalPathDepth, criticalPathDepthAssetInventory, lowerBound, quotaKey, rateBound, resourceKey, type LoggedRequest } from './analyze';
import { generateEstate } from './generate';
import type { Scenario } from '../scenario/schema';

const req = (method: string, path: string, query: Record<string, string> = {}, status = 200, api = 'artifactregistry', at = 0): LoggedRequest => ({ method, path, query, api, status, at });

describe('analyzeRequests', () => {
  it('counts calls by API, separates pages and filters, and finds a resource fetched twice', () => {
    const a = analyzeRequests([
      req('GET', '/v1/projects', { filter: 'parent.id:1', pageSize: '500' }, 200, 'cloudresourcemanager', 0),
      req('GET', '/v1/projects', { filter: 'parent.id:2', pageSize: '500' }, 200, 'cloudresourcemanager', 10),
      req('GET', '/v1/projects', { filter: 'parent.id:2', pageToken: 'p2' }, 200, 'cloudresourcemanager', 20),
      req('GET', '/v1/projects/a/locations/us/repositories/r:getIamPolicy', {}, 429, 'artifactregistry', 30),
      req('GET', '/v1/projects/a/locations/us/repositories/r:getIamPolicy', {}, 200, 'artifactregistry', 40),
      req('GET', '/v1/projects/a/locations/us/repositories/s:getIamPolicy', {}, 200, 'artifactregistry', 50),
      req('GET', '/v1/projects/a/locations/us/repositories/s:getIamPolicy', {}, 403, 'artifactregistry', 250),
    ]);
    expect(a.total).toBe(7);
    expect(a.byApi).toEqual({ cloudresourcemanager: 3, artifactregistry: 4 });
    expect(a.throttled).toBe(1);
    expect(a.resources).toBe(5);
    expect(a.maxCallsPerResource).toBe(2);
    expect(a.fetchedTwice).toEqual(['GET /v1/projects/a/locations/us/repositories/s:getIamPolicy']);
    expect(a.byQuotaKey).toEqual({ 'cloudresourcemanager:consumer': 3, 'artifactregistry:projects/a': 3 });
    expect(a.spanMs).toBe(250);
  });

  it('keys group lookups by the group asked for', () => {
    expect(resourceKey(req('GET', '/v1/groups:lookup', { 'groupKey.id': 'a@x.com' }))).not.toBe(resourceKey(req('GET', '/v1/groups:lookup', { 'groupKey.id': 'b@x.com' })));
  });
});

describe('bounds', () => {
  it('charges per-project APIs to the project and Resource Manager to the consumer', () => {
    expect(quotaKey('container', '/v1/projects/p1/locations/-/clusters')).toBe('container:projects/p1');
    expect(quotaKey('compute', '/compute/v1/projects/h/regions/r/routers')).toBe('compute:projects/h');
    expect(quotaKey('cloudresourcemanager', '/v1/projects/p1:getIamPolicy')).toBe('cloudresourcemanager:consumer');
    expect(quotaKey('iam', '/v1/projects/-/serviceAccounts/x@y')).toBe('iam:consumer');
  });

  it('divides calls by the allowed rate, and counts whole windows for the windowed bound', () => {
    const r = rateBound({ 'cloudresourcemanager:consumer': 1500, 'artifactregistry:projects/a': 50 });
    expect(r.averageMs).toBe(150_000);
    expect(r.windowedMs).toBe(120_000);
    expect(r.key).toBe('cloudresourcemanager:consumer');
    expect(rateBound({ 'cloudresourcemanager:consumer': 600 }).windowedMs).toBe(0);
  });

  it('follows folders, project reads and nested groups for the critical path', () => {
    const s: Scenario = {
      scenario: 1,
      organizations: [{ organization: { name: 'organizations/1' } }],
      folders: [
        { folder: { name: 'folders/10', parent: 'organizations/1' } },
        { folder: { name: 'folders/11', parent: 'folders/10' } },
      ],
      projects: [
        {
          project: { projectId: 'app', projectNumber: '1', parent: { type: 'folder', id: '11' } },
          repositories: [{ repository: { name: 'projects/app/locations/us/repositories/r', format: 'DOCKER' }, iamPolicy: { bindings: [{ role: 'roles/artifactregistry.reader', members: ['group:outer@x.com'] }] } }],
        },
      ],
      groups: [
        { group: { groupKey: { id: 'outer@x.com' } }, members: [{ preferredMemberKey: { id: 'inner@x.com' }, type: 'GROUP' }] },
        { group: { groupKey: { id: 'inner@x.com' } }, members: [{ preferredMemberKey: { id: 'outer@x.com' }, type: 'GROUP' }] },
      ],
    };
    // folders.list ×2, projects.list, locations.list, repositories.list, getIamPolicy, (lookup + memberships) × 2 groups.
    expect(criticalPathDepth(s)).toBe(2 + 1 + 3 + 4);
    const b = lowerBound(s, { 'cloudresourcemanager:consumer': 6 }, 80);
    expect(b.criticalPathMs).toBe(800);
    expect(b.issueMs).toBe(800);
  });
});

describe('the Cloud Asset Inventory path', () => {
  it('charges each method to its own per-consumer metric and bounds ListAssets at 100 a minute', () => {
    expect(cloudAssetMetric('/v1/organizations/1/assets')).toBe('cloudasset/ListAssets');
    expect(cloudAssetMetric('/v1/folders/2:searchAllIamPolicies')).toBe('cloudasset/SearchAllIamPolicies');
    expect(cloudAssetMetric('/v1/projects/p/locations')).toBeNull();
    expect(quotaKey('cloudasset', '/v1/projects/p/assets')).toBe('cloudasset/ListAssets:consumer');
    const b = rateBound({ 'cloudasset/ListAssets:consumer': 150 });
    expect(b.averageMs).toBe(90_000);
    expect(b.windowedMs).toBe(60_000);
  });

  it('has a critical path of the longest paged listing plus the per-resource chains after it', () => {
    const s = generateEstate({ projects: 200, seed: 1 });
    const cai = criticalPathDepthAssetInventory(s);
    // 200 projects: every listing fits one page of 1,000; the group chains after it dominate.
    expect(cai).toBeLessThan(criticalPathDepth(s));
    expect(criticalPathDepthAssetInventory(s, 50)).toBeGreaterThan(cai);
    expect(lowerBound(s, {}, 80, 'asset-inventory').criticalPathDepth).toBe(cai);
  });
});
