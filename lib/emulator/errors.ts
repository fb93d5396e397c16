/**
 * Google's JSON error bodies, in the three shapes the APIs Pullcheck reads really send:
 * - google.rpc.Status with an ErrorInfo detail (most APIs; "Errors" in the Cloud APIs design guide);
 * - Compute Engine's legacy body, `error.errors[].reason` only (`forbidden`, `accessNotConfigured`, `notFound`),
 *   without `status` or ErrorInfo (Compute Engine API reference, "Handling API errors");
 * - Cloud Identity's 403 with a google.rpc.ResourceInfo detail and no ErrorInfo (`Error(2028): Permission denied
 *   for resource groups/… (or it may not exist)`, as public bug reports against the Cloud Identity API show).
 */

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

/** Compute Engine's legacy `errors[].reason` for an ErrorInfo reason (or, without one, for the status). */
export function legacyReason(code: number, reason: string | undefined): string {
  const byReason: Record<string, string> = {
    SERVICE_DISABLED: 'accessNotConfigured',
    IAM_PERMISSION_DENIED: 'forbidden',
    USER_PROJECT_DENIED: 'forbidden',
    NOT_FOUND: 'notFound',
    RATE_LIMIT_EXCEEDED: 'rateLimitExceeded',
    INVALID_ARGUMENT: 'invalid',
    CREDENTIALS_MISSING: 'required',
    ACCESS_TOKEN_TYPE_UNSUPPORTED: 'authError',
  };
  if (reason && byReason[reason]) return byReason[reason];
  if (reason && /^[a-z][A-Za-z]*$/.test(reason)) return reason;
  const byCode: Record<number, string> = { 400: 'invalid', 401: 'authError', 403: 'forbidden', 404: 'notFound', 405: 'badRequest', 429: 'rateLimitExceeded' };
  return byCode[code] ?? 'backendError';
}

/** The body of a Google error answer: Status fields are absent from Compute's legacy shape. */
export interface ErrorBody {
  error: { code: number; message: string; status?: string; details?: unknown[]; errors?: unknown[] };
}

/** A Google API error answer: status, body and extra headers. */
export interface ApiError {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

function baseHeaders(code: number, retryAfter: number | null | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (retryAfter !== undefined && retryAfter !== null) headers['retry-after'] = String(Math.max(0, Math.ceil(retryAfter)));
  if (code === 401) headers['www-authenticate'] = 'Bearer realm="https://accounts.google.com/"';
  return headers;
}

/**
 * Builds Google's error body. `compute` answers in Compute Engine's legacy shape (code, message and
 * `errors[]` only); `extendedHelp` goes into that legacy entry (Compute's accessNotConfigured carries the
 * activation URL there).
 */
export function apiError(
  code: number,
  message: string,
  opts: {
    reason?: string;
    domain?: string;
    metadata?: Record<string, string>;
    retryAfter?: number | null;
    compute?: boolean;
    extendedHelp?: string;
  } = {},
): ApiError {
  const reason = opts.reason ?? defaultReason(code);
  const headers = baseHeaders(code, opts.retryAfter);
  if (opts.compute) {
    const legacy = legacyReason(code, opts.reason);
    const entry: Record<string, string> = { message, domain: legacy === 'accessNotConfigured' || legacy === 'rateLimitExceeded' ? 'usageLimits' : 'global', reason: legacy };
    if (opts.extendedHelp) entry.extendedHelp = opts.extendedHelp;
    return { status: code, body: { error: { code, message, errors: [entry] } }, headers };
  }
  const info: Record<string, unknown> = {
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    reason,
    domain: opts.domain ?? 'googleapis.com',
  };
  if (opts.metadata && Object.keys(opts.metadata).length) info.metadata = opts.metadata;
  return { status: code, body: { error: { code, message, status: statusName(code), details: [info] } }, headers };
}

/** Cloud Identity's 403 for a group the caller cannot see or that does not exist: a ResourceInfo detail, no ErrorInfo. */
export function groupDeniedError(resourceName: string): ApiError {
  const description = `Error(2028): Permission denied for resource ${resourceName} (or it may not exist).`;
  return {
    status: 403,
    body: {
      error: {
        code: 403,
        message: description,
        status: 'PERMISSION_DENIED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ResourceInfo',
            resourceType: 'cloudidentity.googleapis.com/Group',
            resourceName,
            owner: 'domain:cloudidentity.googleapis.com',
            description,
          },
        ],
      },
    },
    headers: {},
  };
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

/** Throws an already-built error answer. */
export function failWith(error: ApiError): never {
  throw new ApiErrorThrown(error);
}
