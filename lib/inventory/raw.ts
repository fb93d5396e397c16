/**
 * The raw estate as the collectors gathered it: Google's own JSON shapes, plus what could not be read.
 * Written by lib/gcp (collectors), read by lib/inventory/normalize (→ Inventory) and by the snapshot
 * writer (→ scenario file). Nothing here is normalized; raw Google shapes stop at lib/inventory.
 */
import type { cloudresourcemanager_v1 } from 'googleapis/build/src/apis/cloudresourcemanager/v1';
import type { cloudresourcemanager_v3 } from 'googleapis/build/src/apis/cloudresourcemanager/v3';
import type { container_v1 } from 'googleapis/build/src/apis/container/v1';
import type { artifactregistry_v1 } from 'googleapis/build/src/apis/artifactregistry/v1';
import type { iam_v1 } from 'googleapis/build/src/apis/iam/v1';
import type { compute_v1 } from 'googleapis/build/src/apis/compute/v1';
import type { cloudidentity_v1 } from 'googleapis/build/src/apis/cloudidentity/v1';
import type { iam_v2 } from 'googleapis/build/src/apis/iam/v2';
import type { cloudasset_v1 } from 'googleapis/build/src/apis/cloudasset/v1';
import type { accesscontextmanager_v1 } from 'googleapis/build/src/apis/accesscontextmanager/v1';

export type RawOrganization = cloudresourcemanager_v1.Schema$Organization;
export type RawFolder = cloudresourcemanager_v3.Schema$Folder;
export type RawProject = cloudresourcemanager_v1.Schema$Project;
export type RawPolicy = cloudresourcemanager_v1.Schema$Policy;
export type RawBinding = cloudresourcemanager_v1.Schema$Binding;
export type RawAncestor = cloudresourcemanager_v1.Schema$Ancestor;
export type RawCluster = container_v1.Schema$Cluster;
export type RawNodePool = container_v1.Schema$NodePool;
export type RawServerConfig = container_v1.Schema$ServerConfig;
export type RawRepository = artifactregistry_v1.Schema$Repository;
export type RawServiceAccount = iam_v1.Schema$ServiceAccount;
export type RawRole = iam_v1.Schema$Role;
export type RawSubnetwork = compute_v1.Schema$Subnetwork;
export type RawRouter = compute_v1.Schema$Router;
export type RawGroup = cloudidentity_v1.Schema$Group;
export type RawMembership = cloudidentity_v1.Schema$Membership;
/** IAM v2 deny policy (policies.get): rules[].denyRule. */
export type RawDenyPolicy = iam_v2.Schema$GoogleIamV2Policy;
/** Artifact Registry download rule (projects.locations.repositories.rules.list). */
export type RawRepositoryRule = artifactregistry_v1.Schema$GoogleDevtoolsArtifactregistryV1Rule;
/** Cloud Asset Inventory v1 Asset (assets.list, content type RESOURCE). */
export type RawAsset = cloudasset_v1.Schema$Asset;
export type RawAccessPolicy = accesscontextmanager_v1.Schema$AccessPolicy;
export type RawServicePerimeter = accesscontextmanager_v1.Schema$ServicePerimeter;

/** What the scan was asked to cover (the report's `scope`, README "The CLI"). */
export interface Scope {
  kind: 'projects' | 'folder' | 'organization' | 'all-projects' | 'scenario';
  ids: string[];
}

/**
 * A Google API call that did not give an answer Pullcheck could use: refused (403), missing (404 where
 * the resource should exist), disabled service, or still failing after retries / timed out (status null).
 * Contract: the report's `gaps[]` (README, "The CLI").
 */
