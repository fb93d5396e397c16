import { test, expect } from '@playwright/test';

const BATCH = 'projects/nwv-booking-prod/locations/europe-west1/clusters/booking-prod/nodePools/batch';
const REPO = 'projects/nwv-registry/locations/europe-west1/repositories/booking-images';

test.describe('failed pulls from Cloud Logging on the demo estate', () => {
  test('the cluster page lists the nightly report\'s failed pull with its cause, the real message and a link to its pair', async ({ page }) => {
    await page.goto('/clusters/nwv-booking-prod/europe-west1/booking-prod');
    const section = page.getByRole('region', { name: 'Failed pulls in the last 24 hours' });
    await expect(section).toBeVisible();
    const row = section.getByTestId('pull-failure');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('pod batch/nightly-report-29145600-7tq2x');
    await expect(row).toContainText('node pool batch');
    await expect(row).toContainText('europe-west1-docker.pkg.dev/nwv-registry/booking-images/report:4.2');
    await expect(row).toContainText('unauthorized');
    await expect(row).toContainText('Cause: Not authenticated (401 Unauthorized)');
    // The kubelet's own words, cut to a screenful until asked for in full.
    await expect(row).not.toContainText('unexpected status: 401 Unauthorized');
    await row.getByRole('button', { name: 'Show the whole message' }).click();
    await expect(row).toContainText('failed to fetch oauth token: unexpected status: 401 Unauthorized');
    await expect(row.locator('[data-verdict="cannot-pull"]')).toBeVisible();
    await row.getByRole('link', { name: 'Why: batch → booking-images' }).click();
    await expect(page).toHaveURL(/\/readiness\/pair\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('pool')).toBe(BATCH);
    expect(url.searchParams.get('repo')).toBe(REPO);
  });

  test('a cluster without failures says so, and Diagnose shows the chosen pool\'s failures', async ({ page }) => {
    await page.goto('/clusters/nwv-booking-staging/europe-west1-b/booking-staging');
    await expect(page.getByRole('region', { name: 'Failed pulls in the last 24 hours' }).getByTestId('pull-failures-empty')).toHaveText(
      'No failed pulls were logged in the last 24 hours.',
    );
    await page.goto('/diagnose');
    await page.getByLabel('Cluster (optional)').selectOption({ label: 'booking-prod (nwv-booking-prod, europe-west1)' });
    const section = page.getByRole('region', { name: 'Failed pulls in the last 24 hours' });
    await expect(section.getByTestId('pull-failure')).toHaveCount(1);
    await expect(section.getByTestId('pull-failure')).toContainText('report:4.2');
  });
});
