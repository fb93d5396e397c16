import { describe, expect, it } from 'vitest';
import { Caller, DEFAULT_TUNING, Semaphore, googleError, isCancelled, parseRetryAfter, type CallEvent, type CallSpec, type CallTuning } from './call';
import { gapId } from './gaps';

const httpError = (status: number, reason: string, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`HTTP ${status}`), {
    response: {
      status,
      headers: new Headers(headers),
      data: { error: { code: status, message: 'nope', status: 'X', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason }] } },
    },
  });

function setup(over: Partial<CallTuning> = {}, opts = { concurrency: 2, timeoutMs: 1000, maxRetries: 3 }) {
  const sleeps: number[] = [];
  const events: CallEvent[] = [];
  const tuning: CallTuning = { ...DEFAULT_TUNING, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms), ...over };
  const ctl = new AbortController();
  const caller = new Caller(opts, tuning, ctl.signal, (e) => events.push(e));
  return { caller, sleeps, events, ctl };
}

const spec = <T>(run: CallSpec<T>['run'], extra: Partial<CallSpec<T>> = {}): CallSpec<T> => ({
  api: 'container',
  method: 'projects.locations.clusters.list',
  resource: 'projects/p1/locations/-',
  request: 'GET /v1/projects/p1/locations/-/clusters',
  run,
  ...extra,
});

