import { describe, expect, it } from 'vitest';
import { gapped, makeDenyRule, makeGroup, makeInventory, makeNodePool, makePerimeter, makePolicy, makeProject, makeRepository, binding, ok, type InventoryOptions } from '@/lib/inventory/builders';
import type { AccessPolicy, DownloadRule, Inventory, PerimeterRule, ServicePerimeter } from '@/lib/inventory/types';
import { evaluatePair } from '@/lib/readiness/engine';
import { pairGuards, type GuardMark, type GuardStepId } from './guard-steps';

const SA = 'nodes@app.iam.gserviceaccount.com';
const REPO = makeRepository({ project: 'registry', id: 'images' });
const PROJECTS = [
  { ...makeProject('registry', ['folders/7', 'organizations/9']), number: '200' },
  { ...makeProject('app', ['organizations/9']), number: '100' },
  { ...makeProject('host', ['organizations/9']), number: '400' },
];
const GRANT = makePolicy(REPO.name, [binding('roles/artifactregistry.reader', `serviceAccount:${SA}`)]);
const POOL = makeNodePool({ project: 'app', serviceAccount: SA, subnetwork: 'projects/app/regions/europe-west1/subnetworks/nodes' });
const NO_DENY = { 'projects/registry': ok([]), 'folders/7': ok([]), 'organizations/9': ok([]) };
const principal = (e: string) => `principal://iam.googleapis.com/projects/-/serviceAccounts/${e}`;
const policy = (perimeters: ServicePerimeter[]): Record<string, ReturnType<typeof ok<AccessPolicy[]>>> => ({
  'organizations/9': ok([{ name: 'accessPolicies/555', title: 'org', parent: 'organizations/9', scopes: [], perimeters: ok(perimeters) }]),
});
const rule = (id: string, o: Partial<DownloadRule> = {}): DownloadRule => ({ name: `${REPO.name}/rules/${id}`, action: 'DENY', operation: 'DOWNLOAD', packageId: null, condition: null, ...o });

function build(o: InventoryOptions, pool = POOL): Inventory {
  return makeInventory({ nodePools: [pool], repositories: [REPO], projects: PROJECTS, policies: [GRANT], ...o });
}
const marks = (inv: Inventory, step: GuardStepId, pool = POOL) => pairGuards(inv, pool, REPO)[step].lines.map((l) => l.mark);
const texts = (inv: Inventory, step: GuardStepId, pool = POOL) => pairGuards(inv, pool, REPO)[step].lines.map((l) => l.text);

/** The chain's worst outcome for a step, and the guard lines' worst mark: they must agree (notes do not decide). */
function agree(inv: Inventory, step: GuardStepId, pool = POOL) {
  const order: GuardMark[] = ['not-applicable', 'note', 'pass', 'undecided', 'fail'];
  const worst = (xs: string[]) => xs.reduce((w, x) => (order.indexOf(x as GuardMark) > order.indexOf(w as GuardMark) ? x : w), 'not-applicable');
  const chain = worst(evaluatePair(inv, pool.name, REPO.name).checks.filter((c) => c.step === step).map((c) => c.outcome));
  const lines = worst(marks(inv, step, pool).filter((m) => m !== 'note'));
  expect(lines).toBe(chain);
}

