import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { repoRoot, runCli, scanReport } from './run-cli';
import type { Report } from '../lib/readiness/types';

const DEMO = 'data/demo-estate.json';
const PROD = 'projects/nwv-booking-prod/locations/europe-west1/clusters/booking-prod';
const STAGING = 'projects/nwv-booking-staging/locations/europe-west1-b/clusters/booking-staging';
const LEGACY = 'projects/nwv-legacy-tools/locations/us-central1-a/clusters/ci-legacy';
const tmp = mkdtempSync(path.join(tmpdir(), 'pullcheck-cli-'));
// Several tests run the CLI a few times, each run starting an emulator: slow on a busy machine.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const verdicts = (r: Report) => Object.fromEntries(r.pairs.map((p) => [`${p.nodePool}|${p.repository}`, [p.verdict, p.causes.map((c) => c.rule).sort()]]));

describe('can-pull on the demo estate', () => {
  it('exits 0 and shows the chain for a pool that can pull', () => {
    const r = runCli(['can-pull', '--scenario', DEMO, '--image', 'europe-west1-docker.pkg.dev/nwv-registry/booking-images/api:2.3.1', '--cluster', PROD, '--node-pool', 'api']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('node pool api: can-pull');
    expect(r.stdout).toMatch(/✓ iam/);
  });
  it('exits 1 and prints the grant that fixes a missing permission', () => {
    const r = runCli(['can-pull', '--scenario', DEMO, '--image', 'us-central1-docker.pkg.dev/nwv-registry/storefront/web:1.4', '--cluster', LEGACY, '--node-pool', 'default-pool']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('node pool default-pool: cannot-pull');
    expect(r.stdout).toContain(
      'gcloud artifacts repositories add-iam-policy-binding storefront --project=nwv-registry --location=us-central1 --member=serviceAccount:148572963481-compute@developer.gserviceaccount.com --role=roles/artifactregistry.reader',
    );
  });
  it('exits 3 when the only grant hangs on an IAM condition Pullcheck cannot decide (the time of day)', () => {
    const r = runCli(['can-pull', '--scenario', 'data/scenarios/conditions-and-groups.json', '--image', 'europe-west3-docker.pkg.dev/qm-registry/images/app:1', '--cluster', 'projects/qm-apps/locations/europe-west3/clusters/shop', '--node-pool', 'cond-only']);
    expect(r.status).toBe(3);
    expect(r.stdout).toContain('iam.conditional-only');
  });
  it('exits 1 when the only grant is a temporary one that expired', () => {
    const r = runCli(['can-pull', '--scenario', DEMO, '--image', 'us-central1-docker.pkg.dev/nwv-registry/storefront/web:1.4', '--cluster', STAGING, '--node-pool', 'web']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('expired on 2026-07-01');
  });
  it('judges every pool without --node-pool and lets the worst verdict decide', () => {
    const r = runCli(['can-pull', '--scenario', DEMO, '--image', 'us-central1-docker.pkg.dev/nwv-registry/storefront/web:1.4', '--cluster', LEGACY]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('overall: cannot-pull (the worst of 3 node pools)');
  });
  it('maps a gcr.io image to its Artifact Registry repository', () => {
    const r = runCli(['can-pull', '--scenario', DEMO, '--image', 'gcr.io/nwv-registry/tools/helm:3', '--cluster', PROD, '--node-pool', 'api']);
    expect(r.stdout).toContain('repository  projects/nwv-registry/locations/us/repositories/gcr.io');
    expect(r.status).toBe(0);
  });
  it('exits 1 for a repository that is not in the estate, suggesting the ones that are', () => {
    const r = runCli(['can-pull', '--scenario', DEMO, '--image', 'europe-west1-docker.pkg.dev/nwv-registry/storefront/web:1', '--cluster', PROD, '--node-pool', 'api']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('does not exist in the scanned estate');
    expect(r.stdout).toContain('projects/nwv-registry/locations/us-central1/repositories/storefront');
  });
  it('says a non-Docker repository holds no images (exit 1)', () => {
    const r = runCli(['can-pull', '--scenario', DEMO, '--image', 'europe-west1-docker.pkg.dev/nwv-registry/web-packages/app:1', '--cluster', PROD, '--node-pool', 'api']);
    expect(r.stdout).toMatch(/is a NPM repository, not a Docker one/);
    expect(r.status).toBe(1);
  });
  it('exits 2 on bad input, saying what is wrong', () => {
    const cases: [string[], RegExp][] = [
      [['--image', 'docker.io/library/nginx:1.25', '--cluster', PROD], /not Artifact Registry/],
      [['--image', 'europe-west1-docker.pkg.dev/nwv-registry', '--cluster', PROD], /--image:/],
      [['--image', 'europe-west1-docker.pkg.dev/nwv-registry/booking-images/api', '--cluster', 'booking-prod'], /not of the form projects\/P\/locations\/L\/clusters\/C/],
      [['--image', 'europe-west1-docker.pkg.dev/nwv-registry/booking-images/api', '--cluster', `${PROD}-x`], /is not in the scanned estate/],
      [['--image', 'europe-west1-docker.pkg.dev/nwv-registry/booking-images/api', '--cluster', PROD, '--node-pool', 'nope'], /node pool "nope" is not in/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(['can-pull', '--scenario', DEMO, ...args]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe('scan', () => {
  it('exits 1 with --fail-on when a pair is that verdict or worse, and 0 without', () => {
    const fail = runCli(['scan', '--scenario', DEMO, '--fail-on', 'unknown', '--format', 'json']);
    expect(fail.status).toBe(1);
    expect(JSON.parse(fail.stdout).schemaVersion).toBe(1);
    expect(runCli(['scan', '--scenario', DEMO]).status).toBe(0);
  });
  it('writes the report to --out and only a summary to stderr', () => {
    const out = path.join(tmp, 'report.json');
    const r = runCli(['scan', '--scenario', DEMO, '--format', 'json', '--out', out]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    // 12 node pools and the pools the Autopilot cluster will create (nodePools/-), × 8 Docker repositories.
    expect(r.stderr).toMatch(/wrote .*report\.json: 104 pairs/);
    expect(JSON.parse(readFileSync(out, 'utf8')).pairs).toHaveLength(104);
  });
  it('refuses an unwritable --out before scanning, and a bad setting without leaving the emulator running', () => {
    const r = runCli(['scan', '--scenario', DEMO, '--format', 'json', '--out', path.join(tmp, 'no-such-dir', 'r.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('cannot write --out');
    const bad = runCli(['scan', '--scenario', DEMO], { env: { ...process.env, PULLCHECK_CONCURRENCY: 'abc' }, timeoutMs: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('PULLCHECK_CONCURRENCY="abc" is not valid');
  });
  it('rejects bad flags and a malformed scenario with exit 2, naming the file, line and field', () => {
    expect(runCli(['scan', '--scenario', DEMO, '--format', 'xml']).stderr).toContain('--format must be table, json, csv, sarif or markdown');
    expect(runCli(['scan']).status).toBe(2);
    const missing = runCli(['scan', '--scenario', path.join(tmp, 'nope.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.json');
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, '{\n  "scenario": 1,\n  "projects": [\n    { "project": { "projectId": "p-one" } }\n  ]\n}\n');
    const r = runCli(['scan', '--scenario', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.json:4: \$\.projects\[0\]\.project(\.projectNumber)?: .*projectNumber/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('collect', () => {
  let original: Report;
  beforeAll(() => {
    original = scanReport(DEMO);
  });

  it('writes a snapshot that scans to the same verdicts, unknowns and gaps included', () => {
    const snap = path.join(tmp, 'snapshot.json');
    const r = runCli(['collect', '--scenario', DEMO, '--out', snap]);
    expect(r.status, r.stderr).toBe(0);
    const again = scanReport(snap);
    expect(verdicts(again)).toEqual(verdicts(original));
    expect(again.gaps.map((g) => [g.method, g.resource, g.status]).sort()).toEqual(original.gaps.map((g) => [g.method, g.resource, g.status]).sort());
    // The workloads come along: the same pairs are in use, from the same images.
    const inUse = (rep: Report) => rep.pairs.filter((p) => p.inUse).map((p) => `${p.nodePool} ${p.repository}`).sort();
    expect(inUse(original).length).toBeGreaterThan(0);
    expect(inUse(again)).toEqual(inUse(original));
  });

  it('--redact hides every person and group email but keeps service accounts, and still scans the same', () => {
    const r = runCli(['collect', '--scenario', DEMO, '--redact']);
    expect(r.status, r.stderr).toBe(0);
    const demo = readFileSync(DEMO, 'utf8');
    const people = [...new Set([...demo.matchAll(/"(?:user|group):([^"]+)"/g)].map((m) => m[1]))];
    expect(people.length).toBeGreaterThan(0);
    for (const email of people) expect(r.stdout).not.toContain(email);
    expect(r.stdout).toContain('148572963481-compute@developer.gserviceaccount.com');
    // Nothing email-shaped is left but service accounts and placeholders.
    const left = [...r.stdout.matchAll(/[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g)]
      .map((m) => m[0].replace(/^['.]+/, ''))
      .filter((e) => !/@([a-z0-9-]+\.)*gserviceaccount\.com$/i.test(e) && !/^(user|group)-[0-9a-f]{10}@redacted\.example$/.test(e));
    expect(left).toEqual([]);
    const snap = path.join(tmp, 'redacted.json');
    writeFileSync(snap, r.stdout);
    expect(verdicts(scanReport(snap))).toEqual(verdicts(original));
  });
});

describe('diagnose on the demo estate', () => {
  const event = (image: string) =>
    `Events:\n  Type     Reason     Age   From     Message\n  ----     ------     ----  ----     -------\n  Normal   Scheduled  2m    default-scheduler  Successfully assigned shop/web-7d9 to gke-ci-legacy-default-pool-1a2b\n  Warning  Failed     90s   kubelet  Failed to pull image "${image}": rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://us-central1-docker.pkg.dev/v2/token?scope=repository%3Anwv-registry%2Fstorefront%2Fweb%3Apull&service=us-central1-docker.pkg.dev: 403 Forbidden\n  Warning  Failed     90s   kubelet  Error: ErrImagePull\n  Normal   BackOff    60s   kubelet  Back-off pulling image "${image}"\n`;

  it('names the missing grant and the command that adds it', () => {
    const image = 'us-central1-docker.pkg.dev/nwv-registry/storefront/web:1.4';
    const r = runCli(['diagnose', '--scenario', DEMO, '--image', image, '--error-file', '-', '--cluster', LEGACY, '--node-pool', 'default-pool'], { input: event(image) });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('148572963481-compute@developer.gserviceaccount.com');
    expect(r.stdout).toContain('gcloud artifacts repositories add-iam-policy-binding storefront --project=nwv-registry --location=us-central1');
    expect(r.stdout).toContain(`crictl pull`);
  });

  it('gives the diagnosis as JSON with the class and the ranked causes', () => {
    const image = 'us-central1-docker.pkg.dev/nwv-registry/storefront/web:1.4';
    const r = runCli(['diagnose', '--scenario', DEMO, '--image', image, '--error-file', '-', '--cluster', LEGACY, '--node-pool', 'default-pool', '--format', 'json'], { input: event(image) });
    const d = JSON.parse(r.stdout);
    expect(d.classification.classId).toBe('forbidden');
    expect(d.rankedCauses[0].rule).toBe('iam.no-download-permission');
    expect(d.rankedCauses[0].confidence).toBe('high');
  });
});

describe('output: --out, closed pipes and full disks', () => {
  const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
  /** A fresh directory holding report.json with "old report" in it. */
  const existing = (name: string) => {
    const dir = path.join(tmp, name);
    mkdirSync(dir);
    const file = path.join(dir, 'report.json');
    writeFileSync(file, 'old report\n');
    return { dir, file };
  };
  /** Runs a shell line from the repository root. */
  const sh = (line: string) => {
    const r = spawnSync('sh', ['-c', line], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('stops quietly with exit 0 when the reader of standard output goes away (EPIPE)', () => {
    for (const cmd of ['scan --scenario data/demo-estate.json --format json', 'collect --scenario data/demo-estate.json']) {
      const statusFile = path.join(tmp, `status-${cmd.split(' ')[0]}`);
      // The report (about 200 KB) is far larger than a pipe's buffer, so writes fail after head exits.
      const r = sh(`(bin/pullcheck ${cmd}; echo $? > ${statusFile}) | head -c1`);
      expect(r.stdout).toBe('{');
      expect(readFileSync(statusFile, 'utf8').trim(), r.stderr).toBe('0');
      expect(r.stderr).toBe('');
    }
  });

  it.runIf(existsSync('/dev/full'))('says in one line that the disk is full, with exit 4 (stdout and --out)', () => {
    const viaStdout = sh('bin/pullcheck scan --scenario data/demo-estate.json --format json > /dev/full');
    expect(viaStdout.status).toBe(4);
    expect(viaStdout.stderr).toBe('pullcheck: could not run: cannot write standard output: no space left on the device (ENOSPC)\n');
    const viaOut = runCli(['collect', '--scenario', DEMO, '--out', '/dev/full']);
    expect(viaOut.status).toBe(4);
    expect(viaOut.stderr).toBe('pullcheck: could not run: cannot write /dev/full: no space left on the device (ENOSPC)\n');
    noStack(viaOut.stderr);
  });

  it('leaves an existing --out file untouched, and no temporary file, when the run fails', () => {
    const bad = path.join(tmp, 'broken.json');
    writeFileSync(bad, '{ "scenario": 1, "projects": [ { "project": {} } ] }\n');
    for (const cmd of ['scan', 'collect']) {
      const { dir, file } = existing(`failed-${cmd}`);
      const r = runCli([cmd, '--scenario', bad, '--out', file]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('invalid scenario');
      noStack(r.stderr);
      expect(readFileSync(file, 'utf8')).toBe('old report\n');
      expect(readdirSync(dir)).toEqual(['report.json']);
    }
  });

  it('replaces an existing --out file when the run succeeds', () => {
    const { dir, file } = existing('replaced');
    const r = runCli(['collect', '--scenario', DEMO, '--out', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).scenario).toBe(1);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('removes the temporary file and keeps the old report when interrupted (SIGINT)', async () => {
    const { dir, file } = existing('interrupted');
    // The demo estate served slowly, so the scan is still collecting when the interrupt arrives.
    const slow = path.join(tmp, 'slow-demo.json');
    writeFileSync(slow, JSON.stringify({ ...JSON.parse(readFileSync(DEMO, 'utf8')), latencyMs: 400 }));
    const child = spawn(path.join(repoRoot, 'bin', 'pullcheck'), ['scan', '--scenario', slow, '--format', 'json', '--out', file], { cwd: repoRoot });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += String(c)));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    const deadline = Date.now() + 20_000;
    while (readdirSync(dir).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(dir).some((f) => /^\.report\.json\.pullcheck-\d+-[0-9a-f]+\.tmp$/.test(f))).toBe(true);
    child.kill('SIGINT');
    const end = await exited;
    expect(end.signal ?? end.code).toMatch(/SIGINT|130/);
    noStack(stderr);
    expect(readFileSync(file, 'utf8')).toBe('old report\n');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });
});
