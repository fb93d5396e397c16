/**
 * The one permission catalog: every Google API method Pullcheck calls → the IAM permission Google checks →
 * the read-only role that carries it. Gaps, gap advice, the readiness rules' audit-access advice and the
 * README's role table all read it from here (a test checks the README table against READ_ONLY_ROLES).
 * Permissions and roles: IAM "Roles and permissions index" (cloud.google.com/iam/docs/roles-permissions) and
 * each API's REST reference; the Groups Reader role is a Google Workspace / Cloud Identity admin role
 * ("Assign the Groups Reader role", Cloud Identity documentation).
 */

/** googleapis API names used in gaps, the request log and quotas. */
export type ApiName =
  | 'cloudresourcemanager'
  | 'container'
  | 'artifactregistry'
  | 'iam'
  | 'compute'
  | 'cloudidentity'
  | 'serviceusage'
  | 'policytroubleshooter'
  | 'accesscontextmanager'
  | 'cloudasset'
  | 'logging';

/** The Groups Reader admin role, which is not an IAM role (it is granted in the Admin console). */
export const GROUPS_READER = 'the Groups Reader admin role';

/** A read-only role Pullcheck's identity needs, as the README's role table lists it. */
export interface ReadOnlyRole {
  /** The IAM role name, or GROUPS_READER. */
  role: string;
  /** The README's first column. */
  label: string;
  /** The README's second column: what Pullcheck reads with it. */
  reads: string;
}

/** Every read-only role, in the README's order. */
export const READ_ONLY_ROLES: readonly ReadOnlyRole[] = [
  { role: 'roles/container.clusterViewer', label: '`roles/container.clusterViewer`', reads: 'clusters, node pools, server config' },
  {
    role: 'roles/iam.securityReviewer',
    label: '`roles/iam.securityReviewer`',
    reads: 'organization, folder, project and repository IAM policies; custom roles',
  },
  { role: 'roles/artifactregistry.reader', label: '`roles/artifactregistry.reader`', reads: 'repositories in every location' },
  {
    role: 'roles/iam.serviceAccountViewer',
    label: '`roles/iam.serviceAccountViewer`',
    reads: "node service accounts (disabled, deleted: the list of an account's own project tells a deleted account from a refused read)",
  },
  { role: 'roles/compute.networkViewer', label: '`roles/compute.networkViewer`', reads: 'node subnets (Private Google Access) and Cloud NAT routers' },
  { role: 'roles/browser', label: '`roles/browser`', reads: "projects, folders and each project's ancestry" },
  {
    role: 'roles/iam.denyReviewer',
    label: '`roles/iam.denyReviewer`',
    reads: "IAM deny policies attached to each repository's project, its folders and its organization",
  },
  {
    role: 'roles/accesscontextmanager.policyReader',
    label: '`roles/accesscontextmanager.policyReader` (on the organization)',
    reads: 'access policies and their VPC Service Controls service perimeters, scoped policies included',
  },
  {
    role: 'roles/serviceusage.serviceUsageConsumer',
    label: '`roles/serviceusage.serviceUsageConsumer` (on the quota project only)',
    reads: "charging the scan's calls to the quota project, and the preflight's check that each API is enabled there",
  },
  { role: GROUPS_READER, label: 'Groups Reader (Google Workspace / Cloud Identity admin role)', reads: 'group membership, resolved transitively' },
  {
    role: 'roles/logging.viewer',
    label: '`roles/logging.viewer` (on cluster projects; optional)',
    reads: "recent failed image pulls (Kubernetes events in Cloud Logging), read on demand for one cluster or with `scan --pull-failures`",
  },
  {
    role: 'roles/cloudasset.viewer',
    label: '`roles/cloudasset.viewer` (on the organization or folder scanned)',
    reads: 'the scope in one Cloud Asset Inventory snapshot (optional: without it the scan reads each resource with its own API), and Kubernetes workloads (Pods, Nodes, Deployments…): which pairs are in use',
  },
];

/** One method: the permission Google checks and the read-only role that carries it. */
export interface MethodPermission {
  permission: string | null;
  role: string | null;
  /** Completes "Pullcheck could not …": "list the GKE clusters of". */
  what: string;
  /** What a refusal leaves undecided, when the method reads something that can only take access away. */
  undecided?: string;
}

