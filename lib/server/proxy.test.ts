import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { proxy } from '@/proxy';

const call = (url: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  proxy(new NextRequest(url, { method: init.method ?? 'GET', headers: { host: new URL(url).host, ...init.headers } }));

describe('proxy', () => {
  it('answers 421 in plain text to a Host it does not serve (DNS rebinding), pages and API alike', async () => {
    for (const url of ['http://rebind.example:3000/', 'http://rebind.example:3000/api/scans/abc/report']) {
      const res = call(url);
      expect(res.status).toBe(421);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toMatch(/answers only to 127\.0\.0\.1, localhost, \[::1\]/);
    }
  });

  it('gives a page a fresh nonce in its CSP and the security headers, and passes the nonce to the render', () => {
    const a = call('http://127.0.0.1:3000/readiness');
    const b = call('http://localhost:3000/readiness');
    const csp = a.headers.get('content-security-policy')!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(b.headers.get('content-security-policy')).not.toContain(nonce);
    expect(a.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
    expect(a.headers.get('x-frame-options')).toBe('DENY');
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    expect(a.headers.get('referrer-policy')).toBe('no-referrer');
    expect(a.headers.get('permissions-policy')).toMatch(/camera=\(\), microphone=\(\), geolocation=\(\)/);
  });

  it('answers 400, not 500, to ?scan=%00 and to malformed percent-encoding in pages and API paths', async () => {
    const nul = call('http://127.0.0.1:3000/?scan=%00');
    expect(nul.status).toBe(400);
    expect(await nul.text()).toMatch(/\?scan= must be a scan id/);
    expect(call('http://127.0.0.1:3000/clusters/%E0%A4%A').status).toBe(400);
    expect(call('http://127.0.0.1:3000/api/scans/%E0%A4%A/report').status).toBe(400);
  });

  it('hands a valid ?scan= to the layout', () => {
    const res = call('http://127.0.0.1:3000/clusters?scan=abc-123');
    expect(res.headers.get('x-middleware-request-x-pullcheck-scan')).toBe('abc-123');
  });

  it('refuses a cross-site state change on any API route with 403, and a method a route lacks with 405 + Allow', async () => {
    const cross = call('http://127.0.0.1:3000/api/scans/abc', { method: 'DELETE', headers: { origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
    expect(cross.headers.get('x-content-type-options')).toBe('nosniff');
    const put = call('http://127.0.0.1:3000/api/scans', { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
    expect(call('http://127.0.0.1:3000/api/scans', { method: 'POST', headers: { origin: 'http://127.0.0.1:3000' } }).headers.get('x-middleware-next')).toBe('1');
  });
});

describe('what bypasses the proxy', () => {
  it('is only the snapshot upload route, which makes the same checks itself and gets the same headers from next.config.ts', async () => {
    const { config } = await import('@/proxy');
    const matcher = new RegExp(`^${config.matcher[0]}$`);
    for (const p of ['/', '/clusters', '/api/scans', '/api/scans/abc/report', '/api/diagnose', '/icon.svg', '/_next/static/x.js', '/api/snapshotsx']) expect(matcher.test(p), p).toBe(true);
    for (const p of ['/api/snapshots', '/api/snapshots/']) expect(matcher.test(p), p).toBe(false);
    const { default: nextConfig } = await import('@/next.config');
    const { SECURITY_HEADERS, guardMutation } = await import('./guard');
    const rules = await nextConfig.headers!();
    expect(rules.map((r) => r.source)).toEqual(['/api/snapshots']);
    const given = Object.fromEntries(rules[0].headers.map((h) => [h.key, h.value]));
    for (const [key, value] of Object.entries(SECURITY_HEADERS)) expect(given[key], key).toBe(value);
    const rebound = guardMutation(new Request('http://rebind.example/api/snapshots', { method: 'POST', headers: { 'content-type': 'application/json' } }), 'json-or-multipart');
    expect(rebound?.status).toBe(421);
  });
});
