import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from './run-cli';
import { withRecentLogEntries } from '../lib/emulator/logging';
import { parseScenarioOrThrow } from '../lib/scenario/schema';
import type { Report } from '../lib/readiness/types';

vi.setConfig({ testTimeout: 180_000 });

const DEMO = 'data/demo-estate.json';
const BATCH = 'projects/nwv-booking-prod/locations/europe-west1/clusters/booking-prod/nodePools/batch';
const BOOKING = 'projects/nwv-registry/locations/europe-west1/repositories/booking-images';
const tmp = mkdtempSync(path.join(tmpdir(), 'pullcheck-failures-'));

/** The demo estate with its recorded failed pull moved into the last hour (as `npm run demo` serves it). */
function recentDemo(): string {
  const scenario = withRecentLogEntries(parseScenarioOrThrow(readFileSync(DEMO, 'utf8'), DEMO), Date.now());
  const p = path.join(tmp, 'demo-recent.json');
  writeFileSync(p, JSON.stringify(scenario));
  return p;
}

describe('scan --pull-failures', () => {
  it('reads the clusters\' failed pulls from Cloud Logging and puts each beside its pair in the JSON report', () => {
    const r = runCli(['scan', '--scenario', recentDemo(), '--format', 'json', '--pull-failures']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const pair = report.pairs.find((p) => p.nodePool === BATCH && p.repository === BOOKING)!;
    expect(pair.verdict).toBe('cannot-pull');
    expect(pair.inUse?.evidence).toEqual(['workload', 'pull-failure']);
    expect(pair.inUse?.failures).toHaveLength(1);
    expect(pair.inUse!.failures![0]).toMatchObject({ image: 'europe-west1-docker.pkg.dev/nwv-registry/booking-images/report:4.2', class: 'unauthorized', pod: 'batch/nightly-report-29145600-7tq2x' });
    expect(pair.inUse!.failures![0].message).toMatch(/^Failed to pull image .*401 Unauthorized$/);
    // Only that pair carries it.
    expect(report.pairs.filter((p) => p.inUse?.failures?.length)).toHaveLength(1);
    // Five clusters, one entries.list each: far inside 60 per minute per project.
    expect(r.stderr).toContain('failed pulls: read 5 clusters (5 Cloud Logging calls), found 1');
  });

  it('reads no more clusters than asked, and says how many it left', () => {
    const r = runCli(['scan', '--scenario', recentDemo(), '--format', 'json', '--pull-failures=2']);
    expect(r.status).toBe(0);
    // Clusters are read in name order: booking-prod (the failing one) and storefront.
    expect(r.stderr).toContain('failed pulls: read 2 clusters (2 Cloud Logging calls), found 1; 3 more clusters not read (raise --pull-failures=N)');
    expect((JSON.parse(r.stdout) as Report).pairs.filter((p) => p.inUse?.evidence.includes('pull-failure')).map((p) => p.nodePool)).toEqual([BATCH]);
  });

  it('reads no logs without the option, and refuses a bad bound with exit 2', () => {
    const plain = runCli(['scan', '--scenario', recentDemo(), '--format', 'json']);
    expect(plain.status).toBe(0);
    expect(plain.stderr).not.toContain('failed pulls');
    expect((JSON.parse(plain.stdout) as Report).pairs.some((p) => p.inUse?.failures)).toBe(false);
    for (const bad of ['--pull-failures=0', '--pull-failures=abc', '--pull-failures=5000']) {
      const r = runCli(['scan', '--scenario', DEMO, bad]);
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toMatch(/--pull-failures takes the number of clusters to read, 1 to 1000/);
    }
  });
});
