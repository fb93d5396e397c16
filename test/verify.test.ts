/** `pullcheck verify` and `can-pull --ask-google` end to end, through bin/pullcheck and the built-in emulator. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './run-cli';

const DEMO = 'data/demo-estate.json';
const STAGED = 'data/scenarios/troubleshooter-disagree.json';
const POOLS = 'projects/td-apps/locations/europe-west1/clusters/apps/nodePools/';
const REPO = 'projects/td-registry/locations/europe-west1/repositories/images';
const tmp = mkdtempSync(path.join(tmpdir(), 'pullcheck-verify-'));

/** A copy of a scenario with extra top-level keys, written to a temporary file. */
function variant(file: string, extra: Record<string, unknown>): string {
  const s = JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as Record<string, unknown>;
  const out = path.join(tmp, `${path.basename(file, '.json')}-${Object.keys(extra).join('-')}.json`);
  writeFileSync(out, JSON.stringify({ ...s, ...extra }));
  return out;
}

describe('pullcheck verify', { timeout: 120_000 }, () => {
  it('on the demo estate: every pair asked agrees or is undecided on both sides (exit 0)', () => {
    const r = runCli(['verify', '--scenario', DEMO, '--sample', '500', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.asked).toBe(out.population);
    expect(out.counts.disagree).toBe(0);
    expect(out.disagreements).toEqual([]);
    expect(out.counts.agree).toBeGreaterThan(50);
    expect(out.counts['both-undecided']).toBeGreaterThan(5);
    // The table covers every verdict Pullcheck gives: granted, not granted and unknown rows all hold pairs.
    for (const row of ['granted', 'not granted', 'unknown']) expect(Object.values(out.table[row] as Record<string, number>).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('prints the table and exits 1 naming each pair when Google is staged to disagree, in both directions', () => {
    const r = runCli(['verify', '--scenario', STAGED]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/Pullcheck IAM \\ Google\s+GRANTED\s+NOT_GRANTED\s+UNKNOWN_CONDITIONAL\s+UNKNOWN_INFO\s+no answer/);
    expect(r.stdout).toMatch(/^granted\s+1\s+1\s+0\s+1\s+0$/m);
    expect(r.stdout).toMatch(/^not granted\s+1\s+0\s+0\s+0\s+0$/m);
    expect(r.stdout).toMatch(/^unknown\s+0\s+0\s+1\s+0\s+0$/m);
    expect(r.stdout).toContain(`✗ ${POOLS}pool-a × ${REPO}`);
    expect(r.stdout).toContain(`✗ ${POOLS}pool-b × ${REPO}`);
    expect(r.stdout).toContain(`✗ ${POOLS}pool-e × ${REPO}`);
    expect(r.stdout).not.toContain(`✗ ${POOLS}pool-c`);
    expect(r.stdout).toContain('Pullcheck: IAM granted (verdict can-pull)');
    expect(r.stdout).toContain('Google:    NOT_GRANTED (CANNOT_ACCESS)');
    expect(r.stdout).toContain('Pullcheck: IAM not granted (verdict cannot-pull)');
    expect(r.stdout).toContain('3 disagreements.');
  });

  it('gives the table as JSON with --format json', () => {
    const r = runCli(['verify', '--scenario', STAGED, '--format', 'json']);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.table.granted).toEqual({ GRANTED: 1, NOT_GRANTED: 1, UNKNOWN_CONDITIONAL: 0, UNKNOWN_INFO: 1, 'no answer': 0 });
    expect(out.disagreements.map((d: { nodePool: string }) => d.nodePool.split('/').pop()).sort()).toEqual(['pool-a', 'pool-b', 'pool-e']);
    const d = out.rows.find((x: { nodePool: string }) => x.nodePool.endsWith('pool-d'));
    expect(d).toMatchObject({ agreement: 'both-undecided', pullcheck: { iam: 'unknown' }, google: { access: 'UNKNOWN_CONDITIONAL' } });
  });

  it('a refused troubleshooter call is a gap, reported, not a crash; all refused is exit 4', () => {
    const some = variant(STAGED, { faults: [{ match: 'POST /v3/iam:troubleshoot', status: 403, times: 2 }] });
    const r = runCli(['verify', '--scenario', some, '--format', 'json']);
    expect(r.stderr).toMatch(/gap: Pullcheck could not ask Policy Troubleshooter about \/\/artifactregistry\.googleapis\.com\/projects\/td-registry/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const out = JSON.parse(r.stdout);
    expect(out.counts['not-compared']).toBeGreaterThanOrEqual(1);
    expect(Object.values(out.table as Record<string, Record<string, number>>).reduce((n, row) => n + row['no answer'], 0)).toBeGreaterThanOrEqual(1);
    expect(out.gaps[0]).toMatchObject({ api: 'policytroubleshooter', method: 'iam.troubleshoot', status: 403 });
    const all = variant(STAGED, { faults: [{ match: 'POST /v3/iam:troubleshoot', status: 403 }] });
    const none = runCli(['verify', '--scenario', all]);
    expect(none.status).toBe(4);
    expect(none.stderr).toContain('Policy Troubleshooter answered none of the 5 questions, so nothing was verified');
  });

  it('exits 2 on bad input', () => {
    for (const [args, msg] of [
      [['--sample', '0'], /--sample must be a whole number from 1 to 500/],
      [['--format', 'csv'], /--format must be text or json/],
      [['--bogus'], /Unknown option '--bogus'/],
    ] as [string[], RegExp][]) {
      const r = runCli(['verify', '--scenario', STAGED, ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
    }
    expect(runCli(['verify']).status).toBe(2);
  });
});

describe('pullcheck can-pull --ask-google', { timeout: 120_000 }, () => {
  const image = 'europe-west1-docker.pkg.dev/td-registry/images/app:1';
  const cluster = 'projects/td-apps/locations/europe-west1/clusters/apps';
  it('is quiet when Google agrees', () => {
    const r = runCli(['can-pull', '--scenario', STAGED, '--image', image, '--cluster', cluster, '--node-pool', 'pool-c', '--ask-google']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('  google     Google agrees: GRANTED.');
    expect(r.stdout).not.toContain('DISAGREEMENT');
  });
  it('is loud, with both sides\' evidence, when Google disagrees; the exit code stays Pullcheck\'s verdict', () => {
    const r = runCli(['can-pull', '--scenario', STAGED, '--image', image, '--cluster', cluster, '--node-pool', 'pool-b', '--ask-google']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("DISAGREEMENT: Pullcheck's IAM step says not granted, Google says GRANTED.");
    expect(r.stdout).toMatch(/Pullcheck \(IAM not granted\):\n\s+✗ iam\.no-download-permission/);
    expect(r.stdout).toContain('Google (CAN_ACCESS):');
  });
  it('without --ask-google, asks nothing', () => {
    const r = runCli(['can-pull', '--scenario', STAGED, '--image', image, '--cluster', cluster, '--node-pool', 'pool-b']);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('google ');
  });
});
