/** Deny policies, VPC Service Controls perimeters and download rules, judged through the engine (builders, no emulator). */
import { describe, expect, it } from 'vitest';
import { binding, gapped, makeDenyRule, makeGroup, makeInventory, makeNodePool, makePerimeter, makePolicy, makeProject, makeRepository, ok, type InventoryOptions } from '../../inventory/builders';
import type { Inventory } from '../../inventory/types';
import { evaluatePair } from '../engine';
import { shellArgv, terraformResourceOf } from '../../safe/testing';

const SA = 'nodes@app.iam.gserviceaccount.com';
const REPO = makeRepository({ project: 'registry', id: 'images' });
const PROJECTS = [{ ...makeProject('registry', ['folders/7', 'organizations/9']), number: '200' }, { ...makeProject('app', ['organizations/9']), number: '100' }];
const GRANT = makePolicy(REPO.name, [binding('roles/artifactregistry.reader', `serviceAccount:${SA}`)]);
const POOL = makeNodePool({ project: 'app', serviceAccount: SA, subnetwork: 'projects/app/regions/europe-west1/subnetworks/nodes' });
const principal = (e: string) => `principal://iam.googleapis.com/projects/-/serviceAccounts/${e}`;
const NO_DENY = { 'projects/registry': ok([]), 'folders/7': ok([]), 'organizations/9': ok([]) };

function judge(o: InventoryOptions) {
  const inv: Inventory = makeInventory({ nodePools: [POOL], repositories: [REPO], projects: PROJECTS, policies: [GRANT], ...o });
  return evaluatePair(inv, POOL.name, REPO.name);
}
const rules = (p: ReturnType<typeof judge>) => p.causes.map((c) => `${c.category}:${c.rule}`);

describe('IAM deny policies', () => {
  it('a snapshot that never read deny policies judges as before, and says the check was skipped', () => {
    const p = judge({});
    expect(p.verdict).toBe('can-pull');
    expect(p.checks.find((c) => c.rule === 'iam.denied')).toMatchObject({ outcome: 'not-applicable', summary: expect.stringContaining('Not read by this scan (IAM deny policies)') });
  });

  it('a deny rule on a folder with a wildcard blocks over the grant: cannot-pull, iam, naming the policy, rule and owner', () => {
    const deny = makeDenyRule('folders/7', { deniedPrincipals: [principal(SA.toUpperCase())], deniedPermissions: ['artifactregistry.googleapis.com/*.*'] });
    const p = judge({ denyPolicies: { ...NO_DENY, 'folders/7': ok([deny]) } });
    expect(p.verdict).toBe('cannot-pull');
    expect(rules(p)).toEqual(['iam:iam.denied']);
    const c = p.causes[0];
    expect(c.message).toContain('rule 1 of deny policy no-pulls (attached to folders/7)');
    expect(c.remediation.warning).toContain(principal(SA));
    expect(shellArgv(c.remediation.gcloud!.split('\n')[1])).toEqual(['gcloud', 'iam', 'policies', 'update', 'no-pulls', '--attachment-point=cloudresourcemanager.googleapis.com/folders/7', '--kind=denypolicies', '--policy-file=deny-policy.json']);
  });

  it('an exception principal (through a group) lets the pull through', () => {
    const deny = makeDenyRule('projects/registry', { deniedPrincipals: ['principalSet://goog/public:all'], exceptionPrincipals: ['principalSet://goog/group/nodes@ex.com'] });
    const p = judge({ denyPolicies: { ...NO_DENY, 'projects/registry': ok([deny]) }, groups: { 'nodes@ex.com': makeGroup('nodes@ex.com', [`serviceAccount:${SA}`]) } });
    expect(p.verdict).toBe('can-pull');
    expect(p.checks.find((c) => c.rule === 'iam.denied')?.summary).toContain('as an exception');
  });

  it('an exception permission, or a permission that does not cover the download, leaves the rule out', () => {
    const a = makeDenyRule('projects/registry', { deniedPrincipals: [principal(SA)], deniedPermissions: ['artifactregistry.googleapis.com/repositories.*'], exceptionPermissions: ['artifactregistry.googleapis.com/repositories.downloadArtifacts'] });
    const b = makeDenyRule('projects/registry', { deniedPrincipals: [principal(SA)], deniedPermissions: ['artifactregistry.googleapis.com/repositories.delete'] });
    expect(judge({ denyPolicies: { ...NO_DENY, 'projects/registry': ok([a, b]) } }).verdict).toBe('can-pull');
  });

  it('a condition on resource tags is undecided (iam); a group it names that cannot be read is audit-access', () => {
    const tags = makeDenyRule('projects/registry', { deniedPrincipals: [principal(SA)], denialCondition: { title: 'prod', expression: "resource.matchTag('9/env', 'prod')", description: null } });
    expect(rules(judge({ denyPolicies: { ...NO_DENY, 'projects/registry': ok([tags]) } }))).toEqual(['iam:iam.deny-conditional']);
    const group = makeDenyRule('projects/registry', { deniedPrincipals: ['principalSet://goog/group/secret@ex.com'] });
    const p = judge({ denyPolicies: { ...NO_DENY, 'projects/registry': ok([group]) }, groups: { 'secret@ex.com': gapped('gap-g') } });
    expect(p.verdict).toBe('unknown');
    expect(rules(p)).toEqual(['audit-access:iam.deny-membership-unreadable']);
  });

  it('an unreadable deny policy turns a would-be can-pull into unknown naming roles/iam.denyReviewer, and leaves a cannot-pull alone', () => {
    const denyPolicies = { ...NO_DENY, 'organizations/9': gapped('gap-d') };
    const p = judge({ denyPolicies });
    expect(p.verdict).toBe('unknown');
    expect(rules(p)).toEqual(['audit-access:iam.deny-unreadable']);
    expect(p.causes[0].message).toContain('roles/iam.denyReviewer');
    const none = judge({ denyPolicies, policies: [] });
    expect(none.verdict).toBe('cannot-pull');
    expect(rules(none)).toEqual(['iam:iam.no-download-permission']);
  });
});