const RM = 'roles/browser';
const SR = 'roles/iam.securityReviewer';
const GKE = 'roles/container.clusterViewer';
const AR = 'roles/artifactregistry.reader';
const SAV = 'roles/iam.serviceAccountViewer';
const NET = 'roles/compute.networkViewer';
const SU = 'roles/serviceusage.serviceUsageConsumer';
const DENY = 'roles/iam.denyReviewer';
const ACM = 'roles/accesscontextmanager.policyReader';
const DENY_UNDECIDED = 'a deny policy can only take access away, so pulls from repositories under it that would otherwise succeed stay unknown';
const PERIMETER_UNDECIDED = "a service perimeter can block pulls, so pulls involving this organization's projects that would otherwise succeed stay unknown";

/** Keyed by "api:method" (method as Google's REST reference names it). */
export const METHOD_PERMISSIONS: Readonly<Record<string, MethodPermission>> = {
  'cloudresourcemanager:projects.get': { permission: 'resourcemanager.projects.get', role: RM, what: 'read project' },
  'cloudresourcemanager:projects.list': { permission: 'resourcemanager.projects.list', role: RM, what: 'list the projects of' },
  'cloudresourcemanager:projects.getAncestry': { permission: 'resourcemanager.projects.get', role: RM, what: 'read the ancestry of' },
  'cloudresourcemanager:projects.getIamPolicy': { permission: 'resourcemanager.projects.getIamPolicy', role: SR, what: 'read the IAM policy of' },
  'cloudresourcemanager:folders.get': { permission: 'resourcemanager.folders.get', role: RM, what: 'read folder' },
  'cloudresourcemanager:folders.list': { permission: 'resourcemanager.folders.list', role: RM, what: 'list the folders under' },
  'cloudresourcemanager:folders.getIamPolicy': { permission: 'resourcemanager.folders.getIamPolicy', role: SR, what: 'read the IAM policy of' },
  'cloudresourcemanager:organizations.get': { permission: 'resourcemanager.organizations.get', role: RM, what: 'read organization' },
  'cloudresourcemanager:organizations.getIamPolicy': { permission: 'resourcemanager.organizations.getIamPolicy', role: SR, what: 'read the IAM policy of' },
  'container:projects.locations.clusters.list': { permission: 'container.clusters.list', role: GKE, what: 'list the GKE clusters of' },
  'container:projects.locations.getServerConfig': { permission: 'container.clusters.list', role: GKE, what: 'read the GKE server config of' },
  'artifactregistry:projects.locations.list': { permission: 'artifactregistry.locations.list', role: AR, what: 'list the Artifact Registry locations of' },
  'artifactregistry:projects.locations.repositories.list': { permission: 'artifactregistry.repositories.list', role: AR, what: 'list the repositories in' },
  'artifactregistry:projects.locations.repositories.rules.list': {
    permission: 'artifactregistry.rules.list',
    role: AR,
    what: 'list the download rules of',
    undecided: 'a download rule can block pulls, so pulls from this repository that would otherwise succeed stay unknown',
  },
  'artifactregistry:projects.locations.repositories.getIamPolicy': {
    permission: 'artifactregistry.repositories.getIamPolicy',
    role: SR,
    what: 'read the IAM policy of',
  },
  'iam:projects.serviceAccounts.get': { permission: 'iam.serviceAccounts.get', role: SAV, what: 'read service account' },
  'iam:projects.serviceAccounts.list': { permission: 'iam.serviceAccounts.list', role: SAV, what: 'list the service accounts of' },
  'iam:projects.roles.get': { permission: 'iam.roles.get', role: SR, what: 'read custom role' },
  'iam:organizations.roles.get': { permission: 'iam.roles.get', role: SR, what: 'read custom role' },
  'iam:roles.get': { permission: null, role: null, what: 'read predefined role' },
  // IAM v2 (https://cloud.google.com/iam/docs/reference/rest/v2/policies): iam.denypolicies.* are in roles/iam.denyReviewer.
  'iam:policies.listPolicies': { permission: 'iam.denypolicies.list', role: DENY, what: 'list the IAM deny policies attached to', undecided: DENY_UNDECIDED },
  'iam:policies.get': { permission: 'iam.denypolicies.get', role: DENY, what: 'read IAM deny policy', undecided: DENY_UNDECIDED },
  // Access Context Manager v1 (https://cloud.google.com/access-context-manager/docs/access-control): policyReader on the organization.
  'accesscontextmanager:accessPolicies.list': {
    permission: 'accesscontextmanager.policies.list',
    role: ACM,
    what: 'list the access policies (VPC Service Controls) of',
    undecided: PERIMETER_UNDECIDED,
  },
  'accesscontextmanager:accessPolicies.servicePerimeters.list': {
    permission: 'accesscontextmanager.servicePerimeters.list',
    role: ACM,
    what: 'list the service perimeters of',
    undecided: PERIMETER_UNDECIDED,
  },
  'compute:subnetworks.get': { permission: 'compute.subnetworks.get', role: NET, what: 'read subnet' },
  'compute:routers.list': { permission: 'compute.routers.list', role: NET, what: 'list the Cloud Routers (Cloud NAT) of' },
  'cloudidentity:groups.lookup': { permission: 'cloudidentity.groups.get', role: GROUPS_READER, what: 'look up group' },
  'cloudidentity:groups.memberships.list': { permission: 'cloudidentity.groups.memberships.list', role: GROUPS_READER, what: 'list the members of' },
  'serviceusage:services.batchGet': { permission: 'serviceusage.services.get', role: SU, what: 'read which APIs are enabled on' },
  // No permission of its own: Google answers from the policies the caller may read ("Troubleshoot IAM permissions").
  'policytroubleshooter:iam.troubleshoot': { permission: null, role: null, what: 'ask Policy Troubleshooter about' },
  // Cloud Asset Inventory: RESOURCE content needs listResource, IAM_POLICY content listIamPolicy ("Listing assets"), both in roles/cloudasset.viewer.
  'cloudasset:assets.list': { permission: 'cloudasset.assets.listResource', role: 'roles/cloudasset.viewer', what: 'list the Cloud Asset Inventory assets of' },
  // Cloud Logging: entries.list needs logging.logEntries.list, in roles/logging.viewer ("Access control with IAM").
  'logging:entries.list': { permission: 'logging.logEntries.list', role: 'roles/logging.viewer', what: 'read the Kubernetes events (Cloud Logging) of' },
};

