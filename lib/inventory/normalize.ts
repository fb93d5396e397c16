/** RawEstate (Google's JSON shapes) → Inventory (Pullcheck's model). Raw shapes stop here. */
import { normalizeAccessPolicy, normalizeDenyPolicies, normalizeDownloadRules } from './normalize-guards';
import type {
  Lookup,
  RawCluster,
  RawEstate,
  RawGroupEntry,
  RawNodePool,
  RawPolicy,
  RawRepository,
  RawRole,
  RawRouter,
  RawServerConfig,
  RawServiceAccount,
  RawSubnetwork,
  Readable,
} from './raw';
import type {
  AutoprovisioningDefaults,
  Binding,
  Cluster,
  Folder,
  Found,
  Group,
  GroupMember,
  Inventory,
  Known,
  NodePool,
  Organization,
  Policy,
  Project,
  Repository,
  Role,
  Router,
  ServerConfig,
  ServiceAccount,
  ServiceAccountRef,
  Subnetwork,
} from './types';

/** Maps a Readable to a Known, converting the value. */
export function known<T, U>(r: Readable<T>, f: (v: T) => U): Known<U> {
  return r.ok ? { status: 'ok', value: f(r.value) } : { status: 'gap', gapId: r.gapId };
}

/** Maps a Lookup to a Found: a 404 is `not-found`, any other failure a gap. */
export function found<T, U>(r: Lookup<T>, f: (v: T) => U | null): Found<U> {
  if (r.ok) {
    const v = f(r.value);
    return v === null ? { status: 'not-found' } : { status: 'ok', value: v };
  }
  if (r.notFound) return r.gapId ? { status: 'not-found', gapId: r.gapId } : { status: 'not-found' };
  return { status: 'gap', gapId: r.gapId };
}

/** The region of a GKE/Compute location: a zone such as `europe-west2-a` → `europe-west2`; a region is returned unchanged. */
export function regionOf(location: string): string {
  const m = /^([a-z]+-[a-z]+\d+)-[a-z]$/.exec(location);
  return m ? m[1] : location;
}

