import { describe, expect, it } from 'vitest';
import { makeCluster, makeGap, makeInventory, makeNodePool, makeRouter, makeServiceAccount, makeSubnetwork, gapped, NOT_FOUND, ok } from '@/lib/inventory/builders';
import type { Report } from '@/lib/readiness/types';
import {
  buildClusterViews,
  clusterHref,
  countsText,
  describeAccount,
  describeNetwork,
  describeScope,
  describeScopes,
  describeVersion,
  filterClusters,
  pairHref,
  readClusterFilters,
  withScan,
} from './cluster-view';

const AUTH = 'https://www.googleapis.com/auth/';

function report(pairs: Report['pairs']): Report {
  return { schemaVersion: 1, scannedAt: '2026-11-25T16:30:04Z', scope: { kind: 'projects', ids: [] }, pairs, findings: [], gaps: [] };
}

describe('describeScope / describeScopes', () => {
  it('names scopes as gcloud does and marks the storage ones sufficient', () => {
    expect(describeScope(`${AUTH}devstorage.read_only`)).toEqual({ url: `${AUTH}devstorage.read_only`, name: 'storage-ro', pull: 'sufficient' });
    expect(describeScope(`${AUTH}cloud-platform`).pull).toBe('sufficient');
    expect(describeScope(`${AUTH}logging.write`)).toMatchObject({ name: 'logging-write', pull: 'insufficient' });
    expect(describeScope(`${AUTH}service.management.readonly`).name).toBe('service-management');
    expect(describeScope(`${AUTH}cloud-platform.read-only`).pull).toBe('undecided');
    expect(describeScope('https://example.com/other').name).toBe('https://example.com/other');
  });

  it('sums up the GKE defaults as storage-ro sufficient', () => {
    const s = describeScopes([`${AUTH}devstorage.read_only`, `${AUTH}logging.write`, `${AUTH}monitoring`]);
    expect(s.kind).toBe('sufficient');
    expect(s.summary).toBe('storage-ro: sufficient for pulls from private repositories');
    expect(s.scopes.map((x) => x.name)).toEqual(['storage-ro', 'logging-write', 'monitoring']);
  });

  it('says logging/monitoring alone are insufficient and read-only cloud-platform is undecided', () => {
    expect(describeScopes([`${AUTH}logging.write`, `${AUTH}monitoring`]).summary).toMatch(/^no storage or cloud-platform scope: insufficient/);
    expect(describeScopes([]).summary).toMatch(/^no access scopes: insufficient/);
    const ro = describeScopes([`${AUTH}cloud-platform.read-only`]);
    expect(ro.kind).toBe('read-only-cloud-platform');
    expect(ro.summary).toMatch(/undecided/);
  });
});

describe('describeAccount', () => {
  const pool = makeNodePool({ serviceAccount: 'nodes@ids.iam.gserviceaccount.com' });
  it('reports enabled, disabled, deleted, unreadable and not-read accounts', () => {
    const email = pool.serviceAccount.email;
    const gap = makeGap('gap-sa', { permission: 'iam.serviceAccounts.get' });
    const base = makeInventory({ nodePools: [pool] });
    expect(describeAccount(base, pool.serviceAccount).state.kind).toBe('active');
    expect(describeAccount({ ...base, serviceAccounts: { [email]: makeServiceAccount(email, { disabled: true }) } }, pool.serviceAccount).state.kind).toBe('disabled');
    expect(describeAccount({ ...base, serviceAccounts: { [email]: NOT_FOUND } }, pool.serviceAccount).state.kind).toBe('deleted');
    const unreadable = describeAccount({ ...base, serviceAccounts: { [email]: gapped('gap-sa') }, gaps: [gap] }, pool.serviceAccount);
    expect(unreadable.state).toEqual({ kind: 'unreadable', gap });
    expect(describeAccount({ ...base, serviceAccounts: {} }, pool.serviceAccount).state.kind).toBe('not-read');
  });

  it('keeps the resolved email of the default account and says it is the default', () => {
    const def = makeNodePool({ serviceAccount: 'default', projectNumber: '826350741269' });
    const a = describeAccount(makeInventory({ nodePools: [def] }), def.serviceAccount);
    expect(a).toMatchObject({ email: '826350741269-compute@developer.gserviceaccount.com', isDefault: true, configured: 'default' });
  });
});

