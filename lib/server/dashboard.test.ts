import { describe, expect, it } from 'vitest';
import type { Inventory, NodePool, Repository } from '@/lib/inventory/types';
import type { Cause, Pair, Report } from '@/lib/readiness/types';
import { CELL, cellVerdict, matrixOf, overviewOf, SIG_BASE } from './dashboard';

const pool = (project: string, cluster: string, name: string): NodePool => ({
  name: `projects/${project}/locations/europe-west1/clusters/${cluster}/nodePools/${name}`,
  cluster: `projects/${project}/locations/europe-west1/clusters/${cluster}`,
  project,
  location: 'europe-west1',
  shortName: name,
  version: '1.30.1-gke.1',
  serviceAccount: { configured: 'default', email: `1-compute@developer.gserviceaccount.com`, isDefault: true },
  oauthScopes: [],
  privateNodes: false,
  privateNodesSource: 'unset',
  subnetwork: null,
  imageType: 'COS_CONTAINERD',
  autoprovisioned: false,
  status: 'RUNNING',
});

const repo = (project: string, id: string, format = 'DOCKER'): Repository => ({
  name: `projects/${project}/locations/europe-west1/repositories/${id}`,
  project,
  location: 'europe-west1',
  id,
  format,
  mode: 'STANDARD_REPOSITORY',
  description: null,
  registryUri: null,
});

const cause = (rule: string, category: Cause['category']): Cause => ({
  category,
  rule,
  outcome: 'fail',
  message: rule,
  evidence: {},
  remediation: { steps: [], docs: [] },
});

const web = pool('shop-web', 'web', 'default-pool');
const batch = pool('shop-web', 'web', 'batch');
const etl = pool('shop-data', 'etl', 'workers');
const images = repo('shop-registry', 'images');
const local = repo('shop-web', 'local');
const npm = repo('shop-registry', 'npm', 'NPM');

const pairs: Pair[] = [
  { nodePool: web.name, repository: images.name, verdict: 'can-pull', causes: [] },
  { nodePool: web.name, repository: local.name, verdict: 'cannot-pull', causes: [cause('iam.no-download-permission', 'iam')] },
  { nodePool: batch.name, repository: images.name, verdict: 'cannot-pull', causes: [cause('scope.no-storage', 'scope'), cause('iam.no-download-permission', 'iam')] },
  { nodePool: batch.name, repository: local.name, verdict: 'cannot-pull', causes: [cause('scope.no-storage', 'scope')] },
  { nodePool: etl.name, repository: images.name, verdict: 'unknown', causes: [{ ...cause('iam.unreadable-evidence', 'audit-access'), outcome: 'undecided' }] },
  { nodePool: etl.name, repository: local.name, verdict: 'can-pull', causes: [] },
];

const inv = {
  scope: { kind: 'projects', ids: ['shop-web'] },
  collectedAt: '2026-11-25T00:00:00Z',
  organizations: [],
  folders: [],
  projects: [{ id: 'shop-web' }, { id: 'shop-data' }, { id: 'shop-registry' }],
  clusters: [
    { name: web.cluster, project: 'shop-web', location: 'europe-west1', shortName: 'web' },
    { name: etl.cluster, project: 'shop-data', location: 'europe-west1', shortName: 'etl' },
  ],
  nodePools: [web, batch, etl],
  repositories: [images, local, npm],
  gaps: [],
} as unknown as Inventory;

const report: Report = { schemaVersion: 1, scannedAt: '2026-11-25T00:00:00Z', scope: inv.scope, pairs, findings: [], gaps: [] };

describe('overviewOf', () => {
  it('counts pairs by verdict and ranks causes by the pairs they affect', () => {
    const o = overviewOf(report, inv);
    expect(o.counts).toEqual({ total: 6, 'can-pull': 2, 'cannot-pull': 3, unknown: 1 });
    expect(o.repositories).toBe(2);
    expect(o.topCauses.map((c) => [c.rule, c.count])).toEqual([
      ['iam.no-download-permission', 2],
      ['scope.no-storage', 2],
      ['iam.unreadable-evidence', 1],
    ]);
  });

  it('lists the clusters with blocked pairs, most cannot-pull first', () => {
    const o = overviewOf(report, inv);
    expect(o.blockedClusters.map((c) => [c.shortName, c.cannotPull, c.unknown, c.total])).toEqual([
      ['web', 3, 0, 4],
      ['etl', 0, 1, 2],
    ]);
  });
});