describe('Caller', () => {
  it('retries 503 with exponential full-jitter backoff, then succeeds', async () => {
    const { caller, sleeps } = setup();
    let n = 0;
    const out = await caller.call(spec(async () => {
      if (n++ < 2) throw httpError(503, 'BACKEND_ERROR');
      return { data: 'ok' };
    }));
    expect(out).toEqual({ ok: true, value: 'ok' });
    expect(sleeps).toEqual([250, 500]);
    expect(caller.gaps).toEqual([]);
    expect(caller.stats.calls).toBe(3);
  });

  it('honours Retry-After in seconds and as an HTTP date, and reports the wait', async () => {
    const { caller, sleeps, events } = setup();
    let n = 0;
    const date = new Date(Date.now() + 3000).toUTCString();
    const out = await caller.call(spec(async () => {
      n++;
      if (n === 1) throw httpError(429, 'RATE_LIMIT_EXCEEDED', { 'retry-after': '7' });
      if (n === 2) throw httpError(429, 'RATE_LIMIT_EXCEEDED', { 'retry-after': date });
      return { data: 1 };
    }));
    expect(out.ok).toBe(true);
    expect(sleeps[0]).toBe(7000);
    expect(sleeps[1]).toBeGreaterThan(1000);
    expect(sleeps[1]).toBeLessThanOrEqual(3000);
    expect(events.find((e) => e.type === 'wait')?.waiting).toEqual({ ms: 7000, reason: '429 RATE_LIMIT_EXCEEDED from projects.locations.clusters.list (Retry-After)' });
  });

  it('holds back other calls of the same quota until the Retry-After window frees', async () => {
    const { caller, sleeps } = setup();
    let first = true;
    const a = caller.call(spec(async () => {
      if (first) {
        first = false;
        throw httpError(429, 'RATE_LIMIT_EXCEEDED', { 'retry-after': '5' });
      }
      return { data: 'a' };
    }));
    await new Promise((r) => setTimeout(r, 5));
    const b = await caller.call(spec(async () => ({ data: 'b' }), { resource: 'projects/p1/locations/x' }));
    const c = await caller.call(spec(async () => ({ data: 'c' }), { resource: 'projects/other/locations/x' }));
    expect((await a).ok && b.ok && c.ok).toBe(true);
    expect(sleeps[0]).toBe(5000);
    // b shares project p1's GKE quota and waits; c (another project) does not.
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeGreaterThan(4900);
  });

  it('gives a 429 a larger retry budget than a 5xx', async () => {
    const { caller } = setup({}, { concurrency: 2, timeoutMs: 1000, maxRetries: 1 });
    let n = 0;
    const out = await caller.call(spec(async () => {
      n++;
      throw httpError(429, 'RATE_LIMIT_EXCEEDED');
    }));
    expect(out.ok).toBe(false);
    expect(n).toBe(5);
    expect(caller.gaps[0]).toMatchObject({ status: 429, reason: 'RATE_LIMIT_EXCEEDED' });
    expect(caller.gaps[0].message).toContain('PULLCHECK_QUOTA_PROJECT');
  });

  it('gives up after maxRetries and records a gap with the last status', async () => {
    const { caller, sleeps } = setup({}, { concurrency: 2, timeoutMs: 1000, maxRetries: 2 });
    const out = await caller.call(spec(async () => {
      throw httpError(500, 'INTERNAL');
    }));
    expect(out).toMatchObject({ ok: false, status: 500, notFound: false, gapId: gapId('projects.locations.clusters.list', 'projects/p1/locations/-') });
    expect(sleeps).toHaveLength(2);
    expect(caller.gaps[0]).toMatchObject({ status: 500, reason: 'INTERNAL', permission: null, request: 'GET /v1/projects/p1/locations/-/clusters' });
    expect(caller.gaps[0].message).toMatch(/after 3 attempts/);
  });

  it('never retries a 403 and names the missing permission', async () => {
    const { caller, sleeps } = setup();
    let n = 0;
    await caller.call(spec(async () => {
      n++;
      throw httpError(403, 'IAM_PERMISSION_DENIED');
    }));
    expect(n).toBe(1);
    expect(sleeps).toEqual([]);
    expect(caller.gaps[0]).toMatchObject({ status: 403, reason: 'IAM_PERMISSION_DENIED', permission: 'container.clusters.list', api: 'container' });
    expect(caller.gaps[0].message).toContain('container.clusters.list');
  });

  it('treats a 404 as an answer without a gap when asked to', async () => {
    const { caller } = setup();
    const out = await caller.call(spec(async () => { throw httpError(404, 'NOT_FOUND'); }, { notFoundIsAnswer: true }));
    expect(out).toEqual({ ok: false, status: 404, notFound: true, gapId: null });
    expect(caller.gaps).toEqual([]);
  });

  it('memoizes by method and resource, in flight included', async () => {
    const { caller } = setup();
    let n = 0;
    const run = async () => {
      n++;
      await new Promise((r) => setTimeout(r, 5));
      return { data: n };
    };
    const [a, b] = await Promise.all([caller.call(spec(run)), caller.call(spec(run))]);
    const c = await caller.call(spec(run));
    expect(n).toBe(1);
    expect(a).toBe(b);
    expect(c).toBe(a);
  });

  it('turns a call that never answers into a TIMEOUT gap with status null (timeouts retried once)', async () => {
    const { caller, sleeps } = setup({}, { concurrency: 2, timeoutMs: 30, maxRetries: 5 });
    let n = 0;
    const out = await caller.call(spec((signal) => {
      n++;
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    }));
    expect(out.ok).toBe(false);
    expect(n).toBe(2);
    expect(sleeps).toHaveLength(1);
    expect(caller.gaps[0]).toMatchObject({ status: null, reason: 'TIMEOUT', permission: null });
  });

  it('records a connection failure as NETWORK_ERROR after retries', async () => {
    const { caller } = setup({}, { concurrency: 2, timeoutMs: 1000, maxRetries: 1 });
    await caller.call(spec(async () => { throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }); }));
    expect(caller.gaps[0]).toMatchObject({ status: null, reason: 'NETWORK_ERROR' });
    expect(caller.gaps[0].message).toContain('ECONNREFUSED');
  });

  it('explains SERVICE_DISABLED without blaming a permission', async () => {
    const { caller } = setup();
    await caller.call(spec(async () => { throw httpError(403, 'SERVICE_DISABLED'); }));
    expect(caller.gaps[0]).toMatchObject({ status: 403, reason: 'SERVICE_DISABLED', permission: null });
    expect(caller.gaps[0].message).toContain('gcloud services enable container.googleapis.com --project=p1');
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    const { caller } = setup({}, { concurrency: 3, timeoutMs: 1000, maxRetries: 0 });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        caller.call(spec(async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setTimeout(r, 3));
          inFlight--;
          return { data: i };
        }, { resource: `r${i}` })),
      ),
    );
    expect(peak).toBe(3);
  });

  it('rejects promptly with an AbortError when the scan is cancelled, queued calls included', async () => {
    const { caller, ctl } = setup({ sleep: DEFAULT_TUNING.sleep }, { concurrency: 1, timeoutMs: 10_000, maxRetries: 3 });
    const hang = (signal: AbortSignal) => new Promise<{ data: number }>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    const a = caller.call(spec(hang, { resource: 'a' }));
    const b = caller.call(spec(hang, { resource: 'b' }));
    const t0 = Date.now();
    setTimeout(() => ctl.abort(), 10);
    const results = await Promise.allSettled([a, b]);
    expect(Date.now() - t0).toBeLessThan(1000);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect(isCancelled((r as PromiseRejectedResult).reason)).toBe(true);
    }
    expect(caller.gaps).toEqual([]);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});

