/** Collecting deny policies, perimeters and download rules through googleapis against the emulator. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../emulator';
import type { RawEstate, Scope } from '../inventory/raw';
import type { CallTuning } from './call';
import { collectEstate } from './collect';
import { emulate } from './__fixtures__/estate';
import { FOLDER_POINT, IMAGES, ORG_POINT, PROJECT_POINT, guardedEstate } from './__fixtures__/guards-estate';

const FAST: Partial<CallTuning> = { baseBackoffMs: 1, maxBackoffMs: 4, maxRetryAfterMs: 20 };
const TWO: Scope = { kind: 'projects', ids: ['shop-app', 'shop-registry'] };
const enc = (s: string) => encodeURIComponent(s);

let running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.stop()));
  running = [];
});

async function run(estate: Record<string, unknown>, scope: Scope = TWO, pageSize = 500): Promise<{ raw: RawEstate; emulator: Emulator }> {
  const { emulator, config } = await emulate(estate, { PULLCHECK_MAX_RETRIES: '2' });
  running.push(emulator);
  const raw = await collectEstate({ scope, config, tuning: { ...FAST, pageSize } });
  return { raw, emulator };
}

/** The gaps of the guard reads (the base estate has gaps of its own: a group outside the directory). */
const GUARD_APIS = new Set(['iam:policies.listPolicies', 'iam:policies.get', 'accesscontextmanager:accessPolicies.list', 'accesscontextmanager:accessPolicies.servicePerimeters.list', 'artifactregistry:projects.locations.repositories.rules.list']);
const guardGaps = (raw: RawEstate) => raw.gaps.filter((g) => GUARD_APIS.has(`${g.api}:${g.method}`));

const gapOf = (raw: RawEstate, r: { ok: boolean; gapId?: string } | undefined) => raw.gaps.find((g) => g.id === (r as { gapId?: string } | undefined)?.gapId);

