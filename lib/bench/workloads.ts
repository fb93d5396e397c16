/**
 * Workloads for a synthetic estate: per node pool a Node and a Pod or two, pulling from one to three Docker
 * repositories of the estate (mostly ones the pool's account may read, some not), and now and then a Docker
 * Hub image, as Cloud Asset Inventory's Kubernetes assets. Deterministic for a seed; uses its own random
 * stream so that the rest of the estate does not change.
 */
import type { Scenario } from '../scenario/schema';
import { createRng } from './random';

/** Adds `assets` (k8s.io/Node, k8s.io/Pod, apps.k8s.io/Deployment) to every project with clusters. */
export function addWorkloads(scenario: Scenario, seed: number): void {
  const rng = createRng(seed ^ 0x5eed);
  const repos: string[] = [];
  for (const p of scenario.projects) for (const r of p.repositories ?? []) if (r.repository.format === 'DOCKER') repos.push(r.repository.name);
  if (!repos.length) return;
  const image = (repo: string, app: string) => {
    const [, project, , location, , id] = repo.split('/');
    return `${location}-docker.pkg.dev/${project}/${id}/${app}:${rng.int(1, 9)}.${rng.int(0, 20)}`;
  };
  for (const p of scenario.projects) {
    const assets: NonNullable<typeof p.assets> = [];
    for (const c of p.clusters ?? []) {
      const base = `//container.googleapis.com/projects/${p.project.projectId}/locations/${c.location}/clusters/${c.name}/k8s`;
      // A cluster's workloads favour a few repositories, as real teams do.
      const favourites = Array.from({ length: rng.int(1, 3) }, () => repos[rng.int(0, repos.length - 1)]);
      for (const np of c.nodePools ?? []) {
        const node = `gke-${c.name}-${np.name}-${rng.int(0x1000, 0xffff).toString(16)}`.slice(0, 63);
        assets.push({ name: `${base}/nodes/${node}`, assetType: 'k8s.io/Node', resource: { data: { kind: 'Node', metadata: { name: node, labels: { 'cloud.google.com/gke-nodepool': np.name } } } } });
        const pods = rng.int(1, 2);
        for (let i = 0; i < pods; i++) {
          const app = `app${i}`;
          const images = [image(favourites[rng.int(0, favourites.length - 1)], app)];
          if (rng.int(0, 9) === 0) images.push('docker.io/library/nginx:1.27');
          const pod = `${np.name}-${app}-${rng.int(0x10000, 0xfffff).toString(16)}`;
          assets.push({
            name: `${base}/namespaces/${app}/pods/${pod}`,
            assetType: 'k8s.io/Pod',
            resource: { data: { kind: 'Pod', metadata: { name: pod, namespace: app }, spec: { nodeName: node, containers: images.map((im, k) => ({ name: `c${k}`, image: im })) } } },
          });
        }
      }
      // A Deployment not yet scheduled: in use on every pool of its cluster.
      if (rng.int(0, 3) === 0) {
        assets.push({
          name: `${base}/namespaces/rollout/apps/deployments/next`,
          assetType: 'apps.k8s.io/Deployment',
          resource: { data: { kind: 'Deployment', metadata: { name: 'next', namespace: 'rollout' }, spec: { template: { spec: { containers: [{ name: 'next', image: image(favourites[0], 'next') }] } } } } },
        });
      }
    }
    if (assets.length) p.assets = assets;
  }
}
