import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Inventory, NodePool } from '../../lib/inventory/types';
import { makeCluster, makeNodePool, makeRepository } from '../../lib/inventory/builders';
import type { ScopeArgs } from '../args';
import { CouldNotRunError, type Io } from '../io';

const CLUSTER = 'projects/shop-prod/locations/europe-west1/clusters/prod';
const REPO = 'projects/registry-prj/locations/europe-west1/repositories/containers';
const IMAGE = 'europe-west1-docker.pkg.dev/registry-prj/containers/web:1.2';
const SA = 'nodes@shop-prod.iam.gserviceaccount.com';
const FORBIDDEN = `  Warning  Failed  1m  kubelet  Failed to pull image "${IMAGE}": rpc error: code = Unknown desc = failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://europe-west1-docker.pkg.dev/v2/token?scope=repository%3Aregistry-prj%2Fcontainers%2Fweb%3Apull&service=europe-west1-docker.pkg.dev: 403 Forbidden\n`;

const scanCalls: ScopeArgs[] = [];
let scanFailure: Error | null = null;

function pool(short: string): NodePool {
  return makeNodePool({ project: 'shop-prod', cluster: 'prod', name: short, serviceAccount: SA, version: '1.33.4-gke.1000' });
}

function inventory(): Inventory {
  const repo = makeRepository({ project: 'registry-prj', location: 'europe-west1', id: 'containers', mode: null });
  return {
    scope: { kind: 'projects', ids: ['shop-prod', 'registry-prj'] },
    collectedAt: '2026-11-25T16:30:04Z',
    organizations: [],
    folders: [],
    projects: ['shop-prod', 'registry-prj'].map((id) => ({ id, number: '123456789012', displayName: null, ancestry: { status: 'ok' as const, value: [] } })),
    clusters: [makeCluster({ project: 'shop-prod', location: 'europe-west1', shortName: 'prod', controlPlaneVersion: null, currentNodeVersion: null, network: null, nodePoolNames: ['pool-a', 'pool-b'] })],
    nodePools: [pool('pool-a'), pool('pool-b')],
    repositories: [repo],
    policies: {},
    serviceAccounts: {},
    roles: {},
    groups: {},
    subnetworks: {},
    routers: {},
    serverConfigs: {},
    clusterListGaps: [],
    repositoryListGaps: [],
    gaps: [],
  };
}

vi.mock('../scan-session', () => ({
  scanForCli: async (args: ScopeArgs) => {
    scanCalls.push(args);
    if (scanFailure) throw scanFailure;
    return { raw: {}, inventory: inventory(), report: {} };
  },
}));

vi.mock('../../lib/readiness/engine', () => ({
  evaluatePair: (_inv: Inventory, nodePool: string, repository: string) => ({
    nodePool,
    repository,
    verdict: 'cannot-pull',
    checks: [],
    causes: [
      {
        category: 'iam',
        rule: 'iam.no-download-permission',
        outcome: 'fail',
        message: `Service account ${SA} holds no role with artifactregistry.repositories.downloadArtifacts on ${repository}.`,
        evidence: { serviceAccount: SA },
        remediation: {
          steps: ['Grant the reader role on the repository.'],
          gcloud: `gcloud artifacts repositories add-iam-policy-binding containers --project=registry-prj --location=europe-west1 --member=serviceAccount:${SA} --role=roles/artifactregistry.reader`,
          docs: [],
        },
      },
    ],
  }),
}));

const { main } = await import('../main');

let dir: string;
function io(stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), readStdin: async () => stdin, env: {} as NodeJS.ProcessEnv, cwd: dir };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

async function cli(args: string[], stdin = '') {
  const t = io(stdin);
  const code = await main(['diagnose', ...args], t.io);
  return { code, stdout: t.out(), stderr: t.err() };
}

beforeEach(() => {
  scanCalls.length = 0;
  scanFailure = null;
  dir = mkdtempSync(join(tmpdir(), 'pullcheck-diagnose-'));
  writeFileSync(join(dir, 'error.txt'), FORBIDDEN);
  writeFileSync(join(dir, 'bare.txt'), '403 Forbidden\n');
});