describe('deny policies', () => {
  it('reads every attachment point of each Docker repository chain once: list (paged), then get each policy with its rules', async () => {
    const { raw, emulator } = await run(guardedEstate());
    expect(Object.keys(raw.denyPolicies ?? {})).toEqual(['folders/200', 'folders/201', 'organizations/100', 'projects/shop-app', 'projects/shop-registry']);
    const project = raw.denyPolicies!['projects/shop-registry'];
    expect(project.ok && project.value.map((p) => p.name)).toEqual(['a', 'b', 'c'].map((id) => `policies/${enc('cloudresourcemanager.googleapis.com/projects/222222222222')}/denypolicies/${id}`));
    expect(project.ok && project.value[0].rules?.[0].denyRule?.denialCondition?.expression).toBe("resource.matchTag('100/env', 'prod')");
    expect(raw.denyPolicies!['folders/201']).toEqual({ ok: true, value: [] });
    const org = raw.denyPolicies!['organizations/100'];
    expect(org.ok && org.value[0].rules?.[0].denyRule?.exceptionPrincipals).toEqual(['principalSet://goog/group/contractors@example.org']);
    const calls = emulator.requests().filter((r) => r.path.startsWith('/v2/'));
    // Google ignores pageSize on listPolicies: only pageToken is sent.
    expect(calls.every((r) => r.query.pageSize === undefined)).toBe(true);
    const lists = calls.filter((r) => r.path.endsWith('/denypolicies'));
    expect(lists.filter((r) => r.path === `/v2/${PROJECT_POINT}`)).toHaveLength(2);
    expect(new Set(lists.map((r) => r.path)).size).toBe(5);
    const gets = calls.filter((r) => !r.path.endsWith('/denypolicies')).map((r) => r.path).sort();
    expect(gets).toHaveLength(5);
    expect(new Set(gets).size).toBe(5);
    expect(guardGaps(raw)).toEqual([]);
  });

  it('a refused list leaves that attachment point a gap naming iam.denypolicies.list and roles/iam.denyReviewer, never an empty list', async () => {
    const { raw } = await run({ ...guardedEstate(), faults: [{ match: `GET /v2/${FOLDER_POINT}`, status: 403 }] });
    const folder = raw.denyPolicies!['folders/200'];
    expect(folder.ok).toBe(false);
    const gap = gapOf(raw, folder as { ok: false; gapId: string });
    expect(gap).toMatchObject({ api: 'iam', method: 'policies.listPolicies', resource: 'folders/200', status: 403, permission: 'iam.denypolicies.list', request: `GET /v2/${FOLDER_POINT}` });
    expect(gap!.message).toContain('roles/iam.denyReviewer');
    expect(raw.denyPolicies!['organizations/100'].ok).toBe(true);
  });

  it('a refused get of one policy leaves its attachment point a gap naming iam.denypolicies.get; a policy gone by then (404) is skipped', async () => {
    const got = `GET /v2/policies/${enc('cloudresourcemanager.googleapis.com/projects/222222222222')}/denypolicies`;
    const { raw } = await run({ ...guardedEstate(), faults: [{ match: `${got}/b`, status: 403 }, { match: `GET /v2/${ORG_POINT}/no-public`, status: 404 }] });
    const project = raw.denyPolicies!['projects/shop-registry'];
    expect(project.ok).toBe(false);
    expect(gapOf(raw, project as { ok: false; gapId: string })).toMatchObject({ method: 'policies.get', status: 403, permission: 'iam.denypolicies.get', resource: `${got.slice(8)}/b` });
    expect(raw.denyPolicies!['organizations/100']).toEqual({ ok: true, value: [] });
    expect(guardGaps(raw)).toHaveLength(1);
  });

  it('a transient 503 is retried and leaves no gap', async () => {
    const { raw } = await run({ ...guardedEstate(), faults: [{ match: `GET /v2/${ORG_POINT}`, status: 503, times: 1 }] });
    expect(raw.denyPolicies!['organizations/100'].ok).toBe(true);
    expect(guardGaps(raw)).toEqual([]);
  });

  it('a deny rule naming the service accounts of a folder reads the ancestry of node account projects outside the scope', async () => {
    const estate = guardedEstate();
    (estate.organizations as Array<{ denyPolicies: Array<{ rules: Array<{ denyRule: Record<string, unknown> }> }> }>)[0].denyPolicies[0].rules[0].denyRule.deniedPrincipals = [
      'principalSet://cloudresourcemanager.googleapis.com/folders/200/type/ServiceAccount',
    ];
    const { raw } = await run(estate);
    expect(Object.keys(raw.projects)).not.toContain('central-sa');
    expect(raw.accountProjects?.['central-sa']).toEqual({
      ok: true,
      value: [{ resourceId: { type: 'project', id: 'central-sa' } }, { resourceId: { type: 'organization', id: '100' } }],
    });
    const plain = await run(guardedEstate());
    expect(plain.raw.accountProjects).toBeUndefined();
  });

  it('resolves the groups deny rules name (denied and excepted), nested ones included, as for allow bindings', async () => {
    const estate = guardedEstate();
    (estate.groups as unknown[]).push(
      { group: { name: 'groups/contractors01', groupKey: { id: 'contractors@example.org' } }, members: [{ preferredMemberKey: { id: 'vendors@example.org' }, type: 'GROUP' }] },
      { group: { name: 'groups/vendors01', groupKey: { id: 'vendors@example.org' } }, members: [{ preferredMemberKey: { id: 'nodes@central-sa.iam.gserviceaccount.com' }, type: 'SERVICE_ACCOUNT' }] },
    );
    const { raw } = await run(estate);
    const contractors = raw.groups['contractors@example.org'];
    expect(contractors?.ok && contractors.value.members.map((m) => m.preferredMemberKey?.id)).toEqual(['vendors@example.org']);
    const vendors = raw.groups['vendors@example.org'];
    expect(vendors?.ok && vendors.value.members.map((m) => m.preferredMemberKey?.id)).toEqual(['nodes@central-sa.iam.gserviceaccount.com']);
    // A group the directory does not hold: a gap, as for allow bindings.
    const missing = await run(guardedEstate());
    expect(missing.raw.groups['contractors@example.org']?.ok).toBe(false);
  });

  it('reads nothing for projects without Docker repositories', async () => {
    const { raw, emulator } = await run(guardedEstate(), { kind: 'projects', ids: ['shop-app'] });
    expect(Object.keys(raw.denyPolicies ?? {})).toEqual(['folders/200', 'folders/201', 'organizations/100', 'projects/shop-app']);
    const noRepos = guardedEstate();
    for (const p of noRepos.projects as Array<Record<string, unknown>>) delete p.repositories;
    await emulator.stop();
    const again = await run(noRepos);
    expect(again.raw.denyPolicies).toBeUndefined();
    expect(again.emulator.requests().some((r) => r.path.startsWith('/v2/'))).toBe(false);
  });
});

