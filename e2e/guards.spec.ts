import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/**
 * The deny, perimeter and download-rule steps on the demo estate. The demo has no deny rule, perimeter or download
 * rule that blocks a pull (adding one would change its pinned verdicts), so these check that each step shows what was
 * read, marked as the chain's checks are; the blocking cases are rendered by the Vitest tests of the same components.
 */
const API = 'projects/nwv-booking-prod/locations/europe-west1/clusters/booking-prod/nodePools/api';
const STAGING_IMAGES = 'projects/nwv-booking-staging/locations/europe-west1/repositories/staging-images';

test.describe('deny policies, perimeters and download rules (demo estate)', () => {
  test('the pair page reasoning chain shows the deny, perimeter and download-rule evidence for a Shared VPC pool', async ({ page }) => {
    await page.goto(`/readiness/pair?pool=${encodeURIComponent(API)}&repo=${encodeURIComponent(STAGING_IMAGES)}`);
    const chain = page.getByRole('region', { name: 'Reasoning chain' });

    const deny = chain.getByRole('group', { name: 'Deny rules read for this pair' });
    await expect(deny).toContainText('attachment points');
    await expect(deny).toContainText('projects/nwv-booking-staging');
    await expect(deny).toContainText(/✓\s*passed:\s*No deny rule on projects\/nwv-booking-staging, folders\/\d+/);

    const perimeter = chain.getByRole('group', { name: 'Perimeters between the node network and the repository' });
    await expect(perimeter).toContainText('projects/nwv-net-host/global/networks/shared-vpc');
    await expect(perimeter).toContainText('nwv-net-host (projects/482913650271) (the Shared VPC host project)');
    await expect(perimeter).toContainText('nwv-booking-staging (projects/826350741269)');
    await expect(perimeter).toContainText('No enforced perimeter restricting artifactregistry.googleapis.com');

    const rules = chain.getByRole('group', { name: 'Download rules of the repository' });
    await expect(rules).toContainText('The repository has no download rules.');
    await page.screenshot({ path: 'test-results/screenshots/pair-guards.png', fullPage: true });
  });

  test('the repository page lists deny rules, perimeters and download rules, each with its empty state', async ({ page }) => {
    await page.goto('/repositories/nwv-booking-staging/europe-west1/staging-images');
    await expect(page.getByRole('heading', { level: 2, name: 'IAM deny rules' })).toBeVisible();
    await expect(page.getByText(/No deny rule on projects\/nwv-booking-staging, .* takes the download from staging-images away\./)).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'VPC Service Controls perimeters' })).toBeVisible();
    await expect(page.getByText('No perimeter touches staging-images: its project nwv-booking-staging (projects/826350741269) is in no perimeter.')).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Download rules' })).toBeVisible();
    await expect(page.getByText('This repository has no download rules.')).toBeVisible();
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`axe finds nothing in the new pair and repository sections (${scheme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      for (const url of [`/readiness/pair?pool=${encodeURIComponent(API)}&repo=${encodeURIComponent(STAGING_IMAGES)}`, '/repositories/nwv-booking-staging/europe-west1/staging-images']) {
        await page.goto(url);
        await page.waitForLoadState('networkidle');
        const result = await new AxeBuilder({ page }).analyze();
        expect(result.violations.map((v) => `${url}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
      }
    });
  }
});
