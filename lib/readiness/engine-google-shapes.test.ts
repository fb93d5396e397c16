/**
 * The engine on the behaviours issue 17 fixes: principalSet service-account members, disabled custom roles,
 * NATs that do not serve nodes, IAM conditions decided at scan time, and the pools a cluster will create on demand.
 */
import { describe, expect, it } from 'vitest';
import {
  binding,
  bindingIf,
  gapped,
  makeCluster,
  makeInventory,
  makeNodePool,
  makePolicy,
  makeProject,
  makeRepository,
  makeRole,
  makeRouter,
  makeServiceAccount,
  makeSubnetwork,
  ok,
  projectNumberOf,
  type InventoryOptions,
} from '../inventory/builders';
import type { Nat, NodePool } from '../inventory/types';
import { evaluate, evaluatePair } from './engine';

const SA = 'nodes@app.iam.gserviceaccount.com';
const NOW = new Date('2026-11-25T16:30:04Z');
const REPO = makeRepository({ project: 'registry', id: 'images' });
const READER = 'roles/artifactregistry.reader';

function pair(o: InventoryOptions & { pool?: NodePool }) {
  const pool = o.pool ?? makeNodePool();
  const inv = makeInventory({ nodePools: [pool], repositories: [REPO], ...o });
  return evaluatePair(inv, pool.name, REPO.name);
}
const rules = (e: { causes: { rule: string }[] }) => e.causes.map((c) => c.rule);

describe('principalSet://cloudresourcemanager.googleapis.com/.../type/ServiceAccount members', () => {
  const set = (r: string) => `principalSet://cloudresourcemanager.googleapis.com/${r}/type/ServiceAccount`;
  const projects = [makeProject('registry'), makeProject('app', ['folders/55', 'organizations/9'])];
  it.each([`projects/${projectNumberOf('app')}`, 'projects/app', 'folders/55', 'organizations/9'])('%s holds an account owned by that project or under it', (r) => {
    const e = pair({ projects, policies: [makePolicy(REPO.name, [binding(READER, set(r))])] });
    expect(e.verdict).toBe('can-pull');
  });
  it('another project, folder or organization does not hold it', () => {
    for (const r of ['projects/other', 'folders/56', 'organizations/10']) {
      expect(pair({ projects, policies: [makePolicy(REPO.name, [binding(READER, set(r))])] }).verdict).toBe('cannot-pull');
    }
  });
  it('reads the ancestry of an account project outside the scan (accountProjects)', () => {
    const pool = makeNodePool({ serviceAccount: 'nodes@central-sa.iam.gserviceaccount.com' });
    const policies = [makePolicy(REPO.name, [binding(READER, set('folders/77'))])];
    expect(pair({ pool, policies, accountProjects: { 'central-sa': ok(['folders/77', 'organizations/9']) } }).verdict).toBe('can-pull');
    expect(pair({ pool, policies, accountProjects: { 'central-sa': ok(['organizations/9']) } }).verdict).toBe('cannot-pull');
  });
  it('unreadable ancestry leaves the binding undecided (audit-access) when it is the only possible grant', () => {
    const pool = makeNodePool({ serviceAccount: 'nodes@central-sa.iam.gserviceaccount.com' });
    const policies = [makePolicy(REPO.name, [binding(READER, set('organizations/9'))])];
    for (const accountProjects of [undefined, { 'central-sa': gapped('g-anc') }]) {
      const e = pair({ pool, policies, ...(accountProjects ? { accountProjects } : {}) });
      expect(e.verdict).toBe('unknown');
      expect(e.causes.map((c) => c.category)).toEqual(['audit-access']);
      expect(e.causes[0].message).toContain('central-sa');
    }
    // A grant elsewhere still decides.
    expect(pair({ pool, policies: [makePolicy(REPO.name, [binding(READER, set('organizations/9'), 'serviceAccount:nodes@central-sa.iam.gserviceaccount.com')])] }).verdict).toBe('can-pull');
  });
  it('the Compute Engine default account belongs to the project of its number', () => {
    const pool = makeNodePool({ serviceAccount: 'default' });
    expect(pair({ pool, projects, policies: [makePolicy(REPO.name, [binding(READER, set('folders/55'))])] }).verdict).toBe('can-pull');
  });
  it('an account known only by its project number matches that number, and leaves a project id undecided', () => {
    const pool = makeNodePool({ serviceAccount: '555000111-compute@developer.gserviceaccount.com' });
    expect(pair({ pool, projects, policies: [makePolicy(REPO.name, [binding(READER, set('projects/555000111'))])] }).verdict).toBe('can-pull');
    const byId = pair({ pool, projects, policies: [makePolicy(REPO.name, [binding(READER, set('projects/some-project'))])] });
    expect([byId.verdict, byId.causes.map((c) => c.category)]).toEqual(['unknown', ['audit-access']]);
  });
  it('service agents, workforce and workload identity pools never match a node account', () => {
    const agent = makeNodePool({ serviceAccount: 'service-1@gcp-sa-artifactregistry.iam.gserviceaccount.com' });
    expect(pair({ pool: agent, projects, policies: [makePolicy(REPO.name, [binding(READER, set('organizations/9'))])] }).verdict).toBe('cannot-pull');
    for (const m of [
      'principalSet://iam.googleapis.com/locations/global/workforcePools/p/*',
      'principalSet://iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/app.svc.id.goog/namespace/ns',
      `principal://iam.googleapis.com/projects/-/serviceAccounts/${SA}`,
    ]) {
      expect(pair({ projects, policies: [makePolicy(REPO.name, [binding(READER, m)])] }).verdict).toBe('cannot-pull');
    }
  });
});

