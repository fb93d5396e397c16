/**
 * Which predefined IAM roles contain the download permission: bundled public data
 * (data/predefined-roles-download.json, from darkbitio/gcp-iam-role-permissions, 2026-08-22).
 */
import data from '../../data/predefined-roles-download.json' with { type: 'json' };

export const DOWNLOAD_PERMISSION = 'artifactregistry.repositories.downloadArtifacts';

const grant = new Set<string>(data.grantDownload);
const noGrant = new Set<string>(data.doNotGrantDownload);

/** True when the bundled data says the predefined role grants the download; false when it says it does not; null when the role is newer than the data (look it up with IAM roles.get). */
export function predefinedRoleGrantsDownload(role: string): boolean | null {
  if (grant.has(role)) return true;
  if (noGrant.has(role)) return false;
  return null;
}

/** Custom roles live under projects/P/roles/X or organizations/O/roles/X; predefined ones are roles/X. */
export function isCustomRole(role: string): boolean {
  return /^(projects|organizations)\/[^/]+\/roles\/[^/]+$/.test(role);
}
