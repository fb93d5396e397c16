/** The one path every Google API call takes: bounded concurrency, timeout, retries, memoization, gaps. */
import { setMaxListeners } from 'node:events';
import type { Gap } from '../inventory/raw';
import { makeGap, type CallTarget, type Failure, type GapContext } from './gaps';

/** Knobs tests and the benchmark may turn; defaults suit live Google. */
export interface CallTuning {
  /** First backoff ceiling; doubles each retry (full jitter: a random wait below the ceiling). */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** A Retry-After longer than this is cut to it. */
  maxRetryAfterMs: number;
  /** Timeouts are retried at most this many times (a server that held a call for the whole timeout rarely answers the next try). */
  maxTimeoutRetries: number;
  /** Page size asked of list methods (Google caps it per API). */
  pageSize: number;
  random: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** A wait between attempts, reported as progress. */
export interface CallEvent {
  type: 'call' | 'wait' | 'gap' | 'done';
  waiting?: { ms: number; reason: string };
}

/** A read that answered, or failed with a gap; notFound marks a 404. */
export type CallOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; status: number | null; notFound: boolean; gapId: string | null; failure?: Failure };

/** One call: where it goes and how to make it. */
export interface CallSpec<T> extends CallTarget {
  run: (signal: AbortSignal) => Promise<{ data: T }>;
  /** A 404 here is an answer ("deleted"), not a gap. */
  notFoundIsAnswer?: boolean;
  /** A failure this accepts is handed back (with `failure`) without a gap; the caller decides (see recordGap). */
  isAnswer?: (f: Failure) => boolean;
  /** Memo key beyond method+resource (a page token). */
  keySuffix?: string;
  /** Queue order when all slots are busy: higher first (calls that unlock further calls go first). */
  priority?: number;
}

const TRANSIENT = new Set([429, 500, 502, 503, 504]);

/** Resolves after ms, or rejects when the signal aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelled());
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Defaults for live Google: backoff from 0.5 s up to 32 s, Retry-After honoured up to 2 minutes. */
export const DEFAULT_TUNING: CallTuning = {
  baseBackoffMs: 500,
  maxBackoffMs: 32_000,
  maxRetryAfterMs: 120_000,
  maxTimeoutRetries: 1,
  pageSize: 500,
  random: Math.random,
  sleep: abortableSleep,
};

/** The error a cancelled scan rejects with (name "AbortError"). */
export function cancelled(): Error {
  const err = new Error('The scan was cancelled.');
  err.name = 'AbortError';
  return err;
}

