/** Turns an auditor gap into what a person does about it: "Pullcheck could not read X; grant Y to see it". */
import type { Gap } from '@/lib/inventory/raw';

/** The read-only role (readiness-rules.md §9) that carries a permission the auditor lacked. */
export function roleForPermission(permission: string | null): string | null {
  if (!permission) return null;
  if (permission.startsWith('container.')) return 'roles/container.clusterViewer';
  if (permission.endsWith('.getIamPolicy') || /^iam\.roles\.get$|^iam\.roles\.list$/.test(permission)) return 'roles/iam.securityReviewer';
  if (permission.startsWith('artifactregistry.')) return 'roles/artifactregistry.reader';
  if (permission.startsWith('iam.serviceAccounts.')) return 'roles/iam.serviceAccountViewer';
  if (permission.startsWith('compute.')) return 'roles/compute.networkViewer';
  // roles/browser holds these, but not folders.getIamPolicy / organizations.getIamPolicy (handled above).
  if (/^resourcemanager\.(projects\.(get|list)|folders\.(get|list)|organizations\.get)$/.test(permission)) return 'roles/browser';
  if (permission.startsWith('cloudidentity.') || permission.startsWith('groups.')) return 'the Groups Reader admin role';
  return null;
}

/** A gap as the banner shows it. */
export interface GapAdvice {
  id: string;
  /** "Pullcheck could not read projects/p/locations/-/clusters (projects.locations.clusters.list, HTTP 403)." */
  what: string;
  /** "Grant container.clusters.list (in roles/container.clusterViewer) to see it." */
  fix: string;
}

/** Explains one gap in a sentence and names the fix. */
export function adviseGap(gap: Gap): GapAdvice {
  const how = gap.status === null ? gap.reason || 'no answer' : `HTTP ${gap.status}${gap.reason ? ` ${gap.reason}` : ''}`;
  const what = `Pullcheck could not read ${gap.resource} (${gap.api} ${gap.method}, ${how}).`;
  let fix: string;
  if (gap.reason === 'SERVICE_DISABLED') {
    fix = `The ${gap.api} API is disabled there; enable it if that project should hold resources, otherwise nothing is missing.`;
  } else if (gap.status === null || gap.status === 429 || (gap.status ?? 0) >= 500) {
    fix = 'Google did not answer in time even after retries; rescan later.';
  } else if (gap.status === 404 && gap.api === 'cloudidentity') {
    fix =
      'The group was not found in the directory Pullcheck can see: it may live outside the organization\'s directory (Google Workspace / Cloud Identity), or have been deleted. ' +
      'Check that the group exists and that the directory of the identity running Pullcheck can see it; Groups Reader does not reveal a group of another directory.';
  } else if (gap.status === 404) {
    const role = roleForPermission(gap.permission);
    fix = `Google answered that it does not exist or lies outside what Pullcheck's identity can see (a group outside the organization's directory answers 404)${
      gap.permission ? `; if it should be visible, grant ${gap.permission}${role ? ` (in ${role})` : ''} to see it` : ''
    }.`;
  } else if (gap.permission) {
    const role = roleForPermission(gap.permission);
    fix = `Grant ${gap.permission}${role ? ` (in ${role})` : ''} to the identity running Pullcheck to see it.`;
  } else {
    fix = 'Give the identity running Pullcheck read access to it to see it.';
  }
  return { id: gap.id, what, fix };
}
