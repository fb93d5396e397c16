import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  binding,
  bindingIf,
  gapped,
  makeCluster,
  makeGap,
  makeGroup,
  makeInventory,
  makeNodePool,
  makePolicy,
  makeProject,
  makeRepository,
  makeRole,
  makeSubnetwork,
  NOT_FOUND,
  policyGap,
  type InventoryOptions,
} from '../inventory/builders';
import type { NodePool, Repository } from '../inventory/types';
import { dockerRepositories, evaluate, evaluateFindings, evaluatePair, evaluatePairs } from './engine';
import { ruleCatalog } from './rule-catalog';
import { iamNoDownloadPermission } from './rules/iam-no-download-permission';
import { scopeNoStorage } from './rules/scope-no-storage';

const SA = 'nodes@app.iam.gserviceaccount.com';
const NOW = new Date('2026-11-25T16:30:04Z');
const REPO = makeRepository({ project: 'registry', id: 'images' });
const FOLDERED = [makeProject('registry', ['folders/111', 'folders/222', 'organizations/999'])];

function pair(o: InventoryOptions & { pool?: NodePool; repo?: Repository }) {
  const pool = o.pool ?? makeNodePool();
  const repo = o.repo ?? REPO;
  const inv = makeInventory({ nodePools: [pool], repositories: [repo], projects: FOLDERED, ...o });
  return evaluatePair(inv, pool.name, repo.name);
}

const grantAt = (resource: string, role: string, member = `serviceAccount:${SA}`) => pair({ policies: [makePolicy(resource, [binding(role, member)])] });

describe('IAM: where the grant sits', () => {
  it.each([REPO.name, 'projects/registry', 'folders/111', 'folders/222', 'organizations/999'])('a reader grant on %s lets the pool pull', (resource) => {
    const e = grantAt(resource, 'roles/artifactregistry.reader');
    expect(e.verdict).toBe('can-pull');
    expect(e.causes).toEqual([]);
  });
  it('a grant on another project does not count', () => {
    expect(grantAt('projects/app', 'roles/artifactregistry.reader').verdict).toBe('cannot-pull');
  });
  it('matches service-account members case-insensitively', () => {
    expect(grantAt(REPO.name, 'roles/artifactregistry.reader', 'serviceAccount:Nodes@App.iam.gserviceaccount.com').verdict).toBe('can-pull');
  });
  it('never matches deleted: and domain: members', () => {
    expect(grantAt(REPO.name, 'roles/artifactregistry.reader', `deleted:serviceAccount:${SA}?uid=1`).verdict).toBe('cannot-pull');
    expect(grantAt(REPO.name, 'roles/artifactregistry.reader', 'domain:app.iam.gserviceaccount.com').verdict).toBe('cannot-pull');
  });
});

describe('IAM: role traps', () => {
  it('roles/viewer grants the pull', () => {
    expect(grantAt('folders/111', 'roles/viewer').verdict).toBe('can-pull');
  });
  it.each(['roles/container.defaultNodeServiceAccount', 'roles/browser'])('%s does not', (role) => {
    const e = grantAt('projects/registry', role);
    expect(e.verdict).toBe('cannot-pull');
    expect(e.causes.map((c) => c.rule)).toEqual(['iam.no-download-permission']);
  });
  it('a custom role is judged by its includedPermissions', () => {
    const role = 'organizations/999/roles/puller';
    const withPerm = pair({ policies: [makePolicy('organizations/999', [binding(role, `serviceAccount:${SA}`)])], roles: { [role]: makeRole(role, ['artifactregistry.repositories.downloadArtifacts']) } });
    expect(withPerm.verdict).toBe('can-pull');
    const without = pair({ policies: [makePolicy('organizations/999', [binding(role, `serviceAccount:${SA}`)])], roles: { [role]: makeRole(role, ['artifactregistry.repositories.list']) } });
    expect(without.verdict).toBe('cannot-pull');
  });
  it('an unreadable custom role as the only possible grant is unknown (audit-access)', () => {
    const role = 'projects/registry/roles/puller';
    const e = pair({ policies: [makePolicy('projects/registry', [binding(role, `serviceAccount:${SA}`)])], roles: { [role]: gapped('g-role') } });
    expect(e.verdict).toBe('unknown');
    expect(e.causes.map((c) => [c.category, c.rule])).toEqual([['audit-access', 'iam.unreadable-evidence']]);
    expect(e.causes[0].message).toContain(role);
  });
});

