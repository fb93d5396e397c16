/**
 * Load test of the dashboard server: 20 concurrent hostile uploads while a normal user loads pages.
 *
 *   npx next build    # once
 *   node --import tsx scripts/load-test.ts [--port 3199] [--hostile 20] [--deadline-ms 30000]
 *
 * Starts the production server on the demo estate (scripts/demo.ts, bound to 127.0.0.1 only), warms it
 * with one page view, then sends the hostile uploads all at once (18 MB of `{}`, a 1,000 × 1,000 estate,
 * latency-heavy fault scenarios, 22 MB streamed bodies, cross-site text/plain posts) while the normal user loads the
 * five main pages in a loop. Prints the answers, the server's peak RSS (its whole process tree) and the
 * normal user's page latencies. The figures and the bound are in docs/benchmarks.md.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

/** One hostile request: what it sends and which answers are acceptable (anything else fails the run). */
export interface Hostile {
  kind: 'braces' | 'wide' | 'slow' | 'oversize' | 'cross-site';
  /** Acceptable statuses: the refusal meant for it, 429 when every scan slot is taken, 202 for a valid slow file. */
  accept: number[];
  send(base: string): Promise<Response>;
}

/** `{"scenario":1,"projects":[{},{},…]}` of about `bytes` bytes: millions of objects if parsed. */
export function bracesBody(bytes: number): string {
  const n = Math.floor((bytes - 40) / 3);
  return `{"scenario":1,"projects":[${Array(n).fill('{}').join(',')}]}`;
}

/** A valid scenario of `pools` node pools (one cluster) and `repos` Docker repositories: small file, pools × repos pairs. */
export function wideScenario(pools: number, repos: number): string {
  return JSON.stringify({
    scenario: 1,
    projects: [
      {
        project: { projectId: 'wide-estate', projectNumber: '100000000001' },
        clusters: [{ name: 'c', location: 'europe-west1', nodePools: Array.from({ length: pools }, (_, i) => ({ name: `np-${i}` })) }],
        repositories: Array.from({ length: repos }, (_, i) => ({ repository: { name: `projects/wide-estate/locations/europe-west1/repositories/r-${i}`, format: 'DOCKER' } })),
      },
    ],
  });
}

/** A valid scenario whose every emulated call waits `latencyMs` (the most an upload may ask): it holds a scan slot. */
export function slowScenario(projects: number, latencyMs: number): string {
  return JSON.stringify({
    scenario: 1,
    latencyMs,
    projects: Array.from({ length: projects }, (_, i) => ({
      project: { projectId: `slow-project-${i}`, projectNumber: String(200000000000 + i) },
      clusters: [{ name: 'c', location: 'europe-west1', nodePools: [{ name: 'np' }] }],
    })),
  });
}

const json = (body: BodyInit, extra: Record<string, string> = {}): RequestInit => ({ method: 'POST', body, headers: { 'content-type': 'application/json', ...extra } });

/** A body streamed in pieces with no Content-Length, so the server must count as it reads. */
function streamed(bytes: number): ReadableStream<Uint8Array> {
  const piece = new TextEncoder().encode('{}'.repeat(32 * 1024));
  let sent = 0;
  return new ReadableStream({
    pull(c) {
      if (sent >= bytes) return c.close();
      sent += piece.byteLength;
      c.enqueue(piece);
    },
  });
}

