/**
 * The emulator's IAM v2 deny policies, Access Context Manager perimeters and Artifact Registry rules, called through
 * the googleapis clients the collector uses. Google's behaviours checked here: listPolicies omits rules and ignores
 * pageSize ("IAM ignores this value and uses the value 1000", IAM v2 ListPoliciesRequest reference); a project
 * attachment point is named by number in answers; proto3 JSON leaves PERIMETER_TYPE_REGULAR out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleAuth } from 'google-auth-library';
import { iam_v2 } from 'googleapis/build/src/apis/iam/v2';
import { accesscontextmanager_v1 } from 'googleapis/build/src/apis/accesscontextmanager/v1';
import { artifactregistry_v1 } from 'googleapis/build/src/apis/artifactregistry/v1';
import { parseScenarioOrThrow } from '../scenario/schema';
import { startEmulator, type Emulator } from './index';

const enc = (s: string) => encodeURIComponent(s);
const PROJECT_AP = `cloudresourcemanager.googleapis.com/projects/web`;
const denyRule = (n: number) => ({
  description: `rule ${n}`,
  denyRule: { deniedPrincipals: ['principalSet://goog/public:all'], deniedPermissions: ['artifactregistry.googleapis.com/repositories.downloadArtifacts'] },
});

const scenario = parseScenarioOrThrow(
  JSON.stringify({
    scenario: 1,
    organizations: [
      {
        organization: { name: 'organizations/100' },
        denyPolicies: [{ name: `policies/${enc('cloudresourcemanager.googleapis.com/organizations/100')}/denypolicies/org-wide`, rules: [denyRule(0)] }],
      },
    ],
    folders: [{ folder: { name: 'folders/200', parent: 'organizations/100' } }],
    projects: [
      {
        project: { projectId: 'web', projectNumber: '300', parent: { type: 'folder', id: '200' } },
        denyPolicies: [1, 2, 3].map((n) => ({ name: `policies/${enc(PROJECT_AP)}/denypolicies/p${n}`, displayName: `P${n}`, rules: [denyRule(n)] })),
        repositories: [
          {
            repository: { name: 'projects/web/locations/us/repositories/images', format: 'DOCKER' },
            rules: ['a', 'b', 'c'].map((r) => ({ name: `projects/web/locations/us/repositories/images/rules/${r}`, action: 'DENY', operation: 'DOWNLOAD' })),
          },
          { repository: { name: 'projects/web/locations/us/repositories/open', format: 'DOCKER' } },
        ],
      },
      { project: { projectId: 'off', projectNumber: '400' }, disabledServices: ['artifactregistry.googleapis.com'], repositories: [{ repository: { name: 'projects/off/locations/us/repositories/r', format: 'DOCKER' } }] },
    ],
    accessPolicies: [
      {
        accessPolicy: { name: 'accessPolicies/11', parent: 'organizations/100', title: 'org' },
        servicePerimeters: [
          { name: 'accessPolicies/11/servicePerimeters/a', perimeterType: 'PERIMETER_TYPE_REGULAR', status: { resources: ['projects/300'], restrictedServices: ['artifactregistry.googleapis.com'] }, useExplicitDryRunSpec: false },
          { name: 'accessPolicies/11/servicePerimeters/b', perimeterType: 'PERIMETER_TYPE_BRIDGE', status: { resources: ['projects/300', 'projects/500'] } },
          { name: 'accessPolicies/11/servicePerimeters/c', spec: { resources: ['projects/500'] }, useExplicitDryRunSpec: true },
        ],
      },
      { accessPolicy: { name: 'accessPolicies/12', parent: 'organizations/100', scopes: ['projects/300'] } },
      { accessPolicy: { name: 'accessPolicies/13', parent: 'organizations/100', scopes: ['folders/200'] } },
      { accessPolicy: { name: 'accessPolicies/99', parent: 'organizations/999' } },
    ],
    faults: [
      { match: `GET /v2/policies/${enc('cloudresourcemanager.googleapis.com/folders/200')}/denypolicies`, status: 403 },
      { match: 'GET /v1/accessPolicies/12/servicePerimeters', status: 403 },
      { match: 'GET /v1/projects/web/locations/us/repositories/open/rules', status: 403 },
    ],
  }),
  'guards.json',
);

interface Caught {
  status: number;
  error: { code: number; message: string; status: string; details: Array<{ reason?: string; metadata?: Record<string, string> }> };
}
async function failure(p: Promise<unknown>): Promise<Caught> {
  try {
    await p;
  } catch (err) {
    const e = err as { response?: { status: number; data: { error: Caught['error'] } } };
    return { status: e.response!.status, error: e.response!.data.error };
  }
  throw new Error('expected the call to fail');
}

let em: Emulator;
let iam: iam_v2.Iam;
let acm: accesscontextmanager_v1.Accesscontextmanager;
let ar: artifactregistry_v1.Artifactregistry;

beforeAll(async () => {
  em = await startEmulator({ scenario });
  const auth = new GoogleAuth({ keyFile: em.credentialsFile, scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
  const o = { auth, rootUrl: `${em.url}/`, retry: false };
  iam = new iam_v2.Iam(o);
  acm = new accesscontextmanager_v1.Accesscontextmanager(o);
  ar = new artifactregistry_v1.Artifactregistry(o);
});
afterAll(async () => {
  await em.stop();
});

describe('IAM v2 deny policies', () => {
  it('lists metadata only, pages with pageToken whatever pageSize asks, and names the project by number', async () => {
    const parent = `policies/${enc(PROJECT_AP)}/denypolicies`;
    const first = await iam.policies.listPolicies({ parent, pageSize: 1000 });
    expect(first.data.policies?.map((p) => p.displayName)).toEqual(['P1', 'P2']);
    expect(first.data.policies?.[0].rules).toBeUndefined();
    expect(first.data.policies?.[0]).toMatchObject({
      name: `policies/${enc('cloudresourcemanager.googleapis.com/projects/300')}/denypolicies/p1`,
      kind: 'DenyPolicy',
      uid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-/),
    });
    expect(first.data.nextPageToken).toBeTruthy();
    const second = await iam.policies.listPolicies({ parent, pageToken: first.data.nextPageToken! });
    expect(second.data.policies?.map((p) => p.displayName)).toEqual(['P3']);
    expect(second.data.nextPageToken).toBeUndefined();
    const logged = em.requests().filter((r) => r.path.startsWith('/v2/'));
    expect(logged[0].path).toBe(`/v2/policies/${enc(PROJECT_AP)}/denypolicies`);
  });

  it('gets one policy with its rules, by project number as well as id', async () => {
    const byNumber = await iam.policies.get({ name: `policies/${enc('cloudresourcemanager.googleapis.com/projects/300')}/denypolicies/p2` });
    expect(byNumber.data.rules?.[0].denyRule?.deniedPermissions).toEqual(['artifactregistry.googleapis.com/repositories.downloadArtifacts']);
    const org = await iam.policies.get({ name: `policies/${enc('cloudresourcemanager.googleapis.com/organizations/100')}/denypolicies/org-wide` });
    expect(org.data.rules).toHaveLength(1);
    const missing = await failure(iam.policies.get({ name: `policies/${enc(PROJECT_AP)}/denypolicies/nope` }));
    expect(missing.status).toBe(404);
  });

  it('answers an attachment point with no policies with an empty body, and an unknown one with 403 naming the permission', async () => {
    const empty = await iam.policies.listPolicies({ parent: `policies/${enc('cloudresourcemanager.googleapis.com/projects/off')}/denypolicies` });
    expect(empty.data).toEqual({});
    const refused = await failure(iam.policies.listPolicies({ parent: `policies/${enc('cloudresourcemanager.googleapis.com/projects/elsewhere')}/denypolicies` }));
    expect(refused.status).toBe(403);
    expect(refused.error.status).toBe('PERMISSION_DENIED');
    expect(refused.error.message).toBe("Permission 'iam.denypolicies.list' denied on resource 'cloudresourcemanager.googleapis.com/projects/elsewhere' (or it may not exist).");
    expect(refused.error.details[0]).toMatchObject({ reason: 'IAM_PERMISSION_DENIED', metadata: { permission: 'iam.denypolicies.list' } });
    const get = await failure(iam.policies.get({ name: `policies/${enc('cloudresourcemanager.googleapis.com/organizations/7')}/denypolicies/x` }));
    expect(get.error.details[0].metadata?.permission).toBe('iam.denypolicies.get');
  });

  it('fires a scenario fault written with the attachment point encoded, as the REST reference writes the path', async () => {
    const refused = await failure(iam.policies.listPolicies({ parent: `policies/${enc('cloudresourcemanager.googleapis.com/folders/200')}/denypolicies` }));
    expect(refused.status).toBe(403);
    expect(refused.error.details[0].metadata?.permission).toBe('iam.denypolicies.list');
  });
});

describe('Access Context Manager', () => {
  it('lists the access policies of an organization, scoped ones included, with paging', async () => {
    const first = await acm.accessPolicies.list({ parent: 'organizations/100' });
    expect(first.data.accessPolicies?.map((p) => p.name)).toEqual(['accessPolicies/11', 'accessPolicies/12']);
    const second = await acm.accessPolicies.list({ parent: 'organizations/100', pageToken: first.data.nextPageToken! });
    expect(second.data.accessPolicies?.map((p) => p.scopes)).toEqual([['folders/200']]);
    expect(second.data.nextPageToken).toBeUndefined();
    const all = await acm.accessPolicies.list({ parent: 'organizations/100', pageSize: 10 });
    expect(all.data.accessPolicies).toHaveLength(3);
  });

  it('lists perimeters as proto3 JSON (no PERIMETER_TYPE_REGULAR, no false useExplicitDryRunSpec), paged', async () => {
    const first = await acm.accessPolicies.servicePerimeters.list({ parent: 'accessPolicies/11' });
    expect(first.data.servicePerimeters?.[0]).toEqual({ name: 'accessPolicies/11/servicePerimeters/a', status: { resources: ['projects/300'], restrictedServices: ['artifactregistry.googleapis.com'] } });
    expect(first.data.servicePerimeters?.[1].perimeterType).toBe('PERIMETER_TYPE_BRIDGE');
    const second = await acm.accessPolicies.servicePerimeters.list({ parent: 'accessPolicies/11', pageToken: first.data.nextPageToken! });
    expect(second.data.servicePerimeters?.[0]).toMatchObject({ name: 'accessPolicies/11/servicePerimeters/c', useExplicitDryRunSpec: true });
    const empty = await acm.accessPolicies.servicePerimeters.list({ parent: 'accessPolicies/13' });
    expect(empty.data).toEqual({});
  });

  it('refuses with 403 and the permission: an unknown organization, an unknown policy, a fault; 400 without parent', async () => {
    const org = await failure(acm.accessPolicies.list({ parent: 'organizations/555' }));
    expect(org.status).toBe(403);
    expect(org.error.message).toContain("Permission 'accesscontextmanager.policies.list' denied on resource 'organizations/555'");
    const unknown = await failure(acm.accessPolicies.servicePerimeters.list({ parent: 'accessPolicies/77' }));
    expect(unknown.error.details[0].metadata?.permission).toBe('accesscontextmanager.servicePerimeters.list');
    const fault = await failure(acm.accessPolicies.servicePerimeters.list({ parent: 'accessPolicies/12' }));
    expect(fault.status).toBe(403);
    expect(fault.error.details[0].metadata?.permission).toBe('accesscontextmanager.servicePerimeters.list');
    expect((await failure(acm.accessPolicies.list({}))).status).toBe(400);
  });
});

describe('Artifact Registry rules', () => {
  const parent = 'projects/web/locations/us/repositories/images';
  it('lists rules with paging and gets one', async () => {
    const first = await ar.projects.locations.repositories.rules.list({ parent });
    expect(first.data.rules?.map((r) => r.name?.split('/').pop())).toEqual(['a', 'b']);
    const second = await ar.projects.locations.repositories.rules.list({ parent, pageToken: first.data.nextPageToken! });
    expect(second.data.rules?.map((r) => r.name?.split('/').pop())).toEqual(['c']);
    expect(second.data.nextPageToken).toBeUndefined();
    const one = await ar.projects.locations.repositories.rules.get({ name: `${parent}/rules/b` });
    expect(one.data).toEqual({ name: `${parent}/rules/b`, action: 'DENY', operation: 'DOWNLOAD' });
    expect((await failure(ar.projects.locations.repositories.rules.get({ name: `${parent}/rules/zz` }))).status).toBe(404);
  });

  it('answers no rules with an empty body, an unknown repository 404, a disabled API 403 SERVICE_DISABLED, a fault 403 with the permission', async () => {
    const missing = await failure(ar.projects.locations.repositories.rules.list({ parent: 'projects/web/locations/us/repositories/none' }));
    expect(missing.status).toBe(404);
    const off = await failure(ar.projects.locations.repositories.rules.list({ parent: 'projects/off/locations/us/repositories/r' }));
    expect(off.error.details[0].reason).toBe('SERVICE_DISABLED');
    const refused = await failure(ar.projects.locations.repositories.rules.list({ parent: 'projects/web/locations/us/repositories/open' }));
    expect(refused.status).toBe(403);
    expect(refused.error.details[0].metadata?.permission).toBe('artifactregistry.rules.list');
  });
});
