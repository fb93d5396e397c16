import { describe, expect, it } from 'vitest';
import type { ImageUse } from '../intent/in-use';
import type { Inventory } from '../inventory/types';
import type { Report } from '../readiness/types';
import { otherRegistryImages, reportWithIntent } from './intent';
import { reportJsonChunks } from './report-json';

const C = 'projects/app/locations/europe-west1/clusters/c1';
const use = (image: string, extra: Partial<ImageUse> = {}): ImageUse => ({ cluster: C, nodePool: `${C}/nodePools/np`, repository: null, image, host: 'docker.io', workload: 'Deployment default/web', ...extra });

describe('images from other registries in the report', () => {
  it('lists each other-registry image once per pool with the workloads naming it, and leaves Artifact Registry images to the pairs', () => {
    const out = otherRegistryImages([
      use('docker.io/library/nginx:1.27'),
      use('docker.io/library/nginx:1.27', { workload: 'Pod default/web-abc' }),
      use('docker.io/library/nginx:1.27', { workload: 'Pod default/web-abc' }),
      use('ghcr.io/acme/tool:1', { host: 'ghcr.io' }),
      use('europe-west1-docker.pkg.dev/reg/images/app:1', { repository: 'projects/reg/locations/europe-west1/repositories/images', host: null }),
    ]);
    expect(out).toEqual([
      { image: 'docker.io/library/nginx:1.27', host: 'docker.io', cluster: C, nodePool: `${C}/nodePools/np`, workloads: ['Deployment default/web', 'Pod default/web-abc'] },
      { image: 'ghcr.io/acme/tool:1', host: 'ghcr.io', cluster: C, nodePool: `${C}/nodePools/np`, workloads: ['Deployment default/web'] },
    ]);
  });

  it('is bounded however many images and workloads a hostile estate names', () => {
    const many = Array.from({ length: 12_000 }, (_, i) => use(`docker.io/x/img${i}:1`));
    expect(otherRegistryImages(many)).toHaveLength(10_000);
    const noisy = Array.from({ length: 500 }, (_, i) => use('docker.io/x/one:1', { workload: `Pod ns/p${i}` }));
    expect(otherRegistryImages(noisy)[0].workloads).toHaveLength(50);
  });

  it('appears in the whole report and in the streamed JSON, which still parses, expectations and all', () => {
    const base: Report = { schemaVersion: 1, scannedAt: '2026-12-01T00:00:00Z', scope: { kind: 'scenario', ids: [] }, pairs: [], findings: [], gaps: [] };
    const inv = { nodePools: {}, repositories: {} } as unknown as Inventory;
    const report = reportWithIntent(base, inv, { workloads: [use('docker.io/library/nginx:1.27')] });
    expect(report.otherRegistryImages?.map((i) => i.image)).toEqual(['docker.io/library/nginx:1.27']);
    for (const expectations of [undefined, []]) {
      const text = [...reportJsonChunks({ ...report, expectations })].join('');
      const parsed = JSON.parse(text) as Report;
      expect(parsed.otherRegistryImages).toEqual(report.otherRegistryImages);
      expect(parsed.gaps).toEqual([]);
    }
    expect(reportWithIntent(base, inv, { workloads: [] }).otherRegistryImages).toBeUndefined();
  });
});
