/** Small builders of the normalized model, so engine tests (and others' tests) stay short. */
import type {
  Binding,
  Cluster,
  DenyRule,
  PerimeterRule,
  ServicePerimeter,
  Condition,
  Found,
  Gap,
  Group,
  GroupMember,
  Inventory,
  Known,
  Nat,
  NodePool,
  Policy,
  Project,
  Repository,
  Role,
  Router,
  ServiceAccount,
  Subnetwork,
} from './types';

/** Evidence that was read. */
export function ok<T>(value: T): { status: 'ok'; value: T } {
  return { status: 'ok', value };
}

/** Evidence that is missing. */
export function gapped(gapId: string): { status: 'gap'; gapId: string } {
  return { status: 'gap', gapId };
}

/** An authoritative 404. */
export const NOT_FOUND = { status: 'not-found' } as const;

const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

/** Options for makeNodePool: short names, everything defaulted. */
export interface NodePoolOptions {
  project?: string;
  location?: string;
  cluster?: string;
  name?: string;
  /** An email, or "default" (resolved with projectNumber). */
  serviceAccount?: string;
  projectNumber?: string;
  scopes?: string[];
  version?: string | null;
  versionSource?: NodePool['versionSource'];
  privateNodes?: boolean;
  privateNodesSource?: NodePool['privateNodesSource'];
  /** projects/H/regions/R/subnetworks/S */
  subnetwork?: string | null;
  imageType?: string | null;
  autoprovisioned?: boolean;
  /** The pool the cluster will create on demand (name `-`): set autoProvisioned and autoprovisioned. */
  autoProvisioned?: boolean;
}

/** A node pool; defaults: project `app`, europe-west1, cluster `c1`, pool `pool`, a custom account, cloud-platform scope, 1.30. */
export function makeNodePool(o: NodePoolOptions = {}): NodePool {
  const project = o.project ?? 'app';
  const location = o.location ?? 'europe-west1';
  const cluster = `projects/${project}/locations/${location}/clusters/${o.cluster ?? 'c1'}`;
  const shortName = o.autoProvisioned ? '-' : (o.name ?? 'pool');
  const configured = o.serviceAccount ?? `nodes@${project}.iam.gserviceaccount.com`;
  const number = o.projectNumber ?? projectNumberOf(project);
  const isDefault = configured === 'default' || configured === '';
  const email = isDefault ? `${number}-compute@developer.gserviceaccount.com` : configured.toLowerCase();
  const privateNodes = o.privateNodes ?? false;
  return {
    name: `${cluster}/nodePools/${shortName}`,
    cluster,
    project,
    location,
    shortName,
    version: o.version === undefined ? '1.30.5-gke.1000' : o.version,
    ...(o.versionSource ? { versionSource: o.versionSource } : {}),
    serviceAccount: { configured, email, isDefault: isDefault || email === `${number}-compute@developer.gserviceaccount.com` },
    oauthScopes: o.scopes ?? [CLOUD_PLATFORM],
    privateNodes,
    privateNodesSource: o.privateNodesSource ?? (privateNodes ? 'node-pool' : 'unset'),
    subnetwork: o.subnetwork === undefined ? null : o.subnetwork,
    imageType: o.imageType ?? 'COS_CONTAINERD',
    autoprovisioned: o.autoprovisioned ?? o.autoProvisioned ?? false,
    status: o.autoProvisioned ? null : 'RUNNING',
    ...(o.autoProvisioned ? { autoProvisioned: true } : {}),
  };
}

/** A stable fake 12-digit project number derived from the project id. */
export function projectNumberOf(project: string): string {
  let h = 7;
  for (const ch of project) h = (h * 31 + ch.charCodeAt(0)) % 900_000_000_000;
  return String(100_000_000_000 + h);
}

/** A cluster; pools are attached by makeInventory. */
export function makeCluster(o: { project?: string; location?: string; name?: string } & Partial<Cluster> = {}): Cluster {
  const project = o.project ?? 'app';
  const location = o.location ?? 'europe-west1';
  const shortName = o.shortName ?? o.name?.split('/').pop() ?? 'c1';
  const name = `projects/${project}/locations/${location}/clusters/${shortName}`;
  const defaults: Cluster = {
    name,
    project,
    location,
    shortName,
    autopilot: false,
    controlPlaneVersion: '1.30.5-gke.1000',
    currentNodeVersion: '1.30.5-gke.1000',
    status: 'RUNNING',
    network: `projects/${project}/global/networks/default`,
    subnetwork: null,
    autoprovisioning: null,
    nodePoolNames: [],
  };
  return Object.assign(defaults, o, { name, project, location, shortName });
}

