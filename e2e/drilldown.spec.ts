import { test, expect } from '@playwright/test';

test.describe('clusters and repositories drill-downs (demo estate)', () => {
  test('the clusters list shows each cluster with mode, versions and pool facts, and filters through the URL', async ({ page }) => {
    await page.goto('/clusters');
    await expect(page.getByRole('heading', { level: 1, name: 'Clusters' })).toBeVisible();
    const staging = page.getByRole('region', { name: 'booking-staging' });
    await expect(staging).toContainText('Standard');
    await expect(staging.getByRole('rowheader', { name: 'qa-tools' })).toBeVisible();
    const storefront = page.getByRole('region', { name: 'storefront' });
    await expect(storefront).toContainText('Autopilot');
    await page.screenshot({ path: 'test-results/screenshots/clusters.png', fullPage: true });

    await page.getByLabel('Mode').selectOption('Autopilot');
    await expect(page).toHaveURL(/[?&]mode=Autopilot/);
    await expect(page.getByRole('region', { name: 'storefront' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'booking-staging' })).toHaveCount(0);

    await page.getByRole('link', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/\/clusters$/);
    await expect(page.getByLabel('Mode')).toHaveValue('');
    await page.getByRole('searchbox', { name: 'Search' }).fill('spark');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/[?&]q=spark/);
    await expect(page.getByRole('region', { name: 'analytics' })).toBeVisible();
    await expect(page.getByText(/Showing 1 of \d+ clusters/)).toBeVisible();
  });

  test('a cluster page shows a pool’s service account email, its storage-ro scope as sufficient, and its pairs', async ({ page }) => {
    await page.goto('/clusters');
    await page.getByRole('region', { name: 'booking-staging' }).getByRole('link', { name: 'booking-staging' }).click();
    await expect(page).toHaveURL(/\/clusters\/nwv-booking-staging\/europe-west1-b\/booking-staging/);
    await expect(page.getByRole('heading', { level: 1, name: 'Cluster booking-staging' })).toBeVisible();

    const pool = page.getByRole('region', { name: 'Node pool default-pool' });
    await expect(pool.getByText('826350741269-compute@developer.gserviceaccount.com', { exact: true })).toBeVisible();
    await expect(pool.getByText('default (Compute Engine)')).toBeVisible();
    await expect(pool.getByText(/storage-ro: sufficient for pulls from private repositories/)).toBeVisible();

    const qa = page.getByRole('region', { name: 'Node pool qa-tools' });
    await expect(qa.getByText(/no storage or cloud-platform scope: insufficient/)).toBeVisible();
    await expect(qa.getByText(/Access scopes cannot be changed on an existing node pool/)).toBeVisible();

    const row = pool.getByRole('row', { name: /booking-images/ });
    await expect(row.getByText('cannot pull')).toBeVisible();
    const details = row.getByRole('link', { name: /Details for default-pool and booking-images/ });
    await expect(details).toHaveAttribute('href', /\/readiness\/pair\?pool=projects%2Fnwv-booking-staging%2Flocations%2Feurope-west1-b%2Fclusters%2Fbooking-staging%2FnodePools%2Fdefault-pool&repo=projects%2Fnwv-registry%2Flocations%2Feurope-west1%2Frepositories%2Fbooking-images/);
    await page.screenshot({ path: 'test-results/screenshots/cluster-detail.png', fullPage: true });
  });

  test('an Autopilot cluster shows its auto-provisioning defaults', async ({ page }) => {
    await page.goto('/clusters/nwv-booking-prod/us-central1/storefront');
    await expect(page.getByRole('heading', { level: 1, name: 'Cluster storefront' })).toBeVisible();
    await expect(page.getByText('Autopilot', { exact: true })).toBeVisible();
    await expect(page.getByText(/Auto-provisioning defaults/)).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/cluster-autopilot.png', fullPage: true });
  });

  test('the repositories list shows public and non-Docker repositories', async ({ page }) => {
    await page.goto('/repositories');
    await expect(page.getByRole('heading', { level: 1, name: 'Repositories' })).toBeVisible();
    await expect(page.getByText('not paired: Pullcheck judges only Docker repositories').first()).toBeVisible();
    await expect(page.getByRole('cell', { name: 'public' }).first()).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/repositories.png', fullPage: true });
  });

  test('a repository page shows a binding at folder level and every pool’s verdict', async ({ page }) => {
    await page.goto('/repositories');
    await page.getByRole('link', { name: 'booking-images' }).click();
    await expect(page).toHaveURL(/\/repositories\/nwv-registry\/europe-west1\/booking-images/);
    await expect(page.getByRole('heading', { level: 1, name: 'Repository booking-images' })).toBeVisible();

    const grants = page.getByRole('table', { name: 'Bindings that grant downloads from booking-images' });
    const folderRow = grants.getByRole('row', { name: /gke-prod-nodes@nwv-node-identities\.iam\.gserviceaccount\.com/ }).filter({ hasText: 'folder' });
    await expect(folderRow.first()).toBeVisible();
    await expect(folderRow.first()).toContainText('roles/artifactregistry.reader');

    const pools = page.getByRole('table', { name: 'Pull verdicts of every node pool for booking-images' });
    await expect(pools.getByRole('row', { name: /default-pool/ }).filter({ hasText: 'booking-staging' }).getByText('cannot pull')).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/repository-detail.png', fullPage: true });
  });

  test('unknown cluster and repository URLs show not found', async ({ page }) => {
    expect((await page.goto('/clusters/nwv-booking-prod/europe-west1/no-such-cluster'))?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Cluster not found' })).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/cluster-not-found.png', fullPage: true });

    expect((await page.goto('/repositories/nwv-registry/europe-west1/no-such-repo'))?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Repository not found' })).toBeVisible();

    expect((await page.request.get('/clusters/%E0%A4%A/x/y')).status()).toBe(400);

    const res3 = await page.goto('/no/such/page');
    expect(res3?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  });
});

test.describe('dark scheme', () => {
  test.use({ colorScheme: 'dark' });
  test('the cluster and repository pages render in the dark scheme', async ({ page }) => {
    await page.goto('/clusters/nwv-data-analytics/us-central1/analytics');
    await expect(page.getByRole('heading', { level: 1, name: 'Cluster analytics' })).toBeVisible();
    await expect(page.locator('html')).toHaveClass(/dark/);
    await expect(page.getByText(/no path to Artifact Registry/).first()).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/cluster-detail-dark.png', fullPage: true });
    await page.goto('/repositories/nwv-registry/us-central1/storefront');
    await expect(page.getByRole('heading', { level: 1, name: 'Repository storefront' })).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/repository-detail-dark.png', fullPage: true });
  });
});
