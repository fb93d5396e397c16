import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type Emulator } from '@/lib/emulator';
import { runScan, type ScanOutcome } from '@/lib/scan/run';
import { parseScenarioOrThrow } from '@/lib/scenario/schema';

const state = vi.hoisted(() => ({ scans: new Map<string, Record<string, unknown>>() }));
vi.mock('@/lib/server/scans', () => ({ getScan: (id: string) => state.scans.get(id) ?? null }));
const { POST } = await import('./route');

const root = path.resolve(import.meta.dirname, '../../..');
const FILE = 'data/scenarios/troubleshooter-disagree.json';
const POOLS = 'projects/td-apps/locations/europe-west1/clusters/apps/nodePools/';
const REPO = 'projects/td-registry/locations/europe-west1/repositories/images';

let emulator: Emulator;
let outcome: ScanOutcome;
const saved = { ...process.env };

beforeAll(async () => {
  emulator = await startEmulator({ scenario: parseScenarioOrThrow(readFileSync(path.join(root, FILE), 'utf8'), FILE) });
  // The server's own endpoint and credentials, as the demo sets them.
  process.env.PULLCHECK_API_ROOT = emulator.url;
  process.env.GOOGLE_APPLICATION_CREDENTIALS = emulator.credentialsFile;
  const config = { apiRoot: emulator.url, credentialsFile: emulator.credentialsFile, concurrency: 16, timeoutMs: 30_000, maxRetries: 2, quotaProject: null };
  outcome = await runScan({ scope: { kind: 'scenario', ids: ['staged'] }, config });
  const done = { status: 'done', outcome };
  state.scans.set('live-1', { id: 'live-1', source: 'demo', ...done });
  state.scans.set('snap-1', { id: 'snap-1', source: 'snapshot', ...done });
  state.scans.set('run-1', { id: 'run-1', source: 'live', status: 'running', outcome: null });
}, 60_000);
afterAll(async () => {
  process.env = saved;
  await emulator.stop();
});

const post = (body: unknown) =>
  POST(new Request('http://127.0.0.1/api/troubleshoot', { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }));

describe('POST /api/troubleshoot', () => {
  it('returns Google\'s answer beside Pullcheck\'s IAM step, loud on a disagreement', async () => {
    const res = await post({ scan: 'live-1', nodePool: `${POOLS}pool-a`, repository: REPO });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ agreement: 'disagree', pullcheck: { iam: 'granted' }, google: { answered: true, access: 'NOT_GRANTED', overallAccessState: 'CANNOT_ACCESS' } });
    expect(body.sentence).toBe("DISAGREEMENT: Pullcheck's IAM step says granted, Google says NOT_GRANTED. One of them is wrong: compare the evidence below.");
    expect(body.pullcheck.evidence[0]).toMatch(/^✓ iam\.no-download-permission: Granted by roles\/artifactregistry\.reader/);
    // Nothing about credentials or the endpoint reaches the browser.
    const text = JSON.stringify(body);
    expect(text).not.toContain(emulator.url);
    expect(text).not.toContain('credentials');
  });
  it('is quiet on agreement', async () => {
    const body = await (await post({ scan: 'live-1', nodePool: `${POOLS}pool-c`, repository: REPO })).json();
    expect(body).toMatchObject({ agreement: 'agree', sentence: 'Google agrees: GRANTED.' });
    expect(body.google.explanation[0]).toContain('Granted by roles/artifactregistry.reader');
  });
  it('answers 4xx with the field for bad input, unknown pairs, unfinished scans and snapshots', async () => {
    const cases: [unknown, number, string | null][] = [
      ['{"scan":', 400, null],
      [{ scan: 'live-1', nodePool: `${POOLS}pool-a` }, 400, 'repository'],
      [{ scan: 'live-1', nodePool: `${POOLS}pool-a`, repository: REPO, token: 'x' }, 400, null],
      [{ scan: 'gone', nodePool: `${POOLS}pool-a`, repository: REPO }, 404, 'scan'],
      [{ scan: 'run-1', nodePool: `${POOLS}pool-a`, repository: REPO }, 409, 'scan'],
      [{ scan: 'live-1', nodePool: `${POOLS}pool-z`, repository: REPO }, 404, 'nodePool'],
      [{ scan: 'live-1', nodePool: `${POOLS}pool-a`, repository: `${REPO}x` }, 404, 'repository'],
      [{ scan: 'snap-1', nodePool: `${POOLS}pool-a`, repository: REPO }, 409, 'scan'],
    ];
    for (const [body, status, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      const out = await res.json();
      expect(out.field).toBe(field);
      expect(out.error).toMatch(/^[A-Z]/);
    }
    expect(await post('x'.repeat(20_000)).then((r) => r.status)).toBe(413);
  });
});
