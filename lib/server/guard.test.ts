import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_METHODS, allowedMethods, contentSecurityPolicy, crossSiteProblem, guardMutation, hostAllowed, methodNotAllowed, splitHost, validScanParam } from './guard';

const req = (headers: Record<string, string>, url = 'http://127.0.0.1:3000/api/scans') => new Request(url, { method: 'POST', headers });

describe('hostAllowed', () => {
  it('answers loopback names with any port', () => {
    for (const h of ['127.0.0.1', '127.0.0.1:3000', 'localhost:80', 'LOCALHOST', '[::1]', '[::1]:3107']) expect(hostAllowed(h, {})).toBe(true);
  });

  it('refuses other names, a missing Host and malformed ones (DNS rebinding)', () => {
    for (const h of ['evil.example', 'evil.example:3000', '127.0.0.1.nip.io', '10.0.0.1:3000', 'localhost.evil.example', '[::2]:3000', 'localhost:abc', 'local host', '']) {
      expect(hostAllowed(h, {}), h).toBe(false);
    }
    expect(hostAllowed(null, {})).toBe(false);
  });

  it('answers the host named in PULLCHECK_PUBLIC_HOST: any port without one, that port with one', () => {
    const env = { PULLCHECK_PUBLIC_HOST: 'pullcheck.example.com, https://audit.example.org:8443/' };
    expect(hostAllowed('pullcheck.example.com', env)).toBe(true);
    expect(hostAllowed('Pullcheck.Example.com:443', env)).toBe(true);
    expect(hostAllowed('audit.example.org:8443', env)).toBe(true);
    expect(hostAllowed('audit.example.org', env)).toBe(false);
    expect(hostAllowed('other.example.com', env)).toBe(false);
  });

  it('splits bracketed IPv6 hosts', () => {
    expect(splitHost('[::1]:3000')).toEqual({ name: '[::1]', port: '3000' });
    expect(splitHost('[::1]x')).toBeNull();
  });
});

describe('crossSiteProblem and guardMutation', () => {
  it('lets same-origin browser requests and header-less clients through', () => {
    expect(crossSiteProblem(req({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }))).toBeNull();
    expect(crossSiteProblem(req({ host: '127.0.0.1:3000' }))).toBeNull();
    expect(guardMutation(req({ host: '127.0.0.1:3000', 'content-type': 'application/json; charset=utf-8' }), 'json')).toBeNull();
  });

  it('refuses another origin, a "null" origin, another port and Sec-Fetch-Site cross-site or same-site with 403', async () => {
    const cases: Record<string, string>[] = [
      { host: '127.0.0.1:3000', origin: 'https://evil.example', 'content-type': 'application/json' },
      { host: '127.0.0.1:3000', origin: 'null', 'content-type': 'application/json' },
      { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:8080', 'content-type': 'application/json' },
      { host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      { host: '127.0.0.1:3000', 'sec-fetch-site': 'same-site', 'content-type': 'application/json' },
      { host: '127.0.0.1:3000', origin: 'not a url', 'content-type': 'application/json' },
    ];
    for (const h of cases) {
      const res = guardMutation(req(h), 'json');
      expect(res?.status, JSON.stringify(h)).toBe(403);
      expect((await res!.json()).error).toMatch(/^Refused: this request comes from another site/);
    }
  });

  it('answers 415 for text/plain or no Content-Type, and accepts multipart only where a file is uploaded', async () => {
    const plain = guardMutation(req({ host: '127.0.0.1', 'content-type': 'text/plain' }), 'json');
    expect(plain?.status).toBe(415);
    expect((await plain!.json()).error).toBe('Unsupported Content-Type "text/plain": send application/json.');
    expect(guardMutation(req({ host: '127.0.0.1' }), 'json')?.status).toBe(415);
    expect(guardMutation(req({ host: '127.0.0.1', 'content-type': 'multipart/form-data; boundary=x' }), 'json')?.status).toBe(415);
    expect(guardMutation(req({ host: '127.0.0.1', 'content-type': 'multipart/form-data; boundary=x' }), 'json-or-multipart')).toBeNull();
    expect(guardMutation(req({ host: '127.0.0.1', 'content-type': 'application/x-www-form-urlencoded' }), 'json-or-multipart')?.status).toBe(415);
    expect(guardMutation(req({ host: '127.0.0.1' }), 'none')).toBeNull();
  });
});

describe('contentSecurityPolicy', () => {
  it('allows scripts only from this origin or with the nonce, and refuses framing', () => {
    const csp = contentSecurityPolicy('abc');
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(contentSecurityPolicy('abc', true)).toMatch(/script-src[^;]*'unsafe-eval'/);
  });
});

describe('API methods', () => {
  it('answers 405 with Allow for a method the route does not export', async () => {
    const res = methodNotAllowed('PUT', '/api/snapshots');
    expect(res?.status).toBe(405);
    expect(res?.headers.get('allow')).toBe('POST, OPTIONS');
    expect((await res!.json()).error).toMatch(/PUT is not allowed on \/api\/snapshots/);
    expect(methodNotAllowed('POST', '/api/scans/abc')?.headers.get('allow')).toBe('GET, DELETE, HEAD, OPTIONS');
    expect(methodNotAllowed('DELETE', '/api/scans/abc')).toBeNull();
    expect(methodNotAllowed('GET', '/api/scans/abc/report')).toBeNull();
    expect(methodNotAllowed('PUT', '/api/nothing-here')).toBeNull();
  });

  it('lists exactly the methods each route file exports', () => {
    const root = path.resolve(import.meta.dirname, '../../app/api');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = path.join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (f === 'route.ts') files.push(p);
      }
    };
    walk(root);
    expect(files.length).toBe(API_METHODS.length);
    for (const f of files) {
      const url = '/api/' + path.relative(root, path.dirname(f)).split(path.sep).map((s) => (s.startsWith('[') ? 'some-id' : s)).join('/');
      const exported = [...readFileSync(f, 'utf8').matchAll(/export async function (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]).sort();
      const listed = (allowedMethods(url) ?? []).filter((m) => m !== 'HEAD' && m !== 'OPTIONS').sort();
      expect(listed, url).toEqual(exported);
    }
  });
});

describe('validScanParam', () => {
  it('accepts scan ids and refuses control characters and long values', () => {
    expect(validScanParam('0b5e3c1a-2f4d-4a9e-8c7b-1d2e3f4a5b6c')).toBe(true);
    expect(validScanParam('\u0000')).toBe(false);
    expect(validScanParam('a b')).toBe(false);
    expect(validScanParam('x'.repeat(101))).toBe(false);
  });
});