describe('matrixOf', () => {
  it('lays out every pool × Docker repository with one character per cell', () => {
    const m = matrixOf(report, inv, {});
    expect(m.rows.map((r) => r.pool)).toEqual(['workers', 'batch', 'default-pool']);
    expect(m.cols.map((c) => c.id)).toEqual(['images', 'local']);
    expect(m.verdicts).toBe('ucxxcx');
    expect(cellVerdict(m.verdicts[2])).toBe('cannot-pull');
    const sig = m.signatures[m.sigs.charCodeAt(2) - SIG_BASE];
    expect(sig).toEqual({ categories: ['iam', 'scope'], rules: ['iam.no-download-permission', 'scope.no-storage'] });
    expect(m.shown).toEqual(m.all);
  });

  it('marks the pairs in use and carries their images (at most three), keyed by pool and repository', () => {
    const used = report.pairs.map((p, i) => (i === 1 ? { ...p, inUse: { evidence: ['workload' as const], images: ['a:1', 'b:1', 'c:1', 'd:1'] } } : p));
    const m = matrixOf({ ...report, pairs: used }, inv, {});
    expect(m.used.split('').filter((c) => c === '1')).toHaveLength(1);
    expect(Object.values(m.images)).toEqual([['a:1', 'b:1', 'c:1']]);
    expect(Object.keys(m.images)).toEqual([`${used[1].nodePool}\n${used[1].repository}`]);
  });

  it('filters by verdict and cause: only rows and columns with a match remain, others are marked filtered', () => {
    const m = matrixOf(report, inv, { cause: 'scope' });
    expect(m.rows.map((r) => r.pool)).toEqual(['batch']);
    expect(m.verdicts).toBe('xx');
    expect(m.shown.total).toBe(2);
    const byRule = matrixOf(report, inv, { cause: 'iam.no-download-permission', verdict: 'cannot-pull' });
    expect(byRule.rows.map((r) => r.pool)).toEqual(['batch', 'default-pool']);
    expect(byRule.cols.map((c) => c.id)).toEqual(['images', 'local']);
    expect(byRule.verdicts).toBe(`x${CELL.filtered}${CELL.filtered}x`);
  });

  it('filters by project on either side of the pair, by cluster and by repository', () => {
    expect(matrixOf(report, inv, { project: 'shop-registry' }).shown.total).toBe(3);
    expect(matrixOf(report, inv, { project: 'shop-data' }).rows.map((r) => r.pool)).toEqual(['workers']);
    expect(matrixOf(report, inv, { cluster: web.cluster }).shown.total).toBe(4);
    const one = matrixOf(report, inv, { repository: local.name, verdict: 'can-pull' });
    expect([one.rows.length, one.cols.length, one.verdicts]).toEqual([1, 1, 'c']);
    expect(matrixOf(report, inv, { cluster: 'projects/x/locations/y/clusters/none' }).shown.total).toBe(0);
  });

  it('offers the filter options present in the scan', () => {
    const m = matrixOf(report, inv, {});
    expect(m.options.projects).toEqual(['shop-data', 'shop-registry', 'shop-web']);
    expect(m.options.causes.map((c) => c.value)).toEqual(['audit-access', 'iam', 'scope', 'iam.no-download-permission', 'iam.unreadable-evidence', 'scope.no-storage']);
    expect(m.options.repositories.map((r) => r.label)).toEqual(['images (shop-registry, europe-west1)', 'local (shop-web, europe-west1)']);
  });

  it('stays compact for 500 × 500', () => {
    const pools = Array.from({ length: 500 }, (_, i) => pool('p', 'c', `np-${i}`));
    const repos = Array.from({ length: 500 }, (_, i) => repo('r', `repo-${i}`));
    const big: Report = {
      ...report,
      pairs: pools.flatMap((p, i) => repos.map((r, j) => ({ nodePool: p.name, repository: r.name, verdict: (i + j) % 2 ? 'can-pull' : 'cannot-pull', causes: (i + j) % 2 ? [] : [cause('iam.no-download-permission', 'iam')] }) as Pair)),
    };
    const m = matrixOf(big, { ...inv, nodePools: pools, repositories: repos, clusters: [] }, {});
    expect(m.verdicts.length).toBe(250_000);
    expect(m.signatures.length).toBe(2);
    expect(JSON.stringify(m).length).toBeLessThan(1_000_000);
  });
});
