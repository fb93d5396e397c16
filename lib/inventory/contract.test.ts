/**
 * Contract tests on real response shapes: the fixtures under __fixtures__/contract/ are trimmed from JSON that
 * gcpdiag (GoogleCloudPlatform/gcpdiag, test-data/gke1 and nat1 json-dumps) captured from live projects; each names
 * its source. They run through the normalizer and the engine, and each assertion says what a field decides.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawCluster, RawEstate, RawPolicy, RawRole, RawRouter, RawServiceAccount, RawSubnetwork } from './raw';
import { normalize } from './normalize';
import { accountOwner } from './account-owner';
import { evaluate, evaluatePair } from '../readiness/engine';
import { natUnusableReason, networkPath } from '../readiness/network';

const dir = path.join(__dirname, '__fixtures__', 'contract');
const load = <T>(f: string): T => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as T;

const clusters = load<{ clusters: RawCluster[] }>('gke-clusters.json').clusters;
const policyFile = load<RawPolicy & { _source?: unknown }>('project-iam-policy.json');
const policy: RawPolicy = { bindings: policyFile.bindings, etag: policyFile.etag, version: policyFile.version };
const roles = load<{ roles: RawRole[] }>('custom-roles.json').roles;
const accounts = load<{ accounts: RawServiceAccount[] }>('service-accounts.json').accounts;
const subnets = load<{ items: RawSubnetwork[] }>('subnetworks.json').items;
const routers = load<{ gke1: { items: RawRouter[] }; nat1: { items: RawRouter[] } }>('routers.json');

const P = 'gcpdiag-gke1-aaaa';
const NUMBER = '12340002';
const SUBNET = `projects/${P}/regions/europe-west4/subnetworks/default`;
// The repository is Pullcheck's own (gcpdiag's gke1 project has none); everything else is gcpdiag's shape.
const REPO = `projects/${P}/locations/europe-west4/repositories/images`;

function estate(o: { pga?: boolean } = {}): RawEstate {
  return {
    scope: { kind: 'projects', ids: [P] },
    startedAt: '2026-11-25T16:30:00.000Z',
    finishedAt: '2026-11-25T16:30:04.000Z',
    organizations: {},
    folders: {},
    projects: {
      [P]: {
        project: { projectId: P, projectNumber: NUMBER, name: P, lifecycleState: 'ACTIVE' },
        ancestry: { ok: true, value: [{ resourceId: { type: 'project', id: P } }] },
        iamPolicy: { ok: true, value: policy },
        clusters: { ok: true, value: structuredClone(clusters) },
        repositories: { items: [{ repository: { name: REPO, format: 'DOCKER', mode: 'STANDARD_REPOSITORY' }, iamPolicy: { ok: true, value: { etag: 'ACAB' } } }], gapIds: [] },
        serverConfigs: {},
      },
    },
    serviceAccounts: Object.fromEntries(accounts.map((a) => [a.email!.toLowerCase(), { ok: true as const, value: a }])),
    roles: Object.fromEntries(roles.map((r) => [r.name!, { ok: true as const, value: r }])),
    groups: {},
    subnetworks: { [SUBNET]: { ok: true, value: { ...subnets[0], ...(o.pga === undefined ? {} : { privateIpGoogleAccess: o.pga }) } } },
    routers: { [`projects/${P}/regions/europe-west4`]: { ok: true, value: routers.gke1.items } },
    gaps: [],
  };
}

const pool = (cluster: string, np: string) => `projects/${P}/locations/${clusters.find((c) => c.name === cluster)!.location}/clusters/${cluster}/nodePools/${np}`;

describe('GKE clusters as clusters.list returns them (gcpdiag gke1)', () => {
  const inv = normalize(estate());
  const report = evaluate(inv, { now: new Date('2026-11-25T16:30:04Z') });
  const pairOf = (np: string) => report.pairs.find((p) => p.nodePool === np && p.repository === REPO);

  it('an Autopilot cluster that lists no node pools still gets a nodePools/- pair, judged from autoprovisioningNodePoolDefaults', () => {
    const ap = inv.nodePools.find((p) => p.name === pool('autopilot-gke1', '-'))!;
    // serviceAccount "default" → the Compute Engine default account of the cluster's project (its number).
    expect(ap.serviceAccount).toMatchObject({ configured: 'default', email: `${NUMBER}-compute@developer.gserviceaccount.com`, isDefault: true });
    // oauthScopes of the defaults include devstorage.read_only; the version is the cluster's currentNodeVersion.
    expect(ap.oauthScopes).toContain('https://www.googleapis.com/auth/devstorage.read_only');
    expect([ap.version, ap.versionSource]).toEqual(['1.22.10-gke.600', 'cluster-current-node-version']);
    expect(ap.privateNodes).toBe(false);
    // The project policy grants roles/editor to the default account: the pools Autopilot creates can pull.
    expect(pairOf(ap.name)).toMatchObject({ verdict: 'can-pull', autoProvisioned: true });
  });

  it("a private Autopilot cluster's privateClusterConfig.enablePrivateNodes makes its future nodes private; the subnet's Private Google Access serves them", () => {
    const ap = inv.nodePools.find((p) => p.name === pool('autopilot-gke2', '-'))!;
    expect([ap.privateNodes, ap.privateNodesSource, ap.subnetwork]).toEqual([true, 'private-cluster-config', SUBNET]);
    expect(networkPath(inv, ap).kind).toBe('private-google-access');
  });

  it("a private Standard cluster's privateClusterConfig decides its pool; without Private Google Access the router's NAT (LIST_OF_SUBNETWORKS, ALL_IP_RANGES, AUTO_ONLY) serves it", () => {
    const noPga = normalize(estate({ pga: false }));
    const np = noPga.nodePools.find((p) => p.name === pool('gke4', 'default-pool'))!;
    expect([np.privateNodes, np.privateNodesSource]).toEqual([true, 'private-cluster-config']);
    expect(networkPath(noPga, np)).toMatchObject({ kind: 'cloud-nat', nat: 'gke-default-router-nat', coverage: 'LIST_OF_SUBNETWORKS' });
  });

  it("a node pool's networkConfig.enablePrivateNodes false wins over the cluster", () => {
    const np = inv.nodePools.find((p) => p.name === pool('gke2', 'low-pod-per-node-pool'))!;
    expect([np.privateNodes, np.privateNodesSource]).toEqual([false, 'node-pool']);
  });

  it('a custom account bound only to a GA custom role without downloadArtifacts cannot pull, naming the role', () => {
    const e = evaluatePair(inv, pool('gke2', 'default-pool'), REPO);
    expect(e.verdict).toBe('cannot-pull');
    expect(e.causes.map((c) => c.rule)).toEqual(['iam.no-download-permission']);
    expect(e.causes[0].message).toContain(`projects/${P}/roles/gke2_custom_role`);
  });

  it('only clusters that create pools on demand get nodePools/-', () => {
    expect(inv.nodePools.filter((p) => p.autoProvisioned).map((p) => p.cluster.split('/').pop())).toEqual(['autopilot-gke1', 'autopilot-gke2']);
  });
});

describe('IAM shapes (gcpdiag gke1)', () => {
  it('custom roles keep their stage; a GA role grants what it lists, DISABLED would grant nothing', () => {
    const inv = normalize(estate());
    const r = inv.roles[`projects/${P}/roles/gke2_custom_role`];
    expect(r.status === 'ok' && r.value.stage).toBe('GA');
    const disabled = estate();
    const role = disabled.roles[`projects/${P}/roles/gke2_custom_role`];
    if (role.ok) {
      role.value.stage = 'DISABLED';
      role.value.includedPermissions = [...(role.value.includedPermissions ?? []), 'artifactregistry.repositories.downloadArtifacts'];
    }
    const granted = structuredClone(disabled);
    const g = granted.roles[`projects/${P}/roles/gke2_custom_role`];
    if (g.ok) g.value.stage = 'GA';
    expect(evaluatePair(normalize(granted), pool('gke2', 'default-pool'), REPO).verdict).toBe('can-pull');
    expect(evaluatePair(normalize(disabled), pool('gke2', 'default-pool'), REPO).causes[0].message).toContain('DISABLED');
  });

  it("service accounts carry their owner in projectId; the Compute default account's number names its project", () => {
    const inv = normalize(estate());
    const sa = inv.serviceAccounts[`${NUMBER}-compute@developer.gserviceaccount.com`];
    expect(sa.status === 'ok' && sa.value.project).toBe(P);
    expect(accountOwner(`${NUMBER}-compute@developer.gserviceaccount.com`)).toEqual({ kind: 'project', id: null, number: NUMBER });
    expect(accountOwner('service-12340002@compute-system.iam.gserviceaccount.com')).toEqual({ kind: 'google-managed' });
    expect(accountOwner('gke2sa@gcpdiag-gke1-aaaa.iam.gserviceaccount.com')).toEqual({ kind: 'project', id: P, number: null });
  });
});

describe('Cloud NAT shapes (gcpdiag nat1)', () => {
  const nat = normalize({ ...estate(), routers: { 'projects/gcpdiag-nat1-aaaa/regions/europe-west4': { ok: true, value: routers.nat1.items } } }).routers['projects/gcpdiag-nat1-aaaa/regions/europe-west4'];
  const first = nat.status === 'ok' ? nat.value[0].nats[0] : null;
  it('a PUBLIC NAT for ENDPOINT_TYPE_VM, MANUAL_ONLY with an address in natIps, serves VMs', () => {
    expect(first).toMatchObject({ type: 'PUBLIC', endpointTypes: ['ENDPOINT_TYPE_VM'], natIpAllocateOption: 'MANUAL_ONLY' });
    expect(natUnusableReason(first!)).toBeNull();
  });
  it('the same NAT with its address draining, or for Secure Web Proxy only, serves nothing', () => {
    expect(natUnusableReason({ ...first!, natIps: [], drainNatIps: first!.natIps })).toContain('draining');
    expect(natUnusableReason({ ...first!, endpointTypes: ['ENDPOINT_TYPE_SWG'] })).toContain('ENDPOINT_TYPE_VM');
  });
});
