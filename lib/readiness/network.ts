/** The network path from private nodes to *-docker.pkg.dev (VPC "Configure Private Google Access", Cloud NAT "NAT overview"). */
import type { Inventory, Nat, NodePool, Router, Subnetwork } from '../inventory/types';

/** How (or whether) a node pool's nodes reach Artifact Registry. */
export type NetworkPath =
  | { kind: 'public-nodes'; privateNodesSource: NodePool['privateNodesSource'] }
  | { kind: 'private-google-access'; subnetwork: Subnetwork }
  | { kind: 'cloud-nat'; subnetwork: Subnetwork; router: string; nat: string; coverage: string }
  | { kind: 'blocked'; subnetwork: Subnetwork; routersChecked: string[]; natsNotServing?: NatNotServing[] }
  | {
      kind: 'unreadable';
      reason: 'no-subnetwork' | 'subnetwork-unreadable' | 'subnetwork-not-found' | 'routers-unreadable';
      subnetwork: string | null;
      gapIds: string[];
      permission: string;
    };

/** A NAT in the subnet's network and region that does not serve the nodes' egress, and why (for the cause's evidence). */
export interface NatNotServing {
  router: string;
  nat: string;
  reason: string;
}

const NAT_ALL = new Set(['ALL_SUBNETWORKS_ALL_IP_RANGES', 'ALL_SUBNETWORKS_ALL_PRIMARY_IP_RANGES']);

/**
 * Why a NAT cannot carry node egress to Google whatever subnets it covers, or null when it can (Cloud NAT
 * "Cloud NAT overview" and compute v1 `RouterNat`): a Private NAT (`type: PRIVATE`) reaches no internet; a NAT whose
 * `endpointTypes` leave out ENDPOINT_TYPE_VM serves Secure Web Proxy or load-balancer proxies, not VMs; a NAT with no
 * address in use (MANUAL_ONLY without natIps; draining addresses serve no new connection) translates nothing.
 */
export function natUnusableReason(nat: Nat): string | null {
  const type = nat.type ?? 'PUBLIC';
  if (type !== 'PUBLIC') return `it is a ${type === 'PRIVATE' ? 'Private NAT (type PRIVATE), which translates between VPC networks and reaches no internet' : `NAT of type ${type}`}`;
  const ends = nat.endpointTypes ?? [];
  if (ends.length > 0 && !ends.includes('ENDPOINT_TYPE_VM')) return `its endpointTypes (${ends.join(', ')}) leave out ENDPOINT_TYPE_VM, so it does not serve VMs`;
  if (nat.natIpAllocateOption === 'MANUAL_ONLY' && (nat.natIps ?? []).length === 0) {
    return (nat.drainNatIps ?? []).length
      ? 'it is MANUAL_ONLY and its only addresses are draining (drainNatIps), which serve no new connection'
      : 'it is MANUAL_ONLY with no address in natIps';
  }
  return null;
}

/** Whether a usable NAT covers the subnet's primary range (node addresses come from the primary range). */
function natCovers(nat: Nat, subnet: Subnetwork): string | null {
  if (NAT_ALL.has(nat.sourceSubnetworkIpRangesToNat)) return null;
  if (nat.sourceSubnetworkIpRangesToNat !== 'LIST_OF_SUBNETWORKS') return `its sourceSubnetworkIpRangesToNat is ${nat.sourceSubnetworkIpRangesToNat}`;
  if (nat.subnetworks.includes(subnet.name)) return null;
  const entry = nat.subnetworkRanges?.find((e) => e.name === subnet.name);
  return entry
    ? `it NATs only ${entry.sourceIpRangesToNat.join(', ') || 'secondary ranges'} of the subnet (no ALL_IP_RANGES or PRIMARY_IP_RANGE), and node addresses come from the primary range`
    : 'it does not list the subnet';
}

function findNat(routers: Router[], subnet: Subnetwork): { hit: { router: Router; nat: Nat } | null; notServing: NatNotServing[] } {
  const notServing: NatNotServing[] = [];
  for (const router of routers) {
    if (router.network !== subnet.network || router.region !== subnet.region) continue;
    for (const nat of router.nats) {
      const why = natUnusableReason(nat) ?? natCovers(nat, subnet);
      if (why === null) return { hit: { router, nat }, notServing };
      notServing.push({ router: router.name, nat: nat.name, reason: why });
    }
  }
  return { hit: null, notServing };
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
  const { hit, notServing } = findNat(rs.value, subnet);
  if (hit) {
    return { kind: 'cloud-nat', subnetwork: subnet, router: hit.router.name, nat: hit.nat.name, coverage: hit.nat.sourceSubnetworkIpRangesToNat };
  }
  return { kind: 'blocked', subnetwork: subnet, routersChecked: rs.value.map((r) => r.name), ...(notServing.length ? { natsNotServing: notServing } : {}) };
}
