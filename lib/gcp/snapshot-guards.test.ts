/**
 * `collect` writes deny policies, download rules and access policies into the snapshot, replays their refusals as
 * faults, and `--redact` replaces every person and group they name (deny principals principal://goog/subject/EMAIL
 * and principalSet://goog/group/EMAIL, perimeter ingress/egress identities user:/group:), keeping service accounts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../emulator';
import type { RawEstate, Scope } from '../inventory/raw';
import { parseScenario, type Scenario } from '../scenario/schema';
import { collectEstate } from './collect';
import { rawToScenario, redactedEmail } from './snapshot';
import { emulate } from './__fixtures__/estate';
import { DENY_GROUP, DENY_PERSON, FOLDER_POINT, IMAGES, INGRESS_GROUP, INGRESS_PERSON, PERIMETER_SA, guardedEstate } from './__fixtures__/guards-estate';

const FAST = { baseBackoffMs: 1, maxBackoffMs: 4 };
const TWO: Scope = { kind: 'projects', ids: ['shop-app', 'shop-registry'] };
const KEY = 'guards-redaction-key';
const REGISTRY_POINT = `policies/${encodeURIComponent('cloudresourcemanager.googleapis.com/projects/222222222222')}/denypolicies`;

let running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.stop()));
  running = [];
});

async function collect(estate: Record<string, unknown> | Scenario, scope: Scope = TWO): Promise<RawEstate> {
  const { emulator, config } = await emulate(estate, { PULLCHECK_MAX_RETRIES: '1' });
  running.push(emulator);
  return collectEstate({ scope, config, tuning: FAST });
}

const content = (raw: RawEstate) => ({ ...raw, startedAt: '', finishedAt: '' });

function reparse(s: Scenario): Scenario {
  const r = parseScenario(JSON.stringify(s, null, 2), 'snapshot.json');
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.scenario;
}

describe('snapshots of deny policies, perimeters and download rules', () => {
  it('round-trip: collect, write, serve, collect again gives the same raw estate', async () => {
    const first = await collect(guardedEstate());
    expect(first.denyPolicies?.['projects/shop-registry'].ok).toBe(true);
    expect(first.hostProjects?.['net-host'].ok).toBe(true);
    const snapshot = reparse(rawToScenario(first, { redact: false }));
    const registry = snapshot.projects.find((p) => p.project.projectId === 'shop-registry')!;
    expect(registry.denyPolicies?.map((p) => p.name.split('/').pop())).toEqual(['a', 'b', 'c']);
    expect(registry.repositories?.find((r) => r.repository.name === IMAGES)?.rules).toHaveLength(3);
    expect(snapshot.accessPolicies?.map((e) => e.accessPolicy.name)).toEqual(['accessPolicies/700', 'accessPolicies/701']);
    // The host project keeps the number Google gave it, which perimeters name.
    expect(snapshot.projects.find((p) => p.project.projectId === 'net-host')?.project.projectNumber).toBe('444444444444');
    const second = await collect(snapshot);
    expect(content(second)).toEqual(content(first));
  });

  it('round-trip with refusals: a refused list, a refused get among readable ones, refused perimeters and rules replay as the same gaps', async () => {
    const estate = {
      ...guardedEstate(),
      faults: [
        { match: `GET /v2/${FOLDER_POINT}`, status: 403 },
        { match: `GET /v2/${REGISTRY_POINT}/b`, status: 403 },
        { match: `GET /v2/${REGISTRY_POINT}/c`, status: 403 },
        { match: 'GET /v1/accessPolicies/701/servicePerimeters', status: 403 },
        { match: 'GET /v1/projects/shop-registry/locations/us/repositories/tools/rules', status: 403 },
        { match: 'GET /v1/projects/shop-registry/locations/us/repositories/base/rules', status: 404 },
      ],
    };
    const first = await collect(estate);
    expect(first.denyPolicies?.['folders/200'].ok).toBe(false);
    expect(first.denyPolicies?.['projects/shop-registry'].ok).toBe(false);
    const snapshot = reparse(rawToScenario(first, { redact: false }));
    // The policies whose get was refused are named, so the replayed list offers them and the fault refuses the get.
    expect(snapshot.projects.find((p) => p.project.projectId === 'shop-registry')?.denyPolicies).toEqual([{ name: `${REGISTRY_POINT}/b` }, { name: `${REGISTRY_POINT}/c` }]);
    expect(snapshot.faults).toContainEqual({ match: `GET /v2/${FOLDER_POINT}`, status: 403, times: null, reason: 'IAM_PERMISSION_DENIED' });
    const second = await collect(snapshot);
    expect(content(second)).toEqual(content(first));
  });

  it('round-trip: a deny rule naming a folder\'s service accounts keeps the node account project\'s ancestry on replay', async () => {
    const estate = guardedEstate();
    (estate.folders as Array<{ denyPolicies: Array<{ rules: Array<{ denyRule: Record<string, unknown> }> }> }>)[0].denyPolicies[0].rules[0].denyRule.exceptionPrincipals = [
      'principalSet://cloudresourcemanager.googleapis.com/organizations/100/type/ServiceAccount',
    ];
    const first = await collect(estate);
    expect(first.accountProjects?.['central-sa']?.ok).toBe(true);
    const second = await collect(reparse(rawToScenario(first, { redact: false })));
    expect(content(second)).toEqual(content(first));
  });

  it('a project whose projects.get was refused keeps the number its deny policies name, so the snapshot stays valid and replays', async () => {
    const first = await collect({ ...guardedEstate(), faults: [{ match: 'GET /v1/projects/shop-registry', status: 403 }] });
    expect(first.projects['shop-registry'].project.projectNumber).toBeUndefined();
    const snapshot = reparse(rawToScenario(first, { redact: false }));
    expect(snapshot.projects.find((p) => p.project.projectId === 'shop-registry')?.project.projectNumber).toBe('222222222222');
    const second = await collect(snapshot);
    expect(content(second)).toEqual(content(first));
  });

  it('a refused accessPolicies.list replays refused', async () => {
    const first = await collect({ ...guardedEstate(), faults: [{ match: 'GET /v1/accessPolicies', status: 403 }] });
    const snapshot = reparse(rawToScenario(first, { redact: false }));
    expect(snapshot.accessPolicies).toBeUndefined();
    const second = await collect(snapshot);
    expect(second.accessPolicies).toEqual(first.accessPolicies);
    expect(second.accessPolicies?.['organizations/100'].ok).toBe(false);
  });

  it('--redact replaces the people and groups of deny rules, their conditions and perimeter identities, and keeps service accounts', async () => {
    const first = await collect(guardedEstate());
    const text = JSON.stringify(reparse(rawToScenario(first, { redact: true, redactKey: KEY })));
    for (const email of [DENY_PERSON, DENY_GROUP, INGRESS_PERSON, INGRESS_GROUP]) expect(text).not.toContain(email);
    expect(text).toContain(`principal://goog/subject/${redactedEmail(DENY_PERSON, 'user', KEY)}`);
    expect(text).toContain(`principalSet://goog/group/${redactedEmail(DENY_GROUP, 'group', KEY)}`);
    expect(text).toContain(`asked by ${redactedEmail(DENY_PERSON, 'user', KEY)}`);
    expect(text).toContain(`"user:${redactedEmail(INGRESS_PERSON, 'user', KEY)}"`);
    expect(text).toContain(`"group:${redactedEmail(INGRESS_GROUP, 'group', KEY)}"`);
    expect(text).toContain(`"serviceAccount:${PERIMETER_SA}"`);
    expect(text).toContain('principalSet://goog/public:all');
  });
});
