/** The network path from private nodes to *-docker.pkg.dev (readiness-rules.md §6). */
import type { Inventory, Nat, NodePool, Router, Subnetwork } from '../inventory/types';

/** How (or whether) a node pool's nodes reach Artifact Registry. */
export type NetworkPath =
  | { kind: 'public-nodes'; privateNodesSource: NodePool['privateNodesSource'] }
  | { kind: 'private-google-access'; subnetwork: Subnetwork }
  | { kind: 'cloud-nat'; subnetwork: Subnetwork; router: string; nat: string; coverage: string }
  | { kind: 'blocked'; subnetwork: Subnetwork; routersChecked: string[] }
  | {
      kind: 'unreadable';
      reason: 'no-subnetwork' | 'subnetwork-unreadable' | 'subnetwork-not-found' | 'routers-unreadable';
      subnetwork: string | null;
      gapIds: string[];
      permission: string;
    };

const NAT_ALL = new Set(['ALL_SUBNETWORKS_ALL_IP_RANGES', 'ALL_SUBNETWORKS_ALL_PRIMARY_IP_RANGES']);

function natServes(nat: Nat, subnet: Subnetwork): boolean {
  if (NAT_ALL.has(nat.sourceSubnetworkIpRangesToNat)) return true;
  return nat.sourceSubnetworkIpRangesToNat === 'LIST_OF_SUBNETWORKS' && nat.subnetworks.includes(subnet.name);
}

function findNat(routers: Router[], subnet: Subnetwork): { router: Router; nat: Nat } | null {
  for (const router of routers) {
    if (router.network !== subnet.network || router.region !== subnet.region) continue;
    for (const nat of router.nats) if (natServes(nat, subnet)) return { router, nat };
  }
  return null;
}

/** Works out the network path of a pool: private nodes need the subnet's Private Google Access or a Cloud NAT serving the subnet. */
export function networkPath(inv: Inventory, pool: Pick<NodePool, 'privateNodes' | 'privateNodesSource' | 'subnetwork'>): NetworkPath {
  if (!pool.privateNodes) return { kind: 'public-nodes', privateNodesSource: pool.privateNodesSource };
  if (!pool.subnetwork) {
    return { kind: 'unreadable', reason: 'no-subnetwork', subnetwork: null, gapIds: [], permission: 'container.clusters.get' };
  }
  const s = inv.subnetworks[pool.subnetwork];
  if (!s || s.status === 'gap') {
    return {
      kind: 'unreadable',
      reason: 'subnetwork-unreadable',
      subnetwork: pool.subnetwork,
      gapIds: s?.status === 'gap' ? [s.gapId] : [],
      permission: 'compute.subnetworks.get',
    };
  }
  if (s.status === 'not-found') {
    return { kind: 'unreadable', reason: 'subnetwork-not-found', subnetwork: pool.subnetwork, gapIds: [], permission: 'compute.subnetworks.get' };
  }
  const subnet = s.value;
  if (subnet.privateIpGoogleAccess) return { kind: 'private-google-access', subnetwork: subnet };
  const key = `projects/${subnet.project}/regions/${subnet.region}`;
  const rs = inv.routers[key];
  if (!rs || rs.status === 'gap') {
    return {
      kind: 'unreadable',
      reason: 'routers-unreadable',
      subnetwork: subnet.name,
      gapIds: rs?.status === 'gap' ? [rs.gapId] : [],
      permission: 'compute.routers.list',
    };
  }
  const hit = findNat(rs.value, subnet);
  if (hit) {
    return { kind: 'cloud-nat', subnetwork: subnet, router: hit.router.name, nat: hit.nat.name, coverage: hit.nat.sourceSubnetworkIpRangesToNat };
  }
  return { kind: 'blocked', subnetwork: subnet, routersChecked: rs.value.map((r) => r.name) };
}