describe('pullcheck diagnose: bad input is exit 2 with a message', () => {
  it.each([
    [['--error-file', 'bare.txt', '--projects', 'shop-prod'], /--image IMAGE is required when the error names no image or repository/],
    [['--image', IMAGE, '--projects', 'shop-prod'], /--error-file FILE is required/],
    [['--image', IMAGE, '--error-file', 'missing.txt', '--projects', 'shop-prod'], /--error-file missing\.txt: no such file/],
    [['--image', IMAGE, '--error-file', 'error.txt', '--node-pool', 'pool-a', '--projects', 'shop-prod'], /--node-pool needs --cluster/],
    [['--image', IMAGE, '--error-file', 'error.txt', '--format', 'yaml', '--projects', 'shop-prod'], /--format must be text or json, not "yaml"/],
    [['--image', 'europe-west1-docker.pkg.dev/registry-prj/web', '--error-file', 'error.txt'], /--image: The reference .* is missing the image name/],
    [['--image', IMAGE, '--error-file', 'error.txt', '--cluster', 'prod'], /--cluster "prod" is not of the form projects\/P\/locations\/L\/clusters\/C/],
    [['--image', 'nginx:1.25', '--error-file', 'error.txt'], /say what to scan/],
    [['--image', IMAGE, '--error-file', 'error.txt', '--bogus'], /Unknown option '--bogus'/],
  ])('%j', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('an empty or unreadable error file names the file', async () => {
    writeFileSync(join(dir, 'empty.txt'), '  \n');
    mkdirSync(join(dir, 'adir'));
    expect((await cli(['--image', IMAGE, '--error-file', 'empty.txt', '--projects', 'shop-prod'])).stderr).toMatch(/--error-file empty\.txt is empty/);
    expect((await cli(['--image', IMAGE, '--error-file', 'adir', '--projects', 'shop-prod'])).stderr).toMatch(/--error-file adir: is a directory/);
    expect((await cli(['--image', IMAGE, '--error-file', '-', '--projects', 'shop-prod'], '')).stderr).toMatch(/standard input is empty/);
  });

  it('an unknown cluster or node pool, after the scan', async () => {
    const r = await cli(['--image', IMAGE, '--error-file', 'error.txt', '--cluster', 'projects/shop-prod/locations/europe-west1/clusters/nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cluster projects\/shop-prod\/locations\/europe-west1\/clusters\/nope is not in the scanned estate; clusters found: .*clusters\/prod/);
    const p = await cli(['--image', IMAGE, '--error-file', 'error.txt', '--cluster', CLUSTER, '--node-pool', 'nope']);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/node pool "nope" is not in .*; its pools: pool-a, pool-b/);
  });
});

describe('pullcheck diagnose: a diagnosis is exit 0', () => {
  it('text: class, verdicts, ranked causes with the gcloud fix, the on-node check', async () => {
    const r = await cli(['--image', IMAGE, '--error-file', 'error.txt', '--cluster', CLUSTER, '--node-pool', 'pool-a', '--projects', 'shop-prod,registry-prj']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('error class  Permission denied (403 Forbidden) [forbidden]');
    expect(r.stdout).toContain(`repository   ${REPO} (in the scanned estate)`);
    expect(r.stdout).toMatch(/cannot-pull\s+projects\/shop-prod\/locations\/europe-west1\/clusters\/prod\/nodePools\/pool-a\s+\[iam\.no-download-permission\]/);
    expect(r.stdout).toMatch(/1\. \[high\] iam {2}iam\.no-download-permission/);
    expect(r.stdout).toContain('$ gcloud artifacts repositories add-iam-policy-binding containers --project=registry-prj');
    expect(r.stdout).toContain(`The node service account ${SA} has no permission to download from repository containers: grant roles/artifactregistry.reader on ${REPO}.`);
    expect(r.stdout).toMatch(/Linux: {3}sudo crictl pull --creds .* europe-west1-docker\.pkg\.dev\/registry-prj\/containers\/web:1\.2/);
    expect(r.stdout).toContain('C:\\etc\\kubernetes\\logs\\containerd.log');
    expect(scanCalls[0].scope).toEqual({ kind: 'projects', ids: ['shop-prod', 'registry-prj'] });
  });

  it('json: the Diagnosis object, read from standard input; the scope defaults to the cluster and image projects', async () => {
    const r = await cli(['--image', IMAGE, '--error-file', '-', '--cluster', CLUSTER, '--format', 'json'], FORBIDDEN);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.classification.classId).toBe('forbidden');
    expect(d.verdicts).toHaveLength(2);
    expect(d.rankedCauses[0]).toMatchObject({ rank: 1, rule: 'iam.no-download-permission', confidence: 'high' });
    expect(scanCalls[0].scope).toEqual({ kind: 'projects', ids: ['shop-prod', 'registry-prj'] });
  });

  it('without --image: the image the error names, the scope from its project, and JSON naming image, repository and class', async () => {
    const r = await cli(['--error-file', '-', '--cluster', CLUSTER, '--format', 'json'], FORBIDDEN);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.found).toMatchObject({ image: IMAGE, imageFrom: 'error-text', imageShape: 'kubelet', repository: REPO, errorClass: 'forbidden' });
    expect(scanCalls[0].scope).toEqual({ kind: 'projects', ids: ['shop-prod', 'registry-prj'] });
  });

  it('without --image: a repository named in a denied message is judged; text output says where the image came from', async () => {
    writeFileSync(
      join(dir, 'denied.txt'),
      `denied: Permission "artifactregistry.repositories.downloadArtifacts" denied on resource "${REPO}" (or it may not exist)\n`,
    );
    const r = await cli(['--error-file', join(dir, 'denied.txt'), '--cluster', CLUSTER]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`repository   ${REPO} (in the scanned estate)`);
    expect(r.stdout).toContain('image        (none: the error names a repository)');
    expect(scanCalls[0].scope).toEqual({ kind: 'projects', ids: ['shop-prod', 'registry-prj'] });
  });

  it('--image wins over the image in the error', async () => {
    const other = 'europe-west1-docker.pkg.dev/registry-prj/containers/api:2';
    const r = await cli(['--image', other, '--error-file', '-', '--cluster', CLUSTER, '--format', 'json'], FORBIDDEN);
    expect(JSON.parse(r.stdout).found).toMatchObject({ image: other, imageFrom: 'argument' });
  });

  it('an unrecognized error is still a diagnosis', async () => {
    writeFileSync(join(dir, 'odd.txt'), 'the pod is sad\n');
    const r = await cli(['--image', IMAGE, '--error-file', join(dir, 'odd.txt'), '--projects', 'shop-prod', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).classification).toMatchObject({ classId: null, title: 'Unrecognized' });
  });

  it('a scan that cannot run is exit 4', async () => {
    scanFailure = new CouldNotRunError('no usable Google credentials');
    const r = await cli(['--image', IMAGE, '--error-file', 'error.txt', '--projects', 'shop-prod']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/could not run: no usable Google credentials/);
    expect(r.stdout).toBe('');
  });
});
