/**
 * Synthetic estates for the benchmark: an organization of N projects under nested folders, with clusters,
 * node pools, repositories, bindings at every level, groups, subnets and routers, in the scenario format.
 * Deterministic for a seed; the mix is tuned so every verdict and most causes occur.
 */
import type { Scenario } from '../scenario/schema';
import { createRng, type Rng } from './random';
import { addWorkloads } from './workloads';

/** What to generate. */
export interface GenerateOptions {
  /** Projects in the organization (registry and Shared VPC host projects included). */
  projects: number;
  seed: number;
  /** Top-level latency every emulator response waits (scenario `latencyMs`). */
  latencyMs?: number;
  /** A few realistic refusals (403 on some repository policies); default true. */
  faults?: boolean;
  description?: string;
  /** Kubernetes workloads as Cloud Asset Inventory assets (lib/bench/workloads.ts); default false. */
  workloads?: boolean;
}

type Binding = { role: string; members: string[]; condition?: { title: string; expression: string; description?: string } };
type Policy = { version: number; etag: string; bindings?: Binding[] };
type ProjectEntry = Scenario['projects'][number];

const DOMAIN = 'bench.example.com';
const COMPUTE = 'https://www.googleapis.com/compute/v1';
const SCOPE = (s: string) => `https://www.googleapis.com/auth/${s}`;
const GKE_DEFAULT_SCOPES = ['devstorage.read_only', 'logging.write', 'monitoring', 'servicecontrol', 'service.management.readonly', 'trace.append'].map(SCOPE);
const NO_STORAGE_SCOPES = ['logging.write', 'monitoring'].map(SCOPE);
const CLOUD_PLATFORM = [SCOPE('cloud-platform')];
const READ_ONLY_CLOUD_PLATFORM = [SCOPE('cloud-platform.read-only'), SCOPE('logging.write')];
const REGIONS = ['us-central1', 'us-east1', 'us-west1', 'europe-west1', 'europe-west2', 'asia-northeast1'];
const MULTI_REGIONS = ['us', 'europe', 'asia'];
const UNITS = ['payments', 'search', 'retail', 'ads', 'maps', 'media', 'identity', 'logistics', 'support', 'finance', 'growth', 'data'];
const ENVS = ['prod', 'staging', 'dev', 'shared'];
const POOL_NAMES = ['default-pool', 'frontend', 'batch', 'spot', 'system', 'gpu'];
const CURRENT_VERSIONS = ['1.34.1-gke.1431000', '1.33.5-gke.1308000', '1.33.4-gke.1350000', '1.32.9-gke.1108000', '1.31.13-gke.1008000'];

const etagOf = (rng: Rng) => `Bw${rng.int(0x10000000, 0x7fffffff).toString(16)}`;
const policy = (rng: Rng, bindings: Binding[]): Policy =>
  bindings.length ? { version: bindings.some((b) => b.condition) ? 3 : 1, etag: etagOf(rng), bindings } : { version: 1, etag: etagOf(rng) };
const sa = (email: string) => `serviceAccount:${email}`;
const computeSa = (projectNumber: string) => `${projectNumber}-compute@developer.gserviceaccount.com`;
const pad = (n: number) => String(n).padStart(4, '0');

interface FolderNode {
  id: string;
  parent: string;
  depth: number;
  unit: string;
  env: string;
  displayName: string;
  bindings: Binding[];
}

interface ProjectPlan {
  index: number;
  kind: 'registry' | 'host' | 'workload';
  id: string;
  number: string;
  unit: string;
  folder: FolderNode;
  entry: ProjectEntry;
  /** The node service accounts of this project's pools (custom ones only). */
  nodeAccounts: string[];
}

