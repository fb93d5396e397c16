/** Turning a Google API failure into a Gap a person can act on. */
import { createHash } from 'node:crypto';
import type { Gap } from '../inventory/raw';

/** googleapis API names used in gaps, the request log and quotas. */
export type ApiName = 'cloudresourcemanager' | 'container' | 'artifactregistry' | 'iam' | 'compute' | 'cloudidentity' | 'policytroubleshooter';

interface MethodInfo {
  permission: string | null;
  /** The read-only role that carries the permission (readiness-rules.md §9). */
  role: string | null;
  /** "list GKE clusters in": completes "Pullcheck could not …". */
  what: string;
}

const RM = 'roles/browser';
const SR = 'roles/iam.securityReviewer';

/** Keyed by "api:method" (method as Google's REST reference names it). */
const METHODS: Record<string, MethodInfo> = {
  'cloudresourcemanager:projects.get': { permission: 'resourcemanager.projects.get', role: RM, what: 'read project' },
  'cloudresourcemanager:projects.list': { permission: 'resourcemanager.projects.list', role: RM, what: 'list the projects of' },
  'cloudresourcemanager:projects.getAncestry': { permission: 'resourcemanager.projects.get', role: RM, what: 'read the ancestry of' },
  'cloudresourcemanager:projects.getIamPolicy': { permission: 'resourcemanager.projects.getIamPolicy', role: SR, what: 'read the IAM policy of' },
  'cloudresourcemanager:folders.get': { permission: 'resourcemanager.folders.get', role: RM, what: 'read folder' },
  'cloudresourcemanager:folders.list': { permission: 'resourcemanager.folders.list', role: RM, what: 'list the folders under' },
  'cloudresourcemanager:folders.getIamPolicy': { permission: 'resourcemanager.folders.getIamPolicy', role: SR, what: 'read the IAM policy of' },
  'cloudresourcemanager:organizations.get': { permission: 'resourcemanager.organizations.get', role: RM, what: 'read organization' },
  'cloudresourcemanager:organizations.getIamPolicy': { permission: 'resourcemanager.organizations.getIamPolicy', role: SR, what: 'read the IAM policy of' },
  'container:projects.locations.clusters.list': { permission: 'container.clusters.list', role: 'roles/container.clusterViewer', what: 'list the GKE clusters of' },
  'container:projects.locations.getServerConfig': { permission: 'container.clusters.list', role: 'roles/container.clusterViewer', what: 'read the GKE server config of' },
  'artifactregistry:projects.locations.list': { permission: 'artifactregistry.locations.list', role: 'roles/artifactregistry.reader', what: 'list the Artifact Registry locations of' },
  'artifactregistry:projects.locations.repositories.list': { permission: 'artifactregistry.repositories.list', role: 'roles/artifactregistry.reader', what: 'list the repositories in' },
  'artifactregistry:projects.locations.repositories.getIamPolicy': { permission: 'artifactregistry.repositories.getIamPolicy', role: SR, what: 'read the IAM policy of' },
  'iam:projects.serviceAccounts.get': { permission: 'iam.serviceAccounts.get', role: 'roles/iam.serviceAccountViewer', what: 'read service account' },
  'iam:projects.roles.get': { permission: 'iam.roles.get', role: SR, what: 'read custom role' },
  'iam:organizations.roles.get': { permission: 'iam.roles.get', role: SR, what: 'read custom role' },
  'iam:roles.get': { permission: null, role: null, what: 'read predefined role' },
  'compute:subnetworks.get': { permission: 'compute.subnetworks.get', role: 'roles/compute.networkViewer', what: 'read subnet' },
  'compute:routers.list': { permission: 'compute.routers.list', role: 'roles/compute.networkViewer', what: 'list the Cloud Routers (Cloud NAT) of' },
  'cloudidentity:groups.lookup': { permission: 'cloudidentity.groups.get', role: 'the Groups Reader admin role', what: 'look up group' },
  'cloudidentity:groups.memberships.list': { permission: 'cloudidentity.groups.memberships.list', role: 'the Groups Reader admin role', what: 'list the members of' },
  // No permission of its own: Google answers from the policies the caller may read ("Troubleshoot IAM permissions").
  'policytroubleshooter:iam.troubleshoot': { permission: null, role: null, what: 'ask Policy Troubleshooter about' },
};