describe('describeVersion', () => {
  it('flags a version below the Artifact Registry minimum and one GKE no longer offers', () => {
    const pool = makeNodePool({ version: '1.15.9-gke.7' });
    const inv = makeInventory({ nodePools: [pool], serverConfigs: { 'projects/app/locations/europe-west1': ok({ validNodeVersions: ['1.30.5-gke.1000'], validMasterVersions: [] }) } });
    expect(describeVersion(inv, pool)).toMatchObject({ belowMinimum: true, minimum: '1.15.9-gke.8', offered: false });
  });

  it('compares versions as numbers: 1.14.10-gke.1504 is above 1.14.10-gke.22', () => {
    const pool = makeNodePool({ version: '1.14.10-gke.1504' });
    expect(describeVersion(makeInventory({ nodePools: [pool] }), pool)).toMatchObject({ belowMinimum: false, offered: null });
  });

  it('says an offered modern version is fine', () => {
    const pool = makeNodePool({ version: '1.30.5-gke.1000' });
    const inv = makeInventory({ nodePools: [pool], serverConfigs: { 'projects/app/locations/europe-west1': ok({ validNodeVersions: ['1.30.5-gke.1000'], validMasterVersions: [] }) } });
    expect(describeVersion(inv, pool)).toMatchObject({ belowMinimum: false, offered: true });
  });
});

describe('describeNetwork', () => {
  const subnet = 'projects/host/regions/europe-west1/subnetworks/shared';
  it('finds the Cloud NAT of a Shared VPC host for private nodes without Private Google Access', () => {
    const pool = makeNodePool({ privateNodes: true, subnetwork: subnet });
    const inv = makeInventory({
      nodePools: [pool],
      subnetworks: { [subnet]: makeSubnetwork(subnet, { privateIpGoogleAccess: false }) },
      routers: { 'projects/host/regions/europe-west1': ok([makeRouter('host', 'europe-west1', [{ name: 'egress' }], { name: 'r1' })]) },
    });
    const n = describeNetwork(inv, pool);
    expect(n).toMatchObject({ privateNodes: true, sharedVpc: true, hostProject: 'host', privateGoogleAccess: false, nat: 'r1/egress', reachable: true });
  });

  it('says private nodes with neither PGA nor NAT have no path', () => {
    const pool = makeNodePool({ project: 'host', privateNodes: true, subnetwork: subnet });
    const inv = makeInventory({ nodePools: [pool], subnetworks: { [subnet]: makeSubnetwork(subnet) }, routers: { 'projects/host/regions/europe-west1': ok([]) } });
    const n = describeNetwork(inv, pool);
    expect(n.reachable).toBe(false);
    expect(n.sharedVpc).toBe(false);
    expect(n.summary).toMatch(/no path to Artifact Registry/);
  });

  it('says an unreadable subnet leaves the path unknown, naming the permission', () => {
    const pool = makeNodePool({ privateNodes: true, subnetwork: subnet });
    const n = describeNetwork(makeInventory({ nodePools: [pool], subnetworks: { [subnet]: gapped('gap-sub') } }), pool);
    expect(n.reachable).toBeNull();
    expect(n.summary).toMatch(/compute\.subnetworks\.get/);
  });
});

