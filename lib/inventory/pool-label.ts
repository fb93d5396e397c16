/** How a node pool is named to people: the pools a cluster will create on demand have no name of their own. */
import type { NodePool } from './types';

/** The label of the pools a cluster creates on demand (Autopilot, node auto-provisioning): `nodePools/-`. */
export const ON_DEMAND_POOLS_LABEL = 'auto-provisioned pools';

/** A pool's name for display: its short name, or "auto-provisioned pools" for `nodePools/-`. */
export function poolDisplayName(pool: Pick<NodePool, 'shortName' | 'autoProvisioned'>): string {
  return pool.autoProvisioned ? ON_DEMAND_POOLS_LABEL : pool.shortName;
}