const SERVICES: Record<ApiName, { service: string; title: string; product: string }> = {
  cloudresourcemanager: { service: 'cloudresourcemanager.googleapis.com', title: 'Cloud Resource Manager API', product: 'Resource Manager' },
  container: { service: 'container.googleapis.com', title: 'Kubernetes Engine API', product: 'GKE' },
  artifactregistry: { service: 'artifactregistry.googleapis.com', title: 'Artifact Registry API', product: 'Artifact Registry' },
  iam: { service: 'iam.googleapis.com', title: 'IAM API', product: 'IAM' },
  compute: { service: 'compute.googleapis.com', title: 'Compute Engine API', product: 'Compute Engine' },
  cloudidentity: { service: 'cloudidentity.googleapis.com', title: 'Cloud Identity API', product: 'Cloud Identity' },
  policytroubleshooter: { service: 'policytroubleshooter.googleapis.com', title: 'Policy Troubleshooter API', product: 'Policy Troubleshooter' },
};

/** The service name ("container.googleapis.com") of an API. */
export function serviceOf(api: ApiName): string {
  return SERVICES[api].service;
}

/** The permission the auditor most likely lacks for a method, or null. */
export function permissionFor(api: ApiName, method: string): string | null {
  return METHODS[`${api}:${method}`]?.permission ?? null;
}

/** "gap-" + a short stable hash of method and resource. */
export function gapId(method: string, resource: string): string {
  return `gap-${createHash('sha256').update(`${method} ${resource}`).digest('hex').slice(0, 12)}`;
}

/** How a call ended without a usable answer. */
export type Failure =
  | { kind: 'http'; status: number; reason: string; googleMessage: string; service: string | null; attempts: number }
  | { kind: 'timeout'; timeoutMs: number; attempts: number }
  | { kind: 'network'; detail: string; attempts: number };

/** Where a call went and what it was for. */
export interface CallTarget {
  api: ApiName;
  method: string;
  resource: string;
  /** "GET /v1/..." without the query string. */
  request: string;
}

const projectOf = (resource: string) => /^projects\/([^/]+)/.exec(resource)?.[1] ?? null;

/** Builds the Gap for a failed call. */
export function makeGap(target: CallTarget, failure: Failure): Gap {
  const info = METHODS[`${target.api}:${target.method}`] ?? { permission: null, role: null, what: `call ${target.method} on` };
  const base = { id: gapId(target.method, target.resource), api: target.api, method: target.method, resource: target.resource, request: target.request };
  const head = `Pullcheck could not ${info.what} ${target.resource}`;
  const tries = failure.attempts > 1 ? ` after ${failure.attempts} attempts` : '';
  if (failure.kind === 'timeout') {
    return {
      ...base, status: null, reason: 'TIMEOUT', permission: null,
      message: `${head}: no answer within ${failure.timeoutMs} ms${tries}; a slow network or a VPC Service Controls perimeter can cause this (raise PULLCHECK_TIMEOUT_MS, or rescan).`,
    };
  }
  if (failure.kind === 'network') {
    return {
      ...base, status: null, reason: 'NETWORK_ERROR', permission: null,
      message: `${head}: no HTTP answer${tries} (${failure.detail}); check the network path to Google APIs, or rescan.`,
    };
  }
  const { status, reason } = failure;
  if (reason === 'SERVICE_DISABLED') {
    const svc = SERVICES[target.api];
    const service = failure.service ?? svc.service;
    const project = projectOf(target.resource);
    const where = project ? ` in project ${project}` : '';
    const enable = `gcloud services enable ${service}${project ? ` --project=${project}` : ''}`;
    return {
      ...base, status, reason, permission: null,
      message: `The ${svc.title} (${service}) is disabled${where}: a disabled API usually means the project does not use ${svc.product}; if it does, enable it with "${enable}".`,
    };
  }
  let message: string;
  let permission: string | null = info.permission;
  if (status === 403) {
    message = permission
      ? `${head}: permission denied; the auditor likely lacks ${permission}${info.role ? ` (in ${info.role})` : ''}.`
      : `${head}: permission denied (${failure.googleMessage || reason}).`;
  } else if (status === 404) {
    message = `${head}: not found (404); it may be outside the auditor's view${target.api === 'cloudidentity' ? ' (a group outside the organization\'s directory)' : ''}.`;
  } else if (status === 401) {
    permission = null;
    message = `${head}: the credentials were refused (401 ${reason}); renew them with "gcloud auth application-default login".`;
  } else if (status === 429) {
    permission = null;
    message = `${head}: still over quota${tries} (429 ${reason}); set a quota project (PULLCHECK_QUOTA_PROJECT or "gcloud auth application-default set-quota-project"), lower PULLCHECK_CONCURRENCY, or rescan later.`;
  } else if (status >= 500) {
    permission = null;
    message = `${head}: Google answered ${status} ${reason}${tries}; rescan later.`;
  } else {
    message = `${head}: Google answered ${status} ${reason}${failure.googleMessage ? ` (${failure.googleMessage})` : ''}.`;
  }
  return { ...base, status, reason, permission, message };
}