/** The catalog entry of a method, or null for a method Pullcheck does not call. */
export function methodPermission(api: string, method: string): MethodPermission | null {
  return METHOD_PERMISSIONS[`${api}:${method}`] ?? null;
}

/** The permission the auditor most likely lacks for a method, or null. */
export function permissionFor(api: string, method: string): string | null {
  return methodPermission(api, method)?.permission ?? null;
}

/** Permissions Pullcheck needs that no method above names (the quota project's use permission). */
const EXTRA_PERMISSIONS: Readonly<Record<string, string>> = {
  'serviceusage.services.use': SU,
};

/**
 * The read-only role that carries a permission the auditor lacked, or null when the catalog does not know it.
 * For the readiness rules' audit-access advice and the gap banner.
 */
export function roleForPermission(permission: string | null | undefined): string | null {
  if (!permission) return null;
  for (const m of Object.values(METHOD_PERMISSIONS)) if (m.permission === permission) return m.role;
  return EXTRA_PERMISSIONS[permission] ?? null;
}

/** Service names and titles of the APIs Pullcheck calls. */
export const SERVICES: Readonly<Record<ApiName, { service: string; title: string; product: string }>> = {
  cloudresourcemanager: { service: 'cloudresourcemanager.googleapis.com', title: 'Cloud Resource Manager API', product: 'Resource Manager' },
  container: { service: 'container.googleapis.com', title: 'Kubernetes Engine API', product: 'GKE' },
  artifactregistry: { service: 'artifactregistry.googleapis.com', title: 'Artifact Registry API', product: 'Artifact Registry' },
  iam: { service: 'iam.googleapis.com', title: 'IAM API', product: 'IAM' },
  compute: { service: 'compute.googleapis.com', title: 'Compute Engine API', product: 'Compute Engine' },
  cloudidentity: { service: 'cloudidentity.googleapis.com', title: 'Cloud Identity API', product: 'Cloud Identity' },
  serviceusage: { service: 'serviceusage.googleapis.com', title: 'Service Usage API', product: 'Service Usage' },
  logging: { service: 'logging.googleapis.com', title: 'Cloud Logging API', product: 'Cloud Logging' },
  policytroubleshooter: { service: 'policytroubleshooter.googleapis.com', title: 'Policy Troubleshooter API', product: 'Policy Troubleshooter' },
  accesscontextmanager: { service: 'accesscontextmanager.googleapis.com', title: 'Access Context Manager API', product: 'Access Context Manager' },
  cloudasset: { service: 'cloudasset.googleapis.com', title: 'Cloud Asset API', product: 'Cloud Asset Inventory' },
};
