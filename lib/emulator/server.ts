/** The Google API emulator: one node:http server on 127.0.0.1 that serves a scenario over Google's REST paths. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scenario } from '../scenario/schema';
import { TokenIssuer } from './auth';
import { apiError, groupDeniedError, type ApiError } from './errors';
import { FaultBook } from './faults';
import { QuotaKeeper, type QuotaOptions } from './quota';
import { apiOfPath, Routes, unrouted, type ApiName, type Matched, type PageSizes } from './routes';

export type { QuotaOptions } from './quota';
export type { ApiName, PageSizes } from './routes';

/** How to start an emulator. */
export interface EmulatorOptions {
  scenario: Scenario;
  /** 0 (the default) = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  quota?: QuotaOptions;
  /** Default true: every API call needs a bearer token issued by the emulator's token endpoint. */
  requireAuth?: boolean;
  /** Default page sizes of paginated lists (default 2 each, so that readers exercise paging). */
  defaultPageSize?: PageSizes;
  /** The clock for quota windows (default Date.now), injectable for tests. */
  clock?: () => number;
}

/** One API request the emulator answered. */
export interface RecordedRequest {
  method: string;
  /** Decoded path without the query string. */
  path: string;
  query: Record<string, string>;
  api: string;
  status: number;
  /** The x-goog-user-project header the request carried (the quota project it asked to be charged to), or null. */
  userProject?: string | null;
  /** Arrival time (ms since the epoch, from the emulator's clock). */
  at: number;
}

/** A running emulator. */
export interface Emulator {
  /** "http://127.0.0.1:PORT" */
  url: string;
  port: number;
  /** A generated ADC credentials file (external_account_authorized_user) whose token_url is this emulator. */
  credentialsFile: string;
  requests(): RecordedRequest[];
  resetRequests(): void;
  stop(): Promise<void>;
}

const MAX_BODY = 1 << 20;

/**
 * Decodes each path segment, except IAM v2's attachment point (`/v2/policies/{attachment}/...`), which stays one
 * URL-encoded segment in canonical form (`cloudresourcemanager.googleapis.com%2Fprojects%2FP`), as the IAM v2 REST
 * reference writes it: routes, faults and the request log see that form.
 */
