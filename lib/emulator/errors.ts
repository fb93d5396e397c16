/** Google's JSON error body (google.rpc.Status with an ErrorInfo detail), as every Google REST API answers. */

/** The google.rpc.Code name Google pairs with each HTTP status. */
export function statusName(code: number): string {
  const names: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    409: 'ABORTED',
    412: 'FAILED_PRECONDITION',
    429: 'RESOURCE_EXHAUSTED',
    499: 'CANCELLED',
    500: 'INTERNAL',
    501: 'UNIMPLEMENTED',
    502: 'UNAVAILABLE',
    503: 'UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
  };
  return names[code] ?? (code >= 500 ? 'UNKNOWN' : 'FAILED_PRECONDITION');
}

/** The ErrorInfo reason usually paired with a status. */
export function defaultReason(code: number): string {
  const reasons: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'CREDENTIALS_MISSING',
    403: 'IAM_PERMISSION_DENIED',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    429: 'RATE_LIMIT_EXCEEDED',
    500: 'INTERNAL_ERROR',
    503: 'SERVICE_UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
  };
  return reasons[code] ?? statusName(code);
}

/** A Google API error answer: status, body and extra headers. */
export interface ApiError {
  status: number;
  body: { error: { code: number; message: string; status: string; details: unknown[]; errors?: unknown[] } };
  headers?: Record<string, string>;
}

/** Builds Google's error body. `compute` adds the legacy `errors[]` list Compute Engine still sends. */
export function apiError(
  code: number,
  message: string,
  opts: { reason?: string; domain?: string; metadata?: Record<string, string>; retryAfter?: number | null; compute?: boolean } = {},
): ApiError {
  const reason = opts.reason ?? defaultReason(code);
  const info: Record<string, unknown> = {
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    reason,
    domain: opts.domain ?? 'googleapis.com',
  };
  if (opts.metadata && Object.keys(opts.metadata).length) info.metadata = opts.metadata;
  const body: ApiError['body'] = { error: { code, message, status: statusName(code), details: [info] } };
  if (opts.compute) {
    const legacy: Record<number, string> = { 403: 'forbidden', 404: 'notFound', 429: 'rateLimitExceeded', 400: 'invalid' };
    body.error.errors = [{ message, domain: 'global', reason: legacy[code] ?? 'backendError' }];
  }
  const headers: Record<string, string> = {};
  if (opts.retryAfter !== undefined && opts.retryAfter !== null) headers['retry-after'] = String(Math.max(0, Math.ceil(opts.retryAfter)));
  if (code === 401) headers['www-authenticate'] = 'Bearer realm="https://accounts.google.com/"';
  return { status: code, body, headers };
}

/** Thrown by route handlers; the server turns it into the error answer. */
export class ApiErrorThrown extends Error {
  constructor(readonly error: ApiError) {
    super(error.body.error.message);
  }
}

/** Throws a Google error answer. */
export function fail(code: number, message: string, opts?: Parameters<typeof apiError>[2]): never {
  throw new ApiErrorThrown(apiError(code, message, opts));
}
