/** The project that owns a service account, for principalSet members (IAM "Principal identifiers"). */
import type { RawEstate } from './raw';

/** Who owns an account: a customer project (id and/or number), Google (service agents), or not knowable from the email. */
export type AccountOwner = { kind: 'project'; id: string | null; number: string | null } | { kind: 'google-managed' } | { kind: 'unknown' };

/** Google-managed accounts (service agents) live in Google's projects, never in the customer's. */
const GOOGLE_MANAGED_DOMAINS = /(^gcp-sa-[a-z0-9-]+\.iam\.gserviceaccount\.com$)|(^(cloudservices|cloudbuild|container-engine-robot|compute-system|dataflow-service-producer-prod|gs-project-accounts)\.(iam\.)?gserviceaccount\.com$)/;

/**
 * The project that owns a service account: its record's `projectId` when it was read, else from the email
 * (`NAME@PROJECT_ID.iam.gserviceaccount.com`, `NUMBER-compute@developer.gserviceaccount.com`,
 * `PROJECT_ID@appspot.gserviceaccount.com`); service agents are owned by Google-managed projects.
 */
export function accountOwner(email: string, recordProject: string | null = null): AccountOwner {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (at < 1 || GOOGLE_MANAGED_DOMAINS.test(domain)) return at < 1 ? { kind: 'unknown' } : { kind: 'google-managed' };
  const compute = /^(\d{1,20})-compute$/.exec(local);
  const fromRecord = recordProject || null;
  if (domain === 'developer.gserviceaccount.com' && compute) return { kind: 'project', id: fromRecord, number: compute[1] };
  if (fromRecord) return { kind: 'project', id: fromRecord, number: null };
  const iam = /^([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(domain);
  if (iam) return { kind: 'project', id: iam[1], number: null };
  if (domain === 'appspot.gserviceaccount.com' && /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(local)) return { kind: 'project', id: local, number: null };
  return { kind: 'unknown' };
}

/** True for a `principalSet://cloudresourcemanager.googleapis.com/…` member (the service accounts owned under a resource). */
export function isResourcePrincipalSet(member: string): boolean {
  return member.toLowerCase().startsWith('principalset://cloudresourcemanager.googleapis.com/');
}

/**
 * The projects owning the estate's service accounts that the scan did not cover (by id or number): the ones whose
 * ancestry a principalSet member needs read.
 */
export function accountProjectsOutsideScope(e: Pick<RawEstate, 'projects' | 'serviceAccounts'>): Set<string> {
  const inScope = new Set(Object.keys(e.projects));
  const numbers = new Set(Object.values(e.projects).map((p) => p.project.projectNumber).filter(Boolean));
  const ids = new Set<string>();
  for (const [email, sa] of Object.entries(e.serviceAccounts)) {
    const owner = accountOwner(email, sa.ok ? (sa.value.projectId ?? null) : null);
    if (owner.kind !== 'project' || !owner.id || inScope.has(owner.id) || (owner.number && numbers.has(owner.number))) continue;
    ids.add(owner.id);
  }
  return ids;
}