describe('IAM: members', () => {
  it('allAuthenticatedUsers grants, but the pool still needs a storage scope', () => {
    const policies = [makePolicy(REPO.name, [binding('roles/artifactregistry.reader', 'allAuthenticatedUsers')])];
    expect(pair({ policies }).verdict).toBe('can-pull');
    const noScope = pair({ policies, pool: makeNodePool({ scopes: ['https://www.googleapis.com/auth/logging.write'] }) });
    expect(noScope.verdict).toBe('cannot-pull');
    expect(noScope.causes.map((c) => c.category)).toEqual(['scope']);
  });
  it('allUsers on a project policy does not make repositories public', () => {
    expect(grantAt('projects/registry', 'roles/artifactregistry.reader', 'allUsers').verdict).toBe('cannot-pull');
  });
  it('resolves nested groups: A contains B contains the node account', () => {
    const e = pair({
      policies: [makePolicy(REPO.name, [binding('roles/artifactregistry.reader', 'group:a@example.com')])],
      groups: { 'a@example.com': makeGroup('a@example.com', ['user:alice@example.com', 'group:b@example.com']), 'b@example.com': makeGroup('b@example.com', [`serviceAccount:${SA}`]) },
    });
    expect(e.verdict).toBe('can-pull');
    expect(e.checks.find((c) => c.rule === 'iam.no-download-permission')?.summary).toContain('group:a@example.com → group:b@example.com');
  });
  it('a group without the account does not grant; cycles are safe', () => {
    const e = pair({
      policies: [makePolicy(REPO.name, [binding('roles/artifactregistry.reader', 'group:a@example.com')])],
      groups: { 'a@example.com': makeGroup('a@example.com', ['group:b@example.com']), 'b@example.com': makeGroup('b@example.com', ['group:a@example.com', 'user:bob@example.com']) },
    });
    expect(e.verdict).toBe('cannot-pull');
  });
  it('an unresolvable group as the only possible grant is unknown (audit-access), naming the group', () => {
    const e = pair({
      policies: [makePolicy(REPO.name, [binding('roles/artifactregistry.reader', 'group:outside@partner.example')])],
      groups: { 'outside@partner.example': NOT_FOUND },
    });
    expect(e.verdict).toBe('unknown');
    expect(e.causes).toHaveLength(1);
    expect(e.causes[0].category).toBe('audit-access');
    expect(e.causes[0].message).toContain('outside@partner.example');
  });
  it('an unresolvable group does not matter when a grant exists elsewhere', () => {
    const e = pair({
      policies: [
        makePolicy(REPO.name, [binding('roles/artifactregistry.reader', 'group:outside@partner.example')]),
        makePolicy('folders/222', [binding('roles/viewer', `serviceAccount:${SA}`)]),
      ],
    });
    expect(e.verdict).toBe('can-pull');
  });
});

describe('IAM: conditions and unreadable policies', () => {
  const cond = { title: 'expires 2027', expression: 'request.time < timestamp("2027-01-01T00:00:00Z")' };
  it('a conditional grant Pullcheck cannot decide, as the only grant, is unknown (iam)', () => {
    const undecidable = { title: 'from the office', expression: "request.auth.claims.google.ip == '10.0.0.1'" };
    const e = pair({ policies: [makePolicy('projects/registry', [bindingIf(undecidable, 'roles/artifactregistry.reader', `serviceAccount:${SA}`)])] });
    expect(e.verdict).toBe('unknown');
    expect(e.causes.map((c) => c.rule)).toEqual(['iam.conditional-only']);
    expect(e.causes[0].message).toContain('from the office');
    expect(e.causes[0].message).toContain('request.auth.claims.google.ip');
  });
  it('a conditional grant beside an unconditional one changes nothing', () => {
    const e = pair({
      policies: [makePolicy('projects/registry', [bindingIf(cond, 'roles/artifactregistry.reader', `serviceAccount:${SA}`), binding('roles/artifactregistry.reader', `serviceAccount:${SA}`)])],
    });
    expect(e.verdict).toBe('can-pull');
  });
  it('an unreadable folder policy with no grant elsewhere is unknown, naming resourcemanager.folders.getIamPolicy', () => {
    const e = pair({ policies: [policyGap('folders/222', 'g-f')], gaps: [makeGap('g-f', { permission: 'resourcemanager.folders.getIamPolicy' })] });
    expect(e.verdict).toBe('unknown');
    expect(e.causes[0].message).toContain('resourcemanager.folders.getIamPolicy');
    expect(e.causes[0].message).toContain('folders/222');
  });
  it('an unreadable ancestry leaves IAM unknown unless a grant is found', () => {
    const projects = [makeProject('registry', { gapId: 'g-anc' })];
    expect(pair({ projects }).verdict).toBe('unknown');
    expect(pair({ projects, policies: [makePolicy(REPO.name, [binding('roles/artifactregistry.reader', `serviceAccount:${SA}`)])] }).verdict).toBe('can-pull');
  });
});

