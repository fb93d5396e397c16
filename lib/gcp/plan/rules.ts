/**
 * The planner's rules: from what was read, what must be read next. Pure functions, whichever source answered:
 * node pools → their service accounts and (private nodes) their subnets; a subnet without Private Google Access →
 * the Cloud Routers (Cloud NAT) of its region; a binding that may grant the download → its role (custom or
 * unlisted) and its groups.
 */
import type { RawCluster, RawPolicy, RawSubnetwork } from '../../inventory/raw';
import { createsPoolsOnDemand, poolPrivateNodes, poolSubnetwork, resolveServiceAccount } from '../../inventory/normalize';
import { isCustomRole, predefinedRoleGrantsDownload } from '../../inventory/predefined-roles';

/** What one cluster leads to. */
export interface ClusterReads {
  /** Node accounts named by email (lower case, as normalize resolves them). */
  accounts: string[];
  /** Some pool uses the Compute Engine default account: read it once the project number is known. */
  defaultAccount: boolean;
  /** Subnets of pools with private nodes ("projects/H/regions/R/subnetworks/S"). */
  subnets: string[];
  /** The location whose GKE server config the versions check needs. */
  serverConfigLocation: string | null;
}

/** Accounts, subnets and server config a cluster's node pools (and the pool it creates on demand) need. */
export function clusterReads(projectId: string, cluster: RawCluster): ClusterReads {
  const pools = cluster.nodePools ?? [];
  const accounts = pools.map((p) => p.config?.serviceAccount);
  const ap = cluster.autoscaling?.autoprovisioningNodePoolDefaults;
  if (ap?.serviceAccount || cluster.autoscaling?.enableNodeAutoprovisioning || cluster.autopilot?.enabled) accounts.push(ap?.serviceAccount);
  // The same resolution normalize uses, so the engine finds each account under the email fetched here.
  const refs = accounts.map((a) => resolveServiceAccount(a, null));
  const subnets: string[] = [];
  // The pool the cluster will create on demand (nodePools/-) uses the cluster's network defaults.
  for (const pool of createsPoolsOnDemand(cluster) ? [...pools, {}] : pools) {
    if (!poolPrivateNodes(cluster, pool).value) continue;
    const subnet = poolSubnetwork(cluster, pool, projectId);
    if (subnet) subnets.push(subnet);
  }
  return {
    accounts: [...new Set(refs.filter((r) => !r.isDefault).map((r) => r.email))],
    defaultAccount: refs.some((r) => r.isDefault),
    subnets: [...new Set(subnets)],
    serverConfigLocation: cluster.location ?? null,
  };
}

/** A subnet read (or refused) leads to its region's routers unless it has Private Google Access. */
export function subnetNeedsRouters(subnet: RawSubnetwork | null): boolean {
  return subnet?.privateIpGoogleAccess !== true;
}

/** One binding's follow-up: its groups to resolve, and whether its role must be read to know if it grants. */
export interface BindingReads {
  role: string;
  groups: string[];
  /** The role grants the download (true), does not (false), or must be read (null: custom or unlisted). */
  grants: boolean | null;
}

/** The bindings of a policy that may grant the download, with the reads each needs; bindings that cannot are left out. */
export function policyReads(policy: RawPolicy): BindingReads[] {
  const out: BindingReads[] = [];
  for (const b of policy.bindings ?? []) {
    if (!b.role) continue;
    const grants = isCustomRole(b.role) ? null : predefinedRoleGrantsDownload(b.role);
    if (grants === false) continue;
    const groups = (b.members ?? []).filter((m) => m.startsWith('group:')).map((m) => m.slice('group:'.length).toLowerCase());
    out.push({ role: b.role, groups, grants });
  }
  return out;
}

/** The project whose serviceAccounts.list would hold an account: from its email, or null when it cannot be told. */
export function accountProject(email: string): string | null {
  const at = email.lastIndexOf('@');
  if (at < 0) return null;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const iam = /^([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(domain);
  if (iam) return iam[1];
  if (domain === 'developer.gserviceaccount.com') return /^(\d+)-compute$/.exec(local)?.[1] ?? null;
  if (domain === 'appspot.gserviceaccount.com') return /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(local) ? local : null;
  return null;
}