describe('custom roles that grant nothing', () => {
  const role = 'projects/registry/roles/puller';
  it.each([
    ['DISABLED', { stage: 'DISABLED' }, 'DISABLED'],
    ['deleted', { deleted: true }, 'deleted'],
  ])('a %s custom role with the permission grants nothing, and the cause says why', (_, o, word) => {
    const e = pair({ roles: { [role]: makeRole(role, ['artifactregistry.repositories.downloadArtifacts'], o) }, policies: [makePolicy(REPO.name, [binding(role, `serviceAccount:${SA}`)])] });
    expect(e.verdict).toBe('cannot-pull');
    expect(rules(e)).toEqual(['iam.no-download-permission']);
    expect(e.causes[0].message).toContain('looks like a grant in the console');
    expect(e.causes[0].message).toContain(word);
  });
  it.each(['ALPHA', 'BETA', 'GA', 'DEPRECATED', 'EAP'])('a %s custom role grants normally', (stage) => {
    const e = pair({ roles: { [role]: makeRole(role, ['artifactregistry.repositories.downloadArtifacts'], { stage }) }, policies: [makePolicy(REPO.name, [binding(role, `serviceAccount:${SA}`)])] });
    expect(e.verdict).toBe('can-pull');
  });
});

describe('Cloud NAT serves node egress only when public, for VMs, with addresses, on the primary range', () => {
  const SUBNET = 'projects/app/regions/europe-west1/subnetworks/nodes';
  const pool = makeNodePool({ privateNodes: true, subnetwork: SUBNET });
  const withNat = (nat: Partial<Nat>) =>
    pair({
      pool,
      policies: [makePolicy(REPO.name, [binding(READER, `serviceAccount:${SA}`)])],
      subnetworks: { [SUBNET]: makeSubnetwork(SUBNET) },
      routers: { 'projects/app/regions/europe-west1': ok([makeRouter('app', 'europe-west1', [nat])]) },
    });
  it('an AUTO_ONLY public NAT for all subnets serves', () => {
    expect(withNat({ natIpAllocateOption: 'AUTO_ONLY' }).verdict).toBe('can-pull');
    expect(withNat({ natIpAllocateOption: 'MANUAL_ONLY', natIps: ['projects/app/regions/europe-west1/addresses/a'], endpointTypes: ['ENDPOINT_TYPE_VM', 'ENDPOINT_TYPE_SWG'] }).verdict).toBe('can-pull');
    expect(withNat({ sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS', subnetworks: [SUBNET], subnetworkRanges: [{ name: SUBNET, sourceIpRangesToNat: ['PRIMARY_IP_RANGE'] }] }).verdict).toBe('can-pull');
  });
  it.each<[string, Partial<Nat>, string]>([
    ['a Private NAT', { type: 'PRIVATE' }, 'Private NAT'],
    ['a NAT for Secure Web Proxy only', { endpointTypes: ['ENDPOINT_TYPE_SWG'] }, 'ENDPOINT_TYPE_VM'],
    ['a NAT for managed proxy load balancers only', { endpointTypes: ['ENDPOINT_TYPE_MANAGED_PROXY_LB'] }, 'ENDPOINT_TYPE_VM'],
    ['a MANUAL_ONLY NAT whose addresses all drain', { natIpAllocateOption: 'MANUAL_ONLY', natIps: [], drainNatIps: ['projects/app/regions/europe-west1/addresses/old'] }, 'draining'],
    ['a MANUAL_ONLY NAT without addresses', { natIpAllocateOption: 'MANUAL_ONLY' }, 'no address'],
    ['a NAT for the Pod (secondary) ranges only', { sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS', subnetworks: [], subnetworkRanges: [{ name: SUBNET, sourceIpRangesToNat: ['LIST_OF_SECONDARY_IP_RANGES'] }] }, 'primary range'],
  ])('%s does not serve the nodes: cannot-pull (network), saying why', (_, nat, why) => {
    const e = withNat(nat);
    expect(e.verdict).toBe('cannot-pull');
    expect(e.causes.map((c) => c.category)).toEqual(['network']);
    expect(e.causes[0].message).toContain(why);
  });
});

describe('IAM conditions decided at the scan time (2026-11-25)', () => {
  const only = (expression: string, title = 'temporary') => pair({ policies: [makePolicy(REPO.name, [bindingIf({ title, expression }, READER, `serviceAccount:${SA}`)])] });
  it('an expired temporary grant is cannot-pull, the cause explaining the expiry', () => {
    const e = only('request.time < timestamp("2026-01-31T00:00:00Z")');
    expect(e.verdict).toBe('cannot-pull');
    expect(e.causes.map((c) => c.category)).toEqual(['iam']);
    expect(e.causes[0].message).toContain('expired on 2026-01-31');
    expect(e.causes[0].message).toContain('"temporary"');
  });
  it('a running temporary grant pulls, and a finding says when pulls stop', () => {
    const pool = makeNodePool();
    const inv = makeInventory({ nodePools: [pool], repositories: [REPO], policies: [makePolicy(REPO.name, [bindingIf({ title: 'until February', expression: 'request.time < timestamp("2027-01-31T00:00:00Z")' }, READER, `serviceAccount:${SA}`)])] });
    const report = evaluate(inv, { now: NOW });
    expect(report.pairs[0].verdict).toBe('can-pull');
    const f = report.findings.find((x) => x.rule === 'iam.grant-expires');
    expect(f?.message).toContain('pulls stop on 2027-01-31');
    expect(f?.remediation.gcloud).toContain('--member=serviceAccount:nodes@app.iam.gserviceaccount.com');
    expect(f?.remediation.gcloud).toContain('--condition=None');
  });
  it('a grant resting on resource.name is no grant, and the cause says Artifact Registry does not recognize it', () => {
    const e = only('resource.name.startsWith("projects/registry/locations/europe-west1/repositories/images")', 'images only');
    expect(e.verdict).toBe('cannot-pull');
    expect(e.causes[0].message).toContain('resource.name');
    expect(e.causes[0].message).toContain('Artifact Registry does not recognize');
  });
  it('a condition on anything else is unknown (iam), quoting title and expression', () => {
    const e = only("request.auth.claims.google.ip == '10.0.0.1'", 'office');
    expect(e.verdict).toBe('unknown');
    expect(e.causes.map((c) => `${c.category} ${c.rule}`)).toEqual(['iam iam.conditional-only']);
    expect(e.causes[0].message).toContain('"office"');
    expect(e.causes[0].message).toContain("request.auth.claims.google.ip == '10.0.0.1'");
  });
});

describe('pools a cluster will create on demand (nodePools/-)', () => {
  it('are paired with every repository, judged from the autoprovisioning defaults', () => {
    const cluster = makeCluster({ project: 'app', shortName: 'auto', autopilot: true, autoprovisioning: { serviceAccount: { configured: SA, email: SA, isDefault: false }, oauthScopes: [] } });
    const onDemand = makeNodePool({ cluster: 'auto', autoProvisioned: true, scopes: ['https://www.googleapis.com/auth/logging.write'] });
    const inv = makeInventory({
      clusters: [cluster],
      nodePools: [onDemand],
      repositories: [REPO],
      serviceAccounts: { [SA]: makeServiceAccount(SA) },
      policies: [makePolicy(REPO.name, [binding(READER, `serviceAccount:${SA}`)])],
    });
    const report = evaluate(inv, { now: NOW });
    expect(report.pairs.map((p) => [p.nodePool, p.verdict, p.causes.map((c) => c.category)])).toEqual([[`${cluster.name}/nodePools/-`, 'cannot-pull', ['scope']]]);
  });
});
