import { afterEach, describe, expect, it } from 'vitest';
import { writeFile, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '../emulator';
import type { RawEstate, Scope } from '../inventory/raw';
import { DEFAULT_TUNING, isCancelled, type CallTuning } from './call';
import { collectEstate, CredentialsError, type CollectProgress, type SourceChoice } from './collect';
import { readGcpConfig, type GcpConfig } from './config';
import { makeClients, type GcpClients } from './clients';
import { formatPreflight, preflight, PreflightError } from './preflight';
import { normalize } from '../inventory/normalize';
import { evaluate } from '../readiness/engine';
import { parseScenario } from '../scenario/schema';
import { rawToScenario } from './snapshot';
import { APP_SA, CENTRAL_SA, GONE_SA, SUBNET, baseEstate, emulate } from './__fixtures__/estate';

const FAST: Partial<CallTuning> = { baseBackoffMs: 1, maxBackoffMs: 4, maxRetryAfterMs: 20 };
const TWO: Scope = { kind: 'projects', ids: ['shop-app', 'shop-registry'] };

let running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.stop()));
  running = [];
});

async function run(
  estate: Record<string, unknown>,
  scope: Scope = TWO,
  opts: { tuning?: Partial<CallTuning>; env?: Record<string, string>; signal?: AbortSignal; onProgress?: (p: CollectProgress) => void; source?: SourceChoice } = {},
): Promise<{ raw: RawEstate; emulator: Emulator; config: GcpConfig }> {
  const { emulator, config } = await emulate(estate, opts.env);
  running.push(emulator);
  const raw = await collectEstate({ scope, config, source: opts.source, tuning: { ...FAST, ...opts.tuning }, signal: opts.signal, onProgress: opts.onProgress });
  return { raw, emulator, config };
}

const withFaults = (faults: unknown[], base = baseEstate()) => ({ ...base, faults });

