import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../emulator';
import type { RawEstate, Scope } from '../inventory/raw';
import { parseScenario, type Scenario } from '../scenario/schema';
import { collectEstate } from './collect';
import { rawToScenario, redactedEmail } from './snapshot';
import { CENTRAL_SA, baseEstate, emulate } from './__fixtures__/estate';

const FAST = { baseBackoffMs: 1, maxBackoffMs: 4 };
const TWO: Scope = { kind: 'projects', ids: ['shop-app', 'shop-registry'] };

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

/** The snapshot must be a valid scenario file by the public schema. */
function reparse(s: Scenario): Scenario {
  const r = parseScenario(JSON.stringify(s, null, 2), 'snapshot.json');
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return r.scenario;
}

describe('rawToScenario', () => {
  it('round-trips: the snapshot served by a new emulator collects to the same estate and the same gaps', async () => {
    const estate: Record<string, unknown> = {
      ...baseEstate(),
      faults: [
        { match: 'POST /v3/folders/200:getIamPolicy', status: 403, reason: 'IAM_PERMISSION_DENIED' },
        { match: 'GET /v1/projects/shop-registry/locations/europe-west2/repositories/images:getIamPolicy', status: 403 },
        { match: 'GET /v1/projects/shop-registry/locations/us/repositories', status: 503 },
        { match: `GET /v1/projects/-/serviceAccounts/${CENTRAL_SA}`, status: 403 },
        { match: 'GET /v1/groups/platform01/memberships', status: 403 },
      ],
    };
    (estate.projects as Array<Record<string, unknown>>)[1].disabledServices = ['container.googleapis.com'];
    const first = await collect(estate);
    expect(first.gaps.map((g) => g.method).sort()).toEqual([
      'folders.getIamPolicy',
      'groups.lookup',
      'groups.memberships.list',
      'projects.locations.clusters.list',
      'projects.locations.repositories.getIamPolicy',
      'projects.locations.repositories.list',
      'projects.serviceAccounts.get',
    ]);

    const snapshot = reparse(rawToScenario(first, { redact: false, description: 'round trip' }));
    expect(snapshot.description).toBe('round trip');
    // A project whose clusters.list failed keeps failing on replay instead of looking empty.
    expect(snapshot.faults).toContainEqual({ match: 'GET /v1/projects/shop-registry/locations/-/clusters', status: 403, times: null, reason: 'SERVICE_DISABLED' });
    // Out-of-scope holders (Shared VPC host) get an entry so the emulator can serve them.
    // So does the project whose serviceAccounts.list told the deleted node account from the refused one.
    expect(snapshot.projects.map((p) => p.project.projectId).sort()).toEqual(['central-sa', 'net-host', 'shop-app', 'shop-registry']);
    expect(snapshot.projects.find((p) => p.project.projectId === 'shop-registry')?.clusters).toBeUndefined();

    const second = await collect(snapshot);
    expect(content(second)).toEqual(content(first));
  });

  it('round-trips a clean organization scan, hierarchy and all', async () => {
    const scope: Scope = { kind: 'organization', ids: ['100'] };
    const first = await collect(baseEstate(), scope);
    const second = await collect(reparse(rawToScenario(first, { redact: false })), scope);
    expect(content(second)).toEqual(content(first));
  });

  it('replays a refused groups.lookup when no lookup succeeded', async () => {
    const first = await collect({ ...baseEstate(), faults: [{ match: 'GET /v1/groups:lookup', status: 403 }] });
    const snap = reparse(rawToScenario(first, { redact: false }));
    expect(snap.faults).toContainEqual({ match: 'GET /v1/groups:lookup', status: 403, times: null, reason: 'IAM_PERMISSION_DENIED' });
    const second = await collect(snap);
    expect(content(second)).toEqual(content(first));
  });

  it('redacts people and groups everywhere with stable placeholders and keeps service accounts', async () => {
    const raw = await collect(baseEstate());
    const a = rawToScenario(raw, { redact: true });
    const b = rawToScenario(raw, { redact: true });
    expect(a).toEqual(b);
    const text = JSON.stringify(reparse(a));
    for (const person of ['alice@', 'bob@', 'carol@', 'devs@', 'platform@', 'everyone@', 'pullers@', 'dave@']) {
      expect(text).not.toContain(person);
    }
    const alice = redactedEmail('alice@example.org', 'user');
    const devs = redactedEmail('devs@example.org', 'group');
    expect(alice).toMatch(/^user-[0-9a-f]{10}@redacted\.example$/);
    expect(devs).toMatch(/^group-[0-9a-f]{10}@redacted\.example$/);
    // bindings, group keys, memberships and condition text all use the same placeholder
    expect(text).toContain(`"group:${devs}"`);
    expect(text).toContain(`"user:${alice}"`);
    expect(text).toContain(`"groupKey":{"id":"${devs}"}`);
    expect(text).toContain(`"preferredMemberKey":{"id":"${alice}"}`);
    expect(text).toContain(`asked by ${alice}`);
    expect(text).toContain(CENTRAL_SA);
    expect(text).toContain('111111111111-compute@developer.gserviceaccount.com');

    // The redacted snapshot still resolves the same groups (group keys and bindings agree).
    const again = await collect(reparse(a));
    expect(Object.keys(again.groups).sort()).toEqual(
      Object.keys(raw.groups).map((e) => redactedEmail(e, 'group')).sort(),
    );
    expect(again.groups[devs].ok).toBe(true);
  });
});