/** A repository; defaults: project `registry`, europe-west1, id `images`, DOCKER. */
export function makeRepository(o: { project?: string; location?: string; id?: string; format?: string; mode?: string | null } = {}): Repository {
  const project = o.project ?? 'registry';
  const location = o.location ?? 'europe-west1';
  const id = o.id ?? 'images';
  const format = o.format ?? 'DOCKER';
  return {
    name: `projects/${project}/locations/${location}/repositories/${id}`,
    project,
    location,
    id,
    format,
    mode: o.mode === undefined ? 'STANDARD_REPOSITORY' : o.mode,
    description: null,
    registryUri: `${location}-${format.toLowerCase()}.pkg.dev/${project}/${id}`,
  };
}

/** A project with its ancestry (nearest first), e.g. makeProject('registry', ['folders/1', 'organizations/9']). */
export function makeProject(id: string, ancestry: string[] | { gapId: string } = []): Project {
  return {
    id,
    number: projectNumberOf(id),
    displayName: id,
    ancestry: Array.isArray(ancestry) ? ok(ancestry) : gapped(ancestry.gapId),
  };
}

/** A binding: binding('roles/viewer', 'serviceAccount:a@b', ...) or with a condition via bindingIf. */
export function binding(role: string, ...members: string[]): Binding {
  return { role, members, condition: null };
}

/** A conditional binding. */
export function bindingIf(condition: Partial<Condition> & { expression: string }, role: string, ...members: string[]): Binding {
  return { role, members, condition: { title: condition.title ?? null, expression: condition.expression, description: condition.description ?? null } };
}

/** A readable policy on a resource. */
export function makePolicy(resource: string, bindings: Binding[] = []): Policy {
  return { resource, bindings };
}

/** An unreadable policy, for makeInventory's `policies`. */
export interface PolicyGap {
  resource: string;
  gapId: string;
}

/** Marks a resource's policy as unreadable (pair with makeGap for the gap record). */
export function policyGap(resource: string, gapId: string): PolicyGap {
  return { resource, gapId };
}

/** A service account that exists. */
export function makeServiceAccount(email: string, o: { disabled?: boolean; project?: string } = {}): Found<ServiceAccount> {
  const e = email.toLowerCase();
  return ok({
    email: e,
    project: o.project ?? /@([^.@]+)\.iam\.gserviceaccount\.com$/.exec(e)?.[1] ?? null,
    uniqueId: '1' + projectNumberOf(e).padEnd(20, '0'),
    displayName: e.split('@')[0],
    disabled: o.disabled ?? false,
  });
}

/** A resolved group; members as IAM-style strings: serviceAccount:x, group:y, user:z. */
export function makeGroup(email: string, members: string[]): Found<Group> {
  const typed: GroupMember[] = members.map((m) => {
    const [kind, id] = m.includes(':') ? [m.slice(0, m.indexOf(':')), m.slice(m.indexOf(':') + 1)] : ['user', m];
    const type: GroupMember['type'] = kind === 'serviceAccount' ? 'SERVICE_ACCOUNT' : kind === 'group' ? 'GROUP' : 'USER';
    return { id: id.toLowerCase(), type };
  });
  return ok({ email: email.toLowerCase(), name: `groups/${projectNumberOf(email)}`, displayName: email, members: typed });
}

/** A custom (or looked-up predefined) role. */
export function makeRole(name: string, includedPermissions: string[], o: { stage?: string; deleted?: boolean } = {}): Found<Role> {
  return ok({ name, title: name.split('/').pop() ?? name, includedPermissions, ...(o.stage ? { stage: o.stage } : {}), ...(o.deleted ? { deleted: true } : {}) });
}