describe('download rules', () => {
  const rule = (o: { action: string; packageId?: string; condition?: string; operation?: string }) => ({
    name: `${REPO.name}/rules/r-${o.action}-${o.packageId ?? 'all'}`,
    action: o.action,
    operation: o.operation ?? 'DOWNLOAD',
    packageId: o.packageId ?? null,
    condition: o.condition ? { expression: o.condition, title: null, description: null } : null,
  });
  it('a repository-wide unconditional DENY: cannot-pull, category repository', () => {
    const p = judge({ downloadRules: { [REPO.name]: ok([rule({ action: 'DENY' })]) } });
    expect(rules(p)).toEqual(['repository:repository.download-denied']);
    expect(shellArgv(p.causes[0].remediation.gcloud!)).toEqual(['gcloud', 'artifacts', 'rules', 'delete', 'r-DENY-all', '--repository=images', '--location=europe-west1', '--project=registry']);
  });
  it('with a package-level ALLOW (an allow list), a conditional DENY, or a TAG_MUTATION rule: the pair stays as the other checks say', () => {
    expect(judge({ downloadRules: { [REPO.name]: ok([rule({ action: 'DENY' }), rule({ action: 'ALLOW', packageId: 'base' })]) } }).verdict).toBe('can-pull');
    expect(judge({ downloadRules: { [REPO.name]: ok([rule({ action: 'DENY', condition: "pkg.version.id < '2.0'" })]) } }).verdict).toBe('can-pull');
    expect(judge({ downloadRules: { [REPO.name]: ok([rule({ action: 'DENY', operation: 'TAG_MUTATION' })]) } }).verdict).toBe('can-pull');
  });
  it('unreadable rules: a would-be can-pull is unknown (audit-access)', () => {
    expect(rules(judge({ downloadRules: { [REPO.name]: gapped('gap-r') } }))).toEqual(['audit-access:repository.download-rules-unreadable']);
  });
});