describe('access policies and perimeters', () => {
  it('reads every access policy of the organization, scoped ones too, and each one\'s perimeters (paged)', async () => {
    const { raw } = await run(guardedEstate(), TWO, 1);
    const org = raw.accessPolicies!['organizations/100'];
    expect(org.ok).toBe(true);
    if (!org.ok) return;
    expect(org.value.map((e) => e.accessPolicy.name)).toEqual(['accessPolicies/700', 'accessPolicies/701']);
    expect(org.value[1].accessPolicy.scopes).toEqual(['projects/111111111111']);
    const perimeters = org.value[0].servicePerimeters;
    expect(perimeters.ok && perimeters.value.map((p) => p.name?.split('/').pop())).toEqual(['registry', 'bridge', 'dry']);
    // Google's proto3 JSON leaves PERIMETER_TYPE_REGULAR out; the collector keeps what Google sent.
    expect(perimeters.ok && perimeters.value[0].perimeterType).toBeUndefined();
    expect(perimeters.ok && perimeters.value[2]).toMatchObject({ useExplicitDryRunSpec: true, spec: { resources: ['projects/111111111111'] } });
    expect(org.value[1].servicePerimeters).toEqual({ ok: true, value: [] });
  });

  it('reads the number of a Shared VPC host project outside the scope, since perimeters list projects by number', async () => {
    const { raw } = await run(guardedEstate());
    expect(Object.keys(raw.projects)).not.toContain('net-host');
    expect(raw.hostProjects).toEqual({ 'net-host': { ok: true, value: expect.objectContaining({ projectId: 'net-host', projectNumber: '444444444444' }) } });
    const refused = await run({ ...guardedEstate(), faults: [{ match: 'GET /v1/projects/net-host', status: 403 }] });
    const host = refused.raw.hostProjects!['net-host'];
    expect(gapOf(refused.raw, host as { ok: false; gapId: string })).toMatchObject({ method: 'projects.get', permission: 'resourcemanager.projects.get' });
  });

  it('reads no host project when no perimeter exists, and nothing at all for projects without an organization', async () => {
    const none = guardedEstate();
    delete none.accessPolicies;
    const { raw } = await run(none);
    expect(raw.accessPolicies).toEqual({ 'organizations/100': { ok: true, value: [] } });
    expect(raw.hostProjects).toBeUndefined();
    const orphan = { scenario: 1, projects: [{ project: { projectId: 'lonely-app', projectNumber: '5' }, repositories: [{ repository: { name: 'projects/lonely-app/locations/us/repositories/r', format: 'DOCKER' } }] }] };
    const alone = await run(orphan, { kind: 'projects', ids: ['lonely-app'] });
    expect(alone.raw.accessPolicies).toBeUndefined();
    expect(alone.emulator.requests().some((r) => r.path.startsWith('/v1/accessPolicies'))).toBe(false);
    expect(alone.raw.denyPolicies).toEqual({ 'projects/lonely-app': { ok: true, value: [] } });
  });

  it('a refused accessPolicies.list or servicePerimeters.list is a gap naming the permission and roles/accesscontextmanager.policyReader', async () => {
    const listRefused = await run({ ...guardedEstate(), faults: [{ match: 'GET /v1/accessPolicies', status: 403 }] });
    const org = listRefused.raw.accessPolicies!['organizations/100'];
    expect(org.ok).toBe(false);
    const gap = gapOf(listRefused.raw, org as { ok: false; gapId: string });
    expect(gap).toMatchObject({ api: 'accesscontextmanager', method: 'accessPolicies.list', resource: 'organizations/100', status: 403, permission: 'accesscontextmanager.policies.list' });
    expect(gap!.message).toContain('roles/accesscontextmanager.policyReader');
    expect(listRefused.raw.hostProjects).toBeUndefined();

    const perimetersRefused = await run({ ...guardedEstate(), faults: [{ match: 'GET /v1/accessPolicies/701/servicePerimeters', status: 403 }] });
    const entries = perimetersRefused.raw.accessPolicies!['organizations/100'];
    expect(entries.ok).toBe(true);
    if (!entries.ok) return;
    expect(entries.value[0].servicePerimeters.ok).toBe(true);
    expect(gapOf(perimetersRefused.raw, entries.value[1].servicePerimeters as { ok: false; gapId: string })).toMatchObject({
      method: 'accessPolicies.servicePerimeters.list',
      resource: 'accessPolicies/701',
      permission: 'accesscontextmanager.servicePerimeters.list',
    });
  });
});

