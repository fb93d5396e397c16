/**
 * Google's formats for the values Pullcheck prints into commands and Terraform. A value that comes from an estate
 * or a snapshot is printed into a command only when it matches its field's format; otherwise the remediation says
 * the value does not look valid and prints no command for it. Quoting (lib/safe/quote.ts) already makes any value
 * inert in a shell or HCL string; the formats add a second fence (a forged value never becomes an argument, and a
 * value starting with `-` never becomes a flag) and keep a person from pasting a command that can only fail.
 *
 * Every pattern is anchored and has no two unbounded runs over the same characters, so it runs in linear time;
 * every value is also bounded in length before it is matched.
 */

/** A field whose format Pullcheck knows. */
export type FormatKind =
  | 'projectId'
  | 'projectNumber'
  | 'location'
  | 'region'
  | 'repositoryId'
  | 'clusterName'
  | 'nodePoolName'
  | 'email'
  | 'serviceAccountEmail'
  | 'serviceAccountUid'
  | 'serviceAccountId'
  | 'role'
  | 'member'
  | 'subnetName'
  | 'networkName'
  | 'networkResource'
  | 'routerName'
  | 'folderId'
  | 'organizationId'
  | 'gkeVersion';

/** Longest value looked at; every Google name below is far shorter. */
const MAX_LENGTH = 320;

/**
 * Project IDs (Resource Manager "Creating and managing projects", "Before you begin"): lowercase letters, digits
 * and hyphens, starting with a letter and not ending with a hyphen, at most 30 characters. Google asks 6 to 30
 * for new projects; the lower bound is not enforced because it does not make a value any less safe to print.
 * Domain-scoped projects (same page, and "Identifying projects") are written `example.com:my-project`.
 */
const PROJECT_ID = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*:)?[a-z](?:[a-z0-9-]{0,28}[a-z0-9])?$/;

/** Project numbers: decimal, assigned by Google (Resource Manager "Identifying projects"). */
const NUMBER = /^[1-9][0-9]{0,19}$/;

/**
 * Locations: multi-regions (`us`, `europe`, `asia`), `global`, regions (`europe-west1`, `northamerica-northeast2`)
 * and zones (`us-central1-a`), as listed in Compute Engine "Regions and zones" and Artifact Registry
 * "Repository locations".
 */
const LOCATION = /^[a-z]{2,20}(?:-[a-z]{2,20}[0-9]{1,2}(?:-[a-z])?)?$/;

/** Regions only (Compute Engine "Regions and zones"): subnets and routers are regional. */
const REGION = /^[a-z]{2,20}-[a-z]{2,20}[0-9]{1,2}$/;

/**
 * Resource names that follow RFC 1035 (Compute Engine "Naming resources"): a lowercase letter, then lowercase
 * letters, digits and hyphens, not ending with a hyphen, at most 63 characters. Subnets, networks and routers.
 */
const RFC1035 = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Artifact Registry repository IDs ("Create standard repositories": lowercase letters, numbers and hyphens,
 * starting with a letter and ending with a letter or number, at most 63 characters), and the gcr.io repositories
 * that "Transition from Container Registry" creates (`gcr.io`, `us.gcr.io`, `eu.gcr.io`, `asia.gcr.io`).
 */
