import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '@/lib/emulator';
import { withRecentLogEntries } from '@/lib/emulator/logging';
import { runScan } from '@/lib/scan/run';
import { parseScenarioOrThrow } from '@/lib/scenario/schema';

const state = vi.hoisted(() => ({ scans: new Map<string, Record<string, unknown>>() }));
vi.mock('@/lib/server/scans', () => ({ ensureScan: async (id: string | null) => state.scans.get(id ?? 'live-1') ?? null }));
const { GET } = await import('./route');

const root = path.resolve(import.meta.dirname, '../../../../../../..');
const FILE = 'data/demo-estate.json';
const BATCH = 'projects/nwv-booking-prod/locations/europe-west1/clusters/booking-prod/nodePools/batch';

let emulator: Emulator;
const saved = { ...process.env };

beforeAll(async () => {
  // The demo's recorded event, made recent as `npm run demo` makes it.
  const scenario = withRecentLogEntries(parseScenarioOrThrow(readFileSync(path.join(root, FILE), 'utf8'), FILE), Date.now());
  emulator = await startEmulator({ scenario });
  process.env.PULLCHECK_API_ROOT = emulator.url;
  process.env.GOOGLE_APPLICATION_CREDENTIALS = emulator.credentialsFile;
  const config = { apiRoot: emulator.url, credentialsFile: emulator.credentialsFile, concurrency: 16, timeoutMs: 30_000, maxRetries: 2, quotaProject: null };
  const outcome = await runScan({ scope: { kind: 'scenario', ids: ['demo'] }, config });
  const done = { status: 'done', outcome };
  state.scans.set('live-1', { id: 'live-1', source: 'demo', ...done });
  state.scans.set('snap-1', { id: 'snap-1', source: 'snapshot', ...done });
  state.scans.set('run-1', { id: 'run-1', source: 'live', status: 'running', outcome: null });
}, 120_000);
afterAll(async () => {
  process.env = saved;
  await emulator.stop();
});

const get = (project: string, location: string, cluster: string, query = '') =>
  GET(new Request(`http://127.0.0.1/api/clusters/${project}/${location}/${cluster}/pull-failures${query}`), { params: Promise.resolve({ project, location, cluster }) });

describe('GET /api/clusters/P/L/C/pull-failures', () => {
  it('reads the cluster\'s failed pulls from Cloud Logging, classified and joined to the pair, with the real message', async () => {
    const res = await get('nwv-booking-prod', 'europe-west1', 'booking-prod', '?scan=live-1');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.gap).toBeNull();
    expect(body.failures).toHaveLength(1);
    expect(body.failures[0]).toMatchObject({
      pod: 'batch/nightly-report-29145600-7tq2x',
      image: 'europe-west1-docker.pkg.dev/nwv-registry/booking-images/report:4.2',
      class: 'unauthorized',
      nodePool: BATCH,
      repository: 'projects/nwv-registry/locations/europe-west1/repositories/booking-images',
      verdict: 'cannot-pull',
    });
    expect(body.failures[0].message).toMatch(/^Failed to pull image ".*401 Unauthorized$/);
    const text = JSON.stringify(body);
    expect(text).not.toContain(emulator.url);
    expect(text).not.toContain('credentials');
    // The read went to Google's path, once.
    expect(emulator.requests().filter((r) => r.path === '/v2/entries:list')).toHaveLength(1);
  });

  it('answers a cluster without failures with an empty list, and the newest scan without ?scan', async () => {
    const body = await (await get('nwv-booking-staging', 'europe-west1-b', 'booking-staging')).json();
    expect(body).toMatchObject({ failures: [], gap: null, scan: 'live-1' });
  });

  it('answers 4xx with the field for bad input, unknown clusters, unfinished scans and snapshots', async () => {
    const cases: [[string, string, string, string], number, string][] = [
      [['NWV', 'europe-west1', 'booking-prod', ''], 400, 'project'],
      [['nwv-booking-prod', 'europe-west1', 'booking-prod;rm', ''], 400, 'cluster'],
      [['nwv-booking-prod', 'x'.repeat(150), 'booking-prod', ''], 400, 'location'],
      [['nwv-booking-prod', 'europe-west1', 'booking-prod', `?scan=${'x'.repeat(201)}`], 400, 'scan'],
      [['nwv-booking-prod', 'europe-west1', 'booking-prod', '?scan=gone'], 404, 'scan'],
      [['nwv-booking-prod', 'europe-west1', 'booking-prod', '?scan=run-1'], 409, 'scan'],
      [['nwv-booking-prod', 'europe-west1', 'nope', '?scan=live-1'], 404, 'cluster'],
      [['nwv-booking-prod', 'europe-west1', 'booking-prod', '?scan=snap-1'], 409, 'scan'],
    ];
    for (const [[p, l, c, q], status, field] of cases) {
      const res = await get(p, l, c, q);
      expect(res.status, `${p}/${l}/${c}${q}`).toBe(status);
      const out = await res.json();
      expect(out.field).toBe(field);
      expect(out.error).toMatch(/^[A-Z]/);
    }
  });
});