describe('collectEstate against the emulator', () => {
  it('reads every source of a projects scope, paging through every list', async () => {
    const { raw, emulator } = await run(baseEstate(), TWO, { tuning: { pageSize: 1 } });
    expect(Object.keys(raw.projects)).toEqual(['shop-app', 'shop-registry']);
    const app = raw.projects['shop-app'];
    expect(app.project.projectNumber).toBe('111111111111');
    expect(app.ancestry).toEqual({
      ok: true,
      value: [
        { resourceId: { type: 'project', id: 'shop-app' } },
        { resourceId: { type: 'folder', id: '201' } },
        { resourceId: { type: 'folder', id: '200' } },
        { resourceId: { type: 'organization', id: '100' } },
      ],
    });
    expect(app.iamPolicy.ok && app.iamPolicy.value.bindings?.map((b) => b.role)).toEqual([
      'projects/shop-app/roles/imagePuller',
      'roles/artifactregistry.futureReader',
    ]);
    expect(app.clusters.ok && app.clusters.value.map((c) => c.name).sort()).toEqual(['auto', 'web']);
    expect(Object.keys(app.serverConfigs)).toEqual(['europe-west2', 'us-central1']);
    expect(app.serverConfigs['europe-west2'].ok).toBe(true);

    const reg = raw.projects['shop-registry'];
    expect(reg.repositories.gapIds).toEqual([]);
    expect(reg.repositories.items.map((r) => r.repository.name)).toEqual([
      'projects/shop-registry/locations/europe-west2/repositories/images',
      'projects/shop-registry/locations/europe-west2/repositories/jars',
      'projects/shop-registry/locations/us/repositories/base',
      'projects/shop-registry/locations/us/repositories/tools',
    ]);
    const images = reg.repositories.items[0];
    expect(images.iamPolicy.ok && images.iamPolicy.value.bindings?.[0].members).toContain('group:devs@example.org');

    // Hierarchy: nested folders and the organization, with policy version 3 conditions kept.
    expect(Object.keys(raw.folders)).toEqual(['folders/200', 'folders/201']);
    const f200 = raw.folders['folders/200'].iamPolicy;
    expect(f200.ok && f200.value.bindings?.[0].condition?.expression).toContain('request.time');
    expect(raw.organizations['organizations/100'].organization).toMatchObject({ ok: true, value: { displayName: 'example.org' } });

    // Node identities: default (cluster project number), custom in another project, deleted (404 = answer).
    expect(Object.keys(raw.serviceAccounts)).toEqual([APP_SA, GONE_SA, CENTRAL_SA].sort());
    expect(raw.serviceAccounts[APP_SA]).toMatchObject({ ok: true, value: { email: APP_SA } });
    expect(raw.serviceAccounts[CENTRAL_SA]).toMatchObject({ ok: true, value: { projectId: 'central-sa' } });
    expect(raw.serviceAccounts[GONE_SA]).toEqual({ ok: false, notFound: true });

    // Roles: custom project and organization roles, a predefined role newer than the bundled data.
    expect(Object.keys(raw.roles)).toEqual(['organizations/100/roles/puller', 'projects/shop-app/roles/imagePuller', 'roles/artifactregistry.futureReader']);
    for (const r of Object.values(raw.roles)) expect(r.ok && r.value.includedPermissions).toContain('artifactregistry.repositories.downloadArtifacts');

    // Groups: only those bound to download roles, nested (devs → platform → devs: a cycle), paged.
    expect(Object.keys(raw.groups)).toEqual(['devs@example.org', 'everyone@example.org', 'future@example.org', 'platform@example.org', 'pullers@example.org']);
    const devs = raw.groups['devs@example.org'];
    expect(devs.ok && devs.value.members.map((m) => m.preferredMemberKey?.id)).toEqual(['alice@example.org', 'platform@example.org', CENTRAL_SA]);
    expect(devs.ok && devs.value.group.name).toBe('groups/devs01');
    const platform = raw.groups['platform@example.org'];
    expect(platform.ok && platform.value.members.map((m) => m.preferredMemberKey?.id)).toEqual(['devs@example.org', 'bob@example.org']);
    // A group outside the directory: Cloud Identity answers 403 with a ResourceInfo detail, never 404.
    expect(raw.groups['future@example.org']).toMatchObject({ ok: false, gapId: expect.any(String) });

    // Shared VPC: the private pool's subnet lives in the host project, outside the scope; no PGA → routers.
    expect(Object.keys(raw.subnetworks)).toEqual([SUBNET]);
    expect(raw.subnetworks[SUBNET]).toMatchObject({ ok: true, value: { privateIpGoogleAccess: false } });
    const routers = raw.routers['projects/net-host/regions/europe-west2'];
    expect(routers.ok && routers.value.map((r) => r.name)).toEqual(['edge', 'nat']);

    // The only gap: a group outside the directory (404 with a gap, the binding is undecidable).
    expect(raw.gaps).toHaveLength(1);
    expect(raw.gaps[0]).toMatchObject({ api: 'cloudidentity', method: 'groups.lookup', status: 403, reason: 'PERMISSION_DENIED', permission: 'cloudidentity.groups.get', request: 'GET /v1/groups:lookup' });
    expect(raw.gaps[0].message).toMatch(/does not exist or lives outside the organization's directory/);
    expect(raw.groups['future@example.org']).toMatchObject({ gapId: raw.gaps[0].id });

    // Paging happened, nothing was fetched twice, nothing was written.
    const log = emulator.requests();
    const pageTokens = log.filter((r) => r.query.pageToken);
    expect(new Set(pageTokens.map((r) => r.path))).toEqual(
      new Set([
        '/v1/projects/shop-registry/locations/us/repositories',
        '/v1/projects/shop-registry/locations/europe-west2/repositories',
        '/v1/groups/devs01/memberships',
        '/v1/groups/platform01/memberships',
        '/compute/v1/projects/net-host/regions/europe-west2/routers',
        '/v1/projects/shop-app/locations',
        '/v1/projects/shop-registry/locations',
      ]),
    );
    const keys = log.map((r) => `${r.method} ${r.path}?${new URLSearchParams(r.query).toString()}`);
    expect(keys.length).toBe(new Set(keys).size);
    for (const r of log) {
      expect(r.method === 'GET' || /:(getIamPolicy|getAncestry)$/.test(r.path)).toBe(true);
    }
    expect(log.some((r) => r.path.includes('browsers'))).toBe(false);
    expect(log.filter((r) => r.path === '/v1/groups:lookup').map((r) => r.query['groupKey.id']).sort()).toEqual(
      ['devs@example.org', 'everyone@example.org', 'future@example.org', 'platform@example.org', 'pullers@example.org'],
    );
  });

  it('enumerates a folder scope through nested folders (per-resource source)', async () => {
    const { raw, emulator } = await run(baseEstate(), { kind: 'folder', ids: ['200'] }, { tuning: { pageSize: 1 }, source: 'api' });
    expect(raw.collection).toMatchObject({ source: 'api', requested: 'api' });
    expect(Object.keys(raw.projects)).toEqual(['shop-app', 'shop-registry']);
    expect(Object.keys(raw.folders)).toEqual(['folders/200', 'folders/201']);
    const lists = emulator.requests().filter((r) => r.path === '/v1/projects').map((r) => r.query.filter);
    expect(lists).toContain('parent.type:folder parent.id:201 lifecycleState:ACTIVE');
    expect(emulator.requests().filter((r) => r.path === '/v3/folders').map((r) => r.query.parent)).toContain('folders/201');
    expect(raw.gaps.map((g) => g.method)).toEqual(['groups.lookup']);
  });

  it('enumerates an organization scope and every visible project for all-projects', async () => {
    const org = await run(baseEstate(), { kind: 'organization', ids: ['100'] });
    expect(Object.keys(org.raw.projects)).toEqual(['central-sa', 'net-host', 'shop-app', 'shop-registry']);
    const all = await run(baseEstate(), { kind: 'all-projects', ids: [] }, { tuning: { pageSize: 1 } });
    expect(Object.keys(all.raw.projects)).toEqual(['central-sa', 'net-host', 'shop-app', 'shop-registry']);
    expect(all.raw.projects['net-host'].clusters).toEqual({ ok: true, value: [] });
  });

  const cases: Array<{ match: string; method: string; resource: string; permission: string | null; check: (raw: RawEstate, gapId: string) => void }> = [
    {
      match: 'GET /v1/projects/shop-app', method: 'projects.get', resource: 'projects/shop-app', permission: 'resourcemanager.projects.get',
      // Resource Manager may refuse projects.get while clusters.list succeeds: what was listed is kept.
      check: (raw) => {
        const app = raw.projects['shop-app'];
        expect(app.project).toEqual({ projectId: 'shop-app' });
        expect(app.clusters.ok && app.clusters.value.map((c) => c.name).sort()).toEqual(['auto', 'web']);
      },
    },
    {
      match: 'POST /v1/projects/shop-app:getAncestry', method: 'projects.getAncestry', resource: 'projects/shop-app', permission: 'resourcemanager.projects.get',
      check: (raw, id) => {
        expect(raw.projects['shop-app'].ancestry).toEqual({ ok: false, gapId: id });
        expect(Object.keys(raw.folders)).toEqual(['folders/200', 'folders/201']);
      },
    },
    { match: 'POST /v1/projects/shop-app:getIamPolicy', method: 'projects.getIamPolicy', resource: 'projects/shop-app', permission: 'resourcemanager.projects.getIamPolicy', check: (raw, id) => expect(raw.projects['shop-app'].iamPolicy).toEqual({ ok: false, gapId: id }) },
    {
      match: 'GET /v1/projects/shop-app/locations/-/clusters', method: 'projects.locations.clusters.list', resource: 'projects/shop-app/locations/-', permission: 'container.clusters.list',
      check: (raw, id) => {
        expect(raw.projects['shop-app'].clusters).toEqual({ ok: false, gapId: id });
        expect(raw.serviceAccounts).toEqual({});
      },
    },
    { match: 'GET /v1/projects/shop-app/locations/europe-west2/serverConfig', method: 'projects.locations.getServerConfig', resource: 'projects/shop-app/locations/europe-west2', permission: 'container.clusters.list', check: (raw, id) => expect(raw.projects['shop-app'].serverConfigs['europe-west2']).toEqual({ ok: false, gapId: id }) },
    { match: 'GET /v1/projects/shop-registry/locations', method: 'projects.locations.list', resource: 'projects/shop-registry', permission: 'artifactregistry.locations.list', check: (raw, id) => expect(raw.projects['shop-registry'].repositories).toEqual({ items: [], gapIds: [id] }) },
    {
      match: 'GET /v1/projects/shop-registry/locations/us/repositories', method: 'projects.locations.repositories.list', resource: 'projects/shop-registry/locations/us', permission: 'artifactregistry.repositories.list',
      check: (raw, id) => {
        expect(raw.projects['shop-registry'].repositories.gapIds).toEqual([id]);
        expect(raw.projects['shop-registry'].repositories.items.map((r) => r.repository.name?.split('/').pop())).toEqual(['images', 'jars']);
      },
    },
    { match: 'GET /v1/projects/shop-registry/locations/europe-west2/repositories/images:getIamPolicy', method: 'projects.locations.repositories.getIamPolicy', resource: 'projects/shop-registry/locations/europe-west2/repositories/images', permission: 'artifactregistry.repositories.getIamPolicy', check: (raw, id) => expect(raw.projects['shop-registry'].repositories.items[0].iamPolicy).toEqual({ ok: false, gapId: id }) },
    { match: 'GET /v3/folders/201', method: 'folders.get', resource: 'folders/201', permission: 'resourcemanager.folders.get', check: (raw, id) => expect(raw.folders['folders/201'].folder).toEqual({ ok: false, gapId: id }) },
    { match: 'POST /v3/folders/200:getIamPolicy', method: 'folders.getIamPolicy', resource: 'folders/200', permission: 'resourcemanager.folders.getIamPolicy', check: (raw, id) => expect(raw.folders['folders/200'].iamPolicy).toEqual({ ok: false, gapId: id }) },
    { match: 'GET /v1/organizations/100', method: 'organizations.get', resource: 'organizations/100', permission: 'resourcemanager.organizations.get', check: (raw, id) => expect(raw.organizations['organizations/100'].organization).toEqual({ ok: false, gapId: id }) },
    {
      match: 'POST /v1/organizations/100:getIamPolicy', method: 'organizations.getIamPolicy', resource: 'organizations/100', permission: 'resourcemanager.organizations.getIamPolicy',
      check: (raw, id) => {
        expect(raw.organizations['organizations/100'].iamPolicy).toEqual({ ok: false, gapId: id });
        expect(raw.groups['everyone@example.org']).toBeUndefined();
      },
    },
    {
      match: `GET /v1/projects/-/serviceAccounts/${CENTRAL_SA}`, method: 'projects.serviceAccounts.get', resource: `projects/-/serviceAccounts/${CENTRAL_SA}`, permission: 'iam.serviceAccounts.get',
      check: (raw, id) => {
        // Listed in its own project, so the 403 was a refused read, not a deleted account.
        expect(raw.serviceAccounts[CENTRAL_SA]).toEqual({ ok: false, gapId: id });
        expect(raw.gaps.find((g) => g.id === id)!.message).toMatch(/deleted and when the auditor lacks iam\.serviceAccounts\.get.*project central-sa lists it/);
      },
    },
    {
      match: 'GET /v1/organizations/100/roles/puller', method: 'organizations.roles.get', resource: 'organizations/100/roles/puller', permission: 'iam.roles.get',
      check: (raw, id) => {
        expect(raw.roles['organizations/100/roles/puller']).toEqual({ ok: false, gapId: id });
        // A role whose permissions are unknown still has its groups resolved.
        expect(raw.groups['pullers@example.org']?.ok).toBe(true);
      },
    },
    { match: 'GET /v1/projects/shop-app/roles/imagePuller', method: 'projects.roles.get', resource: 'projects/shop-app/roles/imagePuller', permission: 'iam.roles.get', check: (raw, id) => expect(raw.roles['projects/shop-app/roles/imagePuller']).toEqual({ ok: false, gapId: id }) },
    { match: 'GET /v1/roles/artifactregistry.futureReader', method: 'roles.get', resource: 'roles/artifactregistry.futureReader', permission: null, check: (raw, id) => expect(raw.roles['roles/artifactregistry.futureReader']).toEqual({ ok: false, gapId: id }) },
    {
      match: `GET /compute/v1/${SUBNET}`, method: 'subnetworks.get', resource: SUBNET, permission: 'compute.subnetworks.get',
      check: (raw, id) => {
        expect(raw.subnetworks[SUBNET]).toEqual({ ok: false, gapId: id });
        expect(raw.routers['projects/net-host/regions/europe-west2'].ok).toBe(true);
      },
    },
    { match: 'GET /compute/v1/projects/net-host/regions/europe-west2/routers', method: 'routers.list', resource: 'projects/net-host/regions/europe-west2', permission: 'compute.routers.list', check: (raw, id) => expect(raw.routers['projects/net-host/regions/europe-west2']).toEqual({ ok: false, gapId: id }) },
    { match: 'GET /v1/groups/devs01/memberships', method: 'groups.memberships.list', resource: 'groups/devs01', permission: 'cloudidentity.groups.memberships.list', check: (raw, id) => expect(raw.groups['devs@example.org']).toEqual({ ok: false, gapId: id }) },
  ];

  it.each(cases)('a 403 on $method gives its gap and no crash', async ({ match, method, resource, permission, check }) => {
    const { raw } = await run(withFaults([{ match, status: 403, reason: 'IAM_PERMISSION_DENIED' }]));
    const gap = raw.gaps.find((g) => g.method === method);
    expect(gap).toMatchObject({ method, resource, status: 403, reason: 'IAM_PERMISSION_DENIED', permission, request: match });
    expect(gap!.message).toMatch(/Pullcheck could not .*(permission denied|or it may not exist)/);
    check(raw, gap!.id);
  });

  it('a 403 on groups.lookup leaves every bound group undecided', async () => {
    const { raw } = await run(withFaults([{ match: 'GET /v1/groups:lookup', status: 403 }]));
    const lookups = raw.gaps.filter((g) => g.method === 'groups.lookup');
    expect(lookups.map((g) => g.resource).sort()).toEqual(['groups/devs@example.org', 'groups/everyone@example.org', 'groups/future@example.org', 'groups/pullers@example.org']);
    expect(lookups.every((g) => g.status === 403 && g.permission === 'cloudidentity.groups.get')).toBe(true);
    expect(raw.groups['devs@example.org']).toEqual({ ok: false, gapId: lookups.find((g) => g.resource.includes('devs'))!.id });
  });

  it('a disabled service gives SERVICE_DISABLED gaps that name the service, not a permission', async () => {
    const estate = baseEstate();
    const projects = estate.projects as Array<Record<string, unknown>>;
    projects[1].disabledServices = ['container.googleapis.com'];
    projects[0].disabledServices = ['artifactregistry.googleapis.com'];
    const { raw } = await run(estate);
    const gke = raw.gaps.find((g) => g.api === 'container')!;
    expect(gke).toMatchObject({ method: 'projects.locations.clusters.list', resource: 'projects/shop-registry/locations/-', status: 403, reason: 'SERVICE_DISABLED', permission: null });
    expect(gke.message).toContain('gcloud services enable container.googleapis.com --project=shop-registry');
    expect(raw.projects['shop-registry'].clusters).toEqual({ ok: false, gapId: gke.id });
    const ar = raw.gaps.find((g) => g.api === 'artifactregistry')!;
    expect(ar).toMatchObject({ reason: 'SERVICE_DISABLED', resource: 'projects/shop-app' });
    expect(raw.projects['shop-app'].repositories.gapIds).toEqual([ar.id]);
  });

  it('waits out a 429 with Retry-After, then succeeds without a gap', async () => {
    const sleeps: number[] = [];
    const progress: CollectProgress[] = [];
    const { raw, emulator } = await run(
      withFaults([{ match: 'GET /v1/projects/shop-app/locations/-/clusters', status: 429, times: 1, retryAfter: 1 }]),
      TWO,
      { tuning: { maxRetryAfterMs: 60_000, sleep: async (ms) => void sleeps.push(ms) }, onProgress: (p) => progress.push(p) },
    );
    // The call itself waits the full Retry-After; later calls to the same project's GKE quota wait out the rest of the window.
    expect(sleeps[0]).toBe(1000);
    expect(sleeps.slice(1).every((ms) => ms > 0 && ms <= 1000)).toBe(true);
    expect(raw.gaps.map((g) => g.method)).toEqual(['groups.lookup']);
    expect(raw.projects['shop-app'].clusters.ok).toBe(true);
    expect(emulator.requests().filter((r) => r.path === '/v1/projects/shop-app/locations/-/clusters').map((r) => r.status)).toEqual([429, 200]);
    expect(progress.some((p) => p.waiting?.ms === 1000 && /429/.test(p.waiting.reason))).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', projectsDone: 2, projectsTotal: 2, gaps: 1 });
  });

  it('retries 503 until it clears', async () => {
    const { raw, emulator } = await run(withFaults([{ match: 'POST /v3/folders/200:getIamPolicy', status: 503, times: 2 }]));
    expect(raw.folders['folders/200'].iamPolicy.ok).toBe(true);
    expect(emulator.requests().filter((r) => r.path === '/v3/folders/200:getIamPolicy').map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('gives up on a 503 that outlasts maxRetries', async () => {
    const { raw, emulator } = await run(withFaults([{ match: 'POST /v3/folders/200:getIamPolicy', status: 503 }]), TWO, { env: { PULLCHECK_MAX_RETRIES: '2' } });
    expect(raw.gaps.find((g) => g.method === 'folders.getIamPolicy')).toMatchObject({ status: 503, permission: null });
    expect(emulator.requests().filter((r) => r.path === '/v3/folders/200:getIamPolicy')).toHaveLength(3);
  });

  it('turns a call that never answers in time into a TIMEOUT gap with status null', async () => {
    const t0 = Date.now();
    const { raw } = await run(withFaults([{ match: 'POST /v1/projects/shop-registry:getIamPolicy', status: 200, latencyMs: 3000 }]), TWO, { env: { PULLCHECK_TIMEOUT_MS: '100' } });
    const gap = raw.gaps.find((g) => g.method === 'projects.getIamPolicy');
    expect(gap).toMatchObject({ status: null, reason: 'TIMEOUT', resource: 'projects/shop-registry' });
    expect(raw.projects['shop-registry'].iamPolicy).toEqual({ ok: false, gapId: gap!.id });
    expect(Date.now() - t0).toBeLessThan(2500);
  });

  it('stops promptly and rejects with an AbortError when cancelled', async () => {
    const estate = { ...baseEstate(), latencyMs: 300 };
    const { emulator, config } = await emulate(estate);
    running.push(emulator);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 400);
    const t0 = Date.now();
    const err = await collectEstate({ scope: TWO, config, signal: ctl.signal, tuning: FAST }).catch((e: unknown) => e);
    expect(isCancelled(err)).toBe(true);
    // Uncancelled, this scan takes several seconds (a dozen sequential 300 ms rounds).
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('refuses to start without usable credentials', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pullcheck-gcp-'));
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ type: 'external_account_authorized_user', audience: '//x', client_id: 'a', client_secret: 'b', refresh_token: 'c', token_url: 'http://127.0.0.1:9/token' }));
    const config = readGcpConfig({ PULLCHECK_API_ROOT: 'http://127.0.0.1:9', GOOGLE_APPLICATION_CREDENTIALS: file, PULLCHECK_TIMEOUT_MS: '2000' });
    const err = await collectEstate({ scope: TWO, config, tuning: { ...DEFAULT_TUNING, ...FAST } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toMatch(/could not get a Google access token from .*bad\.json/);
  });
});

/** The collector's clients, with Cloud Identity's memberships.list asked without a view (Google's BASIC default). */
function basicViewClients(config: GcpConfig): GcpClients {
  const clients = makeClients(config);
  const list = clients.cloudidentity.groups.memberships.list.bind(clients.cloudidentity.groups.memberships);
  const stripped = ((params: Record<string, unknown>, options: unknown) => {
    const rest = { ...params };
    delete rest.view;
    return (list as (p: unknown, o: unknown) => unknown)(rest, options);
  }) as unknown as typeof clients.cloudidentity.groups.memberships.list;
  clients.cloudidentity.groups.memberships.list = stripped;
  return clients;
}

const verdicts = (raw: RawEstate) =>
  Object.fromEntries(evaluate(normalize(raw), { now: new Date('2026-11-30T00:00:00Z') }).pairs.map((p) => [`${p.nodePool} × ${p.repository}`, p.verdict]));

describe('Google as it really answers', () => {
  it('asks memberships.list for the FULL view (types) with at most 500 per page', async () => {
    const { emulator } = await run(baseEstate());
    const lists = emulator.requests().filter((r) => r.path.endsWith('/memberships'));
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((r) => r.query.view === 'FULL' && Number(r.query.pageSize) <= 500)).toBe(true);
  });

  it('gives the same verdicts when memberships carry no type (BASIC view): a member without a type may be a group', async () => {
    // The node account reaches the download grant only through a nested group: devs → platform → nested-sa group.
    const estate = baseEstate();
    const groups = estate.groups as Array<{ group: Record<string, unknown>; members: Array<Record<string, unknown>> }>;
    groups.push({
      group: { name: 'groups/inner01', groupKey: { id: 'inner@example.org' } },
      members: [{ preferredMemberKey: { id: GONE_SA.replace('gone', 'nodes') }, type: 'SERVICE_ACCOUNT' }],
    });
    groups.find((g) => (g.group.groupKey as { id: string }).id === 'pullers@example.org')!.members = [{ preferredMemberKey: { id: 'inner@example.org' }, type: 'GROUP' }];
    const typed = await run(estate);
    const { emulator, config } = await emulate(estate);
    running.push(emulator);
    const untyped = await collectEstate({ scope: TWO, config, tuning: FAST, clients: basicViewClients(config) });
    expect(emulator.requests().filter((r) => r.path.endsWith('/memberships')).every((r) => r.query.view === undefined)).toBe(true);
    // Without types the collector looked the nested group up anyway, and users it tried as groups left no gap.
    expect(untyped.groups['inner@example.org']?.ok).toBe(true);
    expect(untyped.gaps.map((g) => g.method)).toEqual(typed.raw.gaps.map((g) => g.method));
    const want = verdicts(typed.raw);
    expect(Object.values(want)).toContain('can-pull');
    expect(verdicts(untyped)).toEqual(want);
  });

  it('decides a deleted node account from the 403 Google gives, by listing the account\'s own project', async () => {
    const { raw, emulator } = await run(baseEstate());
    expect(raw.serviceAccounts[GONE_SA]).toEqual({ ok: false, notFound: true });
    expect(raw.gaps.some((g) => g.resource.includes(GONE_SA))).toBe(false);
    expect(emulator.requests().find((r) => r.path === `/v1/projects/-/serviceAccounts/${GONE_SA}`)?.status).toBe(403);
    expect(emulator.requests().some((r) => r.path === '/v1/projects/central-sa/serviceAccounts')).toBe(true);
  });

  it('leaves a 403 undecided, naming both causes, when the account\'s project cannot be listed', async () => {
    const { raw } = await run(withFaults([{ match: 'GET /v1/projects/central-sa/serviceAccounts', status: 403 }]));
    const gap = raw.gaps.find((g) => g.method === 'projects.serviceAccounts.get' && g.resource.includes(GONE_SA))!;
    expect(raw.serviceAccounts[GONE_SA]).toEqual({ ok: false, gapId: gap.id });
    expect(gap).toMatchObject({ status: 403, permission: 'iam.serviceAccounts.get' });
    expect(gap.message).toMatch(/deleted and when the auditor lacks iam\.serviceAccounts\.get.*refused too/);
    // The engine's cause says the same: undecided (audit-access), deleted or refused.
    const causes = evaluate(normalize(raw), { now: new Date('2026-11-30T00:00:00Z') }).pairs
      .filter((p) => p.nodePool.endsWith('/nodePools/legacy'))
      .flatMap((p) => p.causes);
    expect(causes.some((c) => c.category === 'audit-access' && /both for a deleted account and when the auditor lacks iam\.serviceAccounts\.get/.test(c.message))).toBe(true);
    expect(causes.some((c) => c.category === 'service-account')).toBe(false);
  });

  it('keeps the clusters and repositories of a project whose projects.get was refused, and its snapshot stays valid', async () => {
    const { raw } = await run(withFaults([{ match: 'GET /v1/projects/shop-registry', status: 403 }]));
    const reg = raw.projects['shop-registry'];
    expect(reg.project).toEqual({ projectId: 'shop-registry' });
    expect(reg.repositories.items.map((r) => r.repository.name)).toContain('projects/shop-registry/locations/us/repositories/base');
    expect(normalize(raw).repositories.some((r) => r.project === 'shop-registry')).toBe(true);
    const r = parseScenario(JSON.stringify(rawToScenario(raw, { redact: false, description: 'refused projects.get' })), 'snapshot.json');
    expect(r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([]);
  });

  it('turns missingZones into a gap for that zone instead of silence', async () => {
    const { raw } = await run(withFaults([{ match: 'GET /v1/projects/shop-app/locations/-/clusters', missingZones: ['europe-west2-b'] }]));
    const gap = raw.gaps.find((g) => g.reason === 'MISSING_ZONES')!;
    expect(gap).toMatchObject({ method: 'projects.locations.clusters.list', resource: 'projects/shop-app/locations/europe-west2-b', permission: null });
    expect(gap.message).toContain('clusters in that zone may be missing');
    expect(raw.projects['shop-app'].clusterGapIds).toEqual([gap.id]);
    expect(normalize(raw).clusterListGaps).toContainEqual({ project: 'shop-app', gapId: gap.id });
  });

  it('sends PULLCHECK_QUOTA_PROJECT as x-goog-user-project even when the ADC file names another quota project', async () => {
    const { emulator, config } = await emulate(baseEstate());
    running.push(emulator);
    const file = join(await mkdtemp(join(tmpdir(), 'pullcheck-qp-')), 'adc.json');
    const adc = JSON.parse(await readFile(config.credentialsFile!, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify({ ...adc, quota_project_id: 'adc-file-project' }));
    await collectEstate({ scope: TWO, config: { ...config, credentialsFile: file, quotaProject: 'configured-qp' }, tuning: FAST });
    const carried = new Set(emulator.requests().map((r) => r.userProject));
    expect([...carried]).toEqual(['configured-qp']);
  });

  it('blames the quota project named in metadata.consumer for SERVICE_DISABLED, not the scanned project', async () => {
    const estate = { ...baseEstate(), quotaProject: { projectId: 'billing-qp', projectNumber: '777777777777', enabledServices: ['serviceusage.googleapis.com', 'cloudresourcemanager.googleapis.com', 'container.googleapis.com', 'artifactregistry.googleapis.com', 'iam.googleapis.com', 'compute.googleapis.com'] } };
    const { raw } = await run(estate);
    const ci = raw.gaps.filter((g) => g.api === 'cloudidentity');
    expect(ci.length).toBeGreaterThan(0);
    expect(ci.every((g) => g.reason === 'SERVICE_DISABLED')).toBe(true);
    expect(ci[0].message).toContain('disabled on the quota project billing-qp (777777777777)');
    expect(ci[0].message).toContain('gcloud services enable cloudidentity.googleapis.com --project=billing-qp');
    expect(ci[0].message).not.toMatch(/does not use/);
  });

  it('stops before the scan when the quota project cannot serve it (USER_PROJECT_DENIED, or GKE disabled there)', async () => {
    const denied = await emulate({ ...baseEstate(), quotaProject: { projectId: 'billing-qp', projectNumber: '777777777777', callerCanUse: false } });
    running.push(denied.emulator);
    const err = await collectEstate({ scope: TWO, config: denied.config, tuning: FAST }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreflightError);
    expect((err as Error).message).toContain('gcloud projects add-iam-policy-binding billing-qp --member=user:AUDITOR_EMAIL --role=roles/serviceusage.serviceUsageConsumer');
    // One refused call (the preflight's), not one per resource.
    expect(denied.emulator.requests().filter((r) => r.status === 403)).toHaveLength(1);

    const off = await emulate({ ...baseEstate(), quotaProject: { projectId: 'billing-qp', projectNumber: '777777777777', enabledServices: ['serviceusage.googleapis.com', 'artifactregistry.googleapis.com'] } });
    running.push(off.emulator);
    const report = await preflight(off.config);
    expect(report.fatal).toBe(true);
    expect(report.quotaProject).toEqual({ id: 'billing-qp', number: '777777777777', source: 'credentials' });
    expect(formatPreflight(report)).toContain('gcloud services enable container.googleapis.com --project=billing-qp');
  });
});
