/**
 * The emulator's Cloud Asset Inventory v1 (assets.list, searchAllResources, searchAllIamPolicies), called through
 * googleapis' own cloudasset client: names, types, ancestors, paging, readTime and refusals as Google answers them
 * (Cloud Asset Inventory REST reference v1; "Resource names"; "Supported asset types"; "Quotas and limits").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GoogleAuth } from 'google-auth-library';
import { cloudasset_v1 } from 'googleapis/build/src/apis/cloudasset/v1';
import { parseScenario, type Scenario } from '../scenario/schema';
import { startEmulator, type Emulator } from './index';
import { CLOUD_ASSET_QUOTAS } from './quota';

const fixture = fileURLToPath(new URL('./__fixtures__/estate.json', import.meta.url));

function loadFixture(): Scenario {
  const r = parseScenario(readFileSync(fixture, 'utf8'), fixture);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
  return r.scenario;
}

/** The fixture plus Kubernetes assets on shop-prod, as a scenario's `assets` carries them. */
function withK8sAssets(s: Scenario): Scenario {
  const copy = JSON.parse(JSON.stringify(s)) as Scenario;
  const prod = copy.projects.find((p) => p.project.projectId === 'shop-prod')!;
  const cluster = prod.clusters![0];
  const base = `//container.googleapis.com/projects/shop-prod/locations/${cluster.location}/clusters/${cluster.name}/k8s`;
  (prod as unknown as { assets: unknown[] }).assets = [
    {
      name: `${base}/namespaces/web/pods/web-7d9f`,
      assetType: 'k8s.io/Pod',
      resource: { version: 'v1', data: { metadata: { name: 'web-7d9f', namespace: 'web' }, spec: { nodeName: 'gke-node-1', containers: [{ image: 'europe-west2-docker.pkg.dev/shop-registry/storefront/web:1' }] } } },
    },
    {
      name: `${base}/nodes/gke-node-1`,
      assetType: 'k8s.io/Node',
      resource: { version: 'v1', data: { metadata: { name: 'gke-node-1', labels: { 'cloud.google.com/gke-nodepool': 'default-pool' } } } },
    },
    {
      name: `${base}/namespaces/web/apps/deployments/web`,
      assetType: 'apps.k8s.io/Deployment',
      resource: { version: 'v1', data: { metadata: { name: 'web', namespace: 'web' } } },
    },
  ];
  return copy;
}

interface Caught {
  status: number;
  data: { error: { code: number; message: string; status?: string; details: Array<{ reason?: string; metadata?: Record<string, string> }> } };
  retryAfter: string | null;
}

async function failure(p: Promise<unknown>): Promise<Caught> {
  try {
    await p;
  } catch (err) {
    const e = err as { response?: { status: number; data: Caught['data']; headers: Headers | Record<string, string> } };
    const h = e.response?.headers;
    const retryAfter = h && typeof (h as Headers).get === 'function' ? (h as Headers).get('retry-after') : ((h as Record<string, string> | undefined)?.['retry-after'] ?? null);
    return { status: e.response!.status, data: e.response!.data, retryAfter };
  }
  throw new Error('expected the call to fail');
}

