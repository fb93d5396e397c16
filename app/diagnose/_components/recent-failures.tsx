'use client';
/** Diagnose: the chosen cluster's (or node pool's) failed pulls of the last 24 hours, as the cluster page shows them. */
import { PullFailures } from '@/app/clusters/_components/pull-failures';

export function RecentFailures({ cluster, nodePool, scan }: { cluster: string; nodePool: string | null; scan: string | null }) {
  if (!cluster) return null;
  return <PullFailures cluster={cluster} nodePool={nodePool} scan={scan} id="diagnose-pull-failures-title" />;
}