describe('service account state', () => {
  it('a deleted account fails service-account and iam, even if a binding still names it', () => {
    const e = pair({
      serviceAccounts: { [SA]: NOT_FOUND },
      policies: [makePolicy(REPO.name, [binding('roles/artifactregistry.reader', `serviceAccount:${SA}`)])],
    });
    expect(e.verdict).toBe('cannot-pull');
    expect(e.causes.map((c) => c.category)).toEqual(['service-account', 'iam']);
  });
  it('the `default` account resolves to the cluster project number and can pull through Editor (with a finding)', () => {
    const pool = makeNodePool({ serviceAccount: 'default', project: 'registry' });
    const inv = makeInventory({
      nodePools: [pool],
      repositories: [REPO],
      policies: [makePolicy('projects/registry', [binding('roles/editor', `serviceAccount:${pool.serviceAccount.email}`)])],
    });
    expect(pool.serviceAccount.email).toMatch(/^\d{12}-compute@developer\.gserviceaccount\.com$/);
    const report = evaluate(inv, { now: NOW });
    expect(report.pairs[0].verdict).toBe('can-pull');
    const f = report.findings.find((x) => x.rule === 'iam.basic-role-only');
    expect(f?.subject).toBe('projects/registry');
    expect(f?.message).toContain('roles/artifactregistry.reader');
    expect(report.findings.some((x) => x.rule === 'identity.default-service-account' && x.subject === pool.name)).toBe(true);
  });
  it('gives the same findings when asked before any pair is judged (the streamed report)', () => {
    const pool = makeNodePool({ serviceAccount: 'default', project: 'registry' });
    const policies = [makePolicy('projects/registry', [binding('roles/editor', `serviceAccount:${pool.serviceAccount.email}`)])];
    const fresh = evaluateFindings(makeInventory({ nodePools: [pool], repositories: [REPO], policies }));
    expect(fresh.map((f) => f.rule)).toContain('iam.basic-role-only');
    expect(fresh).toEqual(evaluate(makeInventory({ nodePools: [pool], repositories: [REPO], policies }), { now: NOW }).findings);
  });
});

describe('public repositories (§5.1)', () => {
  const PUBLIC = makePolicy(REPO.name, [binding('roles/artifactregistry.reader', 'allUsers')]);
  it('a pool with no scope, an old version and no grant can pull', () => {
    const e = pair({ policies: [PUBLIC], pool: makeNodePool({ scopes: [], version: '1.13.1-gke.1' }) });
    expect(e.verdict).toBe('can-pull');
  });
  it('private nodes without Private Google Access or NAT still cannot pull (network)', () => {
    const subnet = 'projects/host/regions/europe-west1/subnetworks/shared';
    const e = pair({
      policies: [PUBLIC],
      pool: makeNodePool({ scopes: [], privateNodes: true, subnetwork: subnet }),
      subnetworks: { [subnet]: makeSubnetwork(subnet) },
      routers: { 'projects/host/regions/europe-west1': { status: 'ok', value: [] } },
    });
    expect(e.verdict).toBe('cannot-pull');
    expect(e.causes.map((c) => c.category)).toEqual(['network']);
    expect(e.causes[0].remediation.gcloud).toContain('--project=host --region=europe-west1');
  });
  it('a disabled account still cannot pull', () => {
    expect(pair({ policies: [PUBLIC], serviceAccounts: { [SA]: { status: 'ok', value: { email: SA, project: 'app', uniqueId: null, displayName: null, disabled: true } } } }).verdict).toBe('cannot-pull');
  });
});

