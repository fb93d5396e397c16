import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GoogleAuth } from 'google-auth-library';
import { cloudresourcemanager_v1 } from 'googleapis/build/src/apis/cloudresourcemanager/v1';
import { cloudresourcemanager_v3 } from 'googleapis/build/src/apis/cloudresourcemanager/v3';
import { container_v1 } from 'googleapis/build/src/apis/container/v1';
import { artifactregistry_v1 } from 'googleapis/build/src/apis/artifactregistry/v1';
import { iam_v1 } from 'googleapis/build/src/apis/iam/v1';
import { compute_v1 } from 'googleapis/build/src/apis/compute/v1';
import { cloudidentity_v1 } from 'googleapis/build/src/apis/cloudidentity/v1';
import { serviceusage_v1 } from 'googleapis/build/src/apis/serviceusage/v1';
import { parseScenario, type Scenario } from '../scenario/schema';
import { startEmulator, type Emulator } from './index';

const fixture = fileURLToPath(new URL('./__fixtures__/estate.json', import.meta.url));

function loadFixture(): Scenario {
  const r = parseScenario(readFileSync(fixture, 'utf8'), fixture);
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
  return r.scenario;
}

function clients(em: Emulator) {
  const auth = new GoogleAuth({ keyFile: em.credentialsFile, scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
  const o = { auth, rootUrl: `${em.url}/`, retry: false };
  return {
    auth,
    crm: new cloudresourcemanager_v1.Cloudresourcemanager(o),
    crm3: new cloudresourcemanager_v3.Cloudresourcemanager(o),
    gke: new container_v1.Container(o),
    ar: new artifactregistry_v1.Artifactregistry(o),
    iam: new iam_v1.Iam(o),
    compute: new compute_v1.Compute(o),
    ci: new cloudidentity_v1.Cloudidentity(o),
    su: new serviceusage_v1.Serviceusage(o),
  };
}

interface Caught {
  status: number;
  data: {
    error: {
      code: number;
      message: string;
      status?: string;
      details: Array<{ '@type'?: string; reason: string; domain?: string; metadata?: Record<string, string>; resourceName?: string; resourceType?: string }>;
      errors?: Array<{ reason: string; domain: string; message: string; extendedHelp?: string }>;
    };
  };
  retryAfter: string | null;
}

/** Awaits a call that must fail and returns Google's error answer. */
async function failure(p: Promise<unknown>): Promise<Caught> {
  try {
    await p;
  } catch (err) {
    const e = err as { status?: number; response?: { status: number; data: Caught['data']; headers: Headers | Record<string, string> } };
    const h = e.response?.headers;
    const retryAfter = h && typeof (h as Headers).get === 'function' ? (h as Headers).get('retry-after') : ((h as Record<string, string> | undefined)?.['retry-after'] ?? null);
    return { status: e.response!.status, data: e.response!.data, retryAfter };
  }
  throw new Error('expected the call to fail');
}

let em: Emulator;
let c: ReturnType<typeof clients>;

beforeAll(async () => {
  em = await startEmulator({ scenario: loadFixture() });
  c = clients(em);
});
afterAll(async () => {
  await em.stop();
});

describe('auth', () => {
  it('issues a token through the ADC external_account_authorized_user flow and writes a private credentials file', async () => {
    const token = await c.auth.getAccessToken();
    expect(token).toMatch(/^ya29\.emulator-/);
    const creds = JSON.parse(readFileSync(em.credentialsFile, 'utf8'));
    expect(creds.type).toBe('external_account_authorized_user');
    expect(creds.token_url).toBe(`${em.url}/token`);
    expect(statSync(em.credentialsFile).mode & 0o777).toBe(0o600);
  });

  it('answers 401 UNAUTHENTICATED without a token or with one it did not issue', async () => {
    const none = await fetch(`${em.url}/v1/projects/shop-prod/locations/-/clusters`);
    expect(none.status).toBe(401);
    const body = await none.json();
    expect(body.error.status).toBe('UNAUTHENTICATED');
    expect(body.error.details[0].reason).toBe('CREDENTIALS_MISSING');
    const forged = await fetch(`${em.url}/v1/projects/shop-prod/locations/-/clusters`, { headers: { authorization: 'Bearer ya29.forged' } });
    expect(forged.status).toBe(401);
  });

  it('refuses a refresh token that is not its own', async () => {
    const res = await fetch(`${em.url}/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'nope' }) });
    expect(res.status).toBe(401);
    expect((await res.json()).error).toBe('invalid_client');
  });

  it('accepts a JWT-bearer grant', async () => {
    const res = await fetch(`${em.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln' }),
    });
    const body = await res.json();
    expect(res.status).toBe(200);
    const api = await fetch(`${em.url}/v1/projects/shop-prod`, { headers: { authorization: `Bearer ${body.access_token}` } });
    expect(api.status).toBe(200);
  });

  it('serves without tokens when requireAuth is false, and deletes its credentials file on stop', async () => {
    const open = await startEmulator({ scenario: loadFixture(), requireAuth: false });
    const res = await fetch(`${open.url}/v1/projects/shop-prod`);
    expect(res.status).toBe(200);
    expect((await res.json()).projectId).toBe('shop-prod');
    expect(existsSync(open.credentialsFile)).toBe(true);
    await open.stop();
    expect(existsSync(open.credentialsFile)).toBe(false);
  });
});

describe('Resource Manager', () => {
  it('lists projects by parent filter, two per page', async () => {
    const first = await c.crm.projects.list({ filter: 'parent.type:folder parent.id:2001' });
    expect(first.data.projects?.map((p) => p.projectId)).toEqual(['shop-registry', 'shop-attic']);
    expect(first.data.nextPageToken).toBeTruthy();
    const second = await c.crm.projects.list({ filter: 'parent.type:folder parent.id:2001', pageToken: first.data.nextPageToken! });
    expect(second.data.projects?.map((p) => p.projectId)).toEqual(['shop-tools']);
    expect(second.data.nextPageToken).toBeUndefined();
  });

  it('filters by organization parent, lifecycleState and id, and honours pageSize', async () => {
    const org = await c.crm.projects.list({ filter: 'parent.type:organization parent.id:1001' });
    expect(org.data.projects?.map((p) => p.projectId)).toEqual(['shop-dev']);
    const active = await c.crm.projects.list({ filter: 'parent.id:2001 lifecycleState:ACTIVE labels.team:x', pageSize: 10 });
    expect(active.data.projects?.map((p) => p.projectId)).toEqual(['shop-registry', 'shop-tools']);
    const byId = await c.crm.projects.list({ filter: 'id:shop-prod' });
    expect(byId.data.projects?.[0].projectNumber).toBe('111111111111');
    const none = await c.crm.projects.list({ filter: 'parent.id:999' });
    expect(none.data).toEqual({});
  });

  it('gets a project, its ancestry up to the organization, and 403 for a project not in the scenario', async () => {
    expect((await c.crm.projects.get({ projectId: 'shop-prod' })).data.labels).toEqual({ env: 'prod' });
    const anc = await c.crm.projects.getAncestry({ projectId: 'shop-prod', requestBody: {} });
    expect(anc.data.ancestor?.map((a) => `${a.resourceId?.type}/${a.resourceId?.id}`)).toEqual([
      'project/shop-prod',
      'folder/2002',
      'folder/2001',
      'organization/1001',
    ]);
    const e = await failure(c.crm.projects.get({ projectId: 'not-mine' }));
    expect(e.status).toBe(403);
    expect(e.data.error.status).toBe('PERMISSION_DENIED');
    expect(e.data.error.details[0].reason).toBe('IAM_PERMISSION_DENIED');
    expect(e.data.error.details[0].metadata?.permission).toBe('resourcemanager.projects.get');
  });

  it('downgrades conditional bindings below policy version 3, as Google does', async () => {
    const v1 = await c.crm.projects.getIamPolicy({ resource: 'shop-prod', requestBody: { options: { requestedPolicyVersion: 1 } } });
    expect(v1.data.version).toBe(1);
    const cond = v1.data.bindings?.find((b) => b.role?.startsWith('roles/artifactregistry.reader'));
    expect(cond?.role).toMatch(/^roles\/artifactregistry\.reader_withcond_[0-9a-f]+$/);
    expect(cond?.condition).toBeUndefined();
    const v3 = await c.crm.projects.getIamPolicy({ resource: 'shop-prod', requestBody: { options: { requestedPolicyVersion: 3 } } });
    expect(v3.data.version).toBe(3);
    const cond3 = v3.data.bindings?.find((b) => b.role === 'roles/artifactregistry.reader');
    expect(cond3?.condition?.expression).toContain('2030');
    const none = await c.crm.projects.getIamPolicy({ resource: 'shop-tools', requestBody: {} });
    expect(none.data).toEqual({ etag: 'ACAB' });
  });

  it('serves organizations and v3 folders, with paging and policies', async () => {
    expect((await c.crm.organizations.get({ name: 'organizations/1001' })).data.displayName).toBe('example.com');
    const orgPolicy = await c.crm.organizations.getIamPolicy({ resource: 'organizations/1001', requestBody: { options: { requestedPolicyVersion: 3 } } });
    expect(orgPolicy.data.bindings).toHaveLength(2);
    expect((await failure(c.crm.organizations.get({ name: 'organizations/999' }))).status).toBe(403);

    expect((await c.crm3.folders.get({ name: 'folders/2002' })).data.parent).toBe('folders/2001');
    const p1 = await c.crm3.folders.list({ parent: 'organizations/1001' });
    expect(p1.data.folders?.map((f) => f.name)).toEqual(['folders/2001', 'folders/2003']);
    const p2 = await c.crm3.folders.list({ parent: 'organizations/1001', pageToken: p1.data.nextPageToken! });
    expect(p2.data.folders?.map((f) => f.name)).toEqual(['folders/2004']);
    expect(p2.data.nextPageToken).toBeUndefined();
    const fp = await c.crm3.folders.getIamPolicy({ resource: 'folders/2001', requestBody: { options: { requestedPolicyVersion: 3 } } });
    expect(fp.data.bindings?.[0].role).toBe('roles/artifactregistry.reader');
    expect((await c.crm3.folders.getIamPolicy({ resource: 'folders/2002', requestBody: {} })).data).toEqual({ etag: 'ACAB' });
    expect((await failure(c.crm3.folders.get({ name: 'folders/404404' }))).status).toBe(403);
  });
});

describe('GKE', () => {
  it('lists clusters in every location with "-" and in one named location, node pools inside', async () => {
    const all = await c.gke.projects.locations.clusters.list({ parent: 'projects/shop-prod/locations/-' });
    expect(all.data.clusters?.map((x) => x.name)).toEqual(['web', 'batch']);
    expect(all.data.clusters?.[0].nodePools?.map((p) => p.name)).toEqual(['default-pool', 'frontend']);
    expect((all.data.clusters?.[0] as Record<string, unknown>).futureField).toEqual({ kept: true });
    const zonal = await c.gke.projects.locations.clusters.list({ parent: 'projects/shop-prod/locations/us-central1-a' });
    expect(zonal.data.clusters?.map((x) => x.name)).toEqual(['batch']);
    const empty = await c.gke.projects.locations.clusters.list({ parent: 'projects/shop-registry/locations/-' });
    expect(empty.data.clusters).toBeUndefined();
  });

  it('gets a cluster, 404 for an unknown one, and a default server config', async () => {
    const web = await c.gke.projects.locations.clusters.get({ name: 'projects/shop-prod/locations/europe-west2/clusters/web' });
    expect(web.data.currentMasterVersion).toBe('1.33.5-gke.1201000');
    const e = await failure(c.gke.projects.locations.clusters.get({ name: 'projects/shop-prod/locations/europe-west2/clusters/nope' }));
    expect(e.status).toBe(404);
    expect(e.data.error.status).toBe('NOT_FOUND');
    const cfg = await c.gke.projects.locations.getServerConfig({ name: 'projects/shop-prod/locations/europe-west2' });
    expect(cfg.data.channels?.map((x) => x.channel)).toContain('REGULAR');
    expect(cfg.data.validNodeVersions?.some((v) => v.startsWith('1.34.'))).toBe(true);
    expect(cfg.data.validNodeVersions?.some((v) => v.startsWith('1.31.'))).toBe(true);
  });

  it('answers 403 SERVICE_DISABLED for a project whose API is disabled', async () => {
    const e = await failure(c.gke.projects.locations.clusters.list({ parent: 'projects/shop-dev/locations/-' }));
    expect(e.status).toBe(403);
    expect(e.data.error.details[0].reason).toBe('SERVICE_DISABLED');
    expect(e.data.error.details[0].metadata?.service).toBe('container.googleapis.com');
    expect(e.data.error.message).toContain('333333333333');
    // "-" is not a project for GKE (only IAM's projects/-/serviceAccounts accepts it).
    expect((await failure(c.gke.projects.locations.clusters.list({ parent: 'projects/-/locations/-' }))).status).toBe(403);
    // Other APIs of that project still answer.
    expect((await c.crm.projects.get({ projectId: 'shop-dev' })).status).toBe(200);
  });
});

describe('Artifact Registry', () => {
  it('lists every Artifact Registry location, regions and multi-regions', async () => {
    const res = await c.ar.projects.locations.list({ name: 'projects/shop-registry' });
    const ids = res.data.locations?.map((l) => l.locationId) ?? [];
    for (const l of ['us', 'europe', 'asia', 'us-central1', 'europe-west2', 'europe-west12', 'africa-south1', 'me-central2', 'northamerica-northeast1', 'southamerica-west1']) {
      expect(ids).toContain(l);
    }
    expect(res.data.locations?.[0].name).toBe(`projects/shop-registry/locations/${ids[0]}`);
  });

  it('pages repositories of one location, two at a time, and gets one', async () => {
    const parent = 'projects/shop-registry/locations/europe-west2';
    const p1 = await c.ar.projects.locations.repositories.list({ parent });
    expect(p1.data.repositories?.map((r) => r.name?.split('/').pop())).toEqual(['storefront', 'base']);
    const p2 = await c.ar.projects.locations.repositories.list({ parent, pageToken: p1.data.nextPageToken! });
    expect(p2.data.repositories?.map((r) => r.format)).toEqual(['HELM']);
    expect(p2.data.nextPageToken).toBeUndefined();
    const one = await c.ar.projects.locations.repositories.get({ name: `${parent}/repositories/base` });
    expect(one.data.format).toBe('DOCKER');
    const e = await failure(c.ar.projects.locations.repositories.get({ name: `${parent}/repositories/ghost` }));
    expect(e.status).toBe(404);
  });

  it('serves repository policies by options.requestedPolicyVersion', async () => {
    const resource = 'projects/shop-registry/locations/europe-west2/repositories/storefront';
    const v3 = await c.ar.projects.locations.repositories.getIamPolicy({ resource, 'options.requestedPolicyVersion': 3 });
    expect(v3.data.version).toBe(3);
    expect(v3.data.bindings?.filter((b) => b.role === 'roles/artifactregistry.reader')).toHaveLength(2);
    const v1 = await c.ar.projects.locations.repositories.getIamPolicy({ resource });
    expect(v1.data.version).toBe(1);
    expect(v1.data.bindings?.map((b) => b.role).filter((r) => r?.includes('_withcond_'))).toHaveLength(1);
    const none = await c.ar.projects.locations.repositories.getIamPolicy({ resource: 'projects/shop-registry/locations/europe-west2/repositories/base' });
    expect(none.data).toEqual({ etag: 'ACAB' });
  });

  it('answers SERVICE_DISABLED and 403 for an unknown project', async () => {
    const off = await failure(c.ar.projects.locations.list({ name: 'projects/shop-dev' }));
    expect(off.data.error.details[0].reason).toBe('SERVICE_DISABLED');
    const unknown = await failure(c.ar.projects.locations.repositories.list({ parent: 'projects/elsewhere/locations/us' }));
    expect(unknown.status).toBe(403);
  });
});

describe('IAM', () => {
  it('finds a service account by email across projects, case-insensitively, and 403 "(or it may not exist)" for a deleted one', async () => {
    const sa = await c.iam.projects.serviceAccounts.get({ name: 'projects/-/serviceAccounts/Web-Nodes@shop-prod.iam.gserviceaccount.com' });
    expect(sa.data.uniqueId).toBe('100000000000000000001');
    const viaOther = await c.iam.projects.serviceAccounts.get({ name: 'projects/shop-registry/serviceAccounts/web-nodes@shop-prod.iam.gserviceaccount.com' });
    expect(viaOther.data.email).toBe('web-nodes@shop-prod.iam.gserviceaccount.com');
    // Google answers a missing account 403, not 404 (crossplane-contrib/provider-upjet-gcp issue 411: the full body).
    const gone = await failure(c.iam.projects.serviceAccounts.get({ name: 'projects/-/serviceAccounts/gone@shop-prod.iam.gserviceaccount.com' }));
    expect(gone.status).toBe(403);
    expect(gone.data.error).toEqual({
      code: 403,
      message: "Permission 'iam.serviceAccounts.get' denied on resource (or it may not exist).",
      status: 'PERMISSION_DENIED',
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'IAM_PERMISSION_DENIED', domain: 'iam.googleapis.com', metadata: { permission: 'iam.serviceAccounts.get' } }],
    });
    const denied = await failure(c.iam.projects.serviceAccounts.get({ name: 'projects/elsewhere/serviceAccounts/web-nodes@shop-prod.iam.gserviceaccount.com' }));
    expect(denied.status).toBe(403);
  });

  it('lists service accounts with paging', async () => {
    const p1 = await c.iam.projects.serviceAccounts.list({ name: 'projects/shop-prod' });
    expect(p1.data.accounts).toHaveLength(2);
    const p2 = await c.iam.projects.serviceAccounts.list({ name: 'projects/shop-prod', pageToken: p1.data.nextPageToken! });
    expect(p2.data.accounts?.map((a) => a.disabled)).toEqual([true]);
  });

  it('serves custom roles and predefined roles (scenario first, then the bundled data)', async () => {
    const custom = await c.iam.projects.roles.get({ name: 'projects/shop-prod/roles/puller' });
    expect(custom.data.includedPermissions).toEqual(['artifactregistry.repositories.downloadArtifacts']);
    const org = await c.iam.organizations.roles.get({ name: 'organizations/1001/roles/orgPuller' });
    expect(org.data.title).toBe('Org puller');
    expect((await failure(c.iam.projects.roles.get({ name: 'projects/shop-prod/roles/nope' }))).status).toBe(404);

    const future = await c.iam.roles.get({ name: 'roles/artifactregistry.futureReader' });
    expect(future.data.stage).toBe('BETA');
    const reader = await c.iam.roles.get({ name: 'roles/artifactregistry.reader' });
    expect(reader.data.includedPermissions).toContain('artifactregistry.repositories.downloadArtifacts');
    const viewer = await c.iam.roles.get({ name: 'roles/container.viewer' });
    expect(viewer.data.includedPermissions?.length).toBeGreaterThan(0);
    expect(viewer.data.includedPermissions).not.toContain('artifactregistry.repositories.downloadArtifacts');
    expect((await failure(c.iam.roles.get({ name: 'roles/made.up' }))).status).toBe(404);
  });
});