function client(em: Emulator) {
  const auth = new GoogleAuth({ keyFile: em.credentialsFile, scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
  return new cloudasset_v1.Cloudasset({ auth, rootUrl: `${em.url}/`, retry: false });
}

let em: Emulator;
let ca: cloudasset_v1.Cloudasset;

beforeAll(async () => {
  em = await startEmulator({ scenario: withK8sAssets(loadFixture()) });
  ca = client(em);
});
afterAll(async () => {
  await em.stop();
});

/** Every page of an assets.list call. */
async function listAll(params: cloudasset_v1.Params$Resource$Assets$List): Promise<{ assets: cloudasset_v1.Schema$Asset[]; pages: number; readTimes: string[] }> {
  const assets: cloudasset_v1.Schema$Asset[] = [];
  const readTimes: string[] = [];
  let pageToken: string | undefined;
  let pages = 0;
  do {
    const r = await ca.assets.list({ ...params, pageToken });
    pages++;
    assets.push(...(r.data.assets ?? []));
    readTimes.push(r.data.readTime ?? '');
    pageToken = r.data.nextPageToken ?? undefined;
  } while (pageToken);
  return { assets, pages, readTimes };
}

describe('assets.list', () => {
  it('lists the organization\'s clusters, repositories, accounts and subnetworks under Google\'s full resource names and types', async () => {
    const { assets } = await listAll({
      parent: 'organizations/1001',
      contentType: 'RESOURCE',
      assetTypes: ['container.googleapis.com/Cluster', 'artifactregistry.googleapis.com/Repository', 'iam.googleapis.com/ServiceAccount', 'compute.googleapis.com/Subnetwork'],
    });
    const names = assets.map((a) => a.name);
    expect(names).toContain('//artifactregistry.googleapis.com/projects/shop-registry/locations/europe-west2/repositories/storefront');
    expect(names.filter((n) => n!.startsWith('//container.googleapis.com/projects/shop-prod/locations/'))).toHaveLength(2);
    expect(names).toContain('//compute.googleapis.com/projects/shop-prod/regions/europe-west2/subnetworks/web-nodes');
    expect(names.some((n) => /^\/\/iam\.googleapis\.com\/projects\/shop-prod\/serviceAccounts\/\d+$/.test(n!))).toBe(true);
    const repo = assets.find((a) => a.name === '//artifactregistry.googleapis.com/projects/shop-registry/locations/europe-west2/repositories/storefront')!;
    expect(repo.assetType).toBe('artifactregistry.googleapis.com/Repository');
    // resource.data is the REST resource; ancestors run from the project (by number) to the organization.
    expect(repo.resource?.data?.name).toBe('projects/shop-registry/locations/europe-west2/repositories/storefront');
    expect(repo.resource?.data?.format).toBe('DOCKER');
    expect(repo.resource?.parent).toBe('//cloudresourcemanager.googleapis.com/projects/222222222222');
    expect(repo.ancestors).toEqual(['projects/222222222222', 'folders/2001', 'organizations/1001']);
    const cluster = assets.find((a) => a.assetType === 'container.googleapis.com/Cluster')!;
    expect(Array.isArray(cluster.resource?.data?.nodePools)).toBe(true);
  });

  it('names projects, folders and the organization by number, with the folder chain in ancestors', async () => {
    const { assets } = await listAll({ parent: 'organizations/1001', contentType: 'RESOURCE', assetTypes: ['cloudresourcemanager.googleapis.com.*'] });
    const prod = assets.find((a) => a.name === '//cloudresourcemanager.googleapis.com/projects/111111111111')!;
    expect(prod.assetType).toBe('cloudresourcemanager.googleapis.com/Project');
    expect(prod.resource?.data?.projectId).toBe('shop-prod');
    expect(prod.ancestors).toEqual(['projects/111111111111', 'folders/2002', 'folders/2001', 'organizations/1001']);
    const folder = assets.find((a) => a.name === '//cloudresourcemanager.googleapis.com/folders/2002')!;
    expect(folder.ancestors).toEqual(['folders/2002', 'folders/2001', 'organizations/1001']);
    expect(assets.some((a) => a.name === '//cloudresourcemanager.googleapis.com/organizations/1001')).toBe(true);
  });

  it('pages with opaque tokens and keeps the first page\'s readTime for the whole listing', async () => {
    const all = await listAll({ parent: 'organizations/1001', contentType: 'RESOURCE', assetTypes: ['.*'], pageSize: 1000 });
    const paged = await listAll({ parent: 'organizations/1001', contentType: 'RESOURCE', assetTypes: ['.*'], pageSize: 3 });
    expect(paged.pages).toBe(Math.ceil(all.assets.length / 3));
    expect(paged.assets.map((a) => a.name)).toEqual(all.assets.map((a) => a.name));
    expect(new Set(paged.readTimes).size).toBe(1);
    // A token is bound to the request it continues.
    const first = await ca.assets.list({ parent: 'organizations/1001', contentType: 'RESOURCE', assetTypes: ['.*'], pageSize: 3 });
    const e = await failure(ca.assets.list({ parent: 'organizations/1001', contentType: 'IAM_POLICY', assetTypes: ['.*'], pageSize: 3, pageToken: first.data.nextPageToken! }));
    expect(e.status).toBe(400);
    expect(e.data.error.status).toBe('INVALID_ARGUMENT');
  });

  it('narrows to a folder or a project (by id or number) scope', async () => {
    const folder = await listAll({ parent: 'folders/2002', contentType: 'RESOURCE', assetTypes: ['container.googleapis.com/Cluster'] });
    expect(folder.assets).toHaveLength(2);
    const none = await listAll({ parent: 'folders/2003', contentType: 'RESOURCE', assetTypes: ['container.googleapis.com/Cluster'] });
    expect(none.assets).toHaveLength(0);
    const byId = await listAll({ parent: 'projects/shop-registry', contentType: 'RESOURCE', assetTypes: ['artifactregistry.googleapis.com/Repository'] });
    const byNumber = await listAll({ parent: 'projects/222222222222', contentType: 'RESOURCE', assetTypes: ['artifactregistry.googleapis.com/Repository'] });
    expect(byId.assets.map((a) => a.name)).toEqual(byNumber.assets.map((a) => a.name));
    expect(byId.assets).toHaveLength(4);
  });

  it('answers IAM_POLICY content with the policies set on resources, conditions kept at version 3', async () => {
    const { assets } = await listAll({ parent: 'organizations/1001', contentType: 'IAM_POLICY', assetTypes: ['cloudresourcemanager.googleapis.com/Project', 'artifactregistry.googleapis.com/Repository'] });
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) {
      expect(a.iamPolicy?.bindings?.length).toBeGreaterThan(0);
      expect(a.resource).toBeUndefined();
    }
    expect(assets.some((a) => a.name === '//cloudresourcemanager.googleapis.com/projects/111111111111')).toBe(true);
  });

  it('holds no resources of a service a project has disabled', async () => {
    const { assets } = await listAll({ parent: 'projects/shop-dev', contentType: 'RESOURCE', assetTypes: ['.*'] });
    expect(assets.map((a) => a.assetType)).toEqual(['cloudresourcemanager.googleapis.com/Project']);
  });

  it('serves the scenario\'s Kubernetes assets with the assetTypes filter', async () => {
    const pods = await listAll({ parent: 'organizations/1001', contentType: 'RESOURCE', assetTypes: ['k8s.io/Pod'] });
    expect(pods.assets).toHaveLength(1);
    expect(pods.assets[0].name).toMatch(/\/k8s\/namespaces\/web\/pods\/web-7d9f$/);
    expect((pods.assets[0].resource?.data as { spec: { nodeName: string } }).spec.nodeName).toBe('gke-node-1');
    expect(pods.assets[0].ancestors).toEqual(['projects/111111111111', 'folders/2002', 'folders/2001', 'organizations/1001']);
    const k8s = await listAll({ parent: 'projects/shop-prod', contentType: 'RESOURCE', assetTypes: ['k8s.io/Node', 'apps.k8s.io/Deployment'] });
    expect(k8s.assets.map((a) => a.assetType).sort()).toEqual(['apps.k8s.io/Deployment', 'k8s.io/Node']);
  });

  it('returns names only without a content type', async () => {
    const r = await ca.assets.list({ parent: 'projects/shop-prod', assetTypes: ['container.googleapis.com/Cluster'] });
    expect(r.data.assets).toHaveLength(2);
    expect(r.data.assets![0].resource).toBeUndefined();
    expect(r.data.assets![0].iamPolicy).toBeUndefined();
  });

  it('refuses bad arguments as Google does: a pattern matching no type, a future or too old readTime, a bad content type', async () => {
    expect((await failure(ca.assets.list({ parent: 'organizations/1001', contentType: 'RESOURCE', assetTypes: ['nothing\\.example\\.com/.*'] }))).status).toBe(400);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await failure(ca.assets.list({ parent: 'organizations/1001', contentType: 'RESOURCE', readTime: future }))).data.error.status).toBe('INVALID_ARGUMENT');
    const old = new Date(Date.now() - 40 * 24 * 3600_000).toISOString();
    expect((await failure(ca.assets.list({ parent: 'organizations/1001', contentType: 'RESOURCE', readTime: old }))).status).toBe(400);
    expect((await failure(ca.assets.list({ parent: 'organizations/1001', contentType: 'EVERYTHING' }))).status).toBe(400);
    const at = new Date(Date.now() - 3600_000).toISOString();
    const r = await ca.assets.list({ parent: 'organizations/1001', contentType: 'RESOURCE', assetTypes: ['container.googleapis.com/Cluster'], readTime: at });
    expect(r.data.readTime).toBe(at);
  });

  it('answers 403 naming the permission of the content type for a scope the caller cannot see', async () => {
    const e = await failure(ca.assets.list({ parent: 'organizations/9999', contentType: 'IAM_POLICY' }));
    expect(e.status).toBe(403);
    expect(e.data.error.message).toContain('cloudasset.assets.listIamPolicy');
    const r = await failure(ca.assets.list({ parent: 'folders/9999', contentType: 'RESOURCE' }));
    expect(r.data.error.details[0].metadata?.permission).toBe('cloudasset.assets.listResource');
    expect((await failure(ca.assets.list({ parent: 'projects/not-mine', contentType: 'RESOURCE' }))).status).toBe(403);
  });
});