/** The hostile mix, `n` requests in rotation. `scale` < 1 shrinks the bodies (the Vitest version). */
export function hostileMix(n: number, scale = 1): Hostile[] {
  const braces = bracesBody(Math.round(18e6 * scale));
  const wide = wideScenario(1000, 1000);
  const slow = slowScenario(20, 10_000);
  const kinds: Hostile[] = [
    { kind: 'braces', accept: [413, 429], send: (b) => fetch(`${b}/api/snapshots`, json(braces, { 'x-file-name': 'braces.json' })) },
    { kind: 'wide', accept: [422, 429], send: (b) => fetch(`${b}/api/snapshots`, json(wide, { 'x-file-name': 'wide.json' })) },
    { kind: 'slow', accept: [202, 429], send: (b) => fetch(`${b}/api/snapshots`, json(slow, { 'x-file-name': 'slow.json' })) },
    {
      kind: 'oversize',
      accept: [413, 429],
      send: (b) => fetch(`${b}/api/snapshots`, { method: 'POST', body: streamed(22 * 1024 * 1024), headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit),
    },
    {
      kind: 'cross-site',
      accept: [403],
      send: (b) => fetch(`${b}/api/scans`, { method: 'POST', body: '{"scope":{"kind":"all-projects"}}', headers: { 'content-type': 'text/plain', origin: 'https://attacker.example', 'sec-fetch-site': 'cross-site' } }),
    },
  ];
  return Array.from({ length: n }, (_, i) => kinds[i % kinds.length]);
}

/** Sends every hostile request at once; resolves with each one's kind, status and time. A refused connection is status 0. */
export async function sendHostile(base: string, mix: Hostile[]): Promise<{ kind: Hostile['kind']; status: number; ms: number; ok: boolean }[]> {
  return Promise.all(
    mix.map(async (h) => {
      const t0 = performance.now();
      const status = await h.send(base).then(
        async (r) => (await r.arrayBuffer(), r.status),
        () => 0,
      );
      return { kind: h.kind, status, ms: performance.now() - t0, ok: h.accept.includes(status) };
    }),
  );
}

/** Loads `paths` in a loop until `until` resolves; returns each load's time and status. */
export async function normalUser(base: string, paths: string[], until: Promise<unknown>): Promise<{ path: string; status: number; ms: number }[]> {
  let done = false;
  void until.finally(() => (done = true));
  const out: { path: string; status: number; ms: number }[] = [];
  for (let i = 0; !done || i % paths.length !== 0; i++) {
    const p = paths[i % paths.length];
    const t0 = performance.now();
    const status = await fetch(`${base}${p}`, { signal: AbortSignal.timeout(60_000) }).then(
      async (r) => (await r.arrayBuffer(), r.status),
      () => 0,
    );
    out.push({ path: p, status, ms: performance.now() - t0 });
  }
  return out;
}

export function percentile(values: number[], q: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

/** Resident memory of a process and all its descendants, in bytes (Linux /proc). */
export function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      continue;
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

const PAGES = ['/', '/clusters', '/repositories', '/readiness', '/scan'];
const mb = (n: number) => `${Math.round(n / 1e6)} MB`;

async function main() {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '3199' }, hostile: { type: 'string', default: '20' }, 'deadline-ms': { type: 'string', default: '30000' } } });
  const root = path.resolve(import.meta.dirname, '..');
  const base = `http://127.0.0.1:${values.port}`;
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/demo.ts'), '--no-build', '--port', values.port!], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PULLCHECK_SCAN_DEADLINE_MS: values['deadline-ms'] },
  });
  const stop = () => server.pid && server.kill('SIGTERM');
  process.on('exit', stop);
  let ready = false;
  for (let i = 0; i < 240 && !ready; i++) {
    ready = await fetch(base, { signal: AbortSignal.timeout(60_000) }).then((r) => r.ok, () => false);
    if (!ready) await new Promise((r) => setTimeout(r, 500));
  }
  if (!ready) throw new Error(`the server did not answer on ${base}`);
  const warm = await normalUser(base, PAGES, Promise.resolve());
  let peak = 0;
  const baseline = treeRss(server.pid!);
  const sampler = setInterval(() => (peak = Math.max(peak, treeRss(server.pid!))), 100);
  const t0 = performance.now();
  const hostile = sendHostile(base, hostileMix(Number(values.hostile)));
  const user = await normalUser(base, PAGES, hostile);
  const answers = await hostile;
  // Let the slow scans run into their deadline while the user keeps loading pages.
  const deadline = Number(values['deadline-ms']);
  const after = await normalUser(base, PAGES, new Promise((r) => setTimeout(r, deadline + 5_000)));
  clearInterval(sampler);
  const scans = (await (await fetch(`${base}/api/scans`)).json()) as { scans: { label: string; status: string; error: string | null }[] };
  console.log(`server: ${base} (demo estate, production build, 127.0.0.1 only), scan deadline ${deadline} ms`);
  console.log(`warm page loads: median ${percentile(warm.map((w) => w.ms), 0.5).toFixed(0)} ms`);
  const byKind = new Map<string, string[]>();
  for (const a of answers) byKind.set(a.kind, [...(byKind.get(a.kind) ?? []), `${a.status}${a.ok ? '' : '!'} in ${(a.ms / 1000).toFixed(1)} s`]);
  console.log(`${answers.length} hostile uploads, all at once (${((performance.now() - t0) / 1000).toFixed(1)} s in all):`);
  for (const [k, v] of byKind) console.log(`  ${k}: ${v.join(', ')}`);
  const all = [...user, ...after];
  const ms = all.map((u) => u.ms);
  console.log(`normal user: ${all.length} page loads during and after, statuses ${[...new Set(all.map((u) => u.status))].join('/')}, median ${percentile(ms, 0.5).toFixed(0)} ms, p95 ${percentile(ms, 0.95).toFixed(0)} ms, max ${Math.max(...ms).toFixed(0)} ms`);
  console.log(`server RSS (process tree): ${mb(baseline)} before, peak ${mb(peak)}, ${mb(treeRss(server.pid!))} at the end`);
  console.log(`scans kept: ${scans.scans.map((s) => `${s.label} ${s.status}${s.error ? ` (${s.error.slice(0, 60)}…)` : ''}`).join('; ')}`);
  const bad = answers.filter((a) => !a.ok).length + all.filter((u) => u.status !== 200).length;
  stop();
  process.exit(bad ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(`load-test: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
