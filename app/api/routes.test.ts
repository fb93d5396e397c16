import { beforeEach, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({ demo: false, full: false, tooLarge: '' as string, scans: new Map<string, Record<string, unknown>>(), started: [] as unknown[] }));

vi.mock('@/lib/server/scans', () => {
  const summarize = (r: Record<string, unknown>) => {
    const { outcome: _o, ...rest } = r;
    void _o;
    return rest;
  };
  class ScanLimitError extends Error {}
  class EstateTooLargeError extends Error {}
  const make = (id: string, scope: unknown, label: string, source: string) => {
    if (state.full) throw new ScanLimitError('3 scans are already running; wait for one to finish or cancel one, then start again.');
    const rec = { id, scope, label, source, status: 'running', progress: { phase: 'starting', projectsDone: 0, projectsTotal: 0, calls: 0, gaps: 0 }, startedAt: 'now', finishedAt: null, error: null, outcome: null };
    state.scans.set(id, rec);
    state.started.push({ scope, label, source });
    return rec;
  };
  return {
    ScanLimitError,
    EstateTooLargeError,
    reserveSlot: () => {
      if (state.full) throw new ScanLimitError('3 scans are already running; wait for one to finish or cancel one, then start again.');
      return { release: () => {} };
    },
    isDemo: () => state.demo,
    summarize,
    listScans: () => [...state.scans.values()],
    getScan: (id: string) => state.scans.get(id) ?? null,
    startScan: (scope: unknown, label: string) => make('live-1', scope, label, 'live'),
    startDemoScan: () => make('demo-1', { kind: 'scenario', ids: ['demo estate'] }, 'demo estate', 'demo'),
    startSnapshotScan: async (_s: unknown, fileName: string) => {
      if (state.tooLarge) throw new EstateTooLargeError(state.tooLarge);
      return make('snap-1', { kind: 'scenario', ids: [fileName] }, `snapshot ${fileName}`, 'snapshot');
    },
    cancelScan: (id: string) => {
      const r = state.scans.get(id);
      if (!r || r.status !== 'running') return false;
      r.status = 'cancelled';
      return true;
    },
    ensureScan: async () => null,
  };
});

const scans = await import('./scans/route');
const scan = await import('./scans/[id]/route');
const report = await import('./scans/[id]/report/route');
const snapshots = await import('./snapshots/route');

const post = (path: string, body: BodyInit, headers: Record<string, string> = { 'content-type': 'application/json' }) => new Request(`http://127.0.0.1${path}`, { method: 'POST', body, headers });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

beforeEach(() => {
  state.demo = false;
  state.full = false;
  state.tooLarge = '';
  state.scans.clear();
  state.started.length = 0;
});

describe('POST /api/scans', () => {
  it('starts a scan of the projects named and answers 202 with its summary, never the outcome', async () => {
    const res = await scans.POST(post('/api/scans', JSON.stringify({ scope: { kind: 'projects', ids: ['shop-prod'] } })));
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body.scan).toMatchObject({ id: 'live-1', status: 'running', label: 'project shop-prod' });
    expect(body.scan).not.toHaveProperty('outcome');
    expect(state.started).toEqual([{ scope: { kind: 'projects', ids: ['shop-prod'] }, label: 'project shop-prod', source: 'live' }]);
  });

  it('answers 400 naming the field when the scope is wrong, and for a body that is not JSON', async () => {
    const res = await scans.POST(post('/api/scans', JSON.stringify({ scope: { kind: 'folder', ids: ['abc'] } })));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatch(/^scope\.ids\[0\]: is not a folder id/);
    expect(body.issues).toEqual([{ path: 'scope.ids[0]', message: expect.any(String) }]);
    const notJson = await scans.POST(post('/api/scans', '{oops'));
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toMatch(/not JSON/);
    expect(state.started).toEqual([]);
  });

  it('scans the demo estate for kind demo in demo mode only', async () => {
    expect((await scans.POST(post('/api/scans', JSON.stringify({ scope: { kind: 'demo' } })))).status).toBe(400);
    state.demo = true;
    const res = await scans.POST(post('/api/scans', JSON.stringify({ scope: { kind: 'demo' } })));
    expect(res.status).toBe(202);
    expect((await res.json()).scan.source).toBe('demo');
  });
});

