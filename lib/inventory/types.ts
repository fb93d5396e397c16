/**
 * Pullcheck's normalized model: what the readiness engine reads. Built from a RawEstate by
 * normalize.ts; no Google response shape passes this point.
 */
import type { Gap, Scope } from './raw';
export type { Gap, Scope } from './raw';

/** Evidence that was read, evidence that is missing (a gap), or (for lookups) an authoritative 404. */
export type Known<T> = { status: 'ok'; value: T } | { status: 'gap'; gapId: string };
/** `not-found` may keep the id of the gap the collector recorded for the 404 (e.g. a group lookup), so causes can link it. */
export type Found<T> = Known<T> | { status: 'not-found'; gapId?: string };

export interface Organization {
  name: string; // organizations/ID
  displayName: string | null;
}

export interface Folder {
  name: string; // folders/ID
  displayName: string | null;
  parent: string | null; // folders/ID or organizations/ID
}

export interface Project {
  id: string;
  number: string;
  displayName: string | null;
  /** Ancestors nearest first, excluding the project: ["folders/1", "folders/2", "organizations/3"]. */
  ancestry: Known<string[]>;
}

export interface AutoprovisioningDefaults {
  /** Resolved email (the literal "default" resolved to PROJECT_NUMBER-compute@developer.gserviceaccount.com). */
  serviceAccount: ServiceAccountRef;
  oauthScopes: string[];
}

export interface Cluster {
  /** projects/P/locations/L/clusters/C */
  name: string;
  project: string;
  location: string;
  shortName: string;
  autopilot: boolean;
  controlPlaneVersion: string | null;
  currentNodeVersion: string | null;
  status: string | null;
  /** projects/H/global/networks/N, or null when unknown. */
  network: string | null;
  /** projects/H/regions/R/subnetworks/S: the cluster's node subnet. */
  subnetwork: string | null;
  /** Node auto-provisioning / Autopilot defaults for future pools; null when not enabled. */
  autoprovisioning: AutoprovisioningDefaults | null;
  nodePoolNames: string[];
  /** Private-node default for new pools (networkConfig.defaultEnablePrivateNodes, else privateClusterConfig.enablePrivateNodes). Added field; optional. */
  defaultPrivateNodes?: boolean;
  /** workloadIdentityConfig.workloadPool, when Workload Identity is on. Added field; optional. */
  workloadPool?: string | null;
}

export interface ServiceAccountRef {
  /** As configured on the node pool: "default", "" or an email. */
  configured: string;
  /** Resolved, lower-case email. */
  email: string;
  /** True when this is the Compute Engine default service account of the cluster's project. */
  isDefault: boolean;
}

export interface NodePool {
  /** projects/P/locations/L/clusters/C/nodePools/NP */
  name: string;
  cluster: string;
  project: string;
  location: string;
  shortName: string;
  /** nodePools[].version, falling back to cluster.currentNodeVersion; never the control plane's. */
  version: string | null;
  /** Which field `version` came from (Artifact Registry "Deploy to Google Kubernetes Engine", version requirements); absent means the pool's own version. Added field; optional. */
  versionSource?: 'node-pool' | 'cluster-current-node-version';
  serviceAccount: ServiceAccountRef;
  oauthScopes: string[];
  privateNodes: boolean;
  /** Which field decided privateNodes (VPC "Configure Private Google Access", Cloud NAT "NAT overview"). */
  privateNodesSource: 'node-pool' | 'cluster-default' | 'private-cluster-config' | 'unset';
  /** projects/H/regions/R/subnetworks/S, or null when neither pool nor cluster names one. */
  subnetwork: string | null;
  imageType: string | null;
  autoprovisioned: boolean;
  status: string | null;
  /**
   * True for the pool a cluster *will* create on demand (Autopilot, node auto-provisioning): named
   * `projects/P/locations/L/clusters/C/nodePools/-`, judged from autoprovisioningNodePoolDefaults. Added field; optional.
   */
  autoProvisioned?: boolean;
}

export interface Repository {
  /** projects/P/locations/L/repositories/R */
  name: string;
  project: string;
  location: string;
  id: string;
  format: string; // DOCKER, NPM, ...
  mode: string | null; // STANDARD_REPOSITORY, REMOTE_REPOSITORY, VIRTUAL_REPOSITORY
  description: string | null;
  registryUri: string | null;
}

export interface Condition {
  title: string | null;
  expression: string;
  description: string | null;
}

export interface Binding {
  role: string;
  members: string[];
  condition: Condition | null;
}