describe('searchAllResources and searchAllIamPolicies', () => {
  it('finds resources with their project by number, folders and organization, and pages at most 500', async () => {
    const r = await ca.v1.searchAllResources({ scope: 'organizations/1001', assetTypes: ['artifactregistry.googleapis.com/Repository'], pageSize: 2 });
    expect(r.data.results).toHaveLength(2);
    expect(r.data.nextPageToken).toBeTruthy();
    const hit = r.data.results![0];
    expect(hit.assetType).toBe('artifactregistry.googleapis.com/Repository');
    expect(hit.project).toMatch(/^projects\/\d+$/);
    expect(hit.organization).toBe('organizations/1001');
    const q = await ca.v1.searchAllResources({ scope: 'organizations/1001', query: 'name:storefront', readMask: '*' });
    expect(q.data.results).toHaveLength(1);
    expect(q.data.results![0].versionedResources![0].resource?.format).toBe('DOCKER');
  });

  it('finds every policy set in the scope; folder and organization policies carry no project', async () => {
    const all: cloudasset_v1.Schema$IamPolicySearchResult[] = [];
    let pageToken: string | undefined;
    do {
      const r = await ca.v1.searchAllIamPolicies({ scope: 'organizations/1001', pageSize: 500, pageToken });
      all.push(...(r.data.results ?? []));
      pageToken = r.data.nextPageToken ?? undefined;
    } while (pageToken);
    const list = await listAll({ parent: 'organizations/1001', contentType: 'IAM_POLICY', assetTypes: ['.*'] });
    expect(all.map((r) => r.resource).sort()).toEqual(list.assets.map((a) => a.name).sort());
    const org = all.find((r) => r.assetType === 'cloudresourcemanager.googleapis.com/Organization');
    if (org) expect(org.project).toBeUndefined();
    const proj = all.find((r) => r.resource === '//cloudresourcemanager.googleapis.com/projects/111111111111')!;
    expect(proj.project).toBe('projects/111111111111');
    expect(proj.folders).toEqual(['folders/2002', 'folders/2001']);
  });

  it('403s an unknown scope with the search permission', async () => {
    const e = await failure(ca.v1.searchAllIamPolicies({ scope: 'organizations/9999' }));
    expect(e.status).toBe(403);
    expect(e.data.error.message).toContain('cloudasset.assets.searchAllIamPolicies');
  });
});