describe('/api/scans/[id]', () => {
  it('answers 404 for an unknown scan, and the summary for a known one', async () => {
    expect((await scan.GET(new Request('http://x'), ctx('nope'))).status).toBe(404);
    await scans.POST(post('/api/scans', JSON.stringify({ scope: { kind: 'all-projects' } })));
    const res = await scan.GET(new Request('http://x'), ctx('live-1'));
    expect(res.status).toBe(200);
    expect((await res.json()).scan.progress.phase).toBe('starting');
  });

  it('cancels a running scan, then answers 409 because it no longer runs', async () => {
    await scans.POST(post('/api/scans', JSON.stringify({ scope: { kind: 'all-projects' } })));
    const first = await scan.DELETE(new Request('http://127.0.0.1/api/scans/live-1', { method: 'DELETE' }), ctx('live-1'));
    expect(first.status).toBe(200);
    expect((await first.json()).scan.status).toBe('cancelled');
    const second = await scan.DELETE(new Request('http://127.0.0.1/api/scans/live-1', { method: 'DELETE' }), ctx('live-1'));
    expect(second.status).toBe(409);
    expect((await second.json()).error).toMatch(/not running \(it is cancelled\)/);
  });

  it('answers 409 for the report while the scan runs, and the report once done', async () => {
    await scans.POST(post('/api/scans', JSON.stringify({ scope: { kind: 'all-projects' } })));
    const running = await report.GET(new Request('http://x'), ctx('live-1'));
    expect(running.status).toBe(409);
    expect((await running.json()).error).toMatch(/still running/);
    const rec = state.scans.get('live-1')!;
    rec.status = 'done';
    const full = { schemaVersion: 1, scannedAt: '2026-11-30T21:00:00.000Z', scope: { kind: 'all-projects', ids: [] }, pairs: [], findings: [], gaps: [] };
    rec.outcome = { report: full };
    const done = await report.GET(new Request('http://x', { headers: { 'accept-encoding': 'gzip' } }), ctx('live-1'));
    expect(done.status).toBe(200);
    const text = await new Response(done.body!.pipeThrough(new DecompressionStream('gzip'))).text();
    expect(JSON.parse(text)).toEqual(full);
  });
});

