import { afterEach, describe, expect, it, vi } from 'vitest';
import type { logging_v2 } from 'googleapis/build/src/apis/logging/v2';
import { startEmulator } from '../emulator';
import { parseScenarioOrThrow, type Scenario } from '../scenario/schema';
import { failedPullFilter, filterString, readPullFailures, type ClusterTarget } from './collect-logs';
import type { GcpConfig } from './config';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const CLUSTER = 'projects/apps/locations/europe-west1/clusters/prod';
const POOLS = [
  { name: `${CLUSTER}/nodePools/default-pool`, shortName: 'default-pool' },
  { name: `${CLUSTER}/nodePools/batch`, shortName: 'batch' },
];
const TARGET: ClusterTarget = { name: CLUSTER, pools: POOLS };
const AR = (tag: string) => `europe-west1-docker.pkg.dev/reg/images/api:${tag}`;

function failed(i: number, image: string, tail: string, over: { time?: string; cluster?: string; host?: string; pod?: string } = {}) {
  return {
    logName: 'projects/apps/logs/events',
    resource: { type: 'k8s_pod', labels: { project_id: 'apps', location: 'europe-west1', cluster_name: over.cluster ?? 'prod', namespace_name: 'web', pod_name: over.pod ?? `api-${i}` } },
    timestamp: over.time ?? new Date(NOW - i * 60_000).toISOString(),
    insertId: `evt-${i}`,
    jsonPayload: {
      reason: 'Failed',
      message: `Failed to pull image "${image}": rpc error: code = Unknown desc = failed to pull and unpack image "${image}": ${tail}`,
      involvedObject: { kind: 'Pod', namespace: 'web', name: over.pod ?? `api-${i}` },
      source: { component: 'kubelet', host: over.host ?? 'gke-prod-batch-7e2a9f03-q7wd' },
    },
  };
}

function scenario(extra: Record<string, unknown> = {}): Scenario {
  return parseScenarioOrThrow(
    JSON.stringify({
      scenario: 1,
      projects: [
        {
          project: { projectId: 'apps', projectNumber: '101' },
          logEntries: [
            failed(1, AR('1'), 'failed to authorize: failed to fetch oauth token: unexpected status: 403 Forbidden'),
            failed(2, 'docker.io/library/nginx:1.27', 'unexpected status code 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.', { host: 'gke-prod-default-pool-1a2b3c4d-x1y2' }),
            failed(3, AR('2'), `failed to resolve reference "${AR('2')}": ${AR('2')}: not found`, { host: 'node-without-gke-name', pod: 'placed-pod' }),
            // Outside the 24-hour window, and another cluster: not read.
            failed(4, AR('3'), 'unexpected status: 403 Forbidden', { time: '2026-11-28T12:00:00Z' }),
            failed(5, AR('4'), 'unexpected status: 403 Forbidden', { cluster: 'staging' }),
          ],
        },
      ],
      ...extra,
    }),
    'collect-logs-test.json',
  );
}

const config = (apiRoot: string, credentialsFile: string): GcpConfig => ({ apiRoot, credentialsFile, concurrency: 8, timeoutMs: 10_000, maxRetries: 2, quotaProject: null });

afterEach(() => {
  vi.useRealTimers();
});

