import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../emulator';
import type { RawEstate, Scope } from '../inventory/raw';
import { parseScenario, type Scenario } from '../scenario/schema';
import { collectEstate } from './collect';
import { createHash } from 'node:crypto';
import { Redactor, estateRedactionKey, findEmails, rawToScenario, redactScenario, redactedEmail } from './snapshot';
import { APP_SA, CENTRAL_SA, GONE_SA, baseEstate, emulate } from './__fixtures__/estate';
import { PLANTED, WORKFORCE_SUBJECT, peopleEstate } from './__fixtures__/people-estate';
import { normalize } from '../inventory/normalize';
import { evaluate, evaluatePair } from '../readiness/engine';
import type { Inventory } from '../inventory/types';

/** The summary of the pair's IAM check: names the binding that grants, or says none does. */
function evaluatePairSummary(inv: Inventory, pool: string, repo: string): string {
  return evaluatePair(inv, pool, repo).checks.find((c) => c.rule === 'iam.no-download-permission')?.summary ?? '';
}

const FAST = { baseBackoffMs: 1, maxBackoffMs: 4 };
/** A redaction key, so tests can say which placeholder an email gets. */
const KEY = 'test-redaction-key';
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

// Cloud Asset Inventory's read time is the time of each scan, like startedAt.
const content = (raw: RawEstate) => ({ ...raw, startedAt: '', finishedAt: '', ...(raw.collection ? { collection: { ...raw.collection, assetsReadTime: '' } } : {}) });

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

  it.each([
    ['organizations/100', 'the organization of the scan'],
    ['organizations/900', 'another organization, never read'],
  ])('replays the ancestry of a node account project outside the scope, so a folder principalSet binding keeps its verdict (folder under %s: %s)', async (org) => {
    // central-sa (out of the --projects scope) moves under its own folder 300; the repository grants that folder's accounts.
    const FOLDER_ACCOUNTS = 'principalSet://cloudresourcemanager.googleapis.com/folders/300/type/ServiceAccount';
    const REPO = 'projects/shop-registry/locations/us/repositories/tools';
    const estate = baseEstate();
    (estate.folders as Array<Record<string, unknown>>).push({ folder: { name: 'folders/300', parent: org, displayName: 'accounts', state: 'ACTIVE' } });
    if (org !== 'organizations/100') (estate.organizations as Array<Record<string, unknown>>).push({ organization: { name: org, displayName: 'other.example', lifecycleState: 'ACTIVE' } });
    for (const p of estate.projects as Array<Record<string, unknown>>) {
      const project = p.project as Record<string, unknown>;
      if (project.projectId === 'central-sa') project.parent = { type: 'folder', id: '300' };
      for (const r of (p.repositories as Array<Record<string, unknown>> | undefined) ?? []) {
        if ((r.repository as Record<string, unknown>).name === REPO) r.iamPolicy = { version: 3, etag: 'BwT', bindings: [{ role: 'roles/artifactregistry.reader', members: [FOLDER_ACCOUNTS] }] };
      }
    }
    const first = await collect(estate);
    expect(Object.keys(first.projects)).not.toContain('central-sa');
    expect(first.accountProjects?.['central-sa']).toMatchObject({ ok: true, value: [{ resourceId: { id: 'central-sa' } }, { resourceId: { type: 'folder', id: '300' } }, { resourceId: { type: 'organization', id: org.split('/')[1] } }] });
    const verdicts = (raw: RawEstate) => {
      const inv = normalize(raw);
      return evaluate(inv, { now: new Date('2026-11-25T16:30:04Z') })
        .pairs.filter((p) => p.repository === REPO)
        .map((p) => ({ pool: p.nodePool, verdict: p.verdict, iam: evaluatePairSummary(inv, p.nodePool, REPO) }));
    };
    const before = verdicts(first);
    // The node pools running as central-sa's account pull through the folder's principalSet.
    expect(before.filter((v) => v.iam.includes(FOLDER_ACCOUNTS)).length).toBeGreaterThan(0);
    expect(before.filter((v) => v.iam.includes(FOLDER_ACCOUNTS)).every((v) => v.verdict === 'can-pull')).toBe(true);

    const second = await collect(reparse(rawToScenario(first, { redact: false })));
    expect(second.accountProjects).toEqual(first.accountProjects);
    expect(verdicts(second)).toEqual(before);
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
    const a = rawToScenario(raw, { redact: true, redactKey: KEY });
    const b = rawToScenario(raw, { redact: true, redactKey: KEY });
    expect(a).toEqual(b);
    const text = JSON.stringify(reparse(a));
    for (const person of ['alice@', 'bob@', 'carol@', 'devs@', 'platform@', 'everyone@', 'pullers@', 'dave@']) {
      expect(text).not.toContain(person);
    }
    const alice = redactedEmail('alice@example.org', 'user', KEY);
    const devs = redactedEmail('devs@example.org', 'group', KEY);
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
      Object.keys(raw.groups).map((e) => redactedEmail(e, 'group', KEY)).sort(),
    );
    expect(again.groups[devs].ok).toBe(true);
  });
});