describe('Compute', () => {
  it('gets a subnetwork and pages routers of one region', async () => {
    const sn = await c.compute.subnetworks.get({ project: 'shop-prod', region: 'europe-west2', subnetwork: 'web-nodes' });
    expect(sn.data.privateIpGoogleAccess).toBe(false);
    expect(sn.data.kind).toBe('compute#subnetwork');
    const p1 = await c.compute.routers.list({ project: 'shop-prod', region: 'europe-west2' });
    expect(p1.data.kind).toBe('compute#routerList');
    expect(p1.data.items?.map((r) => r.name)).toEqual(['nat-a', 'nat-b']);
    const p2 = await c.compute.routers.list({ project: 'shop-prod', region: 'europe-west2', pageToken: p1.data.nextPageToken! });
    expect(p2.data.items?.map((r) => r.name)).toEqual(['nat-c']);
    expect(p2.data.nextPageToken).toBeUndefined();
    const us = await c.compute.routers.list({ project: 'shop-prod', region: 'us-central1', maxResults: 500 });
    expect(us.data.items?.map((r) => r.name)).toEqual(['us-nat']);
    const none = await c.compute.routers.list({ project: 'shop-registry', region: 'us-central1' });
    expect(none.data.items).toBeUndefined();
  });

  it('answers in the legacy Compute shape: notFound, forbidden, accessNotConfigured (no status, no ErrorInfo)', async () => {
    const e = await failure(c.compute.subnetworks.get({ project: 'shop-prod', region: 'europe-west2', subnetwork: 'nope' }));
    expect(e.status).toBe(404);
    expect(e.data.error.status).toBeUndefined();
    expect(e.data.error.details).toBeUndefined();
    expect(e.data.error.errors?.[0].reason).toBe('notFound');
    const off = await failure(c.compute.routers.list({ project: 'shop-dev', region: 'europe-west2' }));
    expect(off.status).toBe(403);
    expect(off.data.error.details).toBeUndefined();
    expect(off.data.error.errors?.[0]).toMatchObject({ reason: 'accessNotConfigured', domain: 'usageLimits' });
    expect(off.data.error.errors?.[0].extendedHelp).toContain('compute.googleapis.com/overview?project=333333333333');
    const denied = await failure(c.compute.subnetworks.get({ project: 'elsewhere', region: 'europe-west2', subnetwork: 'x' }));
    expect(denied.data.error.errors?.[0].reason).toBe('forbidden');
  });
});