describe('deny step', () => {
  it('not read: not applicable, as the chain says', () => {
    const inv = build({});
    expect(marks(inv, 'deny')).toEqual(['not-applicable']);
    agree(inv, 'deny');
  });

  it('a blocking rule reached through a group names the policy, the rule, the attachment point and the path', () => {
    const deny = makeDenyRule('folders/7', { index: 2, deniedPrincipals: ['principalSet://goog/group/nodes@ex.com'], deniedPermissions: ['artifactregistry.googleapis.com/*.*'] });
    const inv = build({ denyPolicies: { ...NO_DENY, 'folders/7': ok([deny]) }, groups: { 'nodes@ex.com': makeGroup('nodes@ex.com', [`serviceAccount:${SA}`]) } });
    const g = pairGuards(inv, POOL, REPO).deny;
    expect(g.lines[0]).toEqual({
      mark: 'fail',
      text: `Denied by rule 3 of deny policy no-pulls (attached to folders/7): it denies artifactregistry.googleapis.com/*.* to principalSet://goog/group/nodes@ex.com through group:nodes@ex.com, which holds ${SA}.`,
      facts: [
        ['policy', deny.policy],
        ['rule', '3'],
        ['attachment point', 'folders/7'],
        ['denied principal', 'principalSet://goog/group/nodes@ex.com'],
        ['denied permission', 'artifactregistry.googleapis.com/*.*'],
      ],
    });
    expect(g.facts).toEqual([['attachment points', 'projects/registry, folders/7, organizations/9']]);
    agree(inv, 'deny');
  });

  it('an excepted rule passes and names the exception', () => {
    const deny = makeDenyRule('projects/registry', { deniedPrincipals: ['principalSet://goog/public:all'], exceptionPrincipals: [principal(SA)] });
    const inv = build({ denyPolicies: { ...NO_DENY, 'projects/registry': ok([deny]) } });
    expect(marks(inv, 'deny')).toEqual(['pass', 'pass']);
    expect(texts(inv, 'deny')[0]).toContain(`but lists ${principal(SA)} as an exception`);
    expect(texts(inv, 'deny')[1]).toBe(`No other deny rule on projects/registry, folders/7, organizations/9 takes the download away from ${SA}.`);
    agree(inv, 'deny');
  });

  it('a conditional rule and an unread attachment point are undecided, the gap named', () => {
    const deny = makeDenyRule('projects/registry', { deniedPrincipals: [principal(SA)], denialCondition: { title: 'prod', expression: "resource.matchTag('9/env', 'prod')", description: null } });
    const inv = build({ denyPolicies: { ...NO_DENY, 'projects/registry': ok([deny]), 'organizations/9': gapped('gap-org') } });
    const g = pairGuards(inv, POOL, REPO).deny;
    expect(g.lines.map((l) => l.mark)).toEqual(['undecided', 'undecided']);
    expect(g.lines[0].facts).toContainEqual(['condition', "resource.matchTag('9/env', 'prod')"]);
    expect(g.lines[1]).toEqual({ mark: 'undecided', text: expect.stringContaining('organizations/9 could not be read (needs iam.denypolicies.list, in roles/iam.denyReviewer)'), facts: [['gap', 'gap-org']] });
    agree(inv, 'deny');
  });
});