describe('POST /api/snapshots', () => {
  it('answers 400 with located issues for a malformed file', async () => {
    const form = new FormData();
    form.set('file', new File(['{\n  "scenario": 1,\n  "projects": [\n    { "project": { "projectId": "a-project" } }\n  ]\n}'], 'broken.json'));
    const res = await snapshots.POST(post('/api/snapshots', form, {}));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatch(/broken\.json is not a valid scenario/);
    expect(body.issues).toEqual([{ file: 'broken.json', path: '$.projects[0].project.projectNumber', line: 4, message: 'missing required field "projectNumber"' }]);
    const syntax = await snapshots.POST(post('/api/snapshots', '{"scenario": 1,', { 'content-type': 'application/json', 'x-file-name': 'cut.json' }));
    expect(syntax.status).toBe(400);
    expect((await syntax.json()).issues[0]).toMatchObject({ file: 'cut.json', path: '$', message: expect.stringMatching(/^invalid JSON/) });
    expect(state.started).toEqual([]);
  });

  it('answers 413 for a file over 20 MB, before reading it', async () => {
    const res = await snapshots.POST(post('/api/snapshots', '{}', { 'content-type': 'application/json', 'content-length': String(21 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/larger than 20 MB/);
  });

  it('refuses regular-expression faults and long delays in an uploaded snapshot, naming where', async () => {
    const file = { scenario: 1, projects: [], latencyMs: 60_000, faults: [{ match: '/^GET \\/v1\\/projects\\/(a|a)*b/', status: 403 }] };
    const res = await snapshots.POST(post('/api/snapshots', JSON.stringify(file), { 'content-type': 'application/json', 'x-file-name': 'evil.json' }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.issues.map((i: { path: string }) => i.path)).toEqual(['$.latencyMs', '$.faults[0].match']);
    expect(body.issues[1].message).toMatch(/exact "METHOD \/path" matches only/);
    expect(state.started).toEqual([]);
  });

  it('answers 429 when too many scans are running', async () => {
    state.full = true;
    const res = await snapshots.POST(post('/api/snapshots', JSON.stringify({ scenario: 1, projects: [] }), { 'content-type': 'application/json', 'x-file-name': 'acme.json' }));
    expect(res.status).toBe(429);
    expect((await res.json()).error).toMatch(/already running/);
    const live = await scans.POST(post('/api/scans', JSON.stringify({ scope: { kind: 'projects', ids: ['shop-prod'] } })));
    expect(live.status).toBe(429);
  });

  it('starts a snapshot scan for a valid file', async () => {
    const res = await snapshots.POST(post('/api/snapshots', JSON.stringify({ scenario: 1, projects: [] }), { 'content-type': 'application/json', 'x-file-name': 'acme.json' }));
    expect(res.status).toBe(202);
    expect((await res.json()).scan).toMatchObject({ id: 'snap-1', label: 'snapshot acme.json', source: 'snapshot' });
  });
});

describe('cross-site requests and body types', () => {
  const evil = { 'content-type': 'application/json', origin: 'https://evil.example', host: '127.0.0.1' };

  it('refuses a cross-site POST /api/scans, /api/snapshots and DELETE /api/scans/ID with 403, starting nothing', async () => {
    const body = JSON.stringify({ scope: { kind: 'projects', ids: ['shop-prod'] } });
    const a = await scans.POST(post('/api/scans', body, evil));
    expect(a.status).toBe(403);
    expect((await a.json()).error).toMatch(/another site \(the Origin https:\/\/evil\.example is not this server\)/);
    const form = new FormData();
    form.set('file', new File([JSON.stringify({ scenario: 1, projects: [] })], 'x.json'));
    const b = await snapshots.POST(new Request('http://127.0.0.1/api/snapshots', { method: 'POST', body: form, headers: { 'sec-fetch-site': 'cross-site' } }));
    expect(b.status).toBe(403);
    await scans.POST(post('/api/scans', body));
    const c = await scan.DELETE(new Request('http://127.0.0.1/api/scans/live-1', { method: 'DELETE', headers: { origin: 'http://attacker.test' } }), ctx('live-1'));
    expect(c.status).toBe(403);
    expect(state.scans.get('live-1')?.status).toBe('running');
    expect(state.started).toHaveLength(1);
  });

  it('answers 415 to text/plain bodies (what a cross-site form may send without a preflight)', async () => {
    const a = await scans.POST(post('/api/scans', JSON.stringify({ scope: { kind: 'all-projects' } }), { 'content-type': 'text/plain' }));
    expect(a.status).toBe(415);
    const b = await snapshots.POST(post('/api/snapshots', JSON.stringify({ scenario: 1, projects: [] }), { 'content-type': 'text/plain;charset=UTF-8' }));
    expect(b.status).toBe(415);
    expect((await b.json()).error).toMatch(/send application\/json or multipart\/form-data/);
    expect(state.started).toEqual([]);
  });
});

describe('bounded uploads', () => {
  it('answers 413 naming the limit for a file of millions of empty objects, before parsing it', async () => {
    const text = '{"scenario":1,"projects":[' + Array(500_000).fill('{}').join(',') + ']}';
    const res = await snapshots.POST(post('/api/snapshots', text, { 'content-type': 'application/json', 'x-file-name': 'braces.json' }));
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/^braces\.json holds more than 400,000 JSON objects and arrays/);
  });

  it('answers 422 with the numbers when the estate has too many pairs', async () => {
    state.tooLarge = 'This estate has 1,000 node pools × 1,000 Docker repositories = 1,000,000 pairs; the dashboard accepts at most 50,000.';
    const res = await snapshots.POST(post('/api/snapshots', JSON.stringify({ scenario: 1, projects: [] }), { 'content-type': 'application/json', 'x-file-name': 'wide.json' }));
    expect(res.status).toBe(422);
    expect((await res.json()).error).toBe(`wide.json: ${state.tooLarge}`);
  });

  it('lists at most 200 issues of an invalid file, saying how many there were', async () => {
    const text = '{"scenario":1,"projects":[' + Array(300).fill('{"project":{}}').join(',') + ']}';
    const res = await snapshots.POST(post('/api/snapshots', text, { 'content-type': 'application/json', 'x-file-name': 'many.json' }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatch(/\(600 problems, the first 200 listed\)/);
    expect(body.issues).toHaveLength(200);
  });
});

describe('GET /api/scans/ID/report', () => {
  it('streams the report as a gzip file attachment (never Content-Encoding, which next start would gzip again), decodable to the same JSON', async () => {
    await scans.POST(post('/api/scans', JSON.stringify({ scope: { kind: 'all-projects' } })));
    const rec = state.scans.get('live-1')!;
    rec.status = 'done';
    const pair = { nodePool: 'projects/p/locations/l/clusters/c/nodePools/np', repository: 'projects/p/locations/l/repositories/r', verdict: 'can-pull', causes: [] };
    const full = {
      schemaVersion: 1,
      scannedAt: '2026-11-30T21:00:00.000Z',
      scope: { kind: 'projects', ids: ['p'] },
      // How the estate was read travels with the download.
      collection: { source: 'asset-inventory', requested: 'auto', assetsReadTime: '2026-11-30T20:59:00Z', lists: 12, listsWithGaps: 1 },
      pairs: Array(3000).fill(pair),
      findings: [],
      gaps: [],
    };
    rec.outcome = { report: full };
    for (const headers of [{ 'accept-encoding': 'gzip, br' }, {}] as Record<string, string>[]) {
      const gz = await report.GET(new Request('http://127.0.0.1/api/scans/live-1/report', { headers }), ctx('live-1'));
      expect(gz.status).toBe(200);
      expect(gz.headers.get('content-type')).toBe('application/gzip');
      expect(gz.headers.get('content-encoding')).toBeNull();
      expect(gz.headers.get('content-disposition')).toBe('attachment; filename="pullcheck-report-20261130T210000.json.gz"');
      const bytes = new Uint8Array(await gz.arrayBuffer());
      expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
      expect(bytes.length * 20).toBeLessThan(JSON.stringify(full).length);
      const text = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
      expect(JSON.parse(text)).toEqual(full);
    }
  });
});

describe('/api/snapshots, which proxy.ts does not see', () => {
  it('answers other methods 405 with Allow itself, and a foreign Host 421', async () => {
    for (const m of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
      const res = await snapshots[m](new Request('http://127.0.0.1/api/snapshots', { method: m }));
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST, OPTIONS');
    }
    const rebound = await snapshots.POST(new Request('http://rebind.example/api/snapshots', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }));
    expect(rebound.status).toBe(421);
  });
});