/** A subnetwork entry keyed by its name. */
export function makeSubnetwork(name: string, o: { privateIpGoogleAccess?: boolean; network?: string } = {}): Found<Subnetwork> {
  const m = /^projects\/([^/]+)\/regions\/([^/]+)\/subnetworks\/([^/]+)$/.exec(name);
  if (!m) throw new Error(`makeSubnetwork: ${name} is not projects/H/regions/R/subnetworks/S`);
  return ok({
    name,
    project: m[1],
    region: m[2],
    network: o.network ?? `projects/${m[1]}/global/networks/default`,
    privateIpGoogleAccess: o.privateIpGoogleAccess ?? false,
  });
}

/** A router with Cloud NATs, in projects/H/regions/R. */
export function makeRouter(project: string, region: string, nats: Partial<Nat>[], o: { name?: string; network?: string } = {}): Router {
  return {
    name: `projects/${project}/regions/${region}/routers/${o.name ?? 'nat-router'}`,
    network: o.network ?? `projects/${project}/global/networks/default`,
    region,
    nats: nats.map((n, i) => ({
      ...n,
      name: n.name ?? `nat-${i + 1}`,
      sourceSubnetworkIpRangesToNat: n.sourceSubnetworkIpRangesToNat ?? 'ALL_SUBNETWORKS_ALL_IP_RANGES',
      subnetworks: n.subnetworks ?? [],
    })),
  };
}

/** A gap record (what the collector would have written). */
export function makeGap(id: string, o: Partial<Gap> = {}): Gap {
  return {
    id,
    api: o.api ?? 'cloudresourcemanager',
    method: o.method ?? 'projects.getIamPolicy',
    resource: o.resource ?? 'unknown',
    status: o.status === undefined ? 403 : o.status,
    reason: o.reason ?? 'IAM_PERMISSION_DENIED',
    permission: o.permission === undefined ? null : o.permission,
    message: o.message ?? `The auditor was refused ${o.method ?? 'a call'}.`,
    request: o.request ?? 'GET /v1/unknown',
  };
}

/** What makeInventory accepts: everything optional; the rest is derived. */
export interface InventoryOptions {
  nodePools?: NodePool[];
  clusters?: Cluster[];
  repositories?: Repository[];
  projects?: Project[];
  /** Policies that differ from the default (every repository, project and ancestor gets an empty readable policy). */
  policies?: (Policy | PolicyGap)[];
  /** Overrides; every pool's account otherwise exists and is enabled. */
  serviceAccounts?: Record<string, Found<ServiceAccount>>;
  roles?: Record<string, Found<Role>>;
  groups?: Record<string, Found<Group>>;
  subnetworks?: Record<string, Found<Subnetwork>>;
  routers?: Record<string, Known<Router[]>>;
  serverConfigs?: Inventory['serverConfigs'];
  clusterListGaps?: Inventory['clusterListGaps'];
  repositoryListGaps?: Inventory['repositoryListGaps'];
  gaps?: Gap[];
  accountProjects?: Inventory['accountProjects'];
  denyPolicies?: Inventory['denyPolicies'];
  accessPolicies?: Inventory['accessPolicies'];
  downloadRules?: Inventory['downloadRules'];
  hostProjectNumbers?: Inventory['hostProjectNumbers'];
}

/** A deny rule attached to `point` (defaults: denies the download to no one until principals are given). */
export function makeDenyRule(point: string, o: Partial<DenyRule> = {}): DenyRule {
  return {
    policy: `policies/cloudresourcemanager.googleapis.com%2F${point.replace('/', '%2F')}/denypolicies/${o.policy ?? 'no-pulls'}`,
    policyDisplayName: null,
    attachmentPoint: point,
    index: 0,
    description: null,
    deniedPrincipals: [],
    exceptionPrincipals: [],
    deniedPermissions: ['artifactregistry.googleapis.com/repositories.downloadArtifacts'],
    exceptionPermissions: [],
    denialCondition: null,
    ...o,
    ...(o.policy ? { policy: `policies/cloudresourcemanager.googleapis.com%2F${point.replace('/', '%2F')}/denypolicies/${o.policy}` } : {}),
  };
}