function lastSegment(s: string): string {
  const parts = s.replace(/[?#].*$/s, '').split('/').filter(Boolean);
  return parts[parts.length - 1] ?? s;
}

/**
 * Normalizes a subnetwork reference to `projects/H/regions/R/subnetworks/S`. Accepts full Compute URLs,
 * `projects/...` paths, `regions/R/subnetworks/S`, or a bare name (then in `project` and `region`).
 */
export function subnetworkName(ref: string, project: string, region: string): string {
  const r = ref.trim();
  const i = r.indexOf('projects/');
  if (i >= 0) {
    const m = /^projects\/([^/]+)\/regions\/([^/]+)\/subnetworks\/([^/?#]+)/.exec(r.slice(i));
    if (m) return `projects/${m[1]}/regions/${m[2]}/subnetworks/${m[3]}`;
  }
  const m2 = /^regions\/([^/]+)\/subnetworks\/([^/?#]+)$/.exec(r);
  if (m2) return `projects/${project}/regions/${m2[1]}/subnetworks/${m2[2]}`;
  return `projects/${project}/regions/${region}/subnetworks/${lastSegment(r)}`;
}

/** Normalizes a network reference to `projects/H/global/networks/N` (a bare name is in `project`). */
export function networkName(ref: string, project: string): string {
  const r = ref.trim();
  const i = r.indexOf('projects/');
  if (i >= 0) {
    const m = /^projects\/([^/]+)\/global\/networks\/([^/?#]+)/.exec(r.slice(i));
    if (m) return `projects/${m[1]}/global/networks/${m[2]}`;
  }
  return `projects/${project}/global/networks/${lastSegment(r)}`;
}

/** `projects/P/regions/R/...` → { project, region }, or null. */
function projectAndRegion(path: string): { project: string; region: string } | null {
  const m = /projects\/([^/]+)\/regions\/([^/?#]+)/.exec(path);
  return m ? { project: m[1], region: m[2] } : null;
}

/**
 * Resolves a node pool's configured service account. Google returns the literal `default` (or nothing)
 * for the Compute Engine default account of the cluster's project: PROJECT_NUMBER-compute@developer.gserviceaccount.com.
 */
export function resolveServiceAccount(configured: string | null | undefined, projectNumber: string | null): ServiceAccountRef {
  const c = (configured ?? '').trim();
  const defaultEmail = `${projectNumber ?? 'UNKNOWN-PROJECT-NUMBER'}-compute@developer.gserviceaccount.com`;
  if (c === '' || c === 'default') return { configured: c, email: defaultEmail, isDefault: true };
  const email = c.toLowerCase();
  return { configured: c, email, isDefault: email === defaultEmail };
}

function normalizePolicy(resource: string, p: RawPolicy): Policy {
  const bindings: Binding[] = (p.bindings ?? []).map((b) => ({
    role: b.role ?? '',
    members: [...(b.members ?? [])],
    condition: b.condition
      ? { title: b.condition.title ?? null, expression: b.condition.expression ?? '', description: b.condition.description ?? null }
      : null,
  }));
  return { resource, bindings };
}

function ancestorName(a: { resourceId?: { type?: string | null; id?: string | null } }): string | null {
  const t = a.resourceId?.type;
  const id = a.resourceId?.id;
  if (!t || !id) return null;
  if (t === 'folder') return `folders/${id}`;
  if (t === 'organization') return `organizations/${id}`;
  if (t === 'project') return `projects/${id}`;
  return `${t}s/${id}`;
}

/** Cluster-level default for private nodes (GKE "Private clusters"), and which field decided it. */
function clusterPrivateDefault(c: RawCluster): { value: boolean; source: NodePool['privateNodesSource'] } {
  const d = c.networkConfig?.defaultEnablePrivateNodes;
  if (d !== undefined && d !== null) return { value: d, source: 'cluster-default' };
  const p = c.privateClusterConfig?.enablePrivateNodes;
  if (p !== undefined && p !== null) return { value: p, source: 'private-cluster-config' };
  return { value: false, source: 'unset' };
}

function normalizeCluster(
  project: string,
  projectNumber: string | null,
  c: RawCluster,
): { cluster: Cluster; nodePools: NodePool[] } {
  const location = c.location ?? c.zone ?? 'unknown';
  const region = regionOf(location);
  const shortName = c.name ?? 'unknown';
  const name = `projects/${project}/locations/${location}/clusters/${shortName}`;
  const netRef = c.networkConfig?.network ?? c.network ?? null;
  const network = netRef ? networkName(netRef, project) : null;
  const subRef = c.networkConfig?.subnetwork ?? c.subnetwork ?? null;
  const subnetwork = subRef ? subnetworkName(subRef, project, region) : null;
  const autopilot = c.autopilot?.enabled === true;
  const privateDefault = clusterPrivateDefault(c);
  let autoprovisioning: AutoprovisioningDefaults | null = null;
  if (c.autoscaling?.enableNodeAutoprovisioning === true || autopilot) {
    const d = c.autoscaling?.autoprovisioningNodePoolDefaults;
    autoprovisioning = {
      serviceAccount: resolveServiceAccount(d?.serviceAccount, projectNumber),
      oauthScopes: [...(d?.oauthScopes ?? [])],
    };
  }
  const pools = (c.nodePools ?? []).map((np) =>
    normalizeNodePool(np, { raw: c, name, project, location, projectNumber, currentNodeVersion: c.currentNodeVersion ?? null }),
  );
  const onDemand = onDemandPool(c, name, project, location, autoprovisioning);
  const cluster: Cluster = {
    name,
    project,
    location,
    shortName,
    autopilot,
    controlPlaneVersion: c.currentMasterVersion ?? null,
    currentNodeVersion: c.currentNodeVersion ?? null,
    status: c.status ?? null,
    network,
    subnetwork,
    autoprovisioning,
    nodePoolNames: pools.map((p) => p.name),
    defaultPrivateNodes: privateDefault.value,
    workloadPool: c.workloadIdentityConfig?.workloadPool ?? null,
  };
  return { cluster, nodePools: onDemand ? [...pools, onDemand] : pools };
}

/** Whether a cluster creates node pools on demand: Autopilot, or Standard with node auto-provisioning. */
export function createsPoolsOnDemand(c: RawCluster): boolean {
  return c.autopilot?.enabled === true || c.autoscaling?.enableNodeAutoprovisioning === true;
}

/** The name of the pools a cluster will create on demand: `projects/P/locations/L/clusters/C/nodePools/-`. */
export const ON_DEMAND_POOL = '-';

/**
 * The pool a cluster *will* create on demand (Autopilot, node auto-provisioning), judged like any pool: identity and
 * scopes from `autoscaling.autoprovisioningNodePoolDefaults` (GKE "Configure node auto-provisioning"; `default` or
 * absent → the Compute Engine default account of the cluster's project), version from `currentNodeVersion`, network
 * from the cluster's defaults (`networkConfig.defaultEnablePrivateNodes`, else `privateClusterConfig`; the cluster's
 * subnet). Without scopes in the defaults, GKE's own defaults apply (access-scopes page): `devstorage.read_only`
 * among gke-default with the default account, `cloud-platform` with a custom one.
 */
function onDemandPool(c: RawCluster, clusterName: string, project: string, location: string, ap: AutoprovisioningDefaults | null): NodePool | null {
  if (!ap || !createsPoolsOnDemand(c)) return null;
  const priv = poolPrivateNodes(c, {});
  const version = c.currentNodeVersion || null;
  const scopes = ap.oauthScopes.length
    ? ap.oauthScopes
    : ap.serviceAccount.isDefault
      ? ['https://www.googleapis.com/auth/devstorage.read_only']
      : ['https://www.googleapis.com/auth/cloud-platform'];
  return {
    name: `${clusterName}/nodePools/${ON_DEMAND_POOL}`,
    cluster: clusterName,
    project,
    location,
    shortName: ON_DEMAND_POOL,
    version,
    ...(version ? { versionSource: 'cluster-current-node-version' as const } : {}),
    serviceAccount: ap.serviceAccount,
    oauthScopes: [...scopes],
    privateNodes: priv.value,
    privateNodesSource: priv.source,
    subnetwork: poolSubnetwork(c, {}, project),
    imageType: c.autoscaling?.autoprovisioningNodePoolDefaults?.imageType ?? null,
    autoprovisioned: true,
    status: null,
    autoProvisioned: true,
  };
}

/** A node pool's private-nodes setting (GKE "Private clusters"): the pool's own value wins, then the cluster's default, then privateClusterConfig. */
export function poolPrivateNodes(c: RawCluster, np: RawNodePool): { value: boolean; source: NodePool['privateNodesSource'] } {
  const own = np.networkConfig?.enablePrivateNodes;
  if (own !== undefined && own !== null) return { value: own, source: 'node-pool' };
  return clusterPrivateDefault(c);
}

/** The node pool's subnet as projects/H/regions/R/subnetworks/S (the pool's own, else the cluster's; maybe in a Shared VPC host), or null. */
export function poolSubnetwork(c: RawCluster, np: RawNodePool, project: string): string | null {
  const region = regionOf(c.location ?? c.zone ?? 'unknown');
  const own = np.networkConfig?.subnetwork;
  if (own) return subnetworkName(own, project, region);
  const ref = c.networkConfig?.subnetwork ?? c.subnetwork ?? null;
  return ref ? subnetworkName(ref, project, region) : null;
}

interface ClusterFacts {
  raw: RawCluster;
  name: string;
  project: string;
  location: string;
  projectNumber: string | null;
  currentNodeVersion: string | null;
}

function normalizeNodePool(np: RawNodePool, c: ClusterFacts): NodePool {
  const shortName = np.name ?? 'unknown';
  const priv = poolPrivateNodes(c.raw, np);
  return {
    name: `${c.name}/nodePools/${shortName}`,
    cluster: c.name,
    project: c.project,
    location: c.location,
    shortName,
    version: np.version || c.currentNodeVersion || null,
    ...(np.version ? { versionSource: 'node-pool' as const } : c.currentNodeVersion ? { versionSource: 'cluster-current-node-version' as const } : {}),
    serviceAccount: resolveServiceAccount(np.config?.serviceAccount, c.projectNumber),
    oauthScopes: [...(np.config?.oauthScopes ?? [])],
    privateNodes: priv.value,
    privateNodesSource: priv.source,
    subnetwork: poolSubnetwork(c.raw, np, c.project),
    imageType: np.config?.imageType ?? null,
    autoprovisioned: np.autoscaling?.autoprovisioned === true,
    status: np.status ?? null,
  };
}

function parseRepositoryName(name: string): { project: string; location: string; id: string } {
  const m = /^projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([^/]+)$/.exec(name);
  return m ? { project: m[1], location: m[2], id: m[3] } : { project: '', location: '', id: lastSegment(name) };
}

function normalizeRepository(r: RawRepository, fallbackProject: string): Repository {
  const name = r.name ?? '';
  const parsed = parseRepositoryName(name);
  return {
    name,
    project: parsed.project || fallbackProject,
    location: parsed.location,
    id: parsed.id,
    format: (r.format ?? '').toUpperCase(),
    mode: r.mode ?? null,
    description: r.description || null,
    registryUri: r.registryUri ?? null,
  };
}

function normalizeServiceAccount(sa: RawServiceAccount, key: string): ServiceAccount {
  return {
    email: (sa.email ?? key).toLowerCase(),
    project: sa.projectId ?? null,
    uniqueId: sa.uniqueId ?? null,
    displayName: sa.displayName ?? null,
    disabled: sa.disabled === true,
  };
}

/**
 * A custom role as read. A deleted one (`deleted: true`, still readable for a while) and a `stage: DISABLED` one
 * grant nothing (IAM `RoleLaunchStage`: DISABLED "will not contribute permissions to any principals"; the
 * `projects.roles.delete` reference: bindings to a deleted role have no effect); the engine decides that from
 * `deleted` and `stage`, so a cause can say why the binding still looks like a grant in the console.
 */
function normalizeRole(r: RawRole, key: string): Role {
  return {
    name: r.name ?? key,
    title: r.title ?? null,
    includedPermissions: [...(r.includedPermissions ?? [])],
    stage: r.stage ?? null,
    ...(r.deleted === true ? { deleted: true } : {}),
  };
}

const MEMBER_TYPES = new Set<GroupMember['type']>(['USER', 'SERVICE_ACCOUNT', 'GROUP', 'SHARED_DRIVE', 'OTHER']);

function normalizeGroup(e: RawGroupEntry, key: string, groupKeys: Set<string>): Group {
  const members: GroupMember[] = [];
  for (const m of e.members) {
    const id = m.preferredMemberKey?.id?.toLowerCase();
    if (!id) continue;
    let type: GroupMember['type'];
    if (m.type && MEMBER_TYPES.has(m.type as GroupMember['type'])) type = m.type as GroupMember['type'];
    else if (groupKeys.has(id)) type = 'GROUP';
    else if (id.endsWith('.gserviceaccount.com')) type = 'SERVICE_ACCOUNT';
    else type = 'USER';
    members.push({ id, type });
  }
  return {
    email: (e.group.groupKey?.id ?? key).toLowerCase(),
    name: e.group.name ?? null,
    displayName: e.group.displayName ?? null,
    members,
  };
}

function normalizeSubnetwork(s: RawSubnetwork, key: string): Subnetwork {
  const fromKey = projectAndRegion(key);
  const project = fromKey?.project ?? projectAndRegion(s.selfLink ?? '')?.project ?? '';
  const region = s.region ? lastSegment(s.region) : (fromKey?.region ?? '');
  const name = s.selfLink ? subnetworkName(s.selfLink, project, region) : subnetworkName(key, project, region);
  return {
    name,
    project,
    region,
    network: s.network ? networkName(s.network, project) : '',
    privateIpGoogleAccess: s.privateIpGoogleAccess === true,
  };
}

/** Covers primary ranges unless a subnet entry lists only secondary ranges (Compute's default is ALL_IP_RANGES). */
function natCoversPrimary(ranges: string[] | null | undefined): boolean {
  if (!ranges || ranges.length === 0) return true;
  return ranges.includes('ALL_IP_RANGES') || ranges.includes('PRIMARY_IP_RANGE');
}

/** Strings of a list field, bounded (a hostile estate may send anything). */
function strings(v: unknown, max = 1000): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, max) : [];
}

/**
 * A router and its NATs, every field that decides whether a NAT serves node egress kept as read (compute v1
 * `RouterNat`: type, endpointTypes, natIpAllocateOption, natIps, drainNatIps, subnetworks[].sourceIpRangesToNat);
 * lib/readiness/network.ts decides.
 */
function normalizeRouter(r: RawRouter, key: string): Router {
  const pr = projectAndRegion(key) ?? { project: '', region: '' };
  const region = r.region ? lastSegment(r.region) : pr.region;
  return {
    name: `projects/${pr.project}/regions/${region}/routers/${r.name ?? 'unknown'}`,
    network: r.network ? networkName(r.network, pr.project) : '',
    region,
    nats: (r.nats ?? []).map((n) => {
      const listed = (n.subnetworks ?? []).filter((s) => typeof s.name === 'string' && s.name);
      return {
        name: n.name ?? 'unknown',
        sourceSubnetworkIpRangesToNat: n.sourceSubnetworkIpRangesToNat ?? 'ALL_SUBNETWORKS_ALL_IP_RANGES',
        subnetworks: listed.filter((s) => natCoversPrimary(s.sourceIpRangesToNat)).map((s) => subnetworkName(s.name as string, pr.project, region)),
        subnetworkRanges: listed.map((s) => ({ name: subnetworkName(s.name as string, pr.project, region), sourceIpRangesToNat: strings(s.sourceIpRangesToNat) })),
        type: n.type ?? 'PUBLIC',
        endpointTypes: strings(n.endpointTypes),
        natIpAllocateOption: n.natIpAllocateOption ?? null,
        natIps: strings(n.natIps),
        drainNatIps: strings(n.drainNatIps),
      };
    }),
  };
}

function normalizeServerConfig(s: RawServerConfig): ServerConfig {
  return { validNodeVersions: [...(s.validNodeVersions ?? [])], validMasterVersions: [...(s.validMasterVersions ?? [])] };
}

/** Builds the normalized Inventory from what the collectors gathered. Never throws on missing fields. */
export function normalize(raw: RawEstate): Inventory {
  const organizations: Organization[] = [];
  const folders: Folder[] = [];
  const projects: Project[] = [];
  const clusters: Cluster[] = [];
  const nodePools: NodePool[] = [];
  const repositories: Repository[] = [];
  const policies: Record<string, Known<Policy>> = {};
  const serverConfigs: Record<string, Known<ServerConfig>> = {};
  const clusterListGaps: Inventory['clusterListGaps'] = [];
  const repositoryListGaps: Inventory['repositoryListGaps'] = [];

  for (const [key, e] of Object.entries(raw.organizations ?? {})) {
    organizations.push({ name: key, displayName: e.organization.ok ? (e.organization.value.displayName ?? null) : null });
    policies[key] = known(e.iamPolicy, (p) => normalizePolicy(key, p));
  }
  for (const [key, e] of Object.entries(raw.folders ?? {})) {
    folders.push({
      name: key,
      displayName: e.folder.ok ? (e.folder.value.displayName ?? null) : null,
      parent: e.folder.ok ? (e.folder.value.parent ?? null) : null,
    });
    policies[key] = known(e.iamPolicy, (p) => normalizePolicy(key, p));
  }
  for (const [projectId, e] of Object.entries(raw.projects ?? {})) {
    const id = e.project.projectId ?? projectId;
    const number = e.project.projectNumber ?? null;
    projects.push({
      id,
      number: number ?? '',
      displayName: e.project.name ?? null,
      // getAncestry lists the project itself first; the model keeps only its ancestors.
      ancestry: known(e.ancestry, (as) =>
        as.map(ancestorName).filter((n): n is string => n !== null && !n.startsWith('projects/')),
      ),
    });
    policies[`projects/${id}`] = known(e.iamPolicy, (p) => normalizePolicy(`projects/${id}`, p));
    if (e.clusters.ok) {
      for (const c of e.clusters.value) {
        const n = normalizeCluster(id, number, c);
        clusters.push(n.cluster);
        nodePools.push(...n.nodePools);
      }
    } else {
      clusterListGaps.push({ project: id, gapId: e.clusters.gapId });
    }
    // Zones clusters.list could not reach (missingZones): the list above may lack their clusters.
    for (const gapId of e.clusterGapIds ?? []) clusterListGaps.push({ project: id, gapId });
    for (const item of e.repositories?.items ?? []) {
      const repo = normalizeRepository(item.repository, id);
      repositories.push(repo);
      policies[repo.name] = known(item.iamPolicy, (p) => normalizePolicy(repo.name, p));
    }
    for (const gapId of e.repositories?.gapIds ?? []) repositoryListGaps.push({ project: id, gapId });
    for (const [location, sc] of Object.entries(e.serverConfigs ?? {})) {
      serverConfigs[`projects/${id}/locations/${location}`] = known(sc, normalizeServerConfig);
    }
  }

  const serviceAccounts: Inventory['serviceAccounts'] = {};
  for (const [key, l] of Object.entries(raw.serviceAccounts ?? {})) {
    serviceAccounts[key.toLowerCase()] = found(l, (sa) => normalizeServiceAccount(sa, key));
  }
  const roles: Inventory['roles'] = {};
  for (const [key, l] of Object.entries(raw.roles ?? {})) roles[key] = found(l, (r) => normalizeRole(r, key));
  const groupKeys = new Set(Object.keys(raw.groups ?? {}).map((k) => k.toLowerCase()));
  const groups: Inventory['groups'] = {};
  for (const [key, l] of Object.entries(raw.groups ?? {})) {
    groups[key.toLowerCase()] = found(l, (g) => normalizeGroup(g, key, groupKeys));
  }
  const subnetworks: Inventory['subnetworks'] = {};
  for (const [key, l] of Object.entries(raw.subnetworks ?? {})) {
    const k = subnetworkName(key, '', '');
    subnetworks[k] = found(l, (s) => normalizeSubnetwork(s, k));
  }
  const accountProjects: Record<string, Known<string[]>> = {};
  for (const [id, r] of Object.entries(raw.accountProjects ?? {})) {
    accountProjects[id] = known(r, (as) => as.map(ancestorName).filter((n): n is string => n !== null && !n.startsWith('projects/')));
  }
  // Deny policies, perimeters and download rules: absent in the raw estate = not read, kept absent.
  const denyPolicies = raw.denyPolicies
    ? Object.fromEntries(Object.entries(raw.denyPolicies).map(([point, r]) => [point, known(r, (ps) => normalizeDenyPolicies(point, ps))]))
    : undefined;
  const accessPolicies = raw.accessPolicies
    ? Object.fromEntries(Object.entries(raw.accessPolicies).map(([org, r]) => [org, known(r, (es) => es.map((e) => normalizeAccessPolicy(e, org)))]))
    : undefined;
  const hostProjectNumbers = raw.hostProjects
    ? Object.fromEntries(Object.entries(raw.hostProjects).map(([id, r]) => [id, known(r, (p) => p.projectNumber ?? '')]))
    : undefined;
  let downloadRules: Inventory['downloadRules'];
  for (const e of Object.values(raw.projects ?? {})) {
    for (const item of e.repositories?.items ?? []) {
      if (!item.rules || !item.repository.name) continue;
      downloadRules ??= {};
      downloadRules[item.repository.name] = known(item.rules, normalizeDownloadRules);
    }
  }
  const routers: Inventory['routers'] = {};
  for (const [key, r] of Object.entries(raw.routers ?? {})) {
    const pr = projectAndRegion(key);
    const k = pr ? `projects/${pr.project}/regions/${pr.region}` : key;
    routers[k] = known(r, (rs) => rs.map((x) => normalizeRouter(x, k)));
  }

  return {
    scope: raw.scope,
    collectedAt: raw.finishedAt || raw.startedAt,
    organizations,
    folders,
    projects,
    clusters,
    nodePools,
    repositories,
    policies,
    serviceAccounts,
    roles,
    groups,
    subnetworks,
    routers,
    serverConfigs,
    ...(Object.keys(accountProjects).length ? { accountProjects } : {}),
    ...(denyPolicies ? { denyPolicies } : {}),
    ...(accessPolicies ? { accessPolicies } : {}),
    ...(downloadRules ? { downloadRules } : {}),
    ...(hostProjectNumbers ? { hostProjectNumbers } : {}),
    clusterListGaps,
    repositoryListGaps,
    gaps: [...(raw.gaps ?? [])],
  };
}