export interface Gap {
  /** Stable within one scan: "gap-" + a short hash of method and resource. */
  id: string;
  /** googleapis API name: container, artifactregistry, cloudresourcemanager, iam, compute, cloudidentity. */
  api: string;
  /** The REST method as Google's reference names it, e.g. "projects.locations.clusters.list". */
  method: string;
  /** The resource the call was about, e.g. "projects/shop-prod/locations/-". */
  resource: string;
  /** HTTP status, or null when there was no HTTP answer (timeout, connection refused). */
  status: number | null;
  /** Google's ErrorInfo reason (IAM_PERMISSION_DENIED, SERVICE_DISABLED, RATE_LIMIT_EXCEEDED...) or TIMEOUT / NETWORK_ERROR. */
  reason: string;
  /** The permission the auditor most likely lacks, e.g. "artifactregistry.repositories.getIamPolicy". */
  permission: string | null;
  /** One sentence a person reads. */
  message: string;
  /** "GET /v1/projects/..." (query string removed): lets `collect` replay the refusal as a scenario fault. */
  request: string;
}

/** A read that either succeeded, or left a gap. */
export type Readable<T> = { ok: true; value: T } | { ok: false; gapId: string };

/** A read whose 404 is itself an answer (deleted service account, unknown group, unknown role). */
export type Lookup<T> =
  | { ok: true; value: T }
  | { ok: false; notFound: true; gapId?: string }
  | { ok: false; notFound?: false; gapId: string };

export interface RawRepositoryEntry {
  repository: RawRepository;
  /** Requested with requestedPolicyVersion 3. */
  iamPolicy: Readable<RawPolicy>;
  /** Download rules of this repository (rules.list). Absent: not read (older snapshot / collector). */
  rules?: Readable<RawRepositoryRule[]>;
}

/** One access policy of an organization and its service perimeters (Access Context Manager v1). */
export interface RawAccessPolicyEntry {
  accessPolicy: RawAccessPolicy;
  servicePerimeters: Readable<RawServicePerimeter[]>;
}

export interface RawProjectEntry {
  project: RawProject;
  /** projects.getAncestry: the project first, then folders, then the organization. */
  ancestry: Readable<RawAncestor[]>;
  iamPolicy: Readable<RawPolicy>;
  /** clusters.list with location "-" (node pools inside each cluster). */
  clusters: Readable<RawCluster[]>;
  /** Gaps for zones clusters.list reported in `missingZones`: clusters there may be missing from `clusters`. */
  clusterGapIds?: string[];
  /** Docker and other repositories from every Artifact Registry location; gaps for locations that failed. */
  repositories: { items: RawRepositoryEntry[]; gapIds: string[] };
  /** getServerConfig per location that holds a cluster of this project, keyed by location. */
  serverConfigs: Record<string, Readable<RawServerConfig>>;
}

export interface RawGroupEntry {
  group: RawGroup;
  members: RawMembership[];
}