/** True for the error a cancelled scan rejects with. */
export function isCancelled(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

/** A counting semaphore; waiters leave the queue when the scan is cancelled. */
export class Semaphore {
  private active = 0;
  private queue: Array<{ priority: number; grant: () => void }> = [];
  constructor(private readonly limit: number) {}

  /** Waits for a slot (higher priority first, then first come); the returned function frees it. */
  async acquire(signal: AbortSignal, priority = 0): Promise<() => void> {
    if (signal.aborted) throw cancelled();
    if (this.active < this.limit) {
      this.active++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const waiter = {
        priority,
        grant: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.queue = this.queue.filter((w) => w !== waiter);
        reject(cancelled());
      };
      let i = this.queue.length;
      while (i > 0 && this.queue[i - 1].priority < priority) i--;
      this.queue.splice(i, 0, waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.queue.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}

interface ErrorShape {
  response?: { status?: number; data?: unknown; headers?: unknown };
  code?: unknown;
  message?: string;
}

function header(headers: unknown, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const v = (headers as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : null;
}

/** Seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** What a Google error body says, whichever of its shapes it came in. */
export interface GoogleErrorFacts {
  reason: string | null;
  status: string | null;
  message: string;
  service: string | null;
  consumer: string | null;
  mayNotExist: boolean;
}

/** Compute Engine's legacy `errors[].reason` → the ErrorInfo reason other APIs send for the same answer. */
const LEGACY_REASONS: Record<string, string> = {
  forbidden: 'IAM_PERMISSION_DENIED',
  accessNotConfigured: 'SERVICE_DISABLED',
  notFound: 'NOT_FOUND',
  rateLimitExceeded: 'RATE_LIMIT_EXCEEDED',
  userRateLimitExceeded: 'RATE_LIMIT_EXCEEDED',
  quotaExceeded: 'RATE_LIMIT_EXCEEDED',
  backendError: 'BACKEND_ERROR',
  invalid: 'INVALID_ARGUMENT',
  required: 'CREDENTIALS_MISSING',
  authError: 'ACCESS_TOKEN_TYPE_UNSUPPORTED',
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Reads Google's error body in each shape it comes in: google.rpc.Status with an ErrorInfo detail; Compute
 * Engine's legacy `error.errors[].reason` without status or ErrorInfo; Cloud Identity's 403 with only a
 * google.rpc.ResourceInfo detail ("Error(2028): Permission denied for resource groups/… (or it may not exist)").
 */
export function googleError(data: unknown): GoogleErrorFacts {
  const none: GoogleErrorFacts = { reason: null, status: null, message: '', service: null, consumer: null, mayNotExist: false };
  let body = data;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return { ...none, message: (body as string).slice(0, 200) };
    }
  }
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!error || typeof error !== 'object') return none;
  const message = str(error.message) ?? '';
  const details = Array.isArray(error.details) ? (error.details as Array<Record<string, unknown>>) : [];
  const typed = (suffix: string) => details.find((d) => typeof d?.['@type'] === 'string' && (d['@type'] as string).endsWith(suffix));
  const info = typed('google.rpc.ErrorInfo');
  const resourceInfo = typed('google.rpc.ResourceInfo');
  const mayNotExist = !!resourceInfo || message.includes('(or it may not exist)');
  if (info) {
    const metadata = (info.metadata ?? {}) as Record<string, unknown>;
    return {
      reason: str(info.reason),
      status: str(error.status),
      message,
      service: str(metadata.service),
      consumer: str(metadata.consumer),
      mayNotExist,
    };
  }
  const legacy = Array.isArray(error.errors) ? (error.errors as Array<Record<string, unknown>>)[0] : undefined;
  const legacyReason = str(legacy?.reason);
  if (legacyReason) {
    const text = `${message} ${str(legacy?.extendedHelp) ?? ''}`;
    let reason = LEGACY_REASONS[legacyReason] ?? legacyReason.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
    if (legacyReason === 'forbidden' && /required permission to use project/.test(message)) reason = 'USER_PROJECT_DENIED';
    const project = /[?&]project=([\w.:-]+)/.exec(text)?.[1] ?? /\bin project ([\w.:-]+?)[ .]/.exec(text)?.[1] ?? null;
    const service = /\/apis\/api\/([a-z0-9.-]+)/.exec(text)?.[1] ?? null;
    return {
      reason,
      status: str(error.status),
      message,
      service: reason === 'SERVICE_DISABLED' ? service : null,
      consumer: reason === 'SERVICE_DISABLED' && project ? `projects/${project}` : null,
      mayNotExist,
    };
  }
  return { ...none, status: str(error.status), message, mayNotExist };
}

/** Counters the scan reports as progress. */
export interface CallStats {
  calls: number;
  gaps: number;
}

/** Makes every call of one scan: shared semaphore, memo, gap list. */
export class Caller {
  readonly gaps: Gap[] = [];
  readonly stats: CallStats = { calls: 0, gaps: 0 };
  private readonly semaphore: Semaphore;
  private readonly memo = new Map<string, Promise<CallOutcome<unknown>>>();
  private readonly gapIds = new Set<string>();
  private readonly failures = new Map<string, Failure>();
  /** What gap messages may know (the quota project, from the preflight). */
  gapContext: GapContext = {};
  private readonly notBefore = new Map<string, number>();
  private readonly signal: AbortSignal;

  constructor(
    private readonly opts: { concurrency: number; timeoutMs: number; maxRetries: number },
    private readonly tuning: CallTuning = DEFAULT_TUNING,
    signal?: AbortSignal,
    private readonly onEvent: (e: CallEvent) => void = () => {},
  ) {
    this.semaphore = new Semaphore(opts.concurrency);
    this.signal = signal ?? new AbortController().signal;
    // Every call in flight and every queued call listens for cancellation on the one scan signal.
    setMaxListeners(0, this.signal);
  }

  /** Makes the call once per scan (memoized by method, resource and key suffix, in flight included). */
  call<T>(spec: CallSpec<T>): Promise<CallOutcome<T>> {
    const key = `${spec.api} ${spec.method} ${spec.resource} ${spec.keySuffix ?? ''}`;
    let p = this.memo.get(key) as Promise<CallOutcome<T>> | undefined;
    if (!p) {
      p = this.attempt(spec);
      p.catch(() => {});
      this.memo.set(key, p as Promise<CallOutcome<unknown>>);
    }
    return p;
  }

  /** Records the gap of a failed call (once per id); `message` replaces the usual sentence. */
  recordGap(target: CallTarget, failure: Failure, message?: string): Gap {
    const gap = makeGap(target, failure, this.gapContext);
    if (message) gap.message = message;
    if (!this.gapIds.has(gap.id)) {
      this.gapIds.add(gap.id);
      this.gaps.push(gap);
      this.failures.set(gap.id, failure);
      this.stats.gaps++;
      this.onEvent({ type: 'gap' });
    }
    return gap;
  }

  /** The failure behind a recorded gap (its ErrorInfo consumer, for instance). */
  failureOf(gapId: string): Failure | undefined {
    return this.failures.get(gapId);
  }

  /** Throws the cancellation error when the scan was cancelled. */
  checkCancelled(): void {
    if (this.signal.aborted) throw cancelled();
  }

  /** Quota is counted per consumer for Resource Manager and Cloud Identity, per project elsewhere. */
  private gateKey(spec: CallTarget): string {
    if (spec.api === 'cloudresourcemanager' || spec.api === 'cloudidentity') return spec.api;
    return `${spec.api} ${/^projects\/([^/]+)/.exec(spec.resource)?.[1] ?? ''}`;
  }

  private async attempt<T>(spec: CallSpec<T>): Promise<CallOutcome<T>> {
    let timeoutRetries = 0;
    let retries = 0;
    let throttled = 0;
    let waitedUntil = 0;
    const gate = this.gateKey(spec);
    for (let attempt = 0; ; attempt++) {
      // After a 429 with Retry-After, the other calls of that quota wait for the window too instead of piling on.
      const notBefore = this.notBefore.get(gate) ?? 0;
      const now = Date.now();
      if (notBefore > now && notBefore > waitedUntil) {
        this.onEvent({ type: 'wait', waiting: { ms: notBefore - now, reason: `${spec.api} quota exhausted (Retry-After)` } });
        waitedUntil = notBefore;
        await this.tuning.sleep(notBefore - now, this.signal);
      }
      const release = await this.semaphore.acquire(this.signal, spec.priority ?? 1);
      const ctl = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        ctl.abort();
      }, this.opts.timeoutMs);
      const onAbort = () => ctl.abort();
      this.signal.addEventListener('abort', onAbort, { once: true });
      let failure: Failure;
      let retryAfterMs: number | null = null;
      this.stats.calls++;
      this.onEvent({ type: 'call' });
      try {
        const res = await spec.run(ctl.signal);
        return { ok: true, value: res.data };
      } catch (err) {
        if (this.signal.aborted) throw cancelled();
        const e = err as ErrorShape;
        const status = e?.response?.status;
        if (timedOut) {
          failure = { kind: 'timeout', timeoutMs: this.opts.timeoutMs, attempts: attempt + 1 };
        } else if (typeof status === 'number') {
          const g = googleError(e.response?.data);
          failure = {
            kind: 'http',
            status,
            reason: g.reason ?? g.status ?? `HTTP_${status}`,
            googleMessage: g.message,
            service: g.service,
            consumer: g.consumer,
            mayNotExist: g.mayNotExist,
            attempts: attempt + 1,
          };
          retryAfterMs = parseRetryAfter(header(e.response?.headers, 'retry-after'));
        } else {
          const detail = [typeof e?.code === 'string' ? e.code : null, e?.message].filter(Boolean).join(': ') || String(err);
          failure = { kind: 'network', detail: detail.slice(0, 200), attempts: attempt + 1 };
        }
      } finally {
        clearTimeout(timer);
        this.signal.removeEventListener('abort', onAbort);
        release();
        this.onEvent({ type: 'done' });
      }
      const isThrottle = failure.kind === 'http' && failure.status === 429;
      const transient =
        failure.kind === 'network' ||
        (failure.kind === 'timeout' && timeoutRetries < this.tuning.maxTimeoutRetries) ||
        (failure.kind === 'http' && TRANSIENT.has(failure.status));
      // A quota window frees up with time: 429s get a larger budget than errors (4 × maxRetries).
      const exhausted = isThrottle ? throttled >= this.opts.maxRetries * 4 : retries >= this.opts.maxRetries;
      if (!transient || exhausted) {
        if (failure.kind === 'http' && failure.status === 404 && spec.notFoundIsAnswer) {
          return { ok: false, status: 404, notFound: true, gapId: null };
        }
        if (spec.isAnswer?.(failure)) {
          return { ok: false, status: failure.kind === 'http' ? failure.status : null, notFound: false, gapId: null, failure };
        }
        const gap = this.recordGap(spec, failure);
        return { ok: false, status: gap.status, notFound: gap.status === 404, gapId: gap.id, failure };
      }
      if (failure.kind === 'timeout') timeoutRetries++;
      if (isThrottle) throttled++;
      else retries++;
      const ceiling = Math.min(this.tuning.maxBackoffMs, this.tuning.baseBackoffMs * 2 ** attempt);
      const wait = retryAfterMs !== null ? Math.min(retryAfterMs, this.tuning.maxRetryAfterMs) : Math.round(this.tuning.random() * ceiling);
      const why =
        failure.kind === 'http'
          ? `${failure.status} ${failure.reason} from ${spec.method}${retryAfterMs !== null ? ' (Retry-After)' : ''}`
          : `${failure.kind === 'timeout' ? 'timeout' : 'network error'} on ${spec.method}`;
      if (isThrottle && retryAfterMs !== null) this.notBefore.set(gate, Math.max(this.notBefore.get(gate) ?? 0, Date.now() + wait));
      waitedUntil = Date.now() + wait;
      this.onEvent({ type: 'wait', waiting: { ms: wait, reason: why } });
      await this.tuning.sleep(wait, this.signal);
    }
  }
}
