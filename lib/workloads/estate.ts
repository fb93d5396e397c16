/** The workloads of a collected estate (its Kubernetes assets), in the estate's clusters only. */
import type { RawEstate } from '../inventory/raw';
import { workloadsFromAssets, type K8sAsset, type Workload } from './assets';

export type { Workload, WorkloadImage } from './assets';

/** Every workload in the estate's Kubernetes assets whose cluster the scan saw (assets of other clusters under the same parent are dropped). */
export function workloadsOf(raw: Pick<RawEstate, 'kubernetesAssets' | 'projects'>): Workload[] {
  if (!raw.kubernetesAssets) return [];
  const assets: K8sAsset[] = [];
  for (const r of Object.values(raw.kubernetesAssets)) if (r.ok) for (const a of r.value) assets.push(a as K8sAsset);
  const clusters = new Set<string>();
  for (const [id, p] of Object.entries(raw.projects)) {
    if (!p.clusters.ok) continue;
    for (const c of p.clusters.value) if (c.name && c.location) clusters.add(`projects/${id}/locations/${c.location}/clusters/${c.name}`);
  }
  return workloadsFromAssets(assets).filter((w) => clusters.has(w.cluster));
}
