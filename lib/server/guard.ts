/**
 * Request checks shared by proxy.ts and the route handlers: which Host names this server answers to (DNS
 * rebinding), which requests may change state (cross-site requests), which body types they may send, and
 * the security headers every response carries.
 *
 * No `server-only` import: proxy.ts loads this module too.
 *
 * Background: OWASP "Cross-Site Request Forgery Prevention Cheat Sheet" (verifying origin with standard
 * headers, Fetch Metadata `Sec-Fetch-Site`), MDN "Content-Security-Policy", and Next.js "How to set a
 * Content Security Policy (CSP) for your Next.js application" (nonces generated in Proxy).
 */

/** Host names the server always answers to: the loopback addresses it binds to. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Splits a Host header ("example.com:3000", "[::1]:3000") into lower-case host name and port. */
export function splitHost(host: string): { name: string; port: string | null } | null {
  const h = host.trim().toLowerCase();
  if (!h || h.length > 255) return null;
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end < 0) return null;
    const rest = h.slice(end + 1);
    if (rest && !/^:\d{1,5}$/.test(rest)) return null;
    return { name: h.slice(0, end + 1), port: rest ? rest.slice(1) : null };
  }
  const colon = h.indexOf(':');
  const name = colon < 0 ? h : h.slice(0, colon);
  const port = colon < 0 ? null : h.slice(colon + 1);
  if (!/^[a-z0-9.-]+$/.test(name)) return null;
  if (port !== null && !/^\d{1,5}$/.test(port)) return null;
  return { name, port };
}

/** The text before the first `/` (a host with a path written after it). */
function beforeSlash(s: string): string {
  const i = s.indexOf('/');
  return i < 0 ? s : s.slice(0, i);
}

/**
 * The public host names configured with PULLCHECK_PUBLIC_HOST (comma-separated; "host" matches any port,
 * "host:port" that port only). Unset: loopback only.
 */