describe('several causes at once', () => {
  it('lists scope and iam together, in chain order', () => {
    const e = pair({ pool: makeNodePool({ scopes: ['https://www.googleapis.com/auth/monitoring'], version: '1.15.1-gke.1' }) });
    expect(e.verdict).toBe('cannot-pull');
    expect(e.causes.map((c) => c.category)).toEqual(['scope', 'iam', 'version']);
  });
  it('a failing and an undecided check together are cannot-pull and list both', () => {
    const e = pair({ pool: makeNodePool({ scopes: [] }), policies: [policyGap(REPO.name, 'g1')] });
    expect(e.verdict).toBe('cannot-pull');
    expect(e.causes.map((c) => `${c.category}:${c.outcome}`)).toEqual(['scope:fail', 'audit-access:undecided']);
  });
  it('the reasoning chain runs identity → scopes → deny → iam → network → perimeter → version → repository', () => {
    const steps = pair({}).checks.map((c) => c.step);
    expect([...new Set(steps)]).toEqual(['identity', 'scopes', 'deny', 'iam', 'network', 'perimeter', 'version', 'repository']);
  });
});

describe('a rule that throws', () => {
  afterEach(() => vi.restoreAllMocks());
  it('leaves the pair unknown with engine.rule-error, and the scan goes on', () => {
    vi.spyOn(scopeNoStorage, 'check').mockImplementation(() => {
      throw new Error('boom');
    });
    const pool = makeNodePool();
    const inv = makeInventory({ nodePools: [pool], repositories: [REPO], policies: [makePolicy(REPO.name, [binding('roles/artifactregistry.reader', `serviceAccount:${SA}`)])] });
    const report = evaluate(inv, { now: NOW });
    expect(report.pairs).toHaveLength(1);
    expect(report.pairs[0].verdict).toBe('unknown');
    expect(report.pairs[0].causes).toHaveLength(1);
    expect(report.pairs[0].causes[0]).toMatchObject({ rule: 'engine.rule-error', category: 'scope', outcome: 'undecided', evidence: { ruleId: 'scope.no-storage', error: 'boom' } });
  });
  it('an IAM rule that throws is recorded the same way', () => {
    vi.spyOn(iamNoDownloadPermission, 'check').mockImplementation(() => {
      throw new TypeError('bad policy');
    });
    const e = pair({});
    expect(e.verdict).toBe('unknown');
    expect(e.causes[0]).toMatchObject({ rule: 'engine.rule-error', category: 'iam' });
  });
});