describe('download rules', () => {
  const entry = (raw: RawEstate, name: string) => Object.values(raw.projects).flatMap((p) => p.repositories.items).find((r) => r.repository.name === name)!;

  it('lists the rules of every Docker repository (paged), and of no other format', async () => {
    const { raw, emulator } = await run(guardedEstate(), TWO, 2);
    const images = entry(raw, IMAGES).rules;
    expect(images?.ok && images.value.map((r) => `${r.action} ${r.packageId ?? '*'}`)).toEqual(['DENY *', 'ALLOW app', 'DENY app']);
    expect(entry(raw, 'projects/shop-registry/locations/us/repositories/base').rules).toEqual({ ok: true, value: [] });
    expect(entry(raw, 'projects/shop-registry/locations/europe-west2/repositories/jars').rules).toBeUndefined();
    expect(emulator.requests().filter((r) => r.path === `/v1/${IMAGES}/rules`)).toHaveLength(2);
  });

  it('404 or 400 (the Preview not offered there) means no rules; 403 is a gap naming artifactregistry.rules.list', async () => {
    const { raw } = await run({
      ...guardedEstate(),
      faults: [
        { match: `GET /v1/${IMAGES}/rules`, status: 404 },
        { match: 'GET /v1/projects/shop-registry/locations/us/repositories/base/rules', status: 400 },
        { match: 'GET /v1/projects/shop-registry/locations/us/repositories/tools/rules', status: 403 },
      ],
    });
    expect(entry(raw, IMAGES).rules).toEqual({ ok: true, value: [] });
    expect(entry(raw, 'projects/shop-registry/locations/us/repositories/base').rules).toEqual({ ok: true, value: [] });
    const tools = entry(raw, 'projects/shop-registry/locations/us/repositories/tools').rules;
    expect(tools?.ok).toBe(false);
    expect(gapOf(raw, tools as { ok: false; gapId: string })).toMatchObject({ method: 'projects.locations.repositories.rules.list', status: 403, permission: 'artifactregistry.rules.list' });
    expect(guardGaps(raw)).toHaveLength(1);
  });
});
