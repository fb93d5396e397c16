import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, guardMutation, hostAllowed, methodNotAllowed, misdirected, SECURITY_HEADERS, validScanParam } from '@/lib/server/guard';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function plain(status: number, text: string): NextResponse {
  const res = new NextResponse(`${text}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
  return secure(res);
}

function secure<R extends Response>(res: R, csp?: string): R {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.headers.set(k, v);
  res.headers.set('content-security-policy', csp ?? "default-src 'none'; frame-ancestors 'none'");
  return res;
}

/**
 * Runs before every request: answers only to the allowed Host names (DNS rebinding), refuses malformed
 * addresses with 400, cross-site state changes with 403 and unknown methods with 405 + Allow; gives each page
 * a fresh CSP nonce (Next applies it to its own scripts) and every response the security headers; and hands
 * the page's `?scan=` to the root layout (layouts do not see search params), so the gaps banner is
 * server-rendered, and to the pages' gate layouts (lib/server/scan-gate.ts), so an unknown id is a real 404.
 */
export function proxy(request: NextRequest) {
  if (!hostAllowed(request.headers.get('host'))) return secure(misdirected());
  const path = request.nextUrl.pathname;
  try {
    decodeURIComponent(path);
  } catch {
    // Next answers a malformed percent-encoding in a dynamic segment with a 500; it is the client's mistake.
    return plain(400, 'Bad request: the address has malformed percent-encoding.');
  }
  const isApi = path === '/api' || path.startsWith('/api/');
  if (isApi) {
    const refused = methodNotAllowed(request.method, path) ?? (MUTATING.has(request.method) ? guardMutation(request, 'none') : null);
    if (refused) return secure(refused);
    return secure(NextResponse.next());
  }
  if (path.startsWith('/_next/static/')) return secure(NextResponse.next());

  const headers = new Headers(request.headers);
  headers.delete('x-pullcheck-scan');
  headers.delete('x-pullcheck-diagnosis');
  const scan = request.nextUrl.searchParams.get('scan');
  if (scan !== null && scan.trim() !== '') {
    if (!validScanParam(scan.trim())) return plain(400, 'Bad request: ?scan= must be a scan id (letters, digits and hyphens).');
    headers.set('x-pullcheck-scan', scan.trim());
  }
  // A stored diagnosis's id, for the same reason: its page answers 404 before it streams when the id is unknown.
  const diagnosis = path === '/diagnose' ? request.nextUrl.searchParams.get('d')?.trim() : undefined;
  if (diagnosis) headers.set('x-pullcheck-diagnosis', diagnosis.slice(0, 100));
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);
  return secure(NextResponse.next({ request: { headers } }), csp);
}

// Every request, static files included: the Host check and the headers apply to all of them. Except snapshot
// uploads: Next buffers a body the proxy sees (up to experimental.proxyClientMaxBodySize) before the route
// reads it; the upload route makes the same checks itself (guardMutation) and next.config.ts adds the headers.
export const config = { matcher: ['/((?!api/snapshots(?:/|$)).*)'] };
