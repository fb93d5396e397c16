import { test, expect } from '@playwright/test';

const BATCH = 'projects/nwv-booking-prod/locations/europe-west1/clusters/booking-prod/nodePools/batch';

test.describe('the pairs that matter on the demo estate', () => {
  test("the Overview's first number is the in-use pairs that cannot pull, before the pairs by verdict", async ({ page }) => {
    await page.goto('/');
    const inUse = page.getByRole('region', { name: 'Pairs in use' });
    await expect(inUse).toBeVisible();
    // The nightly report on booking-prod/batch (disabled node account) is the one in-use pair that cannot pull.
    await expect(inUse.getByTestId('in-use-cannot-pull')).toHaveText('1');
    await expect(inUse).toContainText('in-use pair cannot pull (1 undecided');
    await expect(inUse.getByRole('link', { name: 'booking-prod/batch → nwv-registry/booking-images' })).toBeVisible();
    await expect(inUse).toContainText('europe-west1-docker.pkg.dev/nwv-registry/booking-images/report:4.2');
    const main = await page.locator('main').innerText();
    const firstNumber = /\d+/.exec(main.slice(main.indexOf('Pairs in use')))?.[0];
    expect(firstNumber).toBe('1');
    expect(main.indexOf('Pairs in use')).toBeLessThan(main.indexOf('Pairs by verdict'));
    await inUse.getByRole('link', { name: 'Show only the pairs in use' }).click();
    await expect(page).toHaveURL(/\/readiness\?inUse=1$/);
    await expect(page.getByText(/Showing\s*5\s*of\s*104\s*pairs/)).toBeVisible();
  });

  test('the pair page of the failing in-use pair opens from the overview', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('region', { name: 'Pairs in use' }).getByRole('link', { name: 'booking-prod/batch → nwv-registry/booking-images' }).click();
    await expect(page).toHaveURL(new RegExp(`pool=${encodeURIComponent(BATCH).replace(/%2F/g, '%2F')}`));
  });

  test('the readiness page opens on the pairs in use; "All pairs" shows the rest without a reload, and the choice is in the URL', async ({ page }) => {
    await page.goto('/readiness');
    const pairs = page.getByRole('combobox', { name: 'Pairs' });
    await expect(pairs).toHaveValue('1');
    await expect(page.getByTestId('pair-counts')).toContainText(/^Showing 5 of 104 pairs/);
    await pairs.selectOption('all');
    await expect(page).toHaveURL(/\/readiness\?inUse=all$/);
    await expect(page.getByTestId('pair-counts')).toContainText(/^104 pairs: 60 cannot pull, 13 unknown, 31 can pull/);
    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Pairs' })).toHaveValue('all');
    await page.getByRole('combobox', { name: 'Pairs' }).selectOption('1');
    await expect(page.getByTestId('pair-counts')).toContainText(/^Showing 5 of 104 pairs/);
    // The list names the images that put each pair in use.
    await page.getByRole('link', { name: 'List of pairs' }).click();
    await expect(page.getByTestId('pair-images').filter({ hasText: 'europe-west1-docker.pkg.dev/nwv-registry/booking-images/report:4.2' })).toBeVisible();
  });
});