describe('perimeter step', () => {
  const ingress = (identities: string[], source: string): PerimeterRule => ({
    identityType: null,
    identities,
    sources: [{ accessLevel: null, resource: source }],
    resources: ['projects/200'],
    operations: [{ serviceName: 'artifactregistry.googleapis.com', methods: ['*'], permissions: [] }],
    title: 'nodes in',
  });

  it('blocked: the repository project inside, the network project outside; both sides are shown', () => {
    const inv = build({ accessPolicies: policy([makePerimeter('registry', ['projects/200'])]) });
    const g = pairGuards(inv, POOL, REPO).perimeter;
    expect(g.facts).toEqual([
      ['node network', 'projects/app/global/networks/default'],
      ['network project', 'app (projects/100)'],
      ['repository project', 'registry (projects/200)'],
    ]);
    expect(g.lines).toEqual([
      {
        mark: 'fail',
        text: `Crosses perimeter accessPolicies/555/servicePerimeters/registry ("registry") (the repository's project is inside, the node network's project outside); blocked: no bridge or ingress rule admits ${SA}.`,
        facts: [
          ['perimeter', 'accessPolicies/555/servicePerimeters/registry'],
          ['direction', 'ingress'],
        ],
      },
    ]);
    agree(inv, 'perimeter');
  });

  it('allowed by an ingress rule naming the account and the Shared VPC host project; the host is named as such', () => {
    const pool = makeNodePool({ project: 'app', serviceAccount: SA, subnetwork: 'projects/host/regions/europe-west1/subnetworks/shared' });
    const inv = build({ accessPolicies: policy([makePerimeter('registry', ['projects/200'], { ingress: [ingress([`serviceAccount:${SA}`], 'projects/400')] })]) }, pool);
    const g = pairGuards(inv, pool, REPO).perimeter;
    expect(g.facts[1]).toEqual(['network project', 'host (projects/400) (the Shared VPC host project)']);
    expect(g.lines.map((l) => [l.mark, l.facts.find(([k]) => k === 'allowed by')?.[1]])).toEqual([['pass', 'ingress rule 1 ("nodes in")']]);
    agree(inv, 'perimeter', pool);
  });

  it('allowed by a bridge joining both perimeters', () => {
    const inv = build({ accessPolicies: policy([makePerimeter('registry', ['projects/200']), makePerimeter('apps', ['projects/100']), makePerimeter('join', ['projects/100', 'projects/200'], { bridge: true })]) });
    const lines = pairGuards(inv, POOL, REPO).perimeter.lines;
    expect(lines.map((l) => l.mark)).toEqual(['pass', 'pass']);
    expect(lines.every((l) => l.text.includes('allowed by bridge accessPolicies/555/servicePerimeters/join ("join")'))).toBe(true);
    agree(inv, 'perimeter');
  });

  it('a dry-run configuration that would block is a note beside a pass; an unread access policy is undecided', () => {
    const planned = makePerimeter('planned', [], { status: null, dryRun: { resources: ['projects/200'], restrictedServices: ['artifactregistry.googleapis.com'], accessLevels: [], ingress: [], egress: [] } });
    const inv = build({ accessPolicies: policy([planned]) });
    expect(marks(inv, 'perimeter')).toEqual(['pass', 'note']);
    expect(texts(inv, 'perimeter')[1]).toContain('Dry run: the dry-run configuration of perimeter accessPolicies/555/servicePerimeters/planned ("planned") would block this pull');
    agree(inv, 'perimeter');
    const unread = build({ accessPolicies: { 'organizations/9': gapped('gap-acm') } });
    expect(marks(unread, 'perimeter')).toEqual(['pass', 'undecided']);
    agree(unread, 'perimeter');
  });

  it('not read: not applicable', () => {
    expect(marks(build({}), 'perimeter')).toEqual(['not-applicable']);
  });
});

describe('download-rule step', () => {
  const inv = (rules: DownloadRule[] | null) => build({ downloadRules: { [REPO.name]: rules ? ok(rules) : gapped('gap-rules') } });

  it('a repository-wide DENY fails and names the rule', () => {
    const i = inv([rule('deny-all')]);
    expect(pairGuards(i, POOL, REPO).repository.lines).toEqual([
      {
        mark: 'fail',
        text: 'Download rule deny-all (DENY, the whole repository, no condition) matches every image: every pull is refused.',
        facts: [
          ['rule', `${REPO.name}/rules/deny-all`],
          ['action', 'DENY'],
          ['applies to', 'the whole repository'],
        ],
      },
    ]);
    agree(i, 'repository');
  });

  it('deny by default with an allow list passes; package-level and conditional rules are notes', () => {
    const list = inv([rule('deny-all'), rule('base', { action: 'ALLOW', packageId: 'base' })]);
    expect(marks(list, 'repository')).toEqual(['pass']);
    expect(texts(list, 'repository')[0]).toContain('package-level ALLOW rules let base through');
    agree(list, 'repository');
    const partial = inv([rule('no-legacy', { packageId: 'legacy' }), rule('night', { condition: { title: 'night', expression: 'request.time.getHours("UTC") < 6', description: null } })]);
    expect(marks(partial, 'repository')).toEqual(['note', 'note', 'pass']);
    expect(texts(partial, 'repository')).toEqual([
      'Download rule no-legacy denies images of package legacy only; it does not decide this pair, but pulls of that package are refused.',
      'Download rule night denies every image when its condition holds (night): whether a pull is refused depends on the condition.',
      'No download rule refuses every pull (2 read).',
    ]);
    agree(partial, 'repository');
  });

  it('unreadable rules are undecided with the gap; unread by the scan is not applicable', () => {
    const i = inv(null);
    expect(pairGuards(i, POOL, REPO).repository.lines).toEqual([{ mark: 'undecided', text: expect.stringContaining('could not be read (needs artifactregistry.rules.list)'), facts: [['gap', 'gap-rules']] }]);
    agree(i, 'repository');
    expect(marks(build({}), 'repository')).toEqual(['not-applicable']);
  });
});