function decodePath(raw: string): string {
  return raw
    .split('/')
    .map((s, i, all) => {
      try {
        const decoded = decodeURIComponent(s);
        return i === 3 && all[1] === 'v2' && all[2] === 'policies' ? encodeURIComponent(decoded) : decoded;
      } catch {
        return s;
      }
    })
    .join('/');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Starts an emulator serving `opts.scenario`; resolves once it listens. */
export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const scenario = opts.scenario;
  const clock = opts.clock ?? (() => Date.now());
  const host = opts.host ?? '127.0.0.1';
  const requireAuth = opts.requireAuth ?? true;
  const routes = new Routes(scenario, opts.defaultPageSize);
  const faults = new FaultBook(scenario.faults ?? []);
  const quota = opts.quota ? new QuotaKeeper(opts.quota, clock) : null;
  const tokens = new TokenIssuer(clock);
  let log: RecordedRequest[] = [];
  const MAX_LOGGED = 200_000;

  const handleApi = async (
    req: IncomingMessage,
    method: string,
    path: string,
    url: URL,
    match: Matched | null,
    api: ApiName | 'unknown',
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> => {
    const query = url.searchParams;
    if (requireAuth && !tokens.accepts(req.headers.authorization)) {
      const missing = !req.headers.authorization;
      return apiError(
        401,
        missing
          ? 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.'
          : 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        { reason: missing ? 'CREDENTIALS_MISSING' : 'ACCESS_TOKEN_TYPE_UNSUPPORTED', compute: api === 'compute' },
      );
    }
    // The body is read first: Cloud Logging names the project it reads (and is charged to) in the body.
    let body: Record<string, unknown> = {};
    if (match && method === 'POST') {
      const text = await readBody(req);
      if (text.trim()) {
        try {
          const parsed = JSON.parse(text) as unknown;
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
        } catch {
          return apiError(400, 'Invalid JSON payload received.', { reason: 'INVALID_ARGUMENT' });
        }
      }
    }
    if (match && quota) {
      const q = quota.charge(match.api, routes.projectOf(match, body), match.metric);
      if (!q.ok) {
        const consumer = q.key.includes(':projects/') ? q.key.split(':')[1] : 'the caller\'s quota project';
        return apiError(
          429,
          `Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service '${match.api}.googleapis.com' for consumer '${consumer}'.`,
          {
            reason: 'RATE_LIMIT_EXCEEDED',
            retryAfter: q.retryAfterSeconds,
            metadata: { service: `${match.api}.googleapis.com`, quota_limit_value: String(q.limit), quota_unit: '1/min/{project}', consumer },
            compute: match.api === 'compute',
          },
        );
      }
    }
    const fault = faults.fire(method, path);
    let extraDelay = 0;
    if (fault) {
      extraDelay = fault.latencyMs;
      if (fault.status !== null) {
        const metadata: Record<string, string> = {};
        if (match?.permission && fault.status === 403) metadata.permission = match.permission;
        // Cloud Identity refuses a group with a ResourceInfo detail and no ErrorInfo (see errors.ts).
        const group = api === 'cloudidentity' && fault.status === 403 && (!fault.reason || fault.reason === 'PERMISSION_DENIED') ? /^\/v1\/(groups\/[^/:]+)/.exec(path)?.[1] : undefined;
        const err = group
          ? groupDeniedError(group)
          : apiError(fault.status, `Fault injected by the scenario for ${method} ${path} (HTTP ${fault.status}).`, {
              reason: fault.reason ?? undefined,
              retryAfter: fault.retryAfter,
              metadata,
              compute: api === 'compute',
            });
        if (fault.retryAfter !== null && group) err.headers = { 'retry-after': String(Math.ceil(fault.retryAfter)) };
        if (extraDelay) await sleep(extraDelay);
        return err;
      }
    }
    let answer: { status: number; body: unknown; headers?: Record<string, string> } | ApiError;
    if (!match) answer = unrouted(method, path, api);
    else {
      answer = routes.run(match, query, body, fault?.missingZones ? { missingZones: fault.missingZones } : {});
    }
    if (extraDelay) await sleep(extraDelay);
    return answer;
  };

  const server = createServer((req, res) => {
    const at = clock();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = decodePath(url.pathname);
    void (async () => {
      if (path.startsWith('/__emulator/')) {
        if (method === 'GET' && path === '/__emulator/health') return send(res, 200, { ok: true });
        if (method === 'GET' && path === '/__emulator/requests') return send(res, 200, { requests: log });
        if (method === 'POST' && path === '/__emulator/reset') {
          log = [];
          return send(res, 200, { ok: true });
        }
        return send(res, 404, apiError(404, `Unknown emulator control ${method} ${path}.`).body);
      }
      if (path === '/token' && method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        const r = tokens.grant(form, req.headers.authorization);
        return send(res, r.status, r.body);
      }
      if (path === '/tokeninfo') {
        const form = method === 'POST' ? new URLSearchParams(await readBody(req)) : url.searchParams;
        const r = tokens.info(form.get('access_token') ?? form.get('token'));
        return send(res, r.status, r.body);
      }
      const match = routes.match(method, path);
      const api = match?.api ?? apiOfPath(path);
      const answer = await handleApi(req, method, path, url, match, api);
      if (scenario.latencyMs) await sleep(scenario.latencyMs);
      // Bounded, so a long-running demo does not grow without limit (the benchmark's largest scan makes ~45,000 calls).
      if (log.length >= MAX_LOGGED) log.splice(0, MAX_LOGGED / 10);
      const userProject = req.headers['x-goog-user-project'];
      log.push({ method, path, query: Object.fromEntries(url.searchParams), api, status: answer.status, at, userProject: typeof userProject === 'string' ? userProject : null });
      send(res, answer.status, answer.body, answer.headers);
    })().catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, apiError(500, `Emulator error: ${err instanceof Error ? err.message : String(err)}`).body);
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const credentialsFile = join(tmpdir(), `pullcheck-emulator-${port}-${randomBytes(6).toString('hex')}.json`);
  await writeFile(credentialsFile, `${JSON.stringify(tokens.credentials(url, scenario.quotaProject?.projectId), null, 2)}\n`, { mode: 0o600 });

  let stopped: Promise<void> | null = null;
  return {
    url,
    port,
    credentialsFile,
    requests: () => log.slice(),
    resetRequests: () => {
      log = [];
    },
    stop: () => {
      stopped ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await rm(credentialsFile, { force: true });
      })();
      return stopped;
    },
  };
}
