import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleAuth } from 'google-auth-library';
import { logging_v2 } from 'googleapis/build/src/apis/logging/v2';
import { parseScenarioOrThrow, type Scenario } from '../scenario/schema';
import { startEmulator, type Emulator } from './index';
import { compileLogFilter, CLOUD_LOGGING_LIST_PER_MINUTE, MAX_FILTER, withRecentLogEntries } from './logging';

const IMAGE = 'europe-west1-docker.pkg.dev/reg/images/api:1';

/** A Kubernetes `Failed` event as GKE writes it to the project's "events" log. */
function event(i: number, over: { cluster?: string; location?: string; reason?: string; time?: string; message?: string; severity?: string } = {}) {
  return {
    logName: 'projects/apps/logs/events',
    resource: {
      type: 'k8s_pod',
      labels: { project_id: 'apps', location: over.location ?? 'europe-west1', cluster_name: over.cluster ?? 'prod', namespace_name: 'web', pod_name: `api-${i}` },
    },
    timestamp: over.time ?? `2026-11-30T10:${String(i).padStart(2, '0')}:00Z`,
    severity: over.severity ?? 'WARNING',
    insertId: `evt-${String(i).padStart(3, '0')}`,
    jsonPayload: {
      reason: over.reason ?? 'Failed',
      type: 'Warning',
      message: over.message ?? `Failed to pull image "${IMAGE}": rpc error: code = Unknown desc = failed to authorize: failed to fetch oauth token: unexpected status: 403 Forbidden`,
      involvedObject: { kind: 'Pod', namespace: 'web', name: `api-${i}` },
      source: { component: 'kubelet', host: 'gke-prod-default-pool-1a2b3c4d-x1y2' },
    },
  };
}

function scenario(): Scenario {
  const entries = [
    ...Array.from({ length: 7 }, (_, i) => event(i)),
    event(20, { cluster: 'staging' }),
    event(21, { reason: 'Pulled', message: `Successfully pulled image "${IMAGE}"`, severity: 'INFO' }),
    event(22, { location: 'us-central1' }),
    { ...event(23), logName: 'projects/apps/logs/cloudaudit.googleapis.com%2Factivity' },
  ];
  return parseScenarioOrThrow(
    JSON.stringify({
      scenario: 1,
      organizations: [{ organization: { name: 'organizations/77', displayName: 'example.com' } }],
      projects: [
        { project: { projectId: 'apps', projectNumber: '101', parent: { type: 'organization', id: '77' } }, logEntries: entries },
        { project: { projectId: 'quiet', projectNumber: '102' }, disabledServices: ['logging.googleapis.com'] },
      ],
    }),
    'logging-test.json',
  );
}