/** Everything one scan gathered. */
export interface RawEstate {
  scope: Scope;
  startedAt: string;
  finishedAt: string;
  /** Keyed by "organizations/ID". */
  organizations: Record<string, { organization: Readable<RawOrganization>; iamPolicy: Readable<RawPolicy> }>;
  /** Keyed by "folders/ID". */
  folders: Record<string, { folder: Readable<RawFolder>; iamPolicy: Readable<RawPolicy> }>;
  /** Projects in scope, keyed by projectId. */
  projects: Record<string, RawProjectEntry>;
  /**
   * Node service accounts, keyed by lower-case email (projects/-/serviceAccounts/EMAIL). notFound = deleted: a 404,
   * or a 403 for an account absent from its own project's serviceAccounts.list.
   */
  serviceAccounts: Record<string, Lookup<RawServiceAccount>>;
  /**
   * serviceAccounts.list of a node account's own project, read when Google answered its lookup 403 (deleted, or
   * refused?), keyed by the project as the email names it (id, or number for the Compute Engine default account).
   */
  serviceAccountLists?: Record<string, Readable<RawServiceAccount[]>>;
  /** Custom roles and predefined roles newer than the bundled data, keyed by role name. */
  roles: Record<string, Lookup<RawRole>>;
  /** Groups bound to download-capable roles, resolved transitively, keyed by lower-case email. */
  groups: Record<string, Lookup<RawGroupEntry>>;
  /** Node subnets (possibly in a Shared VPC host project), keyed by "projects/H/regions/R/subnetworks/S". */
  subnetworks: Record<string, Lookup<RawSubnetwork>>;
  /** routers.list per network host project and region, keyed by "projects/H/regions/R". */
  routers: Record<string, Readable<RawRouter[]>>;
  /**
   * projects.getAncestry of projects that own a node service account but are not in scope, keyed by project id
   * (read only when a policy names a principalSet://cloudresourcemanager.googleapis.com/... member). Optional.
   */
  accountProjects?: Record<string, Readable<RawAncestor[]>>;
  /**
   * IAM v2 deny policies per attachment point, read once each: keyed by "organizations/ID", "folders/ID" or
   * "projects/ID" (policies.listPolicies on the attachment point, then policies.get per policy). Absent: not read.
   */
  denyPolicies?: Record<string, Readable<RawDenyPolicy[]>>;
  /** accessPolicies.list per organization (keyed by "organizations/ID"), each with its service perimeters. Absent: not read. */
  accessPolicies?: Record<string, Readable<RawAccessPolicyEntry[]>>;
  /**
   * projects.get of node-network host projects outside the scope (a Shared VPC host project whose number the scan
   * did not otherwise learn), keyed by project id: service perimeters list their projects as "projects/NUMBER", so
   * the engine maps a node network's project id to its number through `projects[id]` or this. Read only when some
   * service perimeter was read. Absent: not read.
   */
  hostProjects?: Record<string, Readable<RawProject>>;
  /** Where the collection came from (REST calls per resource, or Cloud Asset Inventory) and what each list covered. Optional. */
  collection?: CollectionInfo;
  /** Cloud Asset Inventory assets.list of the Kubernetes asset types, keyed by parent (organizations/ID, folders/ID, projects/ID). Absent: not read. */
  kubernetesAssets?: Record<string, Readable<RawAsset[]>>;
  gaps: Gap[];
}

/** The two collection paths: per-resource REST calls, or Cloud Asset Inventory at organization or folder scope. */
export type CollectionSource = 'api' | 'asset-inventory';

/** One list the scan read: what, under which resource, from which source, how many items, or the gap it left. */
export interface CoverageRecord {
  /** e.g. "projects", "folders", "clusters", "repositories", "serviceAccounts", "subnetworks", "routers", "iamPolicies". */
  what: string;
  /** The resource listed under: "organizations/ID", "folders/ID", "projects/ID", "projects/H/regions/R". */
  where: string;
  source: CollectionSource;
  items: number;
  /** The list failed (all or part): the gap that says why. */
  gapId?: string;
  /** Every gap the list left, when it left more than one (a list made of several calls, e.g. one per location). */
  gapIds?: string[];
}

/** Coverage for people and the report: one line per resource type and source, and the lists that failed. */
export interface CoverageSummary {
  what: string;
  source: CollectionSource;
  /** How many lists were read under each kind of resource: { projects: 200 }, { organizations: 1 }, { regions: 12 }. */
  under: Record<string, number>;
  lists: number;
  /** Items those lists returned. */
  items: number;
  /** The lists that failed (all or part), each with every gap it left. */
  missing: { where: string; gapIds: string[] }[];
}

/** How an estate was collected. */
export interface CollectionInfo {
  /** The path that answered the resource lists. */
  source: CollectionSource;
  /** What was asked: `auto` picks Cloud Asset Inventory for an organization or folder scope when it answers. */
  requested: 'auto' | CollectionSource;
  /** Cloud Asset Inventory's snapshot time (`readTime` of its answers), when it was the source. */
  assetsReadTime?: string;
  /** Cloud Asset Inventory could not be read, or not for this scope: the scan read per resource instead (the gap, if any, says why). */
  fallback?: { gapId: string | null; message: string };
  coverage: CoverageRecord[];
}

/** An estate with nothing collected yet. */
export function emptyRawEstate(scope: Scope, startedAt: string): RawEstate {
  return { scope, startedAt, finishedAt: '', organizations: {}, folders: {}, projects: {}, serviceAccounts: {}, roles: {}, groups: {}, subnetworks: {}, routers: {}, gaps: [] };
}