describe('Semaphore', () => {
  it('hands slots over in order', async () => {
    const s = new Semaphore(1);
    const signal = new AbortController().signal;
    const order: number[] = [];
    const r1 = await s.acquire(signal);
    const p2 = s.acquire(signal).then((r) => { order.push(2); r(); });
    const p3 = s.acquire(signal).then((r) => { order.push(3); r(); });
    order.push(1);
    r1();
    await Promise.all([p2, p3]);
    expect(order).toEqual([1, 2, 3]);
  });
});

describe('googleError reads every shape Google answers in', () => {
  const legacy = (reason: string, extra: Record<string, string> = {}, message = 'm') => ({ error: { code: 403, message, errors: [{ message, domain: 'global', reason, ...extra }] } });

  it('maps Compute\'s legacy errors[].reason (no status, no ErrorInfo) to the reason other APIs send', () => {
    expect(googleError(legacy('forbidden')).reason).toBe('IAM_PERMISSION_DENIED');
    expect(googleError(legacy('notFound')).reason).toBe('NOT_FOUND');
    const off = googleError(
      legacy(
        'accessNotConfigured',
        { extendedHelp: 'https://console.developers.google.com/apis/api/compute.googleapis.com/overview?project=777777777777' },
        'Compute Engine API has not been used in project 777777777777 before or it is disabled.',
      ),
    );
    expect(off).toMatchObject({ reason: 'SERVICE_DISABLED', service: 'compute.googleapis.com', consumer: 'projects/777777777777' });
  });

  it('reads Cloud Identity\'s ResourceInfo-only 403 as "denied, or it may not exist"', () => {
    const g = googleError({
      error: {
        code: 403,
        message: 'Error(2028): Permission denied for resource groups/x (or it may not exist).',
        status: 'PERMISSION_DENIED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ResourceInfo', resourceName: 'groups/x' }],
      },
    });
    expect(g).toMatchObject({ reason: null, status: 'PERMISSION_DENIED', mayNotExist: true });
  });

  it('turns a legacy accessNotConfigured into a SERVICE_DISABLED gap, not a missing permission', async () => {
    const { caller } = setup();
    const err = Object.assign(new Error('x'), {
      response: { status: 403, headers: new Headers(), data: legacy('accessNotConfigured', { extendedHelp: 'https://console.developers.google.com/apis/api/compute.googleapis.com/overview?project=42' }, 'Compute Engine API has not been used in project 42 before or it is disabled.') },
    });
    await caller.call(spec(async () => Promise.reject(err), { api: 'compute', method: 'subnetworks.get', resource: 'projects/p1/regions/r/subnetworks/s', request: 'GET /compute/v1/projects/p1/regions/r/subnetworks/s' }));
    expect(caller.gaps[0]).toMatchObject({ reason: 'SERVICE_DISABLED', permission: null });
    expect(caller.gaps[0].message).toContain('disabled on project 42');
  });
});
