import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, expect, type Page } from '@playwright/test';

/** The pages of the main navigation; each must render and run under the CSP without a violation. */
const PAGES = ['/', '/clusters', '/repositories', '/readiness', '/findings', '/service-accounts', '/diagnose', '/scan'];

/** Records CSP violations (the DOM event and the console message Chromium prints for each). */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  await page.exposeFunction('__cspViolation', (d: string) => seen.push(`event: ${d}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation: (d: string) => void }).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  return seen;
}

test('every response carries the security headers, and pages a fresh CSP nonce', async ({ request }) => {
  const a = await request.get('/');
  const b = await request.get('/');
  const csp = a.headers()['content-security-policy'];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(b.headers()['content-security-policy']).not.toBe(csp);
  for (const res of [a, await request.get('/api/scans'), await request.get('/icon.svg'), await request.put('/api/snapshots', { data: '{}' })]) {
    const h = res.headers();
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('no-referrer');
    expect(h['permissions-policy']).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
  }
});

test('the main pages render and hydrate with no CSP violation', async ({ page }) => {
  const violations = await watchViolations(page);
  for (const path of PAGES) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await page.waitForLoadState('networkidle');
  }
  // Client-side navigation runs Next's scripts after hydration: it works only if they were allowed.
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clusters' }).click();
  await expect(page).toHaveURL(/\/clusters$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Clusters' })).toBeVisible();
  expect(violations).toEqual([]);
});

test('another site cannot frame the dashboard', async ({ page, baseURL }) => {
  const messages: string[] = [];
  page.on('console', (m) => messages.push(m.text()));
  await page.setContent(`<iframe id="f" src="${baseURL}/" width="800" height="600"></iframe>`);
  await page.waitForTimeout(1500);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  const rendered = frame ? await frame.locator('#main').count().catch(() => 0) : 0;
  expect(rendered).toBe(0);
  expect(messages.some((m) => /frame-ancestors|X-Frame-Options|Refused to display/i.test(m))).toBe(true);
});

test('a cross-site POST is refused and starts nothing', async ({ page, request, baseURL }) => {
  const before = ((await (await request.get('/api/scans')).json()) as { scans: unknown[] }).scans.length;
  // A page on another origin (another port on this machine: no CSP of ours, no private-network block) posts
  // without a preflight, as an attacker's page would.
  const attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>attacker</h1>'));
  await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
  await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
  const posted: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/')) posted.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  const sent = await page.evaluate(async (target) => {
    const form = new FormData();
    form.set('file', new File([JSON.stringify({ scenario: 1, projects: [] })], 'evil.json'));
    const results: string[] = [];
    for (const init of [
      { url: `${target}/api/snapshots`, method: 'POST', mode: 'no-cors', body: form },
      { url: `${target}/api/scans`, method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"scope":{"kind":"demo"}}' },
    ] as (RequestInit & { url: string })[]) {
      results.push(await fetch(init.url, init).then(() => 'answered', (e: Error) => `blocked: ${e.message}`));
    }
    return results;
  }, baseURL!);
  attacker.close();
  // The browser sent both; the server refused them (403: the scan count below does not move), and the
  // browser withholds even the refusal from the other site (Cross-Origin-Resource-Policy: same-origin).
  expect(posted.sort()).toEqual(['POST /api/scans', 'POST /api/snapshots']);
  expect(sent).toEqual(['blocked: Failed to fetch', 'blocked: Failed to fetch']);
  const raw = await request.post('/api/scans', {
    headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
    data: { scope: { kind: 'demo' } },
  });
  expect(raw.status()).toBe(403);
  expect((await raw.json()).error).toMatch(/comes from another site/);
  const plain = await request.post('/api/scans', { headers: { 'content-type': 'text/plain' }, data: '{"scope":{"kind":"demo"}}' });
  expect(plain.status()).toBe(415);
  const after = ((await (await request.get('/api/scans')).json()) as { scans: unknown[] }).scans.length;
  expect(after).toBe(before);
});

test('unknown hosts, bad addresses and wrong methods answer 4xx, never 500', async ({ request }) => {
  const rebound = await request.get('/api/scans', { headers: { host: 'rebind.attacker.example' } });
  expect(rebound.status()).toBe(421);
  expect(await rebound.text()).toMatch(/answers only to 127\.0\.0\.1/);
  expect((await request.get('/?scan=%00')).status()).toBe(400);
  expect((await request.get('/api/scans/%E0%A4%A/report')).status()).toBe(400);
  const put = await request.put('/api/snapshots', { data: '{}' });
  expect(put.status()).toBe(405);
  expect(put.headers()['allow']).toBe('POST, OPTIONS');
});