export function publicHosts(env: Record<string, string | undefined> = process.env): { name: string; port: string | null }[] {
  return (env.PULLCHECK_PUBLIC_HOST ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => splitHost(beforeSlash(s.replace(/^https?:\/\//i, ''))))
    .filter((h): h is { name: string; port: string | null } => h !== null);
}

/** True when this server answers to the Host header: loopback with any port, or a configured public host. */
export function hostAllowed(host: string | null, env: Record<string, string | undefined> = process.env): boolean {
  if (!host) return false;
  const h = splitHost(host);
  if (!h) return false;
  if (LOOPBACK.has(h.name)) return true;
  return publicHosts(env).some((p) => p.name === h.name && (p.port === null || p.port === h.port));
}

/** The plain answer to a Host this server does not serve (a DNS-rebinding page, a mistyped proxy). */
export function misdirected(): Response {
  return new Response(
    'Misdirected request: this Pullcheck server answers only to 127.0.0.1, localhost, [::1] and the host named in PULLCHECK_PUBLIC_HOST.\n',
    { status: 421, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } },
  );
}

function jsonError(status: number, error: string, extra: Record<string, string> = {}): Response {
  return Response.json({ error }, { status, headers: { 'cache-control': 'no-store', ...extra } });
}

/**
 * Refuses a request that would change state when a browser says it comes from another site: an `Origin`
 * whose host is not this request's Host (or "null"), or `Sec-Fetch-Site: cross-site` / `same-site`.
 * Requests without either header (curl, scripts) are not from a web page and pass.
 */
export function crossSiteProblem(req: Request): string | null {
  const site = req.headers.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') return `Sec-Fetch-Site is ${site}`;
  const origin = req.headers.get('origin');
  if (origin === null) return null;
  if (origin === 'null') return 'the Origin is "null"';
  let originHost: string;
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return `the Origin ${origin} is not a web origin`;
    originHost = u.host;
  } catch {
    return 'the Origin header is malformed';
  }
  const host = req.headers.get('host') ?? new URL(req.url).host;
  if (originHost.toLowerCase() !== host.toLowerCase()) return `the Origin ${origin} is not this server`;
  return null;
}

export type BodyKind = 'json' | 'json-or-multipart' | 'none';

/**
 * The checks for a state-changing request: an allowed Host (421), same-site origin (403) and an accepted
 * Content-Type (415).
 * Returns the error response, or null when the request may go on.
 */
export function guardMutation(req: Request, body: BodyKind): Response | null {
  // proxy.ts checks the Host of every request it sees; snapshot uploads bypass it (so their bodies are not buffered twice).
  if (!hostAllowed(req.headers.get('host') ?? new URL(req.url).host)) return misdirected();
  const cross = crossSiteProblem(req);
  if (cross) {
    return jsonError(403, `Refused: this request comes from another site (${cross}). Pullcheck accepts changes only from its own pages.`);
  }
  if (body === 'none') return null;
  const type = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return null;
  if (body === 'json-or-multipart' && type === 'multipart/form-data') return null;
  const wanted = body === 'json' ? 'application/json' : 'application/json or multipart/form-data';
  return jsonError(415, `Unsupported Content-Type ${type ? `"${type}"` : '(none)'}: send ${wanted}.`);
}

/** The Content-Security-Policy for a page rendered with `nonce`: scripts only from this origin or with the nonce. */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Style attributes (virtualized rows are positioned with inline `style`) need 'unsafe-inline'; scripts do not.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every response carries, pages and API alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'permissions-policy':
    'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), interest-cohort=()',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** The methods each API route answers; a 405 names them in `Allow`. Kept equal to the route files' exports by a test. */
export const API_METHODS: readonly { pattern: RegExp; methods: readonly string[] }[] = [
  { pattern: /^\/api\/scans\/?$/, methods: ['GET', 'POST'] },
  { pattern: /^\/api\/scans\/[^/]+\/report\/?$/, methods: ['GET'] },
  { pattern: /^\/api\/scans\/[^/]+\/export\/?$/, methods: ['GET'] },
  { pattern: /^\/api\/scans\/[^/]+\/plan\/?$/, methods: ['GET'] },
  { pattern: /^\/api\/scans\/[^/]+\/?$/, methods: ['GET', 'DELETE'] },
  { pattern: /^\/api\/snapshots\/?$/, methods: ['POST'] },
  { pattern: /^\/api\/diagnose\/?$/, methods: ['POST'] },
  { pattern: /^\/api\/gaps\/?$/, methods: ['GET'] },
  { pattern: /^\/api\/troubleshoot\/?$/, methods: ['POST'] },
  { pattern: /^\/api\/clusters\/[^/]+\/[^/]+\/[^/]+\/pull-failures\/?$/, methods: ['GET'] },
];

/** `Allow` for a path: the route's methods plus HEAD (with GET) and OPTIONS, which Next answers itself. */
export function allowedMethods(pathname: string): string[] | null {
  const route = API_METHODS.find((r) => r.pattern.test(pathname));
  if (!route) return null;
  const out = [...route.methods];
  if (out.includes('GET')) out.push('HEAD');
  out.push('OPTIONS');
  return out;
}

/** 405 with `Allow` for a method the API route does not answer; null when it does (or the path is no route). */
export function methodNotAllowed(method: string, pathname: string): Response | null {
  const allow = allowedMethods(pathname);
  if (!allow || allow.includes(method.toUpperCase())) return null;
  return jsonError(405, `${method.toUpperCase()} is not allowed on ${pathname}; allowed: ${allow.join(', ')}.`, { allow: allow.join(', ') });
}

/** A `?scan=` value the pages accept: a scan id (letters, digits, hyphens, underscores), at most 100 characters. */
export function validScanParam(v: string): boolean {
  return /^[\w-]{1,100}$/.test(v);
}