describe('buildClusterViews and filters', () => {
  const a = makeNodePool({ project: 'shop', cluster: 'web', name: 'api' });
  const b = makeNodePool({ project: 'shop', cluster: 'web', name: 'batch', serviceAccount: 'batch@ids.iam.gserviceaccount.com' });
  const auto = makeCluster({
    project: 'data',
    location: 'us-central1',
    shortName: 'auto',
    autopilot: true,
    autoprovisioning: { serviceAccount: { configured: 'ap@ids.iam.gserviceaccount.com', email: 'ap@ids.iam.gserviceaccount.com', isDefault: false }, oauthScopes: [`${AUTH}cloud-platform`] },
  });
  const inv = makeInventory({ nodePools: [a, b], clusters: [auto] });
  const rep = report([
    { nodePool: a.name, repository: 'projects/r/locations/europe-west1/repositories/x', verdict: 'can-pull', causes: [] },
    { nodePool: b.name, repository: 'projects/r/locations/europe-west1/repositories/x', verdict: 'cannot-pull', causes: [] },
    { nodePool: b.name, repository: 'projects/r/locations/europe-west1/repositories/y', verdict: 'unknown', causes: [] },
  ]);
  const views = buildClusterViews(inv, rep);

  it('builds one view per cluster with pools, mode and pair counts', () => {
    expect(views.map((v) => [v.shortName, v.mode, v.pools.length])).toEqual([
      ['auto', 'Autopilot', 0],
      ['web', 'Standard', 2],
    ]);
    const web = views[1];
    expect(countsText(web.counts)).toBe('1 can pull, 1 cannot pull, 1 unknown');
    expect(web.pools.find((p) => p.shortName === 'batch')!.counts.total).toBe(2);
    expect(views[0].autoprovisioning?.account.email).toBe('ap@ids.iam.gserviceaccount.com');
    expect(views[0].autoprovisioning?.scopes.kind).toBe('sufficient');
    expect(web.href).toBe('/clusters/shop/europe-west1/web');
  });

  it('shows the pools an Autopilot cluster will create (nodePools/-) as "auto-provisioned pools"', () => {
    const onDemand = makeNodePool({ project: 'data', location: 'us-central1', cluster: 'auto', autoProvisioned: true, serviceAccount: 'ap@ids.iam.gserviceaccount.com' });
    const v = buildClusterViews(
      makeInventory({ nodePools: [a, onDemand], clusters: [auto] }),
      report([{ nodePool: onDemand.name, repository: 'projects/r/locations/europe-west1/repositories/x', verdict: 'can-pull', causes: [], autoProvisioned: true }]),
    );
    const pool = v.find((c) => c.shortName === 'auto')!.pools[0];
    expect([pool.name, pool.displayName, pool.onDemand, pool.counts.total]).toEqual(['projects/data/locations/us-central1/clusters/auto/nodePools/-', 'auto-provisioned pools', true, 1]);
  });

  it('filters by project, mode and a search over names and service accounts', () => {
    expect(filterClusters(views, readClusterFilters({ mode: 'Autopilot' })).map((v) => v.shortName)).toEqual(['auto']);
    expect(filterClusters(views, readClusterFilters({ project: 'shop' })).map((v) => v.shortName)).toEqual(['web']);
    expect(filterClusters(views, readClusterFilters({ q: 'BATCH@ids' })).map((v) => v.shortName)).toEqual(['web']);
    expect(filterClusters(views, readClusterFilters({ q: 'nothing-like-this' }))).toEqual([]);
    expect(readClusterFilters({ mode: 'weird', q: '  ' })).toEqual({ project: null, mode: null, q: null });
  });
});

describe('links', () => {
  it('builds the pair detail URL the readiness pages read, and keeps the scan', () => {
    expect(pairHref('projects/p/locations/l/clusters/c/nodePools/np', 'projects/r/locations/l/repositories/x', 'abc')).toBe(
      '/readiness/pair?pool=projects%2Fp%2Flocations%2Fl%2Fclusters%2Fc%2FnodePools%2Fnp&repo=projects%2Fr%2Flocations%2Fl%2Frepositories%2Fx&scan=abc',
    );
    expect(withScan('/clusters', null)).toBe('/clusters');
    expect(withScan('/clusters?x=1', 's 1')).toBe('/clusters?x=1&scan=s%201');
    expect(withScan('/clusters/p/l/c#pool-np', 'abc')).toBe('/clusters/p/l/c?scan=abc#pool-np');
    expect(withScan('/clusters/p/l/c?x=1#pool-np', 'abc')).toBe('/clusters/p/l/c?x=1&scan=abc#pool-np');
    expect(clusterHref({ project: 'example.com:p', location: 'us', shortName: 'c' })).toBe('/clusters/example.com%3Ap/us/c');
  });
});
