import { describe, expect, it } from 'vitest';
import { evaluate } from '../readiness/engine';
import { normalize, regionOf, subnetworkName } from './normalize';
import type { RawCluster, RawEstate, RawProjectEntry } from './raw';

const SCOPES_DEFAULT = [
  'https://www.googleapis.com/auth/devstorage.read_only',
  'https://www.googleapis.com/auth/logging.write',
  'https://www.googleapis.com/auth/monitoring',
  'https://www.googleapis.com/auth/servicecontrol',
  'https://www.googleapis.com/auth/service.management.readonly',
  'https://www.googleapis.com/auth/trace.append',
];

function estate(projects: Record<string, RawProjectEntry>, extra: Partial<RawEstate> = {}): RawEstate {
  return {
    scope: { kind: 'projects', ids: Object.keys(projects) },
    startedAt: '2026-11-25T16:30:00Z',
    finishedAt: '2026-11-25T16:30:04Z',
    organizations: {},
    folders: {},
    projects,
    serviceAccounts: {},
    roles: {},
    groups: {},
    subnetworks: {},
    routers: {},
    gaps: [],
    ...extra,
  };
}

function projectEntry(projectId: string, projectNumber: string, clusters: RawCluster[], more: Partial<RawProjectEntry> = {}): RawProjectEntry {
  return {
    project: { projectId, projectNumber, name: projectId, lifecycleState: 'ACTIVE', parent: { type: 'folder', id: '311122223333' } },
    ancestry: {
      ok: true,
      value: [
        { resourceId: { type: 'project', id: projectId } },
        { resourceId: { type: 'folder', id: '311122223333' } },
        { resourceId: { type: 'organization', id: '731904562218' } },
      ],
    },
    iamPolicy: { ok: true, value: { version: 1, etag: 'ACAB' } },
    clusters: { ok: true, value: clusters },
    repositories: { items: [], gapIds: [] },
    serverConfigs: {},
    ...more,
  };
}

