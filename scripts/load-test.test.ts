/**
 * The light version of scripts/load-test.ts: the real route handlers behind a loopback HTTP server in this
 * process, 10 hostile uploads at once while a normal client keeps asking for the scan list. Asserts every
 * hostile request gets its refusal (or 429 / a slot-holding 202), the normal client is answered within
 * 5 s throughout (median under 0.5 s; the CPU is shared with the uploads being read), and this process grows by less than 400 MB.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hostileMix, normalUser, percentile, sendHostile, wideScenario } from './load-test';

vi.stubEnv('PULLCHECK_SCAN_DEADLINE_MS', '3000');
const snapshots = await import('@/app/api/snapshots/route');
const scans = await import('@/app/api/scans/route');

let server: Server;
let base = '';

async function toRequest(req: IncomingMessage): Promise<Request> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: 'half',
  } as RequestInit);
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const request = await toRequest(req);
    const route = req.url?.split('?')[0];
    const answer =
      route === '/api/snapshots' && req.method === 'POST'
        ? await snapshots.POST(request)
        : route === '/api/scans'
          ? await (req.method === 'POST' ? scans.POST(request) : scans.GET())
          : new Response('not found', { status: 404 });
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(Buffer.from(await answer.arrayBuffer()));
    // A refused upload is not read to its end: drop the rest rather than buffer it.
    if (!req.complete) req.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Warm, as the load script does: the first answer opens the scan store once per process (seconds for PGlite),
  // which is start-up, not the load this test measures.
  await fetch(`${base}/api/scans`);
}, 120_000);

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('load (light)', () => {
  it('keeps answering a normal client within 5 s, and memory bounded, under 10 hostile uploads at once', async () => {
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const hostile = sendHostile(base, hostileMix(10));
    const user = await normalUser(base, ['/api/scans'], hostile);
    const answers = await hostile;
    clearInterval(sampler);
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    expect(answers.map((a) => a.kind).sort()).toEqual(['braces', 'braces', 'cross-site', 'cross-site', 'oversize', 'oversize', 'slow', 'slow', 'wide', 'wide']);
    expect(user.length).toBeGreaterThan(0);
    expect(user.every((u) => u.status === 200)).toBe(true);
    expect(Math.max(...user.map((u) => u.ms))).toBeLessThan(5000);
    expect(percentile(user.map((u) => u.ms), 0.5)).toBeLessThan(500);
    expect(peak - baseline).toBeLessThan(400 * 1024 * 1024);
  }, 60_000);

  it('answers a 1,000 × 1,000 estate with 422 and the numbers when a slot is free', async () => {
    await vi.waitFor(async () => {
      const list = (await (await fetch(`${base}/api/scans`)).json()) as { scans: { status: string }[] };
      expect(list.scans.filter((s) => s.status === 'running')).toEqual([]);
    }, { timeout: 15_000, interval: 250 });
    const res = await fetch(`${base}/api/snapshots`, { method: 'POST', body: wideScenario(1000, 1000), headers: { 'content-type': 'application/json', 'x-file-name': 'wide.json' } });
    expect(res.status).toBe(422);
    expect((await res.json()).error).toBe(
      'wide.json: This estate has 1,000 node pools × 1,000 Docker repositories = 1,000,000 pairs; the dashboard accepts at most 50,000. ' +
        'The dashboard holds a scan whole while it judges and shows it; scan an estate this large with the CLI (`pullcheck scan --out FILE`), which has no such limit.',
    );
  }, 30_000);
});
