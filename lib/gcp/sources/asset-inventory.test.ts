/**
 * The Cloud Asset Inventory path of the collector against the emulator: chosen for an organization or folder
 * scope, the same RawEstate (hence the same verdicts) as per-resource calls, fewer calls, nothing read twice,
 * and a refused or disabled Cloud Asset API falling back to per-resource calls with a gap, never silence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator';
import type { RawEstate, Scope } from '../../inventory/raw';
import { normalize } from '../../inventory/normalize';
import { evaluate } from '../../readiness/engine';
import type { CallTuning } from '../call';
import { collectEstate, type SourceChoice } from '../collect';
import { baseEstate, emulate } from '../__fixtures__/estate';

const FAST: Partial<CallTuning> = { baseBackoffMs: 1, maxBackoffMs: 4, maxRetryAfterMs: 20 };
const ORG: Scope = { kind: 'organization', ids: ['100'] };

let running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.stop()));
  running = [];
});

async function scan(estate: Record<string, unknown>, scope: Scope, source?: SourceChoice, tuning: Partial<CallTuning> = {}) {
  const { emulator, config } = await emulate(estate);
  running.push(emulator);
  const raw = await collectEstate({ scope, config, source, tuning: { ...FAST, ...tuning } });
  return { raw, requests: emulator.requests() };
}

const verdicts = (raw: RawEstate) =>
  Object.fromEntries(
    evaluate(normalize(raw), { now: new Date('2026-11-30T00:00:00Z') }).pairs.map((p) => [
      `${p.nodePool} × ${p.repository}`,
      `${p.verdict} ${[...new Set(p.causes.map((c) => c.category))].sort().join(',')}`,
    ]),
  );

describe('the Cloud Asset Inventory source', () => {
  it('is chosen for an organization scope and gives the verdicts of per-resource calls, with far fewer calls', async () => {
    const cai = await scan(baseEstate(), ORG, undefined, { pageSize: 2 });
    const api = await scan(baseEstate(), ORG, 'api');
    expect(cai.raw.collection).toMatchObject({ source: 'asset-inventory', requested: 'auto' });
    expect(cai.raw.collection?.assetsReadTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(api.raw.collection).toMatchObject({ source: 'api', requested: 'api' });
    expect(Object.keys(cai.raw.projects)).toEqual(Object.keys(api.raw.projects));
    const want = verdicts(api.raw);
    expect(Object.keys(want).length).toBeGreaterThan(3);
    expect(verdicts(cai.raw)).toEqual(want);
    expect(cai.raw.gaps.map((g) => g.method)).toEqual(api.raw.gaps.map((g) => g.method));
    // Clusters, repositories, policies, accounts, subnets and routers came from the snapshot…
    const perResource = (r: { api: string; path: string }) =>
      /\/(clusters|repositories|locations)$|:getIamPolicy$|:getAncestry$|\/serviceAccounts\/|\/subnetworks\/|\/routers$/.test(r.path) || r.path === '/v1/projects';
    expect(cai.requests.filter(perResource)).toEqual([]);
    expect(cai.requests.length).toBeLessThan(api.requests.length / 3);
    // …paged (pageSize 2), every page at the first page's readTime.
    const lists = cai.requests.filter((r) => r.api === 'cloudasset');
    expect(lists.some((r) => r.query.pageToken)).toBe(true);
    expect(new Set(lists.filter((r) => r.query.readTime).map((r) => r.query.readTime))).toEqual(new Set([cai.raw.collection!.assetsReadTime]));
    // What CAI does not hold is still read per resource: server config, custom roles, groups.
    expect(cai.requests.some((r) => r.path.endsWith('/serverConfig'))).toBe(true);
    expect(cai.requests.some((r) => r.path === '/v1/organizations/100/roles/puller')).toBe(true);
    expect(cai.requests.some((r) => r.path === '/v1/groups:lookup')).toBe(true);
    // Coverage names what was listed, where, from which source.
    expect(cai.raw.collection?.coverage).toContainEqual({ what: 'clusters', where: 'organizations/100', source: 'asset-inventory', items: 2 });
  });

  it('reads no resource twice', async () => {
    const { requests } = await scan(baseEstate(), ORG);
    const keys = requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it('at folder scope reads the folders and organization above the scope per resource', async () => {
    const cai = await scan(baseEstate(), { kind: 'folder', ids: ['201'] });
    const api = await scan(baseEstate(), { kind: 'folder', ids: ['201'] }, 'api');
    expect(cai.raw.collection?.source).toBe('asset-inventory');
    expect(Object.keys(cai.raw.folders)).toEqual(Object.keys(api.raw.folders));
    expect(Object.keys(cai.raw.organizations)).toEqual(['organizations/100']);
    expect(cai.requests.some((r) => r.path === '/v3/folders/200:getIamPolicy' || r.path === '/v3/folders/200')).toBe(true);
    expect(verdicts(cai.raw)).toEqual(verdicts(api.raw));
  });

  it('falls back to per-resource calls with a gap when Cloud Asset Inventory is refused', async () => {
    const estate = { ...baseEstate(), faults: [{ match: 'GET /v1/organizations/100/assets', status: 403, reason: 'IAM_PERMISSION_DENIED' }] };
    const { raw } = await scan(estate, ORG);
    const api = await scan(baseEstate(), ORG, 'api');
    expect(raw.collection?.source).toBe('api');
    const gap = raw.gaps.find((g) => g.id === raw.collection?.fallback?.gapId);
    expect(gap).toMatchObject({ api: 'cloudasset', method: 'assets.list', status: 403, permission: 'cloudasset.assets.listResource' });
    expect(raw.collection?.fallback?.message).toMatch(/roles\/cloudasset\.viewer/);
    expect(verdicts(raw)).toEqual(verdicts(api.raw));
  });

  it('falls back when the Cloud Asset API is disabled on the quota project', async () => {
    const estate = {
      ...baseEstate(),
      quotaProject: {
        projectId: 'central-sa',
        projectNumber: '400000000004',
        enabledServices: ['cloudresourcemanager.googleapis.com', 'container.googleapis.com', 'artifactregistry.googleapis.com', 'iam.googleapis.com', 'compute.googleapis.com', 'cloudidentity.googleapis.com', 'serviceusage.googleapis.com'],
      },
    };
    const { raw } = await scan(estate, ORG);
    expect(raw.collection?.source).toBe('api');
    expect(raw.gaps.find((g) => g.id === raw.collection?.fallback?.gapId)).toMatchObject({ api: 'cloudasset', reason: 'SERVICE_DISABLED' });
    expect(Object.keys(raw.projects).length).toBe(4);
  });

  it('is not used when the per-resource source is forced, nor for a list of projects unless forced', async () => {
    const forcedApi = await scan(baseEstate(), ORG, 'api');
    expect(forcedApi.requests.filter((r) => r.api === 'cloudasset')).toEqual([]);
    const projects = await scan(baseEstate(), { kind: 'projects', ids: ['shop-app', 'shop-registry'] });
    expect(projects.raw.collection?.source).toBe('api');
    const forced = await scan(baseEstate(), { kind: 'projects', ids: ['shop-app', 'shop-registry'] }, 'asset-inventory');
    expect(forced.raw.collection?.source).toBe('asset-inventory');
    expect(forced.requests.filter((r) => r.api === 'cloudasset').map((r) => r.path)).toContain('/v1/projects/shop-app/assets');
    expect(verdicts(forced.raw)).toEqual(verdicts(projects.raw));
  });
});