describe('readPullFailures', () => {
  it('reads one cluster\'s failed pulls of the last 24 hours, newest first, classified and joined to pool and repository', async () => {
    const em = await startEmulator({ scenario: scenario() });
    try {
      const podPools = new Map([[`${CLUSTER}\nweb/placed-pod`, `${CLUSTER}/nodePools/default-pool`]]);
      const r = await readPullFailures([TARGET], { config: config(em.url, em.credentialsFile), now: () => NOW, podPools });
      expect(r.gaps).toEqual([]);
      const [c] = r.clusters;
      expect(c.gap).toBeNull();
      expect(c.since).toBe('2026-11-29T12:00:00.000Z');
      expect(c.failures.map((f) => [f.failure.class, f.nodePool?.split('/').pop() ?? null, f.repository, f.failure.pod])).toEqual([
        ['forbidden', 'batch', 'projects/reg/locations/europe-west1/repositories/images', 'web/api-1'],
        ['rate-limited', 'default-pool', null, 'web/api-2'],
        ['manifest-unknown', 'default-pool', 'projects/reg/locations/europe-west1/repositories/images', 'web/placed-pod'],
      ]);
      expect(c.failures[0].image).toBe(AR('1'));
      expect(c.failures[0].failure.message).toContain('403 Forbidden');
      expect(c.failures[1].image).toBe('docker.io/library/nginx:1.27');
      // One call, with the filter on the fields Kubernetes events carry.
      const calls = em.requests().filter((q) => q.api === 'logging');
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ method: 'POST', path: '/v2/entries:list', status: 200 });
    } finally {
      await em.stop();
    }
  });

  it('bounds pages and entries, and says the read was cut', async () => {
    const em = await startEmulator({ scenario: scenario() });
    try {
      const r = await readPullFailures([TARGET], { config: config(em.url, em.credentialsFile), now: () => NOW, pageSize: 1, maxPages: 2 });
      expect(r.clusters[0].failures).toHaveLength(2);
      expect(r.clusters[0].truncated).toBe(true);
      expect(r.calls).toBe(2);
    } finally {
      await em.stop();
    }
  });

  it('turns a refused read into a gap naming roles/logging.viewer, never a crash', async () => {
    const s = scenario({ faults: [{ match: 'POST /v2/entries:list', status: 403, reason: 'IAM_PERMISSION_DENIED' }] });
    const em = await startEmulator({ scenario: s });
    try {
      const r = await readPullFailures([TARGET, { name: 'projects/elsewhere/locations/us-central1/clusters/x', pools: [] }], { config: config(em.url, em.credentialsFile), now: () => NOW });
      expect(r.clusters.map((c) => c.failures.length)).toEqual([0, 0]);
      const gap = r.clusters[0].gap!;
      expect(gap).toMatchObject({ api: 'logging', method: 'entries.list', resource: CLUSTER, status: 403, permission: 'logging.logEntries.list', request: 'POST /v2/entries:list' });
      expect(gap.message).toBe(`Pullcheck could not read the Kubernetes events (Cloud Logging) of ${CLUSTER}: permission denied; the auditor likely lacks logging.logEntries.list (in roles/logging.viewer).`);
      expect(r.gaps).toHaveLength(2);
    } finally {
      await em.stop();
    }
  });

  it('backs off on 429 and honours Retry-After (fake timers)', async () => {
    vi.useFakeTimers();
    let attempts = 0;
    const client = {
      entries: {
        list: async () => {
          attempts++;
          if (attempts === 1) {
            throw Object.assign(new Error('quota'), {
              response: { status: 429, headers: { 'retry-after': '7' }, data: { error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'RATE_LIMIT_EXCEEDED' }] } } },
            });
          }
          return { data: { entries: [failed(1, AR('1'), 'unexpected status: 403 Forbidden')] } };
        },
      },
    } as unknown as logging_v2.Logging;
    const p = readPullFailures([TARGET], { config: config('http://unused', ''), client, now: () => NOW });
    await vi.advanceTimersByTimeAsync(6_000);
    expect(attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1_500);
    const r = await p;
    expect(attempts).toBe(2);
    expect(r.gaps).toEqual([]);
    expect(r.clusters[0].failures[0].failure.class).toBe('forbidden');
  });

  it('keeps a whole project within the emulator\'s 60 entries.list per minute: no 429, every cluster read', async () => {
    let virtual = NOW;
    const em = await startEmulator({ scenario: scenario(), quota: { perMinute: { logging: 60 } }, clock: () => virtual });
    try {
      const targets = Array.from({ length: 130 }, (_, i) => ({ name: `projects/apps/locations/europe-west1/clusters/c${i}`, pools: [] }));
      const r = await readPullFailures(targets, {
        config: config(em.url, em.credentialsFile),
        now: () => virtual,
        tuning: { sleep: async (ms) => void (virtual += ms) },
      });
      const calls = em.requests().filter((q) => q.api === 'logging');
      expect(r.calls).toBe(130);
      expect(calls).toHaveLength(130);
      expect(calls.filter((q) => q.status === 429)).toHaveLength(0);
      // 130 calls at 60 a minute take two full waits.
      expect(virtual - NOW).toBeGreaterThanOrEqual(120_000);
      expect(r.gaps).toEqual([]);
    } finally {
      await em.stop();
    }
  });
});

describe('the filter', () => {
  it('quotes every value, so a hostile name cannot change the query', () => {
    expect(filterString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(failedPullFilter({ location: 'europe-west1', cluster: 'prod" OR "x' }, '2026-11-29T12:00:00.000Z', '2026-11-30T12:00:00.000Z')).toBe(
      'log_id("events") AND resource.type="k8s_pod" AND resource.labels.cluster_name="prod\\" OR \\"x" AND resource.labels.location="europe-west1" AND jsonPayload.reason="Failed" AND jsonPayload.message:"Failed to pull image" AND timestamp>="2026-11-29T12:00:00.000Z" AND timestamp<="2026-11-30T12:00:00.000Z"',
    );
  });
});
