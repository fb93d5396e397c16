import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from './run-cli';
import type { Report } from '../lib/readiness/types';

const DEMO = 'data/demo-estate.json';
const PROD = 'projects/nwv-booking-prod/locations/europe-west1/clusters/booking-prod';
const STAGING = 'projects/nwv-booking-staging/locations/europe-west1-b/clusters/booking-staging';
const BOOKING = 'projects/nwv-registry/locations/europe-west1/repositories/booking-images';
const tmp = mkdtempSync(path.join(tmpdir(), 'pullcheck-expect-'));
vi.setConfig({ testTimeout: 180_000 });

function file(name: string, text: string): string {
  const p = path.join(tmp, name);
  writeFileSync(p, text);
  return p;
}

const metYaml = `version: 1
clusters:
  - cluster: ${PROD}
    nodePool: api
    mustPull:
      - ${BOOKING}
      - europe-west1-docker.pkg.dev/nwv-registry/public-base
    mustNotPull:
      - projects/nwv-booking-staging/locations/europe-west1/repositories/staging-images
  - cluster: ${STAGING}
    nodePool: web
    mustPull: [europe-west1-docker.pkg.dev/nwv-booking-staging/staging-images]
`;

describe('scan --expect', () => {
  it('exits 0 with --fail-on violated when every expectation is met, and reports them with the pairs marked in use', () => {
    const r = runCli(['scan', '--scenario', DEMO, '--format', 'json', '--expect', file('met.yaml', metYaml), '--fail-on', 'violated']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.expectations).toHaveLength(4);
    expect(report.expectations!.every((e) => e.met === true)).toBe(true);
    expect(report.expectations![0]).toMatchObject({ cluster: PROD, nodePool: `${PROD}/nodePools/api`, repository: BOOKING, want: 'pull', verdict: 'can-pull', met: true });
    expect(report.expectations![2]).toMatchObject({ want: 'no-pull', verdict: 'cannot-pull', met: true });
    const pair = report.pairs.find((p) => p.nodePool === `${PROD}/nodePools/api` && p.repository === BOOKING)!;
    // Declared, and (the demo runs its api pods there) a workload with its image.
    expect(pair.inUse?.evidence).toEqual(expect.arrayContaining(['declared']));
    // A must-not-pull declaration does not put a pair in use (the batch pool's own report pods may).
    expect(report.pairs.find((p) => p.nodePool === `${PROD}/nodePools/batch` && p.repository === BOOKING)!.inUse?.evidence ?? []).not.toContain('declared');
  });

  it('exits 1 with --fail-on violated when a cluster-wide expectation fails on one pool, and 0 without the gate', () => {
    const f = file('violated.json', JSON.stringify({ version: 1, clusters: [{ cluster: PROD, mustPull: [BOOKING] }] }, null, 2));
    const gated = runCli(['scan', '--scenario', DEMO, '--expect', f, '--fail-on', 'violated']);
    expect(gated.status).toBe(1);
    // booking-prod's batch pool runs as a disabled service account: the worst pool decides "must pull".
    expect(gated.stdout).toMatch(/VIOLATED\s+nwv-booking-prod\/europe-west1\/booking-prod\s+must pull\s+nwv-registry\/europe-west1\/booking-images\s+cannot-pull/);
    expect(gated.stdout).toContain('1 expectations: 0 met, 1 violated, 0 undecided');
    const ungated = runCli(['scan', '--scenario', DEMO, '--expect', f, '--format', 'json']);
    expect(ungated.status).toBe(0);
    expect((JSON.parse(ungated.stdout) as Report).expectations).toEqual([
      { cluster: PROD, repository: BOOKING, want: 'pull', verdict: 'cannot-pull', met: false, source: `${f}:7` },
    ]);
  });

  it('exits 1 when an expectation is undecided (unknown verdict, or a cluster the scan never saw)', () => {
    const f = file(
      'undecided.yaml',
      `version: 1\nclusters:\n  - cluster: ${PROD}\n    nodePool: payments\n    mustPull: [${BOOKING}]\n  - cluster: projects/nwv-elsewhere/locations/us-east1/clusters/ghost\n    mustNotPull: [${BOOKING}]\n`,
    );
    const r = runCli(['scan', '--scenario', DEMO, '--format', 'json', '--expect', f, '--fail-on', 'violated']);
    expect(r.status).toBe(1);
    const ex = (JSON.parse(r.stdout) as Report).expectations!;
    expect(ex.map((e) => [e.verdict, e.met])).toEqual([['unknown', null], ['unknown', null]]);
    expect(ex[1].note).toContain('did not see this cluster');
  });

  it('exits 2 naming the file, the field and the line for a bad expectations file, before scanning', () => {
    const bad = file('bad.yaml', `version: 1\nclusters:\n  - cluster: ${PROD}\n    mustPul: [${BOOKING}]\n`);
    const r = runCli(['scan', '--scenario', DEMO, '--expect', bad, '--fail-on', 'violated']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${bad}:4: $.clusters[0].mustPul: unknown key "mustPul"`);
    expect(r.stdout).toBe('');
    const repo = file('repo.yaml', `version: 1\nclusters:\n  - cluster: ${PROD}\n    mustPull:\n      - docker.io/library/nginx\n`);
    const r2 = runCli(['scan', '--scenario', DEMO, '--expect', repo]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toContain(`${repo}:5: $.clusters[0].mustPull[0]: "docker.io/library/nginx" is not an Artifact Registry repository`);
    const syntax = file('syntax.json', '{"version": 1, "clusters": [\n  {"cluster": }\n]}');
    const r3 = runCli(['scan', '--scenario', DEMO, '--expect', syntax]);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(new RegExp(`${syntax.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: \\$: not valid JSON: `));
  });

  it('exits 2 for --fail-on violated without --expect, and for a missing file', () => {
    const r = runCli(['scan', '--scenario', DEMO, '--fail-on', 'violated']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--fail-on violated needs --expect FILE');
    const missing = runCli(['scan', '--scenario', DEMO, '--expect', path.join(tmp, 'nope.yaml')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read the expectations file: no such file');
  });
});