describe('VPC Service Controls', () => {
  const SUBNET = { 'projects/app/regions/europe-west1/subnetworks/nodes': ok({ name: 'projects/app/regions/europe-west1/subnetworks/nodes', project: 'app', region: 'europe-west1', network: 'projects/app/global/networks/vpc', privateIpGoogleAccess: true }) };
  const policies = (...perimeters: ReturnType<typeof makePerimeter>[]) => ({ 'organizations/9': ok([{ name: 'accessPolicies/555', title: null, parent: 'organizations/9', scopes: [], perimeters: ok(perimeters) }]) });
  const ingress = (o: Partial<{ identities: string[]; identityType: string; source: { accessLevel: string | null; resource: string | null } }> = {}) => ({
    identityType: o.identityType ?? null,
    identities: o.identities ?? [`serviceAccount:${SA}`],
    sources: [o.source ?? { accessLevel: null, resource: 'projects/100' }],
    resources: ['projects/200'],
    operations: [{ serviceName: 'artifactregistry.googleapis.com', methods: ['*'], permissions: [] }],
    title: null,
  });

  it("the repository's project inside, the node network outside: cannot-pull, perimeter, with the ingress rule as YAML, gcloud and Terraform", () => {
    const p = judge({ subnetworks: SUBNET, accessPolicies: policies(makePerimeter('reg', ['projects/200'])) });
    expect(rules(p)).toEqual(['perimeter:perimeter.blocked']);
    const r = p.causes[0].remediation;
    expect(shellArgv(r.gcloud!)).toEqual(['gcloud', 'access-context-manager', 'perimeters', 'update', 'reg', '--policy=555', '--set-ingress-policies=ingress.yaml']);
    expect(r.steps.join('\n')).toContain('- resource: "projects/100"');
    expect(terraformResourceOf(r.terraform!).type).toBe('google_access_context_manager_service_perimeter_ingress_policy');
  });
  it('an ingress rule naming the account, a bridge, or one perimeter around both sides lets it through', () => {
    expect(judge({ subnetworks: SUBNET, accessPolicies: policies(makePerimeter('reg', ['projects/200'], { ingress: [ingress()] })) }).verdict).toBe('can-pull');
    expect(judge({ subnetworks: SUBNET, accessPolicies: policies(makePerimeter('reg', ['projects/200', 'projects/100'])) }).verdict).toBe('can-pull');
    const bridge = { ...makePerimeter('br', ['projects/200', 'projects/100']), bridge: true };
    expect(judge({ subnetworks: SUBNET, accessPolicies: policies(makePerimeter('reg', ['projects/200']), makePerimeter('app', ['projects/100']), bridge) }).verdict).toBe('can-pull');
  });
  it('an ingress rule for another account blocks; one from an access level is undecided (perimeter)', () => {
    expect(judge({ subnetworks: SUBNET, accessPolicies: policies(makePerimeter('reg', ['projects/200'], { ingress: [ingress({ identities: ['serviceAccount:other@x.iam.gserviceaccount.com'] })] })) }).verdict).toBe('cannot-pull');
    const p = judge({ subnetworks: SUBNET, accessPolicies: policies(makePerimeter('reg', ['projects/200'], { ingress: [ingress({ source: { accessLevel: 'accessPolicies/555/accessLevels/corp', resource: null } })] })) });
    expect(rules(p)).toEqual(['perimeter:perimeter.undecided']);
  });
  it("a Shared VPC host whose number is unknown is undecided; unreadable perimeters make a would-be can-pull unknown (audit-access)", () => {
    const hosted = makeNodePool({ project: 'app', name: 'hosted', serviceAccount: SA, subnetwork: 'projects/host/regions/europe-west1/subnetworks/shared' });
    const inv = makeInventory({ nodePools: [hosted], repositories: [REPO], projects: PROJECTS, policies: [GRANT], accessPolicies: policies(makePerimeter('reg', ['projects/200', 'projects/300'])) });
    expect(evaluatePair(inv, hosted.name, REPO.name).causes.map((c) => c.rule)).toEqual(['perimeter.undecided']);
    const known = makeInventory({ nodePools: [hosted], repositories: [REPO], projects: PROJECTS, policies: [GRANT], hostProjectNumbers: { host: ok('300') }, accessPolicies: policies(makePerimeter('reg', ['projects/200', 'projects/300'])) });
    expect(evaluatePair(known, hosted.name, REPO.name).verdict).toBe('can-pull');
    expect(rules(judge({ subnetworks: SUBNET, accessPolicies: { 'organizations/9': gapped('gap-acm') } }))).toEqual(['audit-access:perimeter.unreadable']);
  });
});

describe('the guards scenario without HTTP (scenario → raw → normalize → engine)', () => {
  it('gives the verdicts its expect blocks name, except the pair whose deny read is a fault (faults on IAM v2 are not replayed here)', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseScenario } = await import('../../scenario/schema');
    const { scenarioToRaw } = await import('../../bench/scenario-to-raw');
    const { normalize } = await import('../../inventory/normalize');
    const { evaluate } = await import('../engine');
    const text = readFileSync(new URL('../../../data/scenarios/guards-deny-perimeters-rules.json', import.meta.url), 'utf8');
    const json = JSON.parse(text) as { expect: { nodePool: string; repository: string; verdict: string; categories: string[] }[] };
    const parsed = parseScenario(text, 'guards-deny-perimeters-rules.json');
    if (!parsed.ok) throw new Error('scenario does not parse');
    const report = evaluate(normalize(scenarioToRaw(parsed.scenario)), { now: new Date('2026-11-25T00:00:00Z') });
    const byKey = new Map(report.pairs.map((p) => [`${p.nodePool}|${p.repository}`, p]));
    const checked = json.expect.filter((x) => !x.repository.includes('guard-unread'));
    expect(checked.length).toBeGreaterThan(10);
    for (const x of checked) {
      const p = byKey.get(`${x.nodePool}|${x.repository}`);
      expect({ pair: `${x.nodePool} × ${x.repository}`, verdict: p?.verdict, categories: [...new Set(p?.causes.map((c) => c.category))].sort() }).toEqual({ pair: `${x.nodePool} × ${x.repository}`, verdict: x.verdict, categories: [...x.categories].sort() });
    }
  });
});
