import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../emulator';
import { startEmulator } from '../emulator';
import { readGcpConfig } from '../gcp/config';
import { intentSummary } from '../intent/summary';
import { runScan, type ScanOutcome } from '../scan/run';
import { parseScenarioOrThrow } from '../scenario/schema';
import { workloadsFromAssets, type K8sAsset } from '../workloads/assets';
import { generateEstate } from './generate';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

describe('a generated 200-project estate with workloads', () => {
  const scenario = generateEstate({ projects: 200, seed: 13, workloads: true, faults: false });
  let emulator: Emulator;
  let outcome: ScanOutcome;
  beforeAll(async () => {
    // The file a user would write round-trips through the scenario schema.
    const checked = parseScenarioOrThrow(JSON.stringify(scenario), 'generated.json');
    emulator = await startEmulator({ scenario: checked, port: 0 });
    const config = readGcpConfig({ PULLCHECK_API_ROOT: emulator.url, GOOGLE_APPLICATION_CREDENTIALS: emulator.credentialsFile, PULLCHECK_CONCURRENCY: '16' });
    const org = scenario.organizations![0].organization.name!.split('/')[1];
    outcome = await runScan({ scope: { kind: 'organization', ids: [org] }, config });
  });
  afterAll(async () => emulator?.stop());

  it('marks exactly the pairs the workloads use, and the overview leads with the in-use pairs that cannot pull', () => {
    const assets = scenario.projects.flatMap((p) => (p.assets ?? []) as K8sAsset[]);
    expect(assets.length).toBeGreaterThan(100);
    // Independently of the scan: every pool × repository a workload names, cluster-wide ones on every pool.
    const pools = outcome.inventory.nodePools.map((p) => p.name);
    const expected = new Set<string>();
    for (const w of workloadsFromAssets(assets)) {
      for (const i of w.images) {
        if (!i.repository) continue;
        for (const pool of w.nodePool ? [w.nodePool] : pools.filter((p) => p.startsWith(`${w.cluster}/nodePools/`))) expected.add(`${pool}|${i.repository}`);
      }
    }
    const marked = outcome.report.pairs.filter((p) => p.inUse);
    expect(new Set(marked.map((p) => `${p.nodePool}|${p.repository}`))).toEqual(expected);
    const s = intentSummary(outcome.report.pairs);
    const cannot = outcome.report.pairs.filter((p) => p.verdict === 'cannot-pull');
    expect(s.broken.length).toBe(marked.filter((p) => p.verdict === 'cannot-pull').length);
    expect(s.broken.length).toBeGreaterThan(0);
    // The point of intent: the headline is a small fraction of the cannot-pull pairs.
    expect(s.broken.length).toBeLessThan(cannot.length / 10);
    expect(s.inUse).toBe(expected.size);
    // Docker Hub images are workloads' images, never pairs.
    expect(outcome.workloads.some((w) => w.images.some((i) => i.registry === 'other' && i.host === 'docker.io'))).toBe(true);
    expect(outcome.report.gaps.filter((g) => g.api === 'cloudasset')).toEqual([]);
    console.log(`200 projects: ${outcome.report.pairs.length} pairs, ${cannot.length} cannot pull, ${s.inUse} in use, ${s.broken.length} in use and cannot pull, ${s.undecided.length} in use and unknown`);
  });
});