describe('Cloud Identity', () => {
  it('looks a group up by email, gets it and pages its memberships', async () => {
    const found = await c.ci.groups.lookup({ 'groupKey.id': 'PULLERS@example.com' });
    expect(found.data.name).toBe('groups/01pullers');
    expect((await c.ci.groups.get({ name: 'groups/01pullers' })).data.displayName).toBe('Pullers');
    const p1 = await c.ci.groups.memberships.list({ parent: 'groups/01pullers' });
    expect(p1.data.memberships?.map((m) => m.preferredMemberKey?.id)).toEqual(['web-nodes@shop-prod.iam.gserviceaccount.com', 'alice@example.com']);
    expect(p1.data.memberships?.[0].name).toMatch(/^groups\/01pullers\/memberships\//);
    // The default BASIC view has no type (google-api-java-client-services issue 24949); FULL has it.
    expect(p1.data.memberships?.map((m) => m.type)).toEqual([undefined, undefined]);
    const p2 = await c.ci.groups.memberships.list({ parent: 'groups/01pullers', pageToken: p1.data.nextPageToken! });
    expect(p2.data.memberships?.map((m) => m.type)).toEqual([undefined]);
    const full = await c.ci.groups.memberships.list({ parent: 'groups/01pullers', view: 'FULL', pageSize: 500 });
    expect(full.data.memberships?.map((m) => m.type)).toEqual(['SERVICE_ACCOUNT', 'USER', 'GROUP']);
    expect((await failure(c.ci.groups.memberships.list({ parent: 'groups/01pullers', view: 'FULL', pageSize: 501 }))).status).toBe(400);
  });

  it('gives a group without a name a stable id, and 403 with a ResourceInfo detail for a group not in the scenario', async () => {
    const nested = await c.ci.groups.lookup({ 'groupKey.id': 'nested@example.com' });
    expect(nested.data.name).toMatch(/^groups\/\w+$/);
    const members = await c.ci.groups.memberships.list({ parent: nested.data.name! });
    expect(members.data.memberships).toBeUndefined();
    const stranger = await failure(c.ci.groups.lookup({ 'groupKey.id': 'strangers@example.com' }));
    expect(stranger.status).toBe(403);
    expect(stranger.data.error.message).toBe('Error(2028): Permission denied for resource groups/strangers@example.com (or it may not exist).');
    expect(stranger.data.error.details).toEqual([
      expect.objectContaining({ '@type': 'type.googleapis.com/google.rpc.ResourceInfo', resourceType: 'cloudidentity.googleapis.com/Group', resourceName: 'groups/strangers@example.com' }),
    ]);
    expect((await failure(c.ci.groups.memberships.list({ parent: 'groups/nope' }))).data.error.details[0]['@type']).toBe('type.googleapis.com/google.rpc.ResourceInfo');
  });
});

describe('faults', () => {
  it('fires a 500 fault twice (times: 2), then answers normally', async () => {
    const parent = 'projects/shop-prod/locations/us';
    expect((await failure(c.ar.projects.locations.repositories.list({ parent }))).status).toBe(500);
    const second = await failure(c.ar.projects.locations.repositories.list({ parent }));
    expect(second.data.error.status).toBe('INTERNAL');
    const third = await c.ar.projects.locations.repositories.list({ parent });
    expect(third.status).toBe(200);
  });

  it('matches a /regex/ fault and fires a 503 once', async () => {
    const parent = 'projects/shop-registry/locations/us';
    const e = await failure(c.ar.projects.locations.repositories.list({ parent }));
    expect(e.status).toBe(503);
    expect(e.data.error.status).toBe('UNAVAILABLE');
    expect((await c.ar.projects.locations.repositories.list({ parent })).data.repositories?.[0].mode).toBe('REMOTE_REPOSITORY');
  });

  it('answers a 429 fault with Retry-After, every time', async () => {
    for (let i = 0; i < 2; i++) {
      const e = await failure(c.ar.projects.locations.repositories.list({ parent: 'projects/shop-registry/locations/asia' }));
      expect(e.status).toBe(429);
      expect(e.data.error.status).toBe('RESOURCE_EXHAUSTED');
      expect(e.retryAfter).toBe('7');
    }
  });

  it('answers a 403 fault with its reason and the permission of the method', async () => {
    const e = await failure(c.ar.projects.locations.repositories.list({ parent: 'projects/shop-registry/locations/me-west1' }));
    expect(e.status).toBe(403);
    expect(e.data.error.details[0].reason).toBe('IAM_PERMISSION_DENIED');
    expect(e.data.error.details[0].metadata?.permission).toBe('artifactregistry.repositories.list');
  });

  it('delays responses matched by a fault latencyMs, with or without a status', async () => {
    let t = performance.now();
    expect((await c.ar.projects.locations.repositories.list({ parent: 'projects/shop-prod/locations/asia-east1' })).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(55);
    t = performance.now();
    expect((await failure(c.ar.projects.locations.repositories.list({ parent: 'projects/shop-prod/locations/asia-east2' }))).status).toBe(404);
    expect(performance.now() - t).toBeGreaterThanOrEqual(55);
  });

  it('delays every response by the scenario latencyMs', async () => {
    const slow = await startEmulator({ scenario: { ...loadFixture(), latencyMs: 50, faults: [] }, requireAuth: false });
    try {
      const t = performance.now();
      const res = await fetch(`${slow.url}/v1/projects/shop-prod`);
      expect(res.status).toBe(200);
      expect(performance.now() - t).toBeGreaterThanOrEqual(45);
    } finally {
      await slow.stop();
    }
  });
});

describe('quota', () => {
  it('answers 429 RATE_LIMIT_EXCEEDED with Retry-After past the per-project limit, until the window frees', async () => {
    let now = 1_000_000;
    const q = await startEmulator({ scenario: loadFixture(), quota: { perMinute: { container: 2 } }, clock: () => now });
    try {
      const k = clients(q);
      const list = (p: string) => k.gke.projects.locations.clusters.list({ parent: `projects/${p}/locations/-` });
      await list('shop-prod');
      now += 15_000;
      await list('shop-prod');
      const e = await failure(list('shop-prod'));
      expect(e.status).toBe(429);
      expect(e.data.error.details[0].reason).toBe('RATE_LIMIT_EXCEEDED');
      expect(e.retryAfter).toBe('45');
      // Counted per project: another project still has its own minute.
      expect((await list('shop-registry')).status).toBe(200);
      // Other APIs are not limited.
      expect((await k.crm.projects.get({ projectId: 'shop-prod' })).status).toBe(200);
      now += 45_000;
      expect((await list('shop-prod')).status).toBe(200);
    } finally {
      await q.stop();
    }
  });

  it('counts consumer-scoped quotas across projects', async () => {
    const q = await startEmulator({ scenario: loadFixture(), quota: { perMinute: { cloudresourcemanager: 1 } }, requireAuth: false });
    try {
      expect((await fetch(`${q.url}/v1/projects/shop-prod`)).status).toBe(200);
      const res = await fetch(`${q.url}/v1/projects/shop-registry`);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await q.stop();
    }
  });
});

describe('request log and writes', () => {
  it('refuses setIamPolicy and other writes with 405, and records them', async () => {
    em.resetRequests();
    const e = await failure(c.crm.projects.setIamPolicy({ resource: 'shop-prod', requestBody: { policy: { bindings: [] } } }));
    expect(e.status).toBe(405);
    const del = await failure(c.gke.projects.locations.clusters.delete({ name: 'projects/shop-prod/locations/europe-west2/clusters/web' }));
    expect(del.status).toBe(405);
    const log = em.requests();
    expect(log.map((r) => `${r.method} ${r.path} ${r.api} ${r.status}`)).toEqual([
      'POST /v1/projects/shop-prod:setIamPolicy cloudresourcemanager 405',
      'DELETE /v1/projects/shop-prod/locations/europe-west2/clusters/web container 405',
    ]);
    // The policy is unchanged.
    const p = await c.crm.projects.getIamPolicy({ resource: 'shop-prod', requestBody: { options: { requestedPolicyVersion: 3 } } });
    expect(p.data.bindings).toHaveLength(2);
  });

  it('records method, path, query, api and status; serves the log and reset over /__emulator/', async () => {
    em.resetRequests();
    await c.crm.projects.list({ filter: 'id:shop-prod', pageSize: 5 });
    const unknown = await fetch(`${em.url}/v1/nothing/here`, { headers: { authorization: `Bearer ${await c.auth.getAccessToken()}` } });
    expect(unknown.status).toBe(404);
    const log = em.requests();
    expect(log[0]).toMatchObject({ method: 'GET', path: '/v1/projects', query: { filter: 'id:shop-prod', pageSize: '5' }, api: 'cloudresourcemanager', status: 200 });
    expect(log[1]).toMatchObject({ path: '/v1/nothing/here', status: 404 });
    const served = await (await fetch(`${em.url}/__emulator/requests`)).json();
    expect(served.requests).toHaveLength(2);
    expect((await fetch(`${em.url}/__emulator/health`)).status).toBe(200);
    expect((await fetch(`${em.url}/__emulator/reset`, { method: 'POST' })).status).toBe(200);
    expect(em.requests()).toEqual([]);
  });
});

describe('the quota project, as Google checks it', () => {
  const base = (): Scenario => {
    const s = loadFixture();
    return { ...s, faults: [], quotaProject: { projectId: 'billing-qp', projectNumber: '777777777777', enabledServices: ['serviceusage.googleapis.com', 'container.googleapis.com', 'cloudresourcemanager.googleapis.com'] } };
  };

  it('answers SERVICE_DISABLED naming the quota project as consumer, whatever project the call names', async () => {
    const e2 = await startEmulator({ scenario: base() });
    try {
      const c2 = clients(e2);
      expect((await c2.gke.projects.locations.clusters.list({ parent: 'projects/shop-prod/locations/-' })).status).toBe(200);
      const off = await failure(c2.ar.projects.locations.repositories.list({ parent: 'projects/shop-prod/locations/us' }));
      expect(off.status).toBe(403);
      expect(off.data.error.details[0]).toMatchObject({ reason: 'SERVICE_DISABLED', metadata: { service: 'artifactregistry.googleapis.com', consumer: 'projects/777777777777' } });
      // Service Usage reports the same state for the quota project, read-only.
      const states = await c2.su.services.batchGet({ parent: 'projects/billing-qp', names: ['projects/billing-qp/services/container.googleapis.com', 'projects/billing-qp/services/cloudidentity.googleapis.com'] });
      expect(states.data.services?.map((x) => [x.config?.name, x.state, x.parent])).toEqual([
        ['container.googleapis.com', 'ENABLED', 'projects/777777777777'],
        ['cloudidentity.googleapis.com', 'DISABLED', 'projects/777777777777'],
      ]);
      // The ADC file carries the quota project, as set-quota-project writes it; requests carry it as x-goog-user-project.
      expect(JSON.parse(readFileSync(e2.credentialsFile, 'utf8')).quota_project_id).toBe('billing-qp');
      expect(e2.requests().every((r) => r.userProject === 'billing-qp')).toBe(true);
    } finally {
      await e2.stop();
    }
  });

  it('answers USER_PROJECT_DENIED to every call when the caller may not use the quota project', async () => {
    const s = base();
    s.quotaProject = { projectId: 'billing-qp', projectNumber: '777777777777', callerCanUse: false };
    const e2 = await startEmulator({ scenario: s });
    try {
      const c2 = clients(e2);
      const e = await failure(c2.crm.projects.get({ projectId: 'shop-prod' }));
      expect(e.status).toBe(403);
      expect(e.data.error.details[0]).toMatchObject({ reason: 'USER_PROJECT_DENIED', metadata: { consumer: 'projects/billing-qp' } });
      expect(e.data.error.message).toContain('serviceusage.services.use');
    } finally {
      await e2.stop();
    }
  });

  it('reports missingZones from a fault and leaves that zone\'s clusters out of the list', async () => {
    const s = loadFixture();
    s.faults = [{ match: 'GET /v1/projects/shop-prod/locations/-/clusters', missingZones: ['us-central1-a'] }];
    const e2 = await startEmulator({ scenario: s });
    try {
      const res = await clients(e2).gke.projects.locations.clusters.list({ parent: 'projects/shop-prod/locations/-' });
      expect(res.data.clusters?.map((x) => x.name)).toEqual(['web']);
      expect(res.data.missingZones).toEqual(['us-central1-a']);
    } finally {
      await e2.stop();
    }
  });
});
