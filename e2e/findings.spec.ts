import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

test.describe('the security axis on the demo estate', () => {
  test('the overview counts findings by severity and links to the Findings page', async ({ page }) => {
    await page.goto('/');
    const panel = page.getByRole('region', { name: /\d+ findings/ });
    await expect(panel).toBeVisible();
    await panel.getByRole('link', { name: /high\s*2/ }).click();
    await expect(page).toHaveURL(/\/findings\?severity=high$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Findings' })).toBeVisible();
    await expect(page.getByText('Showing 2 of')).toBeVisible();
  });

  test('the Findings page shows every security finding with its severity, filters through the URL and links to the resource', async ({ page }) => {
    await page.goto('/findings');
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Findings' })).toHaveAttribute('aria-current', 'page');
    const rows = page.getByRole('row');
    const expectRow = async (text: RegExp, severity: string) => {
      const row = rows.filter({ hasText: text }).first();
      await expect(row).toBeVisible();
      await expect(row.getByRole('cell').first()).toHaveText(new RegExp(severity));
    };
    await expectRow(/holds roles\/editor on projects\/nwv-legacy-tools/, 'high');
    await expectRow(/granted to allAuthenticatedUsers: any Google account/, 'high');
    await expectRow(/holds roles\/viewer on folders\/864023517790/, 'medium');
    await expectRow(/ci-contractors@partner-agency\.example, outside the organization/, 'medium');
    await expectRow(/public-base is public/, 'info');
    await expectRow(/roles\/viewer on organizations\/418027365910 lets 1 member download/, 'info');
    await page.screenshot({ path: 'test-results/screenshots/findings.png', fullPage: true });

    const form = page.getByRole('search', { name: 'Filter findings' });
    await form.locator('select[name="severity"]').selectOption('high');
    await expect(page).toHaveURL(/[?&]severity=high/);
    await expect(page.getByText('Showing 2 of')).toBeVisible();
    await form.locator('select[name="rule"]').selectOption('security.repository-all-authenticated-users');
    await expect(page).toHaveURL(/[?&]rule=security\.repository-all-authenticated-users/);
    await expect(page.getByText('Showing 1 of')).toBeVisible();
    await page.getByRole('link', { name: 'repository gcr.io' }).click();
    await expect(page).toHaveURL(/\/repositories\/nwv-registry\/us\/gcr\.io/);
    // Where the grant is shown it is marked for what it is, not green.
    await expect(page.getByText('any Google account: anyone with a Google token can download').first()).toBeVisible();
    const who = page.getByRole('region', { name: 'Who can pull' });
    await expect(who.getByRole('cell', { name: 'any Google account', exact: true })).toBeVisible();
  });

  test('sorting and the project filter; the CSV download carries the filter', async ({ page }) => {
    await page.goto('/findings?project=nwv-legacy-tools&sort=rule');
    await expect(page.getByRole('rowheader').first()).toContainText('iam.basic-role-only');
    const link = page.getByRole('link', { name: 'CSV' });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/\/export\?kind=findings&format=csv&project=nwv-legacy-tools&sort=rule$/);
    const res = await page.request.get(href!);
    expect(res.headers()['content-disposition']).toMatch(/^attachment; filename="pullcheck-findings-/);
    const lines = (await res.text()).trim().split('\n').filter((l) => l.startsWith('high,') || l.startsWith('medium,') || l.startsWith('low,') || l.startsWith('info,'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.split(',')[3] === 'nwv-legacy-tools')).toBe(true);
  });

  test('a node service account page answers what it can pull, and its plan keeps every needed pair', async ({ page }) => {
    await page.goto('/clusters/nwv-legacy-tools/us-central1-a/ci-legacy');
    await page.getByRole('region', { name: 'Node pool default-pool' }).getByRole('link', { name: 'What this account can pull' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /148572963481-compute@developer\.gserviceaccount\.com/ })).toBeVisible();
    await expect(page.getByText(/roles\/editor to serviceAccount:148572963481-compute/).first()).toBeVisible();
    await expect(page.getByText(/basic role Editor/).first()).toBeVisible();
    await expect(page.getByText(/Checked: applied to the inventory and judged again, all \d+ needed pairs still pull/)).toBeVisible();
    const sh = await page.request.get((await page.getByRole('link', { name: 'shell script' }).getAttribute('href'))!);
    expect(await sh.text()).toContain('# gcloud projects remove-iam-policy-binding nwv-legacy-tools');
  });

  test('the Findings page has no serious accessibility violation', async ({ page }) => {
    await page.goto('/findings');
    const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
    expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });
});