describe('Cloud Asset Inventory quotas', () => {
  it('counts ListAssets on its own per-minute metric (100 by default) and answers 429 with Retry-After past it', async () => {
    expect(CLOUD_ASSET_QUOTAS['cloudasset/ListAssets']).toBe(100);
    let now = 1_000_000;
    const q = await startEmulator({ scenario: loadFixture(), quota: { perMinute: {}, perMethod: { 'cloudasset/ListAssets': 2 } }, clock: () => now });
    try {
      const c = client(q);
      await c.assets.list({ parent: 'organizations/1001', assetTypes: ['container.googleapis.com/Cluster'] });
      await c.assets.list({ parent: 'organizations/1001', assetTypes: ['container.googleapis.com/Cluster'] });
      // Another method's metric is not charged.
      await c.v1.searchAllResources({ scope: 'organizations/1001' });
      const e = await failure(c.assets.list({ parent: 'organizations/1001', assetTypes: ['container.googleapis.com/Cluster'] }));
      expect(e.status).toBe(429);
      expect(e.data.error.status).toBe('RESOURCE_EXHAUSTED');
      expect(Number(e.retryAfter)).toBeGreaterThan(0);
      now += 60_000;
      await c.assets.list({ parent: 'organizations/1001', assetTypes: ['container.googleapis.com/Cluster'] });
    } finally {
      await q.stop();
    }
  });

  it('answers SERVICE_DISABLED when the Cloud Asset API is off on the quota project', async () => {
    const s = loadFixture();
    s.quotaProject = { projectId: 'shop-tools', projectNumber: '555555555555', enabledServices: ['container.googleapis.com'] };
    const q = await startEmulator({ scenario: s });
    try {
      const e = await failure(client(q).assets.list({ parent: 'organizations/1001', contentType: 'RESOURCE' }));
      expect(e.status).toBe(403);
      expect(e.data.error.details[0].reason).toBe('SERVICE_DISABLED');
      expect(e.data.error.details[0].metadata?.service).toBe('cloudasset.googleapis.com');
    } finally {
      await q.stop();
    }
  });
});