/** Every email-looking run in a text, found the simple way (independent of the code under test). */
const emailsIn = (text: string) => [...text.matchAll(/[A-Za-z0-9._%+'!#$&*^~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g)].map((m) => m[0].replace(/^['.]+/, ''));
const serviceAccount = (email: string) => /@([a-z0-9-]+\.)*gserviceaccount\.com$/i.test(email);
const placeholder = (email: string) => /^(user|group)-[0-9a-f]{10}@redacted\.example$/.test(email);

/** Verdicts and rules per pair, as a scan would report them (messages name the placeholders, so they differ). */
function verdictsOf(raw: RawEstate) {
  const report = evaluate(normalize(raw), { now: new Date('2026-11-25T16:30:04Z') });
  return Object.fromEntries(report.pairs.map((p) => [`${p.nodePool}|${p.repository}`, `${p.verdict} ${p.causes.map((c) => c.rule).sort().join(',')}`]));
}

describe('collect --redact leaves no person\'s email anywhere', () => {
  const ORG: Scope = { kind: 'organization', ids: ['100'] };

  it('replaces every planted email (members, conditions, names, descriptions, labels, unknown fields) and keeps verdicts', async () => {
    const raw = await collect(peopleEstate(), ORG);
    // Every planted email reaches the snapshot, so its absence after redaction means something.
    const plainText = JSON.stringify(rawToScenario(raw, { redact: false })).toLowerCase();
    for (const email of PLANTED) expect(plainText, email).toContain(email);
    expect(plainText).toContain(WORKFORCE_SUBJECT);

    const redacted = reparse(rawToScenario(raw, { redact: true, redactKey: KEY }));
    const text = JSON.stringify(redacted);
    const left = emailsIn(text).filter((e) => !serviceAccount(e) && !placeholder(e));
    expect(left).toEqual([]);
    for (const email of PLANTED) expect(text.toLowerCase(), email).not.toContain(email);
    for (const local of ['zoe', 'oscar', 'neil', 'peggy', 'quinn', 'mallory', 'trent', 'uma']) expect(text.toLowerCase()).not.toMatch(new RegExp(`\\b${local}\\b`));
    expect(text).not.toContain(WORKFORCE_SUBJECT);
    expect(text).toMatch(/workforcePools\/staff\/subject\/subject-[0-9a-f]{10}"/);
    // Service accounts stay, everywhere: they are what the verdicts are about.
    for (const sa of [CENTRAL_SA, APP_SA, GONE_SA]) expect(text).toContain(sa);

    // One email, one placeholder, whatever the form or the case it was written in.
    expect(text).toContain(`"principalSet://goog/group/${redactedEmail('sec-team@example.org', 'group', KEY)}"`);
    expect(text).toContain(`"principal://goog/subject/${redactedEmail('zoe@example.org', 'user', KEY)}"`);
    expect(text).toMatch(new RegExp(`"deleted:user:${redactedEmail('gone@example.org', 'user', KEY)}\\?uid=redacted-[0-9a-f]{10}"`));
    expect(text).not.toContain('123456789012345678901');
    expect(text).toContain(`"user:${redactedEmail('oscar@example.org', 'user', KEY)}"`);
    expect(text).toContain(`"user:${redactedEmail("o'neil@example.org", 'user', KEY)}"`);
    expect(text).toContain(`'${redactedEmail('quinn@example.org', 'user', KEY)}' != ''`);
    expect(text).toContain(`"preferredMemberKey":{"id":"${redactedEmail('mallory@example.org', 'user', KEY)}"}`);
    expect(text).toContain('"domain:example.org"');

    // The redacted snapshot replays to the same verdicts and the same kinds of gaps.
    const again = await collect(redacted, ORG);
    expect(verdictsOf(again)).toEqual(verdictsOf(raw));
    expect(Object.keys(verdictsOf(raw)).length).toBeGreaterThan(0);
    expect(again.gaps.map((g) => `${g.method} ${g.status}`).sort()).toEqual(raw.gaps.map((g) => `${g.method} ${g.status}`).sort());
  });

  it('redacts deny-policy principals and access-level identities with the same placeholders as bindings', () => {
    const scenario = {
      scenario: 1,
      organizations: [
        {
          organization: { name: 'organizations/100' },
          iamPolicy: { bindings: [{ role: 'roles/viewer', members: ['group:Sec-Team@example.org', 'user:zoe@example.org'] }] },
          denyPolicies: [
            {
              name: 'policies/cloudresourcemanager.googleapis.com%2Forganizations%2F100/denypolicies/no-pull',
              displayName: 'No pulls for contractors (by zoe@example.org)',
              rules: [
                {
                  description: 'asked by sec-team@example.org',
                  denyRule: {
                    deniedPrincipals: ['principal://goog/subject/contractor@example.org', 'principalSet://goog/group/sec-team@example.org'],
                    exceptionPrincipals: [`principal://iam.googleapis.com/projects/-/serviceAccounts/${CENTRAL_SA}`, 'principal://goog/subject/Zoe@example.org'],
                    deniedPermissions: ['artifactregistry.googleapis.com/repositories.downloadArtifacts'],
                    denialCondition: { title: 'for ext@partner.example', expression: "resource.name.startsWith('projects/x')" },
                  },
                },
              ],
            },
          ],
        },
      ],
      projects: [],
      accessPolicies: [
        {
          accessPolicy: { name: 'accessPolicies/7', parent: 'organizations/100', title: 'policy of ops@example.org' },
          servicePerimeters: [
            {
              name: 'accessPolicies/7/servicePerimeters/registry',
              description: 'contact ops@example.org',
              status: {
                ingressPolicies: [{ ingressFrom: { identities: ['user:dev@example.org', `serviceAccount:${CENTRAL_SA}`, 'group:sec-team@example.org'] } }],
                egressPolicies: [{ egressFrom: { identities: ['user:ops@example.org', `serviceAccount:${APP_SA}`] } }],
              },
            },
          ],
        },
      ],
    };
    const text = JSON.stringify(redactScenario(scenario, { key: KEY }));
    expect(emailsIn(text).filter((e) => !serviceAccount(e) && !placeholder(e))).toEqual([]);
    const secTeam = redactedEmail('sec-team@example.org', 'group', KEY);
    const zoe = redactedEmail('zoe@example.org', 'user', KEY);
    expect(text).toContain(`"group:${secTeam}"`);
    expect(text).toContain(`"principalSet://goog/group/${secTeam}"`);
    expect(text).toContain(`"asked by ${secTeam}"`);
    expect(text).toContain(`"group:${secTeam}"]`);
    expect(text).toContain(`"principal://goog/subject/${zoe}"`);
    expect(text).toContain(`"user:${redactedEmail('dev@example.org', 'user', KEY)}"`);
    expect(text).toContain(`principal://iam.googleapis.com/projects/-/serviceAccounts/${CENTRAL_SA}`);
    expect(text).toContain(`serviceAccount:${APP_SA}`);
  });

  it('is stable without a key, yet a guessed email cannot be confirmed by hashing it', async () => {
    const raw = await collect(peopleEstate(), ORG);
    const text = JSON.stringify(rawToScenario(raw, { redact: true }));
    expect(JSON.stringify(rawToScenario(raw, { redact: true }))).toBe(text);
    for (const email of PLANTED) {
      expect(text).not.toContain(createHash('sha256').update(email).digest('hex').slice(0, 10));
      expect(text).not.toContain(redactedEmail(email, 'user', ''));
    }
    // Without a key the placeholders depend on the whole set of people; a given key fixes them across estates.
    const other = await collect(baseEstate(), ORG);
    const aliceIn = (r: RawEstate) => redactedEmail('alice@example.org', 'user', estateRedactionKey(rawToScenario(r, { redact: false })));
    expect(text).toContain(`"user:${aliceIn(raw)}"`);
    expect(JSON.stringify(rawToScenario(other, { redact: true }))).toContain(`"user:${aliceIn(other)}"`);
    expect(aliceIn(other)).not.toBe(aliceIn(raw));
    expect(JSON.stringify(rawToScenario(other, { redact: true, redactKey: KEY }))).toContain(`"user:${redactedEmail('alice@example.org', 'user', KEY)}"`);
    expect(JSON.stringify(rawToScenario(raw, { redact: true, redactKey: KEY }))).toContain(`"user:${redactedEmail('alice@example.org', 'user', KEY)}"`);
  });
});

describe('findEmails and Redactor', () => {
  const found = (t: string) => findEmails(t).map(([s, e]) => t.slice(s, e));

  it('finds addresses however they are quoted or prefixed, and nothing that is not one', () => {
    expect(found(`user:a@b.org,"c.d+e@f-g.example.co.uk" 'h@i.io' <j@k.org>. mailto:l@m.org?x deleted:group:n@o.org?uid=1`)).toEqual([
      'a@b.org',
      'c.d+e@f-g.example.co.uk',
      'h@i.io',
      'j@k.org',
      'l@m.org',
      'n@o.org',
    ]);
    expect(found("o'neil@example.org")).toEqual(["o'neil@example.org"]);
    expect(found('principal://goog/subject/p@q.org')).toEqual(['p@q.org']);
    expect(found('image@sha256:abc a@localhost @x.org a@ a@.org a@-x.org trailing a@b.org.')).toEqual(['a@b.org']);
  });

  it('keeps service accounts and replaces the rest', () => {
    expect(new Redactor(KEY).text(`serviceAccount:${CENTRAL_SA} user:Alice@Example.org 123-compute@developer.gserviceaccount.com`)).toBe(
      `serviceAccount:${CENTRAL_SA} user:${redactedEmail('alice@example.org', 'user', KEY)} 123-compute@developer.gserviceaccount.com`,
    );
    expect(new Redactor(KEY, new Set(['devs@example.org'])).text('team devs@example.org')).toBe(`team ${redactedEmail('devs@example.org', 'group', KEY)}`);
  });

  it('redacts keys as well as values, and keeps a "__proto__" key as plain data', () => {
    const hostile = JSON.parse('{"__proto__": {"owner": "eve@example.org"}, "labels": {"eve@example.org": "x"}}') as Record<string, unknown>;
    const out = redactScenario(hostile, { key: KEY });
    const eve = redactedEmail('eve@example.org', 'user', KEY);
    expect(JSON.stringify(out)).toBe(`{"__proto__":{"owner":"${eve}"},"labels":{"${eve}":"x"}}`);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it('runs in linear time on adversarial text (no backtracking)', () => {
    // About 800 KB each: linear work takes milliseconds, quadratic work would take minutes.
    const n = 400_000;
    const inputs = ['a@'.repeat(n), `${'a'.repeat(2 * n)}@`, `@${'a.'.repeat(n)}`, `${'a.'.repeat(n)}@${'b-'.repeat(n)}`, 'a@b.c '.repeat(n / 3), `${"'".repeat(n)}@x.org`];
    for (const input of inputs) {
      const t0 = performance.now();
      new Redactor(KEY).text(input);
      expect(performance.now() - t0, input.slice(0, 12)).toBeLessThan(3000);
    }
  });
});
