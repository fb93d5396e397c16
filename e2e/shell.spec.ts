import { test, expect } from '@playwright/test';

test('the shell shows the product name and navigation to every section', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Pullcheck' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Overview', 'Clusters', 'Repositories', 'Readiness', 'Diagnose']) {
    await expect(nav.getByRole('link', { name })).toBeVisible();
  }
  await nav.getByRole('link', { name: 'Clusters' }).click();
  await expect(page).toHaveURL(/\/clusters$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Clusters' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Clusters' })).toHaveAttribute('aria-current', 'page');
  await page.screenshot({ path: 'test-results/screenshots/shell-clusters.png', fullPage: true });
});
