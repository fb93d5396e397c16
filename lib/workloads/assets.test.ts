import { describe, expect, it } from 'vitest';
import { imageUses, parseAssetName, workloadsFromAssets, type K8sAsset } from './assets';

const K = '//container.googleapis.com/projects/p-one/zones/us-central1-a/clusters/c1/k8s';
const CL = 'projects/p-one/locations/us-central1-a/clusters/c1';

describe('workloadsFromAssets', () => {
  it('reads containers and init containers, places Pods through their Node label and controllers through nodeSelector', () => {
    const assets: K8sAsset[] = [
      { name: `${K}/nodes/n1`, assetType: 'k8s.io/Node', resource: { data: { metadata: { labels: { 'cloud.google.com/gke-nodepool': 'pool-a' } } } } },
      {
        name: `${K}/namespaces/ns/pods/web-1`,
        assetType: 'k8s.io/Pod',
        resource: { data: { metadata: { name: 'web-1', namespace: 'ns' }, spec: { nodeName: 'n1', initContainers: [{ image: 'gcr.io/p-two/init' }], containers: [{ image: 'us-docker.pkg.dev/p-two/r/web:1' }, { image: 'ghcr.io/org/side@sha256:' + 'a'.repeat(64) }] } } },
      },
      { name: `${K}/namespaces/ns/pods/lost`, assetType: 'k8s.io/Pod', resource: { data: { spec: { nodeName: 'gone', containers: [{ image: 'Not An Image' }] } } } },
      {
        name: `${K}/namespaces/ns/apps/deployments/api`,
        assetType: 'apps.k8s.io/Deployment',
        resource: { data: { metadata: { name: 'api', namespace: 'ns' }, spec: { template: { spec: { nodeSelector: { 'cloud.google.com/gke-nodepool': 'pool-b' }, containers: [{ image: 'europe-docker.pkg.dev/p-two/r/api' }] } } } } },
      },
      { name: '//compute.googleapis.com/projects/p/zones/z/instances/i', assetType: 'k8s.io/Pod', resource: { data: { spec: { containers: [{ image: 'x' }] } } } },
    ];
    const w = workloadsFromAssets(assets);
    expect(w.map((x) => [x.kind, x.name, x.nodePool])).toEqual([
      ['Pod', 'web-1', `${CL}/nodePools/pool-a`],
      ['Pod', 'lost', null],
      ['Deployment', 'api', `${CL}/nodePools/pool-b`],
    ]);
    expect(w[0].images.map((i) => [i.registry, i.repository, i.init])).toEqual([
      ['artifact-registry', 'projects/p-two/locations/us/repositories/gcr.io', true],
      ['artifact-registry', 'projects/p-two/locations/us/repositories/r', false],
      ['other', null, false],
    ]);
    expect(w[1].images[0].registry).toBe('invalid');
    expect(imageUses(w).filter((u) => u.repository).map((u) => u.image)).toEqual([
      'gcr.io/p-two/init:latest',
      'us-docker.pkg.dev/p-two/r/web:1',
      'europe-docker.pkg.dev/p-two/r/api:latest',
    ]);
  });

  it('reads a CronJob through its job template, and ignores names that are not Kubernetes assets', () => {
    const w = workloadsFromAssets([
      { name: `${K}/namespaces/b/batch/cronjobs/nightly`, assetType: 'batch.k8s.io/CronJob', resource: { data: { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ image: 'docker.io/library/busybox' }] } } } } } } } },
    ]);
    expect(w[0]).toMatchObject({ kind: 'CronJob', name: 'nightly', namespace: 'b', nodePool: null });
    expect(parseAssetName('//container.googleapis.com/projects/p/locations/l/clusters/c')).toBeNull();
    expect(parseAssetName(`${K}/nodes/n1`)).toEqual({ cluster: CL, path: ['nodes', 'n1'] });
  });
});