const REPOSITORY_ID = /^(?:[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?|(?:us\.|eu\.|asia\.)?gcr\.io)$/;

/**
 * GKE cluster and node pool names (GKE API `Cluster.name`, `NodePool.name`: "lowercase letters, numbers, and
 * hyphens only; must start with a letter; must end with a number or a letter"), at most 40 characters.
 */
const GKE_NAME = /^[a-z](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/**
 * Email addresses as IAM members use them (IAM "Principal identifiers"): a dot-atom local part of letters, digits
 * and `._%+-` starting with a letter or digit, and a domain of DNS labels. Quotes, spaces and the rest of RFC 5322's
 * rarer syntax are refused: no Google account or group uses them.
 */
const EMAIL = /^[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/**
 * Service account emails (IAM "Service accounts overview", "Service agents"): user-managed
 * `NAME@PROJECT_ID.iam.gserviceaccount.com`, the Compute Engine default `NUMBER-compute@developer.gserviceaccount.com`,
 * App Engine's `PROJECT_ID@appspot.gserviceaccount.com`, and service agents under `gserviceaccount.com`.
 */
const SERVICE_ACCOUNT_DOMAIN = /(?:^|\.)gserviceaccount\.com$/;

/** A service account's unique id, the number `gcloud iam service-accounts undelete` takes (IAM "Deleting and undeleting"). */
const UID = /^[0-9]{1,30}$/;

/**
 * Role names (IAM "Roles and permissions", "Create and manage custom roles"): predefined `roles/SERVICE.ROLE`,
 * custom `projects/PROJECT_ID/roles/ROLE_ID` or `organizations/NUMBER/roles/ROLE_ID`; a custom role ID has letters,
 * digits, periods and underscores, at most 64 characters.
 */
const PREDEFINED_ROLE = /^roles\/[A-Za-z0-9_.]{1,100}$/;
const CUSTOM_ROLE_ID = /^[A-Za-z0-9_.]{1,64}$/;

/** GKE versions (GKE "Versioning"): `1.30.5-gke.1000`, or `1.30.5` / `1.30` as gcloud accepts them. */
const GKE_VERSION = /^[0-9]{1,4}\.[0-9]{1,4}(?:\.[0-9]{1,6}(?:-gke\.[0-9]{1,9})?)?$/;

/** Characters of `principal://` and `principalSet://` identifiers (IAM "Principal identifiers"). */
const PRINCIPAL_CHARS = /^[A-Za-z0-9._~:/@%+=-]+$/;

function projectId(v: string): boolean {
  return PROJECT_ID.test(v);
}

function email(v: string): boolean {
  return EMAIL.test(v);
}

function role(v: string): boolean {
  if (PREDEFINED_ROLE.test(v)) return true;
  const parts = v.split('/');
  if (parts.length !== 4 || parts[2] !== 'roles' || !CUSTOM_ROLE_ID.test(parts[3])) return false;
  if (parts[0] === 'projects') return projectId(parts[1]);
  if (parts[0] === 'organizations') return NUMBER.test(parts[1]);
  return false;
}

/** Member kinds that carry an email (IAM "Principal identifiers"). */
const EMAIL_MEMBERS = new Set(['user', 'serviceAccount', 'group']);

function member(v: string): boolean {
  if (v === 'allUsers' || v === 'allAuthenticatedUsers') return true;
  if (v.startsWith('principal://')) return v.length > 12 && PRINCIPAL_CHARS.test(v.slice(12));
  if (v.startsWith('principalSet://')) return v.length > 15 && PRINCIPAL_CHARS.test(v.slice(15));
  let rest = v;
  if (rest.startsWith('deleted:')) {
    // deleted:serviceAccount:EMAIL?uid=NUMBER (IAM "Policies with deleted principals").
    rest = rest.slice('deleted:'.length);
    const q = rest.indexOf('?uid=');
    if (q < 0 || !UID.test(rest.slice(q + 5))) return false;
    rest = rest.slice(0, q);
  }
  const colon = rest.indexOf(':');
  if (colon < 0) return false;
  const kind = rest.slice(0, colon);
  const value = rest.slice(colon + 1);
  if (EMAIL_MEMBERS.has(kind)) return email(value);
  if (kind === 'domain') return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(value);
  if (kind === 'projectOwner' || kind === 'projectEditor' || kind === 'projectViewer') return projectId(value);
  return false;
}

/** `projects/PROJECT_ID/global/networks/NAME` (Compute Engine API resource names). */
function networkResource(v: string): boolean {
  const p = v.split('/');
  return p.length === 5 && p[0] === 'projects' && projectId(p[1]) && p[2] === 'global' && p[3] === 'networks' && RFC1035.test(p[4]);
}

/** What each kind is called in a refusal, how it is checked, and Google's page that defines it. */
export const FORMATS: Record<FormatKind, { label: string; test: (v: string) => boolean; doc: string }> = {
  projectId: { label: 'project ID', test: projectId, doc: 'https://cloud.google.com/resource-manager/docs/creating-managing-projects' },
  projectNumber: { label: 'project number', test: (v) => NUMBER.test(v), doc: 'https://cloud.google.com/resource-manager/docs/creating-managing-projects' },
  location: { label: 'location', test: (v) => LOCATION.test(v), doc: 'https://cloud.google.com/artifact-registry/docs/repositories/repo-locations' },
  region: { label: 'region', test: (v) => REGION.test(v), doc: 'https://cloud.google.com/compute/docs/regions-zones' },
  repositoryId: { label: 'repository ID', test: (v) => REPOSITORY_ID.test(v), doc: 'https://cloud.google.com/artifact-registry/docs/repositories/create-repos' },
  clusterName: { label: 'cluster name', test: (v) => GKE_NAME.test(v), doc: 'https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters' },
  nodePoolName: {
    label: 'node pool name',
    test: (v) => GKE_NAME.test(v),
    doc: 'https://cloud.google.com/kubernetes-engine/docs/reference/rest/v1/projects.locations.clusters.nodePools',
  },
  email: { label: 'email address', test: email, doc: 'https://cloud.google.com/iam/docs/principal-identifiers' },
  serviceAccountEmail: {
    label: 'service account email',
    test: (v) => email(v) && SERVICE_ACCOUNT_DOMAIN.test(v.slice(v.indexOf('@') + 1)),
    doc: 'https://cloud.google.com/iam/docs/service-account-overview',
  },
  serviceAccountId: {
    label: 'service account ID (6 to 30 lowercase letters, digits and hyphens)',
    test: (v) => /^[a-z](?:[a-z0-9-]{4,28}[a-z0-9])$/.test(v),
    doc: 'https://cloud.google.com/iam/docs/service-accounts-create',
  },
  serviceAccountUid: { label: 'service account unique ID', test: (v) => UID.test(v), doc: 'https://cloud.google.com/iam/docs/service-accounts-delete-undelete' },
  role: { label: 'IAM role name', test: role, doc: 'https://cloud.google.com/iam/docs/roles-overview' },
  member: { label: 'IAM principal', test: member, doc: 'https://cloud.google.com/iam/docs/principal-identifiers' },
  subnetName: { label: 'subnet name', test: (v) => RFC1035.test(v), doc: 'https://cloud.google.com/compute/docs/naming-resources' },
  networkName: { label: 'VPC network name', test: (v) => RFC1035.test(v), doc: 'https://cloud.google.com/compute/docs/naming-resources' },
  networkResource: {
    label: 'VPC network resource name (projects/PROJECT/global/networks/NETWORK)',
    test: networkResource,
    doc: 'https://cloud.google.com/compute/docs/reference/rest/v1/networks',
  },
  routerName: { label: 'Cloud Router name', test: (v) => RFC1035.test(v), doc: 'https://cloud.google.com/compute/docs/naming-resources' },
  folderId: { label: 'folder ID', test: (v) => NUMBER.test(v), doc: 'https://cloud.google.com/resource-manager/docs/creating-managing-folders' },
  organizationId: { label: 'organization ID', test: (v) => NUMBER.test(v), doc: 'https://cloud.google.com/resource-manager/docs/creating-managing-organization' },
  gkeVersion: { label: 'GKE version', test: (v) => GKE_VERSION.test(v), doc: 'https://cloud.google.com/kubernetes-engine/versioning' },
};

/** Whether `value` matches Google's format for `kind`. */
export function isValid(kind: FormatKind, value: string): boolean {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_LENGTH && FORMATS[kind].test(value);
}

/** A value that did not match its format. */
export interface Refusal {
  kind: FormatKind;
  value: string;
}

/** How a refused value is shown in text: JSON-quoted (control characters visible), at most 80 characters. */
export function showValue(value: string): string {
  const cut = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(cut);
}

/**
 * The sentence a remediation shows instead of a command: which values do not look valid, and what to do by hand.
 * "Pullcheck prints no command: "a;b" does not look like a valid project ID (see https://...). ..."
 */
export function refusalSentence(refusals: readonly Refusal[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const r of refusals) {
    const key = `${r.kind}\u0000${r.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`${showValue(r.value)} does not look like a valid ${FORMATS[r.kind].label} (${FORMATS[r.kind].doc})`);
  }
  return (
    `Pullcheck prints no command for this fix: ${parts.join('; ')}. ` +
    'Check the value where it is defined (it may have been altered in the snapshot), and make the change by hand in the Google Cloud console with the real names.'
  );
}
