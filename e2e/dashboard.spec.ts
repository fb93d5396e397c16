import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test, expect, type Page } from '@playwright/test';

const shots = 'test-results/screenshots';
const API = 'projects/nwv-booking-prod/locations/europe-west1/clusters/booking-prod/nodePools/api';
const STAGING_IMAGES = 'projects/nwv-booking-staging/locations/europe-west1/repositories/staging-images';
const GCLOUD =
  'gcloud artifacts repositories add-iam-policy-binding staging-images --project=nwv-booking-staging --location=europe-west1 --member=serviceAccount:gke-prod-nodes@nwv-node-identities.iam.gserviceaccount.com --role=roles/artifactregistry.reader';

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

test.describe('the dashboard on the demo estate', () => {
  test('the Overview shows the scope, pairs by verdict, the commonest causes and the blocked clusters', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    await expect(page.getByText('demo estate', { exact: true })).toBeVisible();
    const verdicts = page.getByRole('region', { name: 'Pairs by verdict' });
    await expect(verdicts.getByRole('link', { name: /cannot pull\s*60/ })).toBeVisible();
    await expect(verdicts.getByRole('link', { name: /can pull\s*31/ })).toBeVisible();
    const causes = page.getByRole('region', { name: 'Commonest causes' });
    await expect(causes.getByRole('link', { name: 'Node service account may not download from the repository' })).toBeVisible();
    const clusters = page.getByRole('region', { name: 'Clusters with the most blocked pairs' });
    await expect(clusters.getByRole('link', { name: 'ci-legacy' })).toBeVisible();
    await expect(page.getByRole('region', { name: /Pullcheck could not read everything/ })).toBeVisible();
    await shot(page, 'overview');
    await causes.getByRole('link', { name: 'Node service account may not download from the repository' }).click();
    await expect(page).toHaveURL(/\/readiness\?cause=iam\.no-download-permission&inUse=all$/);
  });

  test('the gaps banner names what could not be read and the grant that would show it, on every page', async ({ page }) => {
    for (const url of ['/', '/readiness', '/scan']) {
      await page.goto(url);
      const banner = page.getByRole('region', { name: /Pullcheck could not read everything/ });
      await expect(banner).toBeVisible();
      await expect(banner).toContainText('Pullcheck could not read projects/nwv-registry/locations/europe-west1/repositories/partner-sdk');
      await expect(banner).toContainText('Grant artifactregistry.repositories.getIamPolicy');
      await expect(banner.getByRole('button', { name: /dismiss|close/i })).toHaveCount(0);
    }
    // Server-rendered: in the HTML itself, not only after the browser has fetched /api/gaps.
    const html = await (await page.request.get('/clusters')).text();
    expect(html).toContain('Pullcheck could not read projects/nwv-registry/locations/europe-west1/repositories/partner-sdk');
  });

  test('the matrix shows particular verdicts; a cell opens the pair', async ({ page }) => {
    await page.goto('/readiness?inUse=all');
    await expect(page.getByRole('heading', { level: 1, name: 'Readiness' })).toBeVisible();
    const grid = page.getByRole('grid', { name: /Readiness matrix/ });
    await expect(grid.getByRole('link', { name: 'cannot pull (iam): api (booking-prod, nwv-booking-prod) → staging-images (nwv-booking-staging, europe-west1)' })).toBeVisible();
    await expect(grid.getByRole('link', { name: 'can pull: api (booking-prod, nwv-booking-prod) → booking-images (nwv-registry, europe-west1)' })).toBeVisible();
    await expect(grid.getByRole('link', { name: 'cannot pull (service-account): batch (booking-prod, nwv-booking-prod) → booking-images (nwv-registry, europe-west1)' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: '104 pairs' })).toContainText('60 cannot pull, 13 unknown, 31 can pull');
    await shot(page, 'readiness-matrix');
    await grid.getByRole('link', { name: 'cannot pull (iam): api (booking-prod, nwv-booking-prod) → staging-images (nwv-booking-staging, europe-west1)' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Can api pull from staging-images?' })).toBeVisible();
  });

  test('the matrix is keyboard navigable: arrows move, Enter opens', async ({ page }) => {
    await page.goto('/readiness?inUse=all');
    const grid = page.getByRole('grid', { name: /Readiness matrix/ });
    const first = grid.locator('[data-cell="0-0"]');
    await first.focus();
    await page.keyboard.press('ArrowRight');
    await expect(grid.locator('[data-cell="0-1"]')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(grid.locator('[data-cell="1-1"]')).toBeFocused();
    const name = await grid.locator('[data-cell="1-1"]').getAttribute('aria-label');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/readiness\/pair\?pool=/);
    expect(name).toMatch(/: batch \(booking-prod, nwv-booking-prod\) → /);
  });

  test('a filter changes the URL and the rows', async ({ page }) => {
    await page.goto('/readiness?inUse=all');
    const grid = page.getByRole('grid', { name: /Readiness matrix/ });
    await expect(grid.getByRole('rowheader', { name: /^batch/ })).toBeVisible();
    await page.getByRole('combobox', { name: 'Cluster' }).selectOption({ label: 'booking-staging (nwv-booking-staging, europe-west1-b)' });
    await expect(page).toHaveURL(/cluster=projects%2Fnwv-booking-staging%2Flocations%2Feurope-west1-b%2Fclusters%2Fbooking-staging/);
    await expect(grid.getByRole('rowheader', { name: /^batch/ })).toHaveCount(0);
    await expect(grid.getByRole('rowheader', { name: /^qa-tools/ })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Showing' })).toContainText('Showing 24 of 104 pairs');
    await page.getByRole('combobox', { name: 'Verdict' }).selectOption('can-pull');
    await expect(page).toHaveURL(/verdict=can-pull/);
    await expect(grid.getByRole('link', { name: 'can pull: web (booking-staging, nwv-booking-staging) → staging-images (nwv-booking-staging, europe-west1)' })).toBeVisible();
    await expect(grid.getByRole('link', { name: /qa-tools \(booking-staging, nwv-booking-staging\) → staging-images/ })).toHaveCount(0);
    await shot(page, 'readiness-filtered');
    await page.getByRole('link', { name: 'List of pairs' }).click();
    await expect(page).toHaveURL(/view=list/);
    await expect(page.getByRole('table', { name: 'Pairs' }).getByRole('row')).toHaveCount(1 + 7);
    await shot(page, 'readiness-list');
  });

  test('the pair detail shows the reasoning chain and the fix with the real names, copyable', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`/readiness/pair?pool=${encodeURIComponent(API)}&repo=${encodeURIComponent(STAGING_IMAGES)}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Can api pull from staging-images?' })).toBeVisible();
    await expect(page.getByText('cannot pull', { exact: true }).first()).toBeVisible();
    await expect(page.getByText(GCLOUD)).toBeVisible();
    await expect(page.getByText('resource "google_artifact_registry_repository_iam_member"')).toBeVisible();
    await expect(page.getByText(/Workload Identity does not change who pulls images/)).toBeVisible();
    const chain = page.getByRole('region', { name: 'Reasoning chain' });
    await expect(chain.getByText('1. Node identity')).toBeVisible();
    await expect(chain.getByText(/IAM/).first()).toBeVisible();
    await page.getByRole('button', { name: 'Copy gcloud command' }).click();
    await expect(page.getByText('✓ Copied')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(GCLOUD);
    await shot(page, 'pair-detail');
  });

  test('a scope pool without a storage scope warns that scopes cannot be changed in place', async ({ page }) => {
    const qa = 'projects/nwv-booking-staging/locations/europe-west1-b/clusters/booking-staging/nodePools/qa-tools';
    const repo = 'projects/nwv-registry/locations/europe-west1/repositories/booking-images';
    await page.goto(`/readiness/pair?pool=${encodeURIComponent(qa)}&repo=${encodeURIComponent(repo)}`);
    await expect(page.getByRole('note').filter({ hasText: /scopes/i }).first()).toBeVisible();
    await shot(page, 'pair-detail-scope');
  });

  test('an unknown pair is not found', async ({ page }) => {
    const res = await page.goto(`/readiness/pair?pool=${encodeURIComponent(API)}&repo=projects%2Fnope%2Flocations%2Fus%2Frepositories%2Fnope`);
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'No such pair' })).toBeVisible();
    expect((await page.goto('/readiness/pair'))?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'No such pair' })).toBeVisible();
    await shot(page, 'pair-not-found');
    await page.goto('/readiness?scan=no-such-scan');
    await expect(page.getByRole('heading', { name: 'No such scan' })).toBeVisible();
  });

  test('scanning the demo estate from the UI shows progress and then opens its Overview', async ({ page }) => {
    await page.goto('/scan');
    await expect(page.getByRole('radio', { name: /The demo estate/ })).toBeChecked();
    await page.getByRole('button', { name: 'Start scan' }).click();
    await expect(page).toHaveURL(/\/scan\?id=/, { timeout: 15_000 });
    const bar = page.getByRole('progressbar', { name: 'Scan progress' });
    await expect(bar).toBeVisible();
    await expect(bar).toHaveAttribute('aria-valuenow', /^\d+$/);
    await expect(page.getByRole('heading', { name: /Scan finished: demo estate/ })).toBeVisible({ timeout: 30_000 });
    await expect(bar).toHaveAttribute('aria-valuenow', '100');
    await shot(page, 'scan-done');
    await page.getByRole('link', { name: 'Open the Overview of this scan' }).click();
    await expect(page).toHaveURL(/\/\?scan=/);
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  });

  test('a scope the server refuses shows why and keeps what was typed', async ({ page }) => {
    await page.goto('/scan');
    await page.getByRole('radio', { name: /^Folder/ }).check();
    await page.getByRole('textbox', { name: 'Folder id' }).fill('engineering');
    await page.getByRole('button', { name: 'Start scan' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The scan did not start' })).toContainText('scope.ids[0]: is not a folder id');
    await expect(page.getByRole('textbox', { name: 'Folder id' })).toHaveValue('engineering');
  });

  test('a malformed snapshot upload shows its errors with file, line and path', async ({ page }) => {
    await page.goto('/scan');
    await page.getByLabel('Snapshot file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{\n  "scenario": 1,\n  "projects": [\n    { "project": { "projectId": "a-project" } }\n  ]\n}\n'),
    });
    const alert = page.getByRole('alert').filter({ hasText: 'not a valid scenario' });
    await expect(alert).toContainText('broken.json is not a valid scenario or snapshot file (1 problem).');
    await expect(alert).toContainText('broken.json:4: $.projects[0].project.projectNumber: missing required field "projectNumber"');
    await shot(page, 'scan-upload-error');
  });

  test('a slow snapshot scans with live progress and can be cancelled', async ({ page }) => {
    const demo = JSON.parse(readFileSync(path.join(process.cwd(), 'data/demo-estate.json'), 'utf8'));
    demo.latencyMs = 400;
    delete demo.expect;
    // Uploads accept exact-path faults only (a regular expression could block the server).
    demo.faults = demo.faults.filter((f: { match: string }) => !f.match.startsWith('/'));
    await page.goto('/scan');
    await page.getByLabel('Snapshot file').setInputFiles({ name: 'slow-estate.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(demo)) });
    await expect(page).toHaveURL(/\/scan\?id=.*&open=1/);
    await expect(page.getByRole('heading', { name: 'Scanning…: snapshot slow-estate.json' })).toBeVisible();
    const bar = page.getByRole('progressbar', { name: 'Scan progress' });
    await expect(bar).toHaveAttribute('aria-valuetext', /%/);
    await expect(page.getByText('API calls')).toBeVisible();
    await shot(page, 'scan-running');
    await page.getByRole('button', { name: 'Cancel scan' }).click();
    await expect(page.getByRole('heading', { name: 'Scan cancelled: snapshot slow-estate.json' })).toBeVisible();
  });

  test('light and dark schemes both render every page I own', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const [url, name] of [
      ['/', 'overview-dark'],
      ['/readiness', 'readiness-matrix-dark'],
      [`/readiness/pair?pool=${encodeURIComponent(API)}&repo=${encodeURIComponent(STAGING_IMAGES)}`, 'pair-detail-dark'],
      ['/scan', 'scan-dark'],
    ]) {
      await page.goto(url);
      await expect(page.locator('html')).toHaveClass(/dark/);
      await expect(page.getByRole('region', { name: /Pullcheck could not read everything/ })).toBeVisible();
      await shot(page, name);
    }
  });
});