function client(em: Emulator) {
  const auth = new GoogleAuth({ keyFile: em.credentialsFile, scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
  return new logging_v2.Logging({ auth, rootUrl: `${em.url}/`, retry: false });
}

interface Refusal {
  status: number;
  error: { code: number; status: string; message: string; details: Array<{ reason: string; metadata?: Record<string, string> }> };
  retryAfter: string | null;
}

async function refusal(p: Promise<unknown>): Promise<Refusal> {
  try {
    await p;
  } catch (err) {
    const e = err as { response?: { status: number; data: { error: Refusal['error'] }; headers: Headers } };
    return { status: e.response!.status, error: e.response!.data.error, retryAfter: e.response!.headers.get('retry-after') };
  }
  throw new Error('expected the call to fail');
}

const FAILED = 'log_id("events") AND resource.type="k8s_pod" AND resource.labels.cluster_name="prod" AND resource.labels.location="europe-west1" AND jsonPayload.reason="Failed"';

let em: Emulator;
let logging: logging_v2.Logging;
beforeAll(async () => {
  em = await startEmulator({ scenario: scenario() });
  logging = client(em);
});
afterAll(async () => {
  await em.stop();
});

describe('Cloud Logging entries.list in the emulator', () => {
  it('answers on Google\'s path, POST /v2/entries:list, oldest first by default and in pages of 50', async () => {
    const res = await logging.entries.list({ requestBody: { resourceNames: ['projects/apps'] } });
    expect(res.data.entries?.map((e) => e.insertId)).toEqual(['evt-000', 'evt-001', 'evt-002', 'evt-003', 'evt-004', 'evt-005', 'evt-006', 'evt-020', 'evt-021', 'evt-022', 'evt-023']);
    expect(res.data.nextPageToken).toBeUndefined();
    expect(em.requests().at(-1)).toMatchObject({ method: 'POST', path: '/v2/entries:list', api: 'logging', status: 200 });
    // Google fills receiveTimestamp.
    expect(res.data.entries?.[0].receiveTimestamp).toBe('2026-11-30T10:00:00Z');
  });

  it('filters on the Kubernetes event fields, ANDed, newest first, paged with nextPageToken', async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const res = await logging.entries.list({ requestBody: { resourceNames: ['projects/apps'], filter: FAILED, orderBy: 'timestamp desc', pageSize: 3, pageToken } });
      seen.push(...(res.data.entries ?? []).map((e) => e.insertId!));
      pageToken = res.data.nextPageToken ?? undefined;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(seen).toEqual(['evt-006', 'evt-005', 'evt-004', 'evt-003', 'evt-002', 'evt-001', 'evt-000']);
  });

  it('restricts timestamps with >= and <=, and reads implicit AND, OR, NOT, "-", ":" and log_id', async () => {
    const ids = async (filter: string) =>
      ((await logging.entries.list({ requestBody: { resourceNames: ['projects/apps'], filter } })).data.entries ?? []).map((e) => e.insertId);
    expect(await ids(`${FAILED} AND timestamp>="2026-11-30T10:02:00Z" AND timestamp<="2026-11-30T10:04:00Z"`)).toEqual(['evt-002', 'evt-003', 'evt-004']);
    expect(await ids('resource.labels.cluster_name="staging" OR resource.labels.location="us-central1"')).toEqual(['evt-020', 'evt-022']);
    expect(await ids('jsonPayload.reason="Pulled"')).toEqual(['evt-021']);
    expect(await ids('jsonPayload.message:"successfully PULLED" severity>=INFO')).toEqual(['evt-021']);
    expect(await ids('log_id("events") NOT jsonPayload.reason="Failed"')).toEqual(['evt-021']);
    expect(await ids('-log_id("events")')).toEqual(['evt-023']);
    expect(await ids('severity<WARNING')).toEqual(['evt-021']);
    expect(await ids('resource.labels.pod_name="api-3"')).toEqual(['evt-003']);
    expect(await ids('"api-20"')).toEqual(['evt-020']);
  });

  it('answers an unsupported or malformed filter with Google\'s 400 INVALID_ARGUMENT', async () => {
    for (const filter of ['httpRequest.status=403', 'jsonPayload.reason>"F"', 'timestamp>="yesterday"', 'resource.type=', '(log_id("events")', 'jsonPayload.message:"unterminated', 'severity=LOUD']) {
      const e = await refusal(logging.entries.list({ requestBody: { resourceNames: ['projects/apps'], filter } }));
      expect(e.status, filter).toBe(400);
      expect(e.error.status).toBe('INVALID_ARGUMENT');
      expect(e.error.details[0].reason).toBe('INVALID_ARGUMENT');
    }
    const order = await refusal(logging.entries.list({ requestBody: { resourceNames: ['projects/apps'], orderBy: 'severity desc' } }));
    expect(order.status).toBe(400);
    const size = await refusal(logging.entries.list({ requestBody: { resourceNames: ['projects/apps'], pageSize: -1 } }));
    expect(size.status).toBe(400);
    const none = await refusal(logging.entries.list({ requestBody: { filter: FAILED } }));
    expect(none.error.message).toContain('resource_names is required');
    // A page token belongs to the request it continues.
    const first = await logging.entries.list({ requestBody: { resourceNames: ['projects/apps'], pageSize: 1 } });
    const other = await refusal(logging.entries.list({ requestBody: { resourceNames: ['projects/apps'], pageSize: 1, filter: FAILED, pageToken: first.data.nextPageToken! } }));
    expect(other.status).toBe(400);
  });

  it('refuses a project the caller cannot see with 403 naming logging.logEntries.list, and a disabled Logging API with SERVICE_DISABLED', async () => {
    const e = await refusal(logging.entries.list({ requestBody: { resourceNames: ['projects/elsewhere'], filter: FAILED } }));
    expect(e.status).toBe(403);
    expect(e.error.message).toBe("Permission 'logging.logEntries.list' denied on resource 'projects/elsewhere' (or it may not exist).");
    expect(e.error.details[0].metadata?.permission).toBe('logging.logEntries.list');
    const off = await refusal(logging.entries.list({ requestBody: { resourceNames: ['projects/quiet'] } }));
    expect(off.status).toBe(403);
    expect(off.error.details[0].reason).toBe('SERVICE_DISABLED');
    expect(off.error.details[0].metadata?.service).toBe('logging.googleapis.com');
    // A known organization holds no logs in a scenario; an unknown one is refused.
    expect((await logging.entries.list({ requestBody: { resourceNames: ['organizations/77'] } })).data.entries).toBeUndefined();
    expect((await refusal(logging.entries.list({ requestBody: { resourceNames: ['organizations/78'] } }))).status).toBe(403);
  });
});

describe('the filter parser on hostile input', () => {
  it('runs in linear time and bounds size, depth and terms', () => {
    const t0 = performance.now();
    for (const filter of [
      '"'.repeat(19_999),
      'a'.repeat(19_999),
      '('.repeat(10_000) + ')'.repeat(9_999),
      'NOT '.repeat(4_999),
      'x=1 '.repeat(4_999),
      '\\"'.repeat(9_999),
      `jsonPayload.message:"${'a\\'.repeat(6_000)}"`,
      '-'.repeat(19_999),
    ]) {
      expect(filter.length).toBeLessThanOrEqual(MAX_FILTER);
      try {
        compileLogFilter(filter);
      } catch {
        // refused is fine: only the time matters here
      }
    }
    expect(performance.now() - t0).toBeLessThan(500);
    expect(() => compileLogFilter('x'.repeat(MAX_FILTER + 1))).toThrow(/longer than 20000/);
    expect(() => compileLogFilter(`${'('.repeat(40)}log_id("events")${')'.repeat(40)}`)).toThrow(/nested more than/);
    expect(() => compileLogFilter(Array.from({ length: 600 }, (_, i) => `labels.k${i}="v"`).join(' AND '))).toThrow(/more than 500 terms/);
  });
});

describe('the entries.list quota', () => {
  it('allows 60 calls per minute per project and answers 429 RESOURCE_EXHAUSTED with Retry-After past it', async () => {
    expect(CLOUD_LOGGING_LIST_PER_MINUTE).toBe(60);
    let now = 5_000_000;
    const q = await startEmulator({ scenario: scenario(), quota: { perMinute: { logging: CLOUD_LOGGING_LIST_PER_MINUTE } }, clock: () => now });
    try {
      const c = client(q);
      for (let i = 0; i < 60; i++) await c.entries.list({ requestBody: { resourceNames: ['projects/apps'], filter: FAILED, pageSize: 1 } });
      const e = await refusal(c.entries.list({ requestBody: { resourceNames: ['projects/apps'], filter: FAILED } }));
      expect(e.status).toBe(429);
      expect(e.error.status).toBe('RESOURCE_EXHAUSTED');
      expect(e.error.details[0].metadata?.consumer).toBe('projects/apps');
      expect(Number(e.retryAfter)).toBeGreaterThan(0);
      // Another project has its own 60.
      expect((await refusal(c.entries.list({ requestBody: { resourceNames: ['projects/elsewhere'] } }))).status).toBe(403);
      now += 60_000;
      await c.entries.list({ requestBody: { resourceNames: ['projects/apps'], filter: FAILED, pageSize: 1 } });
    } finally {
      await q.stop();
    }
  });
});

describe('withRecentLogEntries', () => {
  it('moves the recorded events so the newest is an hour old, keeping their spacing, without changing the scenario', () => {
    const s = scenario();
    const now = Date.parse('2027-03-01T12:00:00Z');
    const moved = withRecentLogEntries(s, now);
    const times = moved.projects[0].logEntries!.map((e) => e.timestamp);
    expect(times).toContain('2027-03-01T11:00:00.000Z');
    expect(times).toContain('2027-03-01T10:37:00.000Z');
    expect(s.projects[0].logEntries![0].timestamp).toBe('2026-11-30T10:00:00Z');
  });
});
