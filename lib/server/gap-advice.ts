/** Turns an auditor gap into what a person does about it: "Pullcheck could not read X; grant Y to see it". */
import type { Gap } from '@/lib/inventory/raw';
import { roleForPermission } from '@/lib/gcp/permissions';

/** The read-only role that carries a permission the auditor lacked: from the one permission catalog. */
export { roleForPermission };

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
  if (gap.reason === 'SERVICE_DISABLED' && /quota project/.test(gap.message)) {
    // The API is off on the project the call was charged to, not on the scanned one: the gap's message names it and the command.
    fix = gap.message;
  } else if (gap.reason === 'SERVICE_DISABLED') {
    fix = `The ${gap.api} API is disabled there; enable it if that project should hold resources, otherwise nothing is missing.`;
  } else if (gap.reason === 'USER_PROJECT_DENIED') {
    fix = 'Grant the identity running Pullcheck roles/serviceusage.serviceUsageConsumer on the quota project (serviceusage.services.use), or choose another quota project with PULLCHECK_QUOTA_PROJECT.';
  } else if (gap.reason === 'MISSING_ZONES') {
    fix = 'GKE could not reach that zone while listing clusters; clusters there may be missing. Rescan later.';
  } else if (gap.status === 403 && gap.api === 'cloudidentity') {
    fix =
      'Cloud Identity answers 403 both for a group the identity running Pullcheck may not read and for a group that does not exist or lives outside the organization\'s directory. ' +
      'Grant it the Groups Reader admin role; if it already holds it, check that the group exists in your directory.';
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