/** An IAM allow policy, keyed in Inventory.policies by the resource it sits on. */
export interface Policy {
  resource: string; // repository name, projects/P, folders/F, organizations/O
  bindings: Binding[];
}

export interface ServiceAccount {
  email: string;
  project: string | null;
  uniqueId: string | null;
  displayName: string | null;
  disabled: boolean;
}

export interface Role {
  name: string;
  title: string | null;
  includedPermissions: string[];
  /** IAM RoleLaunchStage (ALPHA, BETA, GA, DEPRECATED, DISABLED, EAP); null when absent. Added field; optional. */
  stage?: string | null;
  /** A deleted custom role (still readable for a while): bindings to it have no effect. Added field; optional. */
  deleted?: boolean;
}

export interface GroupMember {
  /** Lower-case email (preferredMemberKey.id). */
  id: string;
  type: 'USER' | 'SERVICE_ACCOUNT' | 'GROUP' | 'SHARED_DRIVE' | 'OTHER';
}

export interface Group {
  email: string;
  name: string | null; // groups/ID
  displayName: string | null;
  members: GroupMember[];
}

export interface Subnetwork {
  /** projects/H/regions/R/subnetworks/S */
  name: string;
  project: string;
  region: string;
  /** projects/H/global/networks/N */
  network: string;
  privateIpGoogleAccess: boolean;
}

export interface Nat {
  name: string;
  /** ALL_SUBNETWORKS_ALL_IP_RANGES | ALL_SUBNETWORKS_ALL_PRIMARY_IP_RANGES | LIST_OF_SUBNETWORKS */
  sourceSubnetworkIpRangesToNat: string;
  /** For LIST_OF_SUBNETWORKS: subnet names as projects/H/regions/R/subnetworks/S whose entry NATs the primary range. */
  subnetworks: string[];
  /** For LIST_OF_SUBNETWORKS: every listed subnet with its sourceIpRangesToNat (absent = ALL_IP_RANGES). Added field; optional. */
  subnetworkRanges?: { name: string; sourceIpRangesToNat: string[] }[];
  /** PUBLIC (also when absent) or PRIVATE. Added field; optional (absent = PUBLIC). */
  type?: string;
  /** endpointTypes as listed; empty = ENDPOINT_TYPE_VM. Added field; optional. */
  endpointTypes?: string[];
  /** AUTO_ONLY | MANUAL_ONLY; null when absent. Added field; optional (absent = AUTO_ONLY, as before). */
  natIpAllocateOption?: string | null;
  /** Addresses in use (MANUAL_ONLY) and addresses draining. Added fields; optional. */
  natIps?: string[];
  drainNatIps?: string[];
}

export interface Router {
  /** projects/H/regions/R/routers/X */
  name: string;
  network: string; // projects/H/global/networks/N
  region: string;
  nats: Nat[];
}

export interface ServerConfig {
  validNodeVersions: string[];
  validMasterVersions: string[];
}

/**
 * One rule of an IAM v2 deny policy (IAM "Deny policies"), flattened with the policy it belongs to. Principals and
 * permissions are kept as written (v2 forms: `principal://…`, `principalSet://…`, `service.googleapis.com/resource.verb`).
 */
export interface DenyRule {
  /** policies/{attachment point, URL-encoded}/denypolicies/{id} */
  policy: string;
  policyDisplayName: string | null;
  /** organizations/ID, folders/ID or projects/ID: the resource the policy is attached to (and who owns it). */
  attachmentPoint: string;
  /** Position of the rule in the policy's rules[] (0-based). */
  index: number;
  description: string | null;
  deniedPrincipals: string[];
  exceptionPrincipals: string[];
  deniedPermissions: string[];
  exceptionPermissions: string[];
  denialCondition: Condition | null;
}

/** An Artifact Registry download rule (Artifact Registry "Control downloads with rules"; rules.list, Preview). */
export interface DownloadRule {
  /** projects/P/locations/L/repositories/R/rules/X */
  name: string;
  /** ALLOW | DENY (as written). */
  action: string;
  /** DOWNLOAD | TAG_MUTATION | ... (as written; absent reads as OPERATION_UNSPECIFIED). */
  operation: string;
  /** The package the rule applies to; null = the whole repository. */
  packageId: string | null;
  condition: Condition | null;
}

/** One perimeter source or destination of an ingress/egress rule, as written (`projects/N`, a network, `*`, or an access level). */
export interface PerimeterSource {
  accessLevel: string | null;
  resource: string | null;
}

