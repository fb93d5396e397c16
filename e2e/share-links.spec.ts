import { test, expect, type APIRequestContext } from '@playwright/test';

/**
 * Share links: every view URL pins its scan (`?scan=ID`). An id that names no kept scan is an HTTP 404 on
 * every page that shows a scan, loading states or not (a 200 "Page not found" breaks link checkers, caches
 * and monitoring); a kept scan's id opens the page.
 */
const POOL = 'projects/nwv-booking-prod/locations/europe-west1/clusters/booking-prod/nodePools/api';
const REPO = 'projects/nwv-booking-staging/locations/europe-west1/repositories/staging-images';
const IMAGE = 'europe-west1-docker.pkg.dev/nwv-registry/booking-images/search-api:2.8.1';

const VIEWS: { name: string; path: string }[] = [
  { name: 'overview', path: '/' },
  { name: 'clusters', path: '/clusters' },
  { name: 'cluster detail', path: '/clusters/nwv-booking-staging/europe-west1-b/booking-staging' },
  { name: 'repositories', path: '/repositories' },
  { name: 'repository detail', path: '/repositories/nwv-registry/europe-west1/booking-images' },
  { name: 'readiness matrix', path: '/readiness' },
  { name: 'pair', path: `/readiness/pair?pool=${encodeURIComponent(POOL)}&repo=${encodeURIComponent(REPO)}` },
  { name: 'findings', path: '/findings' },
  { name: 'gaps', path: '/gaps' },
  { name: 'service accounts', path: '/service-accounts' },
  { name: 'service account', path: `/service-accounts/${encodeURIComponent('gke-prod-nodes@nwv-node-identities.iam.gserviceaccount.com')}` },
  { name: 'diagnose', path: '/diagnose' },
];

/**
 * Marks of a page that did not open: the not-found panel rendered as HTML (its text is also in every page's
 * payload, as the not-found boundary), or Next's error document (what a 404 thrown before the shell sends).
 */
const NOT_FOUND_PANEL = 'id="nf-title"';
const ERROR_DOCUMENT = 'id="__next_error__"';

const withScan = (path: string, id: string) => `${path}${path.includes('?') ? '&' : '?'}scan=${encodeURIComponent(id)}`;

/** The id of a finished scan of the demo estate (the first page view starts one and waits for it). */
async function finishedScanId(request: APIRequestContext): Promise<string> {
  expect((await request.get('/')).status()).toBe(200);
  const body = (await (await request.get('/api/scans')).json()) as { scans: { id: string; status: string }[] };
  const done = body.scans.find((s) => s.status === 'done');
  expect(done, 'a finished demo scan').toBeTruthy();
  return done!.id;
}

test.describe('share links', () => {
  for (const v of VIEWS) {
    test(`${v.name}: ?scan= naming no kept scan answers 404`, async ({ request }) => {
      const res = await request.get(withScan(v.path, 'does-not-exist'));
      expect(res.status()).toBe(404);
    });
  }

  test('every view opens with the id of a kept scan', async ({ request }) => {
    const id = await finishedScanId(request);
    for (const v of VIEWS) {
      const res = await request.get(withScan(v.path, id));
      expect(res.status(), v.name).toBe(200);
      const html = await res.text();
      expect(html, v.name).not.toContain(NOT_FOUND_PANEL);
      expect(html, v.name).not.toContain(ERROR_DOCUMENT);
    }
  });

  test('a pinned overview in the browser shows the scan it names', async ({ page, request }) => {
    const id = await finishedScanId(request);
    const res = await page.goto(withScan('/', id));
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await expect(page.getByText('Page not found')).toHaveCount(0);
    // Navigation keeps the pin: the Clusters link carries the same scan id.
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clusters' })).toHaveAttribute('href', new RegExp(`scan=${id}`));
  });

  test('in the browser, a link to a scan no longer kept says the page was not found', async ({ page }) => {
    const res = await page.goto('/?scan=does-not-exist');
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  });

  test('a comparison of scans that do not exist answers 404', async ({ request }) => {
    const id = await finishedScanId(request);
    expect((await request.get(`/compare?from=does-not-exist&to=${id}`)).status()).toBe(404);
    expect((await request.get(`/compare?from=${id}&to=does-not-exist`)).status()).toBe(404);
  });

  test('a stored diagnosis has its own URL; an unknown diagnosis id answers 404', async ({ request }) => {
    const id = await finishedScanId(request);
    // Too long to travel in the URL itself: the server stores it and the link carries its id.
    const errorText = `Failed to pull image "${IMAGE}": 403 Forbidden\n${'kubelet event line\n'.repeat(150)}`;
    const res = await request.post('/api/diagnose', { data: { image: IMAGE, errorText, scan: id } });
    expect(res.status()).toBe(200);
    const { link } = (await res.json()) as { link: string };
    expect(link).toMatch(/^\/diagnose\?d=[\w-]+/);
    const opened = await request.get(link);
    expect(opened.status()).toBe(200);
    const html = await opened.text();
    expect(html).not.toContain(NOT_FOUND_PANEL);
    expect(html).not.toContain(ERROR_DOCUMENT);
    expect(html).toContain('kubelet event line');
    expect((await request.get('/diagnose?d=AAAAAAAAAAAAAAAAAAAAAA')).status()).toBe(404);
  });
});
