/**
 * The kinds of evidence a readiness rule reads, one per evidence source the collectors fill. A rule names what it
 * requires; the engine skips (not-applicable, "not read by this scan") a rule whose source the inventory does not
 * carry at all, which is how snapshots written before a source existed are judged. A source that was read but left a
 * gap is the rule's own business (an undecided check naming the read permission), never a skip.
 * The Google API methods behind each kind, and the read-only roles that allow them, are the permission catalog's
 * (lib/gcp/permissions.ts).
 */
import type { Inventory } from '../inventory/types';

export type EvidenceKind =
  | 'clusters'
  | 'service-accounts'
  | 'allow-policies'
  | 'ancestry'
  | 'roles'
  | 'groups'
  | 'subnetworks'
  | 'routers'
  | 'server-config'
  | 'deny-policies'
  | 'access-policies'
  | 'download-rules';

/** What each kind is, for "not read by this scan" sentences. */
export const EVIDENCE_LABEL: Readonly<Record<EvidenceKind, string>> = {
  clusters: 'GKE clusters and node pools',
  'service-accounts': 'node service accounts',
  'allow-policies': 'IAM allow policies',
  ancestry: 'project ancestry',
  roles: 'custom roles',
  groups: 'group memberships',
  subnetworks: 'node subnets',
  routers: 'Cloud Routers (Cloud NAT)',
  'server-config': 'GKE server config',
  'deny-policies': 'IAM deny policies',
  'access-policies': 'VPC Service Controls perimeters (Access Context Manager)',
  'download-rules': 'Artifact Registry download rules',
};

/** Whether the inventory carries a source at all. The first sources are always collected; the later ones are optional fields. */
export function collected(inv: Inventory, kind: EvidenceKind): boolean {
  if (kind === 'deny-policies') return inv.denyPolicies !== undefined;
  if (kind === 'access-policies') return inv.accessPolicies !== undefined;
  if (kind === 'download-rules') return inv.downloadRules !== undefined;
  return true;
}