/** Generates a synthetic organization in the scenario format; the same options always give the same estate. */
export function generateEstate(opts: GenerateOptions): Scenario {
  if (!Number.isInteger(opts.projects) || opts.projects < 1) throw new Error(`generateEstate: projects must be a whole number ≥ 1, got ${opts.projects}`);
  const rng = createRng(opts.seed);
  const faultsOn = opts.faults ?? true;
  const n = opts.projects;
  const orgId = String(100_000_000_000 + (Math.abs(Math.trunc(opts.seed)) % 899_999_999));
  const orgName = `organizations/${orgId}`;
  const group = (local: string) => `${local}@${DOMAIN}`;
  const imagePullerRole = `${orgName}/roles/imagePuller`;

  let folderCounter = 0;
  const folderId = () => String(200_000_000_000 + ++folderCounter * 104_729);
  const folders: FolderNode[] = [];
  const addFolder = (parent: string, depth: number, unit: string, env: string, displayName: string): FolderNode => {
    const f: FolderNode = { id: folderId(), parent, depth, unit, env, displayName, bindings: [] };
    folders.push(f);
    return f;
  };

  const unitCount = Math.min(UNITS.length, Math.max(2, Math.ceil(n / 120)));
  const units = UNITS.slice(0, unitCount);
  const platform = addFolder(orgName, 1, 'platform', 'shared', 'platform');
  const platformShared = addFolder(`folders/${platform.id}`, 2, 'platform', 'shared', 'platform-shared');
  const leafFolders: FolderNode[] = [];
  for (const unit of units) {
    const top = addFolder(orgName, 1, unit, 'all', unit);
    const envs = ENVS.slice(0, rng.int(2, 4));
    for (const env of envs) {
      const l2 = addFolder(`folders/${top.id}`, 2, unit, env, `${unit}-${env}`);
      leafFolders.push(l2);
      if (n >= 20 && rng.chance(0.6)) {
        for (let k = rng.int(1, 2); k > 0; k--) {
          const l3 = addFolder(`folders/${l2.id}`, 3, unit, env, `${unit}-${env}-team${k}`);
          leafFolders.push(l3);
          if (rng.chance(0.4)) leafFolders.push(addFolder(`folders/${l3.id}`, 4, unit, env, `${unit}-${env}-team${k}-svc`));
        }
      }
    }
  }

  const plans: ProjectPlan[] = [];
  for (let i = 0; i < n; i++) {
    const kind: ProjectPlan['kind'] = i % 25 === 0 ? 'registry' : i % 50 === 1 ? 'host' : 'workload';
    const folder = kind === 'workload' ? rng.pick(leafFolders) : platformShared;
    const unit = folder.unit;
    const id = kind === 'registry' ? `registry-${pad(i)}` : kind === 'host' ? `net-host-${pad(i)}` : `${unit}-${folder.env}-${pad(i)}`;
    const number = String(300_000_000_000 + i * 7_919 + (Math.abs(Math.trunc(opts.seed)) % 7_919));
    const entry: ProjectEntry = {
      project: {
        projectId: id,
        projectNumber: number,
        name: id,
        lifecycleState: 'ACTIVE',
        createTime: `20${rng.int(18, 25)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}T10:00:00.000Z`,
        parent: { type: 'folder', id: folder.id },
        labels: { unit, env: folder.env },
      },
      serviceAccounts: [],
      clusters: [],
      repositories: [],
      subnetworks: [],
      routers: [],
    };
    plans.push({ index: i, kind, id, number, unit, folder, entry, nodeAccounts: [] });
  }
  const registries = plans.filter((p) => p.kind === 'registry');
  const hosts = plans.filter((p) => p.kind === 'host');
  const unitGroup = (unit: string) => group(`nodes-${unit}`);
  const unitMembers = new Map<string, string[]>();
  const conditionFor = (rng2: Rng, who: string) => ({
    title: rng2.pick(['expires-2027', 'business-hours', 'prod-images-only']),
    expression: rng2.pick([
      'request.time < timestamp("2027-01-01T00:00:00Z")',
      'request.time.getHours("Europe/Berlin") >= 8 && request.time.getHours("Europe/Berlin") <= 18',
      'resource.name.startsWith("projects/_/locations/-/repositories/prod-")',
    ]),
    description: `granted to ${who} temporarily`,
  });

  // Shared VPC subnets live in host projects (or the workload project when there is no host or by chance).
  const subnetFor = (owner: ProjectPlan, region: string, name: string) => {
    const host = hosts.length && rng.chance(0.7) ? rng.pick(hosts) : owner;
    const network = host === owner ? 'default' : 'shared-vpc';
    const networkUrl = `${COMPUTE}/projects/${host.id}/global/networks/${network}`;
    const selfLink = `${COMPUTE}/projects/${host.id}/regions/${region}/subnetworks/${name}`;
    const pga = rng.chance(0.7);
    host.entry.subnetworks!.push({
      kind: 'compute#subnetwork',
      name,
      region: `${COMPUTE}/projects/${host.id}/regions/${region}`,
      network: networkUrl,
      selfLink,
      ipCidrRange: `10.${rng.int(0, 255)}.${rng.int(0, 255)}.0/24`,
      privateIpGoogleAccess: pga,
    });
    if (!pga && rng.chance(0.55)) {
      const listed = rng.chance(0.5);
      host.entry.routers!.push({
        kind: 'compute#router',
        name: `nat-router-${name}`,
        region: `${COMPUTE}/projects/${host.id}/regions/${region}`,
        network: networkUrl,
        selfLink: `${COMPUTE}/projects/${host.id}/regions/${region}/routers/nat-router-${name}`,
        nats: [
          listed
            ? { name: `nat-${name}`, natIpAllocateOption: 'AUTO_ONLY', sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS', subnetworks: [{ name: selfLink, sourceIpRangesToNat: ['ALL_IP_RANGES'] }] }
            : { name: `nat-${name}`, natIpAllocateOption: 'AUTO_ONLY', sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES' },
        ],
      });
    }
    return { network: `projects/${host.id}/global/networks/${network}`, subnetwork: `projects/${host.id}/regions/${region}/subnetworks/${name}`, shortNetwork: network };
  };

  const faults: NonNullable<Scenario['faults']> = [];
  const defaultAccountsWithEditor: string[] = [];
  const allDefaultAccounts: string[] = [];

  for (const p of plans) {
    const projectBindings: Binding[] = [{ role: 'roles/owner', members: [`user:owner-${pad(p.index)}@${DOMAIN}`] }];
    if (p.kind === 'registry') {
      p.entry.disabledServices = ['container.googleapis.com'];
      projectBindings.push({ role: 'roles/artifactregistry.reader', members: [`group:${group('gke-nodes')}`] });
      projectBindings.push({ role: 'roles/artifactregistry.writer', members: [sa(`ci-builder@${p.id}.iam.gserviceaccount.com`)] });
      p.entry.serviceAccounts!.push({ email: `ci-builder@${p.id}.iam.gserviceaccount.com`, name: `projects/${p.id}/serviceAccounts/ci-builder@${p.id}.iam.gserviceaccount.com`, uniqueId: `1${p.number}01`, disabled: false });
      const repoCount = rng.int(2, 4);
      for (let r = 0; r < repoCount; r++) {
        const public_ = p === registries[0] && r === 0;
        const location = r === 0 ? 'us' : rng.pick([...MULTI_REGIONS, ...REGIONS]);
        const repoId = public_ ? 'base-images' : `${rng.pick(['prod', 'shared', 'release', 'mirror'])}-images-${r}`;
        const bindings: Binding[] = [];
        if (public_) bindings.push({ role: 'roles/artifactregistry.reader', members: ['allUsers'] });
        else if (rng.chance(0.3)) bindings.push({ role: 'roles/artifactregistry.reader', members: ['allAuthenticatedUsers'] });
        addRepository(p, location, repoId, public_ ? 'DOCKER' : 'DOCKER', bindings, repoId.startsWith('mirror') ? 'REMOTE_REPOSITORY' : 'STANDARD_REPOSITORY');
      }
      if (rng.chance(0.6)) addRepository(p, rng.pick(MULTI_REGIONS), 'libraries', rng.pick(['NPM', 'MAVEN', 'PYTHON']), [], 'STANDARD_REPOSITORY');
      p.entry.iamPolicy = policy(rng, projectBindings);
      continue;
    }
    if (p.kind === 'host') {
      p.entry.disabledServices = ['container.googleapis.com', 'artifactregistry.googleapis.com'];
      projectBindings.push({ role: 'roles/compute.networkUser', members: [`group:${group('gke-nodes')}`] });
      p.entry.iamPolicy = policy(rng, projectBindings);
      continue;
    }

    const defaultSa = computeSa(p.number);
    allDefaultAccounts.push(defaultSa);
    const customSa = `gke-nodes@${p.id}.iam.gserviceaccount.com`;
    const customDisabled = rng.chance(0.04);
    const clusterCount = rng.weighted([[0, 0.35], [1, 0.45], [2, 0.2]] as const);
    p.entry.serviceAccounts!.push({ email: defaultSa, name: `projects/${p.id}/serviceAccounts/${defaultSa}`, uniqueId: `1${p.number}00`, displayName: 'Compute Engine default service account', disabled: false });
    if (clusterCount > 0) {
      p.entry.serviceAccounts!.push({ email: customSa, name: `projects/${p.id}/serviceAccounts/${customSa}`, uniqueId: `1${p.number}02`, displayName: 'GKE nodes', disabled: customDisabled });
      projectBindings.push({ role: 'roles/container.defaultNodeServiceAccount', members: [sa(customSa)] });
      projectBindings.push({ role: 'roles/logging.logWriter', members: [sa(customSa)] });
      if (rng.chance(0.85)) {
        p.nodeAccounts.push(customSa);
        const members = unitMembers.get(p.unit) ?? [];
        members.push(customSa);
        unitMembers.set(p.unit, members);
      }
    }
    if (rng.chance(0.5)) {
      projectBindings.push({ role: 'roles/editor', members: [sa(defaultSa)] });
      defaultAccountsWithEditor.push(defaultSa);
    }
    if (rng.chance(0.1)) projectBindings.push({ role: 'roles/viewer', members: [sa(customSa)] });

    if (clusterCount === 0 && rng.chance(0.6)) p.entry.disabledServices = ['container.googleapis.com'];
    for (let c = 0; c < clusterCount; c++) {
      const region = rng.pick(REGIONS);
      const zonal = rng.chance(0.3);
      const location = zonal ? `${region}-${rng.pick(['a', 'b', 'c'])}` : region;
      const name = c === 0 ? `${p.unit}-${p.folder.env}` : `${p.unit}-${p.folder.env}-${c + 1}`;
      const autopilot = rng.chance(0.2);
      const privateCluster = autopilot ? rng.chance(0.5) : rng.chance(0.6);
      const net = subnetFor(p, region, `${name}-nodes-${pad(p.index)}`);
      const version = rng.weighted([[rng.pick(CURRENT_VERSIONS), 0.9], ['1.30.5-gke.1014001', 0.05], ['1.15.9-gke.2', 0.03], ['1.13.12-gke.30', 0.02]] as const);
      const poolSa = (): string =>
        rng.weighted([
          ['default', 0.4],
          [customSa, 0.48],
          ['', 0.04],
          [`old-nodes@${p.id}.iam.gserviceaccount.com`, 0.03],
          [registries.length ? `ci-builder@${rng.pick(registries).id}.iam.gserviceaccount.com` : customSa, 0.05],
        ] as const);
      const scopesFor = (account: string): string[] =>
        account === 'default' || account === ''
          ? rng.weighted([[GKE_DEFAULT_SCOPES, 0.85], [NO_STORAGE_SCOPES, 0.1], [READ_ONLY_CLOUD_PLATFORM, 0.05]] as const)
          : rng.weighted([[CLOUD_PLATFORM, 0.9], [NO_STORAGE_SCOPES, 0.05], [GKE_DEFAULT_SCOPES, 0.05]] as const);
      const pools: { name: string; [k: string]: unknown }[] = [];
      const poolCount = autopilot ? rng.int(0, 1) : rng.int(1, 4);
      for (let k = 0; k < poolCount; k++) {
        const account = autopilot ? customSa : poolSa();
        const poolName = autopilot ? 'default-pool' : POOL_NAMES[k];
        const overridePrivate = rng.chance(0.1);
        pools.push({
          name: poolName,
          config: {
            machineType: rng.pick(['e2-standard-4', 'n2-standard-8', 'e2-medium']),
            diskSizeGb: 100,
            oauthScopes: autopilot ? CLOUD_PLATFORM : scopesFor(account),
            serviceAccount: account,
            imageType: rng.chance(0.9) ? 'COS_CONTAINERD' : 'UBUNTU_CONTAINERD',
            metadata: { 'disable-legacy-endpoints': 'true' },
          },
          initialNodeCount: rng.int(1, 3),
          autoscaling: { enabled: true, minNodeCount: 1, maxNodeCount: rng.int(3, 20) },
          management: { autoUpgrade: true, autoRepair: true },
          ...(overridePrivate ? { networkConfig: { enablePrivateNodes: !privateCluster } } : {}),
          version: k === 0 || rng.chance(0.7) ? version : rng.pick(CURRENT_VERSIONS),
          status: 'RUNNING',
          selfLink: `https://container.googleapis.com/v1/projects/${p.id}/locations/${location}/clusters/${name}/nodePools/${poolName}`,
        });
      }
      const nap = autopilot || rng.chance(0.15);
      p.entry.clusters!.push({
        name,
        location,
        zone: location,
        network: net.shortNetwork,
        subnetwork: net.subnetwork.split('/').pop(),
        networkConfig: {
          network: net.network,
          subnetwork: net.subnetwork,
          ...(autopilot ? {} : { defaultEnablePrivateNodes: privateCluster }),
        },
        ...(autopilot ? { privateClusterConfig: { enablePrivateNodes: privateCluster } } : {}),
        currentMasterVersion: rng.pick(CURRENT_VERSIONS),
        currentNodeVersion: version,
        status: 'RUNNING',
        autopilot: { enabled: autopilot },
        ...(nap
          ? {
              autoscaling: {
                enableNodeAutoprovisioning: true,
                autoprovisioningNodePoolDefaults: { serviceAccount: rng.chance(0.6) ? customSa : 'default', oauthScopes: rng.chance(0.8) ? CLOUD_PLATFORM : NO_STORAGE_SCOPES },
              },
            }
          : {}),
        ...(rng.chance(0.5) ? { workloadIdentityConfig: { workloadPool: `${p.id}.svc.id.goog` } } : {}),
        nodePools: pools,
        selfLink: `https://container.googleapis.com/v1/projects/${p.id}/locations/${location}/clusters/${name}`,
      });
    }

    const repoCount = rng.weighted([[0, 0.45], [1, 0.3], [2, 0.15], [3, 0.1]] as const);
    if (repoCount === 0 && rng.chance(0.5)) p.entry.disabledServices = [...(p.entry.disabledServices ?? []), 'artifactregistry.googleapis.com'];
    for (let r = 0; r < repoCount; r++) {
      const format = rng.weighted([['DOCKER', 0.8], ['NPM', 0.08], ['MAVEN', 0.06], ['PYTHON', 0.06]] as const);
      const location = rng.pick([...REGIONS, ...MULTI_REGIONS]);
      const bindings: Binding[] = [];
      if (clusterCount > 0 && rng.chance(0.7)) bindings.push({ role: 'roles/artifactregistry.reader', members: [sa(customSa)] });
      if (rng.chance(0.1)) bindings.push({ role: 'roles/artifactregistry.reader', members: [sa(defaultSa)], condition: conditionFor(rng, defaultSa) });
      if (rng.chance(0.05)) bindings.push({ role: 'roles/artifactregistry.reader', members: [`group:partners@vendor.example`] });
      if (rng.chance(0.05)) bindings.push({ role: imagePullerRole, members: [sa(defaultSa)] });
      addRepository(p, location, `${format.toLowerCase()}-${p.folder.env}-${r}`, format, bindings, 'STANDARD_REPOSITORY');
    }
    p.entry.iamPolicy = policy(rng, projectBindings);
  }

  function addRepository(p: ProjectPlan, location: string, repoId: string, format: string, bindings: Binding[], mode: string) {
    const name = `projects/${p.id}/locations/${location}/repositories/${repoId}`;
    if ((p.entry.repositories ?? []).some((r) => r.repository.name === name)) return;
    p.entry.repositories!.push({
      repository: {
        name,
        format,
        mode,
        description: `${format.toLowerCase()} packages of ${p.id}`,
        createTime: '2024-05-01T09:00:00.000Z',
        updateTime: '2026-07-01T09:00:00.000Z',
        sizeBytes: String(rng.int(1, 900) * 1_048_576),
        ...(format === 'DOCKER' ? { registryUri: `${location}-docker.pkg.dev/${p.id}/${repoId}`, dockerConfig: {} } : {}),
      },
      iamPolicy: policy(rng, bindings),
    });
    if (faultsOn && rng.chance(0.03)) {
      faults.push({ match: `GET /v1/${name}:getIamPolicy`, status: 403, times: null, reason: 'IAM_PERMISSION_DENIED' });
    }
  }

  // Some default accounts are granted directly on the central registries (the rest have no grant there).
  for (const r of registries) {
    const direct = allDefaultAccounts.filter(() => rng.chance(0.15)).map(sa);
    if (direct.length) r.entry.iamPolicy!.bindings = [...(r.entry.iamPolicy!.bindings ?? []), { role: 'roles/artifactregistry.reader', members: direct }];
    for (const entry of r.entry.repositories ?? []) {
      if (entry.repository.name.endsWith('/repositories/release-images-1') || rng.chance(0.15)) {
        const who = rng.pick(allDefaultAccounts.length ? allDefaultAccounts : [`ci-builder@${r.id}.iam.gserviceaccount.com`]);
        const existing = (entry.iamPolicy?.bindings ?? []) as Binding[];
        entry.iamPolicy = policy(rng, [...existing, { role: 'roles/artifactregistry.reader', members: [sa(who)], condition: conditionFor(rng, who) }]);
      }
    }
  }

  // Folder policies: unit groups read images in prod folders; Browser for engineers; the GKE node role trap.
  for (const f of folders) {
    if (f.depth === 2 && f.env === 'prod') f.bindings.push({ role: 'roles/artifactregistry.reader', members: [`group:${unitGroup(f.unit)}`] });
    if (f.depth === 1) f.bindings.push({ role: 'roles/browser', members: [`group:${group('engineers')}`] });
    if (f.depth >= 3 && rng.chance(0.3)) f.bindings.push({ role: imagePullerRole, members: [`group:${unitGroup(f.unit)}`], condition: conditionFor(rng, unitGroup(f.unit)) });
    if (f.depth === 2 && rng.chance(0.3)) {
      const who = allDefaultAccounts.length ? rng.pick(allDefaultAccounts) : null;
      if (who) f.bindings.push({ role: 'roles/container.defaultNodeServiceAccount', members: [sa(who)] });
    }
  }

  const groups: NonNullable<Scenario['groups']> = [];
  let groupCounter = 0;
  const addGroup = (email: string, members: { id: string; type: string }[]) => {
    groups.push({
      group: { name: `groups/0${(++groupCounter).toString(36).padStart(6, 'x')}`, groupKey: { id: email }, displayName: email.split('@')[0], labels: { 'cloudidentity.googleapis.com/groups.discussion_forum': '' } },
      members: members.map((m, i) => ({
        name: `groups/0${groupCounter.toString(36).padStart(6, 'x')}/memberships/m${i}`,
        preferredMemberKey: { id: m.id },
        roles: [{ name: 'MEMBER' }],
        type: m.type,
      })),
    });
  };
  addGroup(group('gke-nodes'), [
    ...units.map((u) => ({ id: unitGroup(u), type: 'GROUP' })),
    { id: group('platform-admins'), type: 'GROUP' },
  ]);
  for (const u of units) addGroup(unitGroup(u), (unitMembers.get(u) ?? []).map((id) => ({ id, type: 'SERVICE_ACCOUNT' })));
  addGroup(group('platform-admins'), [{ id: `admin@${DOMAIN}`, type: 'USER' }, { id: group('sre'), type: 'GROUP' }]);
  addGroup(group('engineers'), [
    ...Array.from({ length: 5 }, (_, i) => ({ id: `engineer${i}@${DOMAIN}`, type: 'USER' })),
    { id: group('sre'), type: 'GROUP' },
  ]);
  addGroup(group('sre'), [{ id: `sre-lead@${DOMAIN}`, type: 'USER' }, { id: group('oncall'), type: 'GROUP' }]);
  addGroup(group('oncall'), [{ id: `pager@${DOMAIN}`, type: 'USER' }, { id: group('sre'), type: 'GROUP' }]);

  const scenario: Scenario = {
    scenario: 1,
    description: opts.description ?? `Synthetic estate: ${n} projects, seed ${opts.seed} (lib/bench/generate.ts).`,
    organizations: [
      {
        organization: { name: orgName, displayName: DOMAIN, lifecycleState: 'ACTIVE', creationTime: '2019-03-04T10:00:00.000Z', owner: { directoryCustomerId: 'C0bench01' } },
        iamPolicy: policy(rng, [
          { role: 'roles/viewer', members: [`group:${group('engineers')}`] },
          { role: 'roles/browser', members: [`domain:${DOMAIN}`] },
          { role: 'roles/resourcemanager.organizationAdmin', members: [`user:admin@${DOMAIN}`] },
          { role: 'roles/logging.viewer', members: [`group:${group('sre')}`] },
        ]),
      },
    ],
    folders: folders.map((f) => ({
      folder: { name: `folders/${f.id}`, parent: f.parent, displayName: f.displayName, state: 'ACTIVE', createTime: '2020-01-01T00:00:00.000Z' },
      iamPolicy: policy(rng, f.bindings),
    })),
    projects: plans.map((p) => p.entry),
    organizationRoles: [
      { name: imagePullerRole, title: 'Image puller', stage: 'GA', includedPermissions: ['artifactregistry.repositories.downloadArtifacts', 'artifactregistry.repositories.get'] },
      { name: `${orgName}/roles/nodeLogger`, title: 'Node logger', stage: 'GA', includedPermissions: ['logging.logEntries.create'] },
    ],
    groups,
    ...(faults.length ? { faults } : {}),
    latencyMs: opts.latencyMs ?? 0,
  };
  if (opts.workloads) addWorkloads(scenario, opts.seed);
  return scenario;
}

/** Resource counts of a scenario, for the benchmark's table. */
export interface EstateSummary {
  projects: number;
  folders: number;
  clusters: number;
  nodePools: number;
  repositories: number;
  dockerRepositories: number;
  bindings: number;
  groups: number;
  subnetworks: number;
  routers: number;
  faults: number;
}

/** Counts what a scenario holds. */
export function summarizeEstate(s: Scenario): EstateSummary {
  const countBindings = (p: { bindings?: unknown[] } | undefined) => p?.bindings?.length ?? 0;
  let clusters = 0, nodePools = 0, repositories = 0, docker = 0, bindings = 0, subnetworks = 0, routers = 0;
  for (const o of s.organizations ?? []) bindings += countBindings(o.iamPolicy);
  for (const f of s.folders ?? []) bindings += countBindings(f.iamPolicy);
  for (const p of s.projects) {
    bindings += countBindings(p.iamPolicy);
    clusters += p.clusters?.length ?? 0;
    for (const c of p.clusters ?? []) nodePools += c.nodePools?.length ?? 0;
    for (const r of p.repositories ?? []) {
      repositories++;
      if (r.repository.format === 'DOCKER') docker++;
      bindings += countBindings(r.iamPolicy);
    }
    subnetworks += p.subnetworks?.length ?? 0;
    routers += p.routers?.length ?? 0;
  }
  return {
    projects: s.projects.length,
    folders: s.folders?.length ?? 0,
    clusters,
    nodePools,
    repositories,
    dockerRepositories: docker,
    bindings,
    groups: s.groups?.length ?? 0,
    subnetworks,
    routers,
    faults: s.faults?.length ?? 0,
  };
}