describe('normalize: node identity and network', () => {
  const cluster: RawCluster = {
    name: 'web',
    location: 'europe-west2',
    currentNodeVersion: '1.33.5-gke.1308000',
    subnetwork: 'web-nodes',
    network: 'default',
    networkConfig: { network: 'projects/host-net/global/networks/shared', subnetwork: 'projects/host-net/regions/europe-west2/subnetworks/shared-a', defaultEnablePrivateNodes: true },
    privateClusterConfig: { enablePrivateNodes: false },
    nodePools: [
      { name: 'dflt', config: { serviceAccount: 'default', oauthScopes: SCOPES_DEFAULT }, version: '1.33.5-gke.1308000' },
      { name: 'empty-sa', config: {} },
      {
        name: 'custom',
        config: { serviceAccount: 'Web-Nodes@Tea-Shop-Web.iam.gserviceaccount.com', oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'] },
        networkConfig: { enablePrivateNodes: false, subnetwork: 'https://www.googleapis.com/compute/v1/projects/host-net/regions/europe-west2/subnetworks/shared-b' },
      },
    ],
  };

  it('resolves `default` and empty to the cluster project number, and lower-cases emails', () => {
    const inv = normalize(estate({ 'tea-shop-web': projectEntry('tea-shop-web', '260314159265', [cluster]) }));
    const [dflt, empty, custom] = inv.nodePools;
    expect(dflt.serviceAccount).toEqual({ configured: 'default', email: '260314159265-compute@developer.gserviceaccount.com', isDefault: true });
    expect(empty.serviceAccount.email).toBe('260314159265-compute@developer.gserviceaccount.com');
    expect(custom.serviceAccount).toMatchObject({ email: 'web-nodes@tea-shop-web.iam.gserviceaccount.com', isDefault: false });
    expect(dflt.name).toBe('projects/tea-shop-web/locations/europe-west2/clusters/web/nodePools/dflt');
    expect(empty.version).toBe('1.33.5-gke.1308000');
    expect(empty.oauthScopes).toEqual([]);
  });

  it('private nodes: the pool wins, then defaultEnablePrivateNodes, then privateClusterConfig', () => {
    const inv = normalize(estate({ p: projectEntry('p', '1', [cluster]) }));
    expect(inv.nodePools.map((n) => [n.privateNodes, n.privateNodesSource])).toEqual([
      [true, 'cluster-default'],
      [true, 'cluster-default'],
      [false, 'node-pool'],
    ]);
    const legacy = normalize(estate({ p: projectEntry('p', '1', [{ ...cluster, networkConfig: {}, nodePools: [{ name: 'x' }], privateClusterConfig: { enablePrivateNodes: true } }]) }));
    expect(legacy.nodePools[0]).toMatchObject({ privateNodes: true, privateNodesSource: 'private-cluster-config' });
    const none = normalize(estate({ p: projectEntry('p', '1', [{ ...cluster, networkConfig: {}, privateClusterConfig: undefined, nodePools: [{ name: 'x' }] }]) }));
    expect(none.nodePools[0]).toMatchObject({ privateNodes: false, privateNodesSource: 'unset' });
  });

  it('Shared VPC subnets: pool URL, cluster networkConfig path, or a bare cluster.subnetwork in the cluster project and region', () => {
    const inv = normalize(estate({ p: projectEntry('p', '1', [cluster, { ...cluster, name: 'zonal', location: 'europe-west2-b', networkConfig: {}, nodePools: [{ name: 'x' }] }]) }));
    expect(inv.nodePools[0].subnetwork).toBe('projects/host-net/regions/europe-west2/subnetworks/shared-a');
    expect(inv.nodePools[2].subnetwork).toBe('projects/host-net/regions/europe-west2/subnetworks/shared-b');
    expect(inv.nodePools[3].subnetwork).toBe('projects/p/regions/europe-west2/subnetworks/web-nodes');
    expect(inv.clusters[0].network).toBe('projects/host-net/global/networks/shared');
    expect(regionOf('europe-west2-b')).toBe('europe-west2');
    expect(subnetworkName('regions/us-east1/subnetworks/s', 'h', 'x')).toBe('projects/h/regions/us-east1/subnetworks/s');
  });

  it('autoprovisioning defaults and Autopilot', () => {
    const ap: RawCluster = { name: 'auto', location: 'us-central1', autopilot: { enabled: true }, autoscaling: { autoprovisioningNodePoolDefaults: { serviceAccount: 'default', oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'] } } };
    const inv = normalize(estate({ p: projectEntry('p', '42', [ap]) }));
    // An Autopilot cluster lists no node pools: the pool it will create on demand is judged as nodePools/-.
    expect(inv.nodePools.map((p) => [p.name, p.autoProvisioned, p.serviceAccount.email, p.oauthScopes])).toEqual([
      ['projects/p/locations/us-central1/clusters/auto/nodePools/-', true, '42-compute@developer.gserviceaccount.com', ['https://www.googleapis.com/auth/cloud-platform']],
    ]);
    expect(inv.clusters[0]).toMatchObject({ autopilot: true, nodePoolNames: [], autoprovisioning: { serviceAccount: { email: '42-compute@developer.gserviceaccount.com', isDefault: true } } });
  });
});

describe('normalize: version source and not-found gap ids', () => {
  it('records whether a pool reported its own version or fell back to currentNodeVersion', () => {
    const c: RawCluster = { name: 'ops', location: 'us-east1', currentNodeVersion: '1.13.12-gke.30', nodePools: [{ name: 'own', version: '1.15.8-gke.30' }, { name: 'noversion' }] };
    const bare: RawCluster = { name: 'bare', location: 'us-east1', nodePools: [{ name: 'x' }] };
    const inv = normalize(estate({ p: projectEntry('p', '1', [c, bare]) }));
    expect(inv.nodePools.map((n) => [n.shortName, n.version, n.versionSource])).toEqual([
      ['own', '1.15.8-gke.30', 'node-pool'],
      ['noversion', '1.13.12-gke.30', 'cluster-current-node-version'],
      ['x', null, undefined],
    ]);
  });

  it('keeps the gap id of a 404 lookup (a group outside the directory) so causes can link it', () => {
    const inv = normalize(
      estate({}, { groups: { 'SRE@ops.example': { ok: false, notFound: true, gapId: 'gap-grp' }, 'gone@ops.example': { ok: false, notFound: true } } }),
    );
    expect(inv.groups['sre@ops.example']).toEqual({ status: 'not-found', gapId: 'gap-grp' });
    expect(inv.groups['gone@ops.example']).toStrictEqual({ status: 'not-found' });
  });
});

describe('normalize: lookups, groups, networks, gaps', () => {
  it('maps Readable/Lookup to Known/Found and normalizes names', () => {
    const inv = normalize(
      estate(
        { p: projectEntry('p', '1', [], { iamPolicy: { ok: false, gapId: 'g-pol' }, clusters: { ok: false, gapId: 'g-cl' }, repositories: { items: [], gapIds: ['g-repo-us'] } }) },
        {
          serviceAccounts: { 'gone@p.iam.gserviceaccount.com': { ok: false, notFound: true }, 'x@p.iam.gserviceaccount.com': { ok: false, gapId: 'g-sa' } },
          roles: { 'projects/p/roles/old': { ok: true, value: { name: 'projects/p/roles/old', deleted: true, includedPermissions: ['artifactregistry.repositories.downloadArtifacts'] } } },
          groups: {
            'Devs@Example.com': {
              ok: true,
              value: {
                group: { name: 'groups/abc', groupKey: { id: 'Devs@Example.com' } },
                members: [
                  { preferredMemberKey: { id: 'Nodes@P.iam.gserviceaccount.com' }, type: 'SERVICE_ACCOUNT' },
                  { preferredMemberKey: { id: 'inner@example.com' } },
                ],
              },
            },
            'inner@example.com': { ok: false, notFound: true },
          },
          subnetworks: {
            'projects/h/regions/r1/subnetworks/s': {
              ok: true,
              value: { name: 's', region: 'https://www.googleapis.com/compute/v1/projects/h/regions/r1', network: 'https://www.googleapis.com/compute/v1/projects/h/global/networks/n', selfLink: 'https://www.googleapis.com/compute/v1/projects/h/regions/r1/subnetworks/s', privateIpGoogleAccess: false },
            },
          },
          routers: {
            'projects/h/regions/r1': {
              ok: true,
              value: [
                {
                  name: 'rt',
                  region: 'https://www.googleapis.com/compute/v1/projects/h/regions/r1',
                  network: 'https://www.googleapis.com/compute/v1/projects/h/global/networks/n',
                  nats: [
                    { name: 'list', sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS', subnetworks: [{ name: 'https://www.googleapis.com/compute/v1/projects/h/regions/r1/subnetworks/s', sourceIpRangesToNat: ['ALL_IP_RANGES'] }, { name: 'projects/h/regions/r1/subnetworks/pods-only', sourceIpRangesToNat: ['LIST_OF_SECONDARY_IP_RANGES'] }] },
                    { name: 'private', type: 'PRIVATE', sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES' },
                  ],
                },
              ],
            },
          },
        },
      ),
    );
    expect(inv.policies['projects/p']).toEqual({ status: 'gap', gapId: 'g-pol' });
    expect(inv.clusterListGaps).toEqual([{ project: 'p', gapId: 'g-cl' }]);
    expect(inv.repositoryListGaps).toEqual([{ project: 'p', gapId: 'g-repo-us' }]);
    expect(inv.projects[0].ancestry).toEqual({ status: 'ok', value: ['folders/311122223333', 'organizations/731904562218'] });
    expect(inv.serviceAccounts['gone@p.iam.gserviceaccount.com']).toEqual({ status: 'not-found' });
    expect(inv.serviceAccounts['x@p.iam.gserviceaccount.com']).toEqual({ status: 'gap', gapId: 'g-sa' });
    // A deleted custom role stays readable; the engine makes its bindings grant nothing (and says why).
    expect(inv.roles['projects/p/roles/old']).toMatchObject({ status: 'ok', value: { deleted: true } });
    expect(inv.groups['devs@example.com']).toEqual({
      status: 'ok',
      value: { email: 'devs@example.com', name: 'groups/abc', displayName: null, members: [{ id: 'nodes@p.iam.gserviceaccount.com', type: 'SERVICE_ACCOUNT' }, { id: 'inner@example.com', type: 'GROUP' }] },
    });
    expect(inv.subnetworks['projects/h/regions/r1/subnetworks/s']).toEqual({ status: 'ok', value: { name: 'projects/h/regions/r1/subnetworks/s', project: 'h', region: 'r1', network: 'projects/h/global/networks/n', privateIpGoogleAccess: false } });
    const routers = inv.routers['projects/h/regions/r1'];
    // Every NAT is kept with the fields that decide whether it serves node egress; lib/readiness/network decides.
    expect(routers.status === 'ok' && routers.value).toMatchObject([
      {
        name: 'projects/h/regions/r1/routers/rt',
        network: 'projects/h/global/networks/n',
        region: 'r1',
        nats: [
          {
            name: 'list',
            type: 'PUBLIC',
            sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
            subnetworks: ['projects/h/regions/r1/subnetworks/s'],
            subnetworkRanges: [
              { name: 'projects/h/regions/r1/subnetworks/s', sourceIpRangesToNat: ['ALL_IP_RANGES'] },
              { name: 'projects/h/regions/r1/subnetworks/pods-only', sourceIpRangesToNat: ['LIST_OF_SECONDARY_IP_RANGES'] },
            ],
          },
          { name: 'private', type: 'PRIVATE' },
        ],
      },
    ]);
  });
});

describe('end to end: the tea-shop example estate', () => {
  const webCluster: RawCluster = {
    name: 'web',
    location: 'europe-west2',
    zone: 'europe-west2',
    network: 'default',
    subnetwork: 'web-nodes',
    currentMasterVersion: '1.33.5-gke.1308000',
    currentNodeVersion: '1.33.5-gke.1308000',
    status: 'RUNNING',
    autoscaling: { autoscalingProfile: 'BALANCED' },
    networkConfig: { network: 'projects/tea-shop-web/global/networks/default', subnetwork: 'projects/tea-shop-web/regions/europe-west2/subnetworks/web-nodes', defaultEnablePrivateNodes: true },
    privateClusterConfig: { enablePrivateNodes: true, privateEndpoint: '10.0.0.2' },
    workloadIdentityConfig: { workloadPool: 'tea-shop-web.svc.id.goog' },
    nodePools: [
      { name: 'default-pool', config: { serviceAccount: 'default', oauthScopes: SCOPES_DEFAULT, imageType: 'COS_CONTAINERD' }, version: '1.33.5-gke.1308000', status: 'RUNNING', networkConfig: { podRange: 'gke-web-pods-4b5e57f6' } },
      {
        name: 'frontend',
        config: { serviceAccount: 'web-nodes@tea-shop-web.iam.gserviceaccount.com', oauthScopes: ['https://www.googleapis.com/auth/cloud-platform', 'https://www.googleapis.com/auth/userinfo.email'], imageType: 'COS_CONTAINERD' },
        version: '1.33.5-gke.1308000',
        status: 'RUNNING',
      },
    ],
  };
  const repo = (project: string, id: string, format: string) => ({ name: `projects/${project}/locations/europe-west2/repositories/${id}`, format, mode: 'STANDARD_REPOSITORY', registryUri: `europe-west2-${format.toLowerCase()}.pkg.dev/${project}/${id}` });
  const raw = estate(
    {
      'tea-shop-web': projectEntry('tea-shop-web', '260314159265', [webCluster], {
        iamPolicy: { ok: true, value: { version: 1, etag: 'Bwdf3a9c8d6d', bindings: [{ role: 'roles/editor', members: ['serviceAccount:260314159265-compute@developer.gserviceaccount.com'] }] } },
        repositories: { items: [{ repository: repo('tea-shop-web', 'web-local', 'DOCKER'), iamPolicy: { ok: true, value: { version: 1, etag: 'Bw4f53cda18c' } } }], gapIds: [] },
        serverConfigs: { 'europe-west2': { ok: true, value: { validNodeVersions: ['1.33.5-gke.1308000', '1.32.9-gke.1000000'], validMasterVersions: ['1.33.5-gke.1308000'] } } },
      }),
      'tea-shop-registry': projectEntry('tea-shop-registry', '260314159266', [], {
        repositories: {
          items: [
            { repository: repo('tea-shop-registry', 'storefront', 'DOCKER'), iamPolicy: { ok: true, value: { version: 1, bindings: [{ role: 'roles/artifactregistry.reader', members: ['serviceAccount:web-nodes@tea-shop-web.iam.gserviceaccount.com'] }] } } },
            { repository: repo('tea-shop-registry', 'base', 'DOCKER'), iamPolicy: { ok: true, value: { version: 1, bindings: [{ role: 'roles/artifactregistry.reader', members: ['allUsers'] }] } } },
            { repository: repo('tea-shop-registry', 'charts', 'NPM'), iamPolicy: { ok: true, value: { version: 1 } } },
          ],
          gapIds: [],
        },
      }),
    },
    {
      organizations: { 'organizations/731904562218': { organization: { ok: true, value: { name: 'organizations/731904562218', displayName: 'example.com' } }, iamPolicy: { ok: true, value: { version: 1, etag: 'Bw4f53cda18c' } } } },
      folders: { 'folders/311122223333': { folder: { ok: true, value: { name: 'folders/311122223333', parent: 'organizations/731904562218', displayName: 'production' } }, iamPolicy: { ok: true, value: { version: 1 } } } },
      serviceAccounts: {
        '260314159265-compute@developer.gserviceaccount.com': { ok: true, value: { email: '260314159265-compute@developer.gserviceaccount.com', projectId: 'tea-shop-web', uniqueId: '113542819354588177293' } },
        'web-nodes@tea-shop-web.iam.gserviceaccount.com': { ok: true, value: { email: 'web-nodes@tea-shop-web.iam.gserviceaccount.com', projectId: 'tea-shop-web', uniqueId: '112259445889908682849' } },
      },
      subnetworks: {
        'projects/tea-shop-web/regions/europe-west2/subnetworks/web-nodes': {
          ok: true,
          value: {
            name: 'web-nodes',
            network: 'https://www.googleapis.com/compute/v1/projects/tea-shop-web/global/networks/default',
            region: 'https://www.googleapis.com/compute/v1/projects/tea-shop-web/regions/europe-west2',
            selfLink: 'https://www.googleapis.com/compute/v1/projects/tea-shop-web/regions/europe-west2/subnetworks/web-nodes',
            privateIpGoogleAccess: true,
          },
        },
      },
    },
  );

  const P = 'projects/tea-shop-web/locations/europe-west2/clusters/web/nodePools/';
  const R = 'projects/tea-shop-registry/locations/europe-west2/repositories/';
  const W = 'projects/tea-shop-web/locations/europe-west2/repositories/';

  it('gives the verdicts the rules prescribe', () => {
    const report = evaluate(normalize(raw), { now: new Date('2026-11-25T16:31:00Z') });
    const got = Object.fromEntries(report.pairs.map((p) => [`${p.nodePool} ${p.repository}`, [p.verdict, ...p.causes.map((c) => c.category)]]));
    expect(got).toEqual({
      [`${P}default-pool ${W}web-local`]: ['can-pull'],
      [`${P}default-pool ${R}storefront`]: ['cannot-pull', 'iam'],
      [`${P}default-pool ${R}base`]: ['can-pull'],
      [`${P}frontend ${W}web-local`]: ['cannot-pull', 'iam'],
      [`${P}frontend ${R}storefront`]: ['can-pull'],
      [`${P}frontend ${R}base`]: ['can-pull'],
    });
    expect(report.pairs.some((p) => p.repository.endsWith('/charts'))).toBe(false);
  });

  it('reports the Editor-only pull and the default account as findings, not causes', () => {
    const report = evaluate(normalize(raw), { now: new Date('2026-11-25T16:31:00Z') });
    const rules = report.findings.map((f) => `${f.rule} ${f.subject}`);
    expect(rules).toContain('iam.basic-role-only projects/tea-shop-web');
    expect(rules).toContain(`identity.default-service-account ${P}default-pool`);
    expect(rules).toContain('identity.workload-identity-does-not-pull projects/tea-shop-web/locations/europe-west2/clusters/web');
    expect(rules.filter((r) => r.startsWith('version.not-offered'))).toEqual([]);
    const storefront = report.pairs.find((p) => p.nodePool.endsWith('default-pool') && p.repository.endsWith('storefront'));
    expect(storefront?.causes[0].remediation.gcloud).toBe(
      'gcloud artifacts repositories add-iam-policy-binding storefront --project=tea-shop-registry --location=europe-west2 --member=serviceAccount:260314159265-compute@developer.gserviceaccount.com --role=roles/artifactregistry.reader',
    );
  });
});