/** A regular perimeter restricting Artifact Registry around `resources` (projects/NUMBER), enforced. */
export function makePerimeter(name: string, resources: string[], o: Partial<ServicePerimeter> & { ingress?: PerimeterRule[]; accessLevels?: string[] } = {}): ServicePerimeter {
  const { ingress, accessLevels, ...rest } = o;
  return {
    name: `accessPolicies/555/servicePerimeters/${name}`,
    title: name,
    policy: 'accessPolicies/555',
    bridge: false,
    status: { resources, restrictedServices: ['artifactregistry.googleapis.com'], accessLevels: accessLevels ?? [], ingress: ingress ?? [], egress: [] },
    dryRun: null,
    ...rest,
  };
}

/**
 * An Inventory from a few parts: projects for every pool and repository (ancestry empty unless given),
 * a cluster for every pool, an enabled service account for every pool, empty readable policies everywhere.
 */
export function makeInventory(o: InventoryOptions = {}): Inventory {
  const nodePools = o.nodePools ?? [];
  const repositories = o.repositories ?? [];
  const projects = new Map<string, Project>();
  for (const p of o.projects ?? []) projects.set(p.id, p);
  for (const id of [...nodePools.map((p) => p.project), ...repositories.map((r) => r.project)]) {
    if (!projects.has(id)) projects.set(id, makeProject(id));
  }
  const clusters = new Map<string, Cluster>();
  for (const c of o.clusters ?? []) clusters.set(c.name, { ...c, nodePoolNames: [...c.nodePoolNames] });
  for (const p of nodePools) {
    if (!clusters.has(p.cluster)) {
      clusters.set(p.cluster, makeCluster({ project: p.project, location: p.location, shortName: p.cluster.split('/').pop() }));
    }
    const c = clusters.get(p.cluster) as Cluster;
    if (!p.autoProvisioned && !c.nodePoolNames.includes(p.name)) c.nodePoolNames.push(p.name);
  }
  const policies: Inventory['policies'] = {};
  for (const r of repositories) policies[r.name] = ok(makePolicy(r.name));
  for (const p of projects.values()) {
    policies[`projects/${p.id}`] = ok(makePolicy(`projects/${p.id}`));
    if (p.ancestry.status === 'ok') for (const a of p.ancestry.value) policies[a] = ok(makePolicy(a));
  }
  for (const p of o.policies ?? []) policies[p.resource] = 'gapId' in p ? gapped(p.gapId) : ok(p);
  const serviceAccounts: Inventory['serviceAccounts'] = {};
  for (const p of nodePools) serviceAccounts[p.serviceAccount.email] = makeServiceAccount(p.serviceAccount.email);
  for (const c of clusters.values()) {
    const ap = c.autoprovisioning?.serviceAccount.email;
    if (ap && !serviceAccounts[ap]) serviceAccounts[ap] = makeServiceAccount(ap);
  }
  Object.assign(serviceAccounts, o.serviceAccounts ?? {});
  const ancestors = new Set([...projects.values()].flatMap((p) => (p.ancestry.status === 'ok' ? p.ancestry.value : [])));
  return {
    scope: { kind: 'projects', ids: [...projects.keys()] },
    collectedAt: '2026-11-25T16:30:04.000Z',
    organizations: [...ancestors].filter((a) => a.startsWith('organizations/')).map((name) => ({ name, displayName: null })),
    folders: [...ancestors].filter((a) => a.startsWith('folders/')).map((name) => ({ name, displayName: null, parent: null })),
    projects: [...projects.values()],
    clusters: [...clusters.values()],
    nodePools,
    repositories,
    policies,
    serviceAccounts,
    roles: o.roles ?? {},
    groups: o.groups ?? {},
    subnetworks: o.subnetworks ?? {},
    routers: o.routers ?? {},
    serverConfigs: o.serverConfigs ?? {},
    ...(o.accountProjects ? { accountProjects: o.accountProjects } : {}),
    ...(o.denyPolicies ? { denyPolicies: o.denyPolicies } : {}),
    ...(o.accessPolicies ? { accessPolicies: o.accessPolicies } : {}),
    ...(o.downloadRules ? { downloadRules: o.downloadRules } : {}),
    ...(o.hostProjectNumbers ? { hostProjectNumbers: o.hostProjectNumbers } : {}),
    clusterListGaps: o.clusterListGaps ?? [],
    repositoryListGaps: o.repositoryListGaps ?? [],
    gaps: o.gaps ?? [],
  };
}