describe('evaluate', () => {
  const poolA = makeNodePool({ project: 'app', cluster: 'web', name: 'a' });
  const poolB = makeNodePool({ project: 'batch', cluster: 'jobs', name: 'b', serviceAccount: 'jobs@batch.iam.gserviceaccount.com' });
  const docker2 = makeRepository({ project: 'app', id: 'local' });
  const npm = makeRepository({ project: 'registry', id: 'js', format: 'NPM' });

  it('pairs every pool with every Docker repository across projects, and nothing else', () => {
    const inv = makeInventory({ nodePools: [poolA, poolB], repositories: [REPO, npm, docker2], gaps: [makeGap('g0')] });
    const report = evaluate(inv, { now: NOW });
    expect(report.schemaVersion).toBe(1);
    expect(report.scannedAt).toBe('2026-11-25T16:30:04.000Z');
    expect(report.pairs.map((p) => `${p.nodePool.split('/').pop()}×${p.repository.split('/').pop()}`)).toEqual(['a×images', 'a×local', 'b×images', 'b×local']);
    expect(report.gaps.map((g) => g.id)).toEqual(['g0']);
    expect(dockerRepositories(inv).map((r) => r.id)).toEqual(['images', 'local']);
    expect([...evaluatePairs(inv)]).toEqual(report.pairs);
  });

  it('reports auto-provisioning defaults that could not pull, from a cluster without node pools (Autopilot)', () => {
    const cluster = makeCluster({
      project: 'app',
      shortName: 'auto',
      autopilot: true,
      autoprovisioning: { serviceAccount: { configured: 'auto@app.iam.gserviceaccount.com', email: 'auto@app.iam.gserviceaccount.com', isDefault: false }, oauthScopes: [] },
    });
    // normalize adds the pool the cluster will create on demand; the builder stands for it here.
    const onDemand = makeNodePool({ project: 'app', cluster: 'auto', autoProvisioned: true, serviceAccount: 'auto@app.iam.gserviceaccount.com' });
    const inv = makeInventory({ clusters: [cluster], nodePools: [onDemand], repositories: [REPO] });
    const report = evaluate(inv, { now: NOW });
    expect(report.pairs.map((p) => [p.nodePool, p.verdict])).toEqual([[`${cluster.name}/nodePools/-`, 'cannot-pull']]);
    const f = report.findings.find((x) => x.rule === 'autoprovisioning.defaults');
    expect(f?.subject).toBe(cluster.name);
    expect(f?.message).toContain('would not be able to pull from 1 of 1');
    expect(f?.message).toContain('images (cannot-pull: iam)');
  });

  it('reports node versions the location no longer offers, once per pool', () => {
    const old = makeNodePool({ version: '1.27.3-gke.100' });
    const inv = makeInventory({ nodePools: [old], repositories: [REPO], serverConfigs: { 'projects/app/locations/europe-west1': { status: 'ok', value: { validNodeVersions: ['1.31.1-gke.1', '1.30.5-gke.1000'], validMasterVersions: [] } } } });
    const f = evaluate(inv, { now: NOW }).findings.filter((x) => x.rule === 'version.not-offered');
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain('1.27.3-gke.100');
  });

  it("says a not-offered version is the cluster's currentNodeVersion when the pool reported none", () => {
    const old = makeNodePool({ version: '1.27.3-gke.100', versionSource: 'cluster-current-node-version' });
    const inv = makeInventory({ nodePools: [old], repositories: [REPO], serverConfigs: { 'projects/app/locations/europe-west1': { status: 'ok', value: { validNodeVersions: ['1.31.1-gke.1'], validMasterVersions: [] } } } });
    const f = evaluate(inv, { now: NOW }).findings.find((x) => x.rule === 'version.not-offered');
    expect(f?.message).toBe(
      "node pool pool of cluster c1 (project app, europe-west1) did not report its own version; the cluster's currentNodeVersion 1.27.3-gke.100 (the oldest node version in the cluster) is no longer offered in europe-west1; upgrade it.",
    );
    expect(f?.evidence?.field).toBe('cluster.currentNodeVersion');
  });

  it('notes an unreadable policy once when grants elsewhere decide the pairs', () => {
    const pools = [1, 2, 3].map((i) => makeNodePool({ name: `p${i}` }));
    const inv = makeInventory({
      nodePools: pools,
      repositories: [REPO],
      projects: FOLDERED,
      policies: [policyGap('folders/111', 'g-f'), makePolicy(REPO.name, [binding('roles/artifactregistry.reader', `serviceAccount:${SA}`)])],
    });
    const report = evaluate(inv, { now: NOW });
    expect(report.pairs.every((p) => p.verdict === 'can-pull')).toBe(true);
    expect(report.findings.filter((f) => f.rule === 'iam.grant-despite-unreadable-policy').map((f) => f.subject)).toEqual(['folders/111']);
    const f = report.findings.find((x) => x.rule === 'iam.grant-despite-unreadable-policy');
    // The folder policy needs resourcemanager.folders.getIamPolicy, which roles/browser does not contain.
    expect(f?.remediation.steps).toEqual(['Grant the identity running Pullcheck resourcemanager.folders.getIamPolicy on folders/111 (roles/iam.securityReviewer contains it) for a complete audit.']);
    expect(f?.remediation.gcloud).toBe('gcloud resource-manager folders add-iam-policy-binding 111 --member=user:AUDITOR_EMAIL --role=roles/iam.securityReviewer');
  });

  it('turns cluster-list gaps into findings', () => {
    const inv = makeInventory({ repositories: [REPO], clusterListGaps: [{ project: 'dark', gapId: 'g-c' }] });
    expect(evaluate(inv, { now: NOW }).findings.map((f) => f.rule)).toContain('scan.cluster-list-unreadable');
  });
});

describe('rule catalog', () => {
  it('lists every pair rule with docs on cloud.google.com and unique ids', () => {
    const c = ruleCatalog();
    const ids = c.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['version.below-minimum', 'service-account.deleted', 'scope.no-storage', 'iam.no-download-permission', 'network.no-private-google-access', 'iam.basic-role-only']));
    for (const r of c) for (const d of r.docs) expect(d).toMatch(/^https:\/\/cloud\.google\.com\//);
  });
});