/** `operations` of an ingress or egress rule: a service and its method selectors (`method` or `permission`, as written). */
export interface PerimeterOperation {
  serviceName: string;
  methods: string[];
  permissions: string[];
}

/** An ingress or egress rule of a perimeter (VPC Service Controls "Ingress and egress rules"), in one shape for both directions. */
export interface PerimeterRule {
  /** ingressFrom / egressFrom */
  identityType: string | null;
  identities: string[];
  /** ingressFrom.sources; for egress, egressFrom.sources (with sourceRestriction SOURCE_RESTRICTION_ENABLED) else empty. */
  sources: PerimeterSource[];
  /** ingressTo.resources / egressTo.resources */
  resources: string[];
  operations: PerimeterOperation[];
  /** The rule's title, when it has one. */
  title: string | null;
}

/** A perimeter configuration: `status` (enforced) or `spec` (dry run). */
export interface PerimeterConfig {
  /** projects/NUMBER and //compute.googleapis.com/projects/P/global/networks/N, as written. */
  resources: string[];
  restrictedServices: string[];
  accessLevels: string[];
  ingress: PerimeterRule[];
  egress: PerimeterRule[];
}

/** A service perimeter of an access policy (Access Context Manager v1 ServicePerimeter). */
export interface ServicePerimeter {
  /** accessPolicies/N/servicePerimeters/X */
  name: string;
  title: string | null;
  /** accessPolicies/N */
  policy: string;
  /** perimeterType PERIMETER_TYPE_BRIDGE. */
  bridge: boolean;
  /** The enforced configuration (null when absent). */
  status: PerimeterConfig | null;
  /** The dry-run configuration, when `useExplicitDryRunSpec` is set. */
  dryRun: PerimeterConfig | null;
}

/** An access policy of an organization with its perimeters (a scoped policy lists the projects or folders it covers). */
export interface AccessPolicy {
  /** accessPolicies/N */
  name: string;
  title: string | null;
  /** organizations/ID */
  parent: string;
  scopes: string[];
  perimeters: Known<ServicePerimeter[]>;
}

export interface Inventory {
  scope: Scope;
  collectedAt: string;
  organizations: Organization[];
  folders: Folder[];
  projects: Project[];
  clusters: Cluster[];
  nodePools: NodePool[];
  /** Every repository in scope, any format; the engine pairs only format DOCKER. */
  repositories: Repository[];
  /** Keyed by resource name (repository, projects/P, folders/F, organizations/O). */
  policies: Record<string, Known<Policy>>;
  /** Keyed by lower-case email. not-found = deleted (404). */
  serviceAccounts: Record<string, Found<ServiceAccount>>;
  /** Custom roles and looked-up predefined roles, keyed by role name. Bundled predefined data is separate. */
  roles: Record<string, Found<Role>>;
  /** Keyed by lower-case email. not-found = outside the directory or absent (404). */
  groups: Record<string, Found<Group>>;
  /** Keyed by subnetwork name projects/H/regions/R/subnetworks/S. */
  subnetworks: Record<string, Found<Subnetwork>>;
  /** Keyed by projects/H/regions/R. */
  routers: Record<string, Known<Router[]>>;
  /** Keyed by projects/P/locations/L. */
  serverConfigs: Record<string, Known<ServerConfig>>;
  /**
   * Ancestry of projects that own a node service account but are outside the scan's scope (read only when a
   * policy names a `principalSet://cloudresourcemanager.googleapis.com/...` member), keyed by project id. Added field; optional.
   */
  accountProjects?: Record<string, Known<string[]>>;
  /**
   * IAM deny rules per attachment point (organizations/ID, folders/ID, projects/ID). Absent: the scan did not read deny
   * policies (an older snapshot); present without a key of a repository's chain: that point was not read (a gap).
   */
  denyPolicies?: Record<string, Known<DenyRule[]>>;
  /** Access policies per organization (organizations/ID). Absent: the scan did not read VPC Service Controls. */
  accessPolicies?: Record<string, Known<AccessPolicy[]>>;
  /** Numbers of node-network host projects outside the scope (read for perimeters, which list projects by number), keyed by id. */
  hostProjectNumbers?: Record<string, Known<string>>;
  /** Download rules per repository name. Absent: the scan did not read them; a repository missing from it was not read. */
  downloadRules?: Record<string, Known<DownloadRule[]>>;
  /** Projects whose cluster list could not be read: their pools are unknown, not absent. */
  clusterListGaps: { project: string; gapId: string }[];
  /** Projects or locations whose repository list could not be read. */
  repositoryListGaps: { project: string; gapId: string }[];
  gaps: Gap[];
}
