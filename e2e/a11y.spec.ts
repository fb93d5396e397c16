import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { PAGES } from './pages';

/** axe's violations on the page as one readable line each (rule, impact, the first few offending nodes). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} node(s): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`,
  );
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`axe, ${scheme} scheme`, () => {
    test.beforeEach(async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
    });
    for (const p of PAGES) {
      test(`${p.name} has no accessibility violations`, async ({ page }) => {
        await page.goto(p.url);
        await page.waitForLoadState('networkidle');
        // The page is really drawn in the scheme: a dark body background in dark, a light one in light.
        const { bg, lightness } = await page.evaluate(() => {
          const color = getComputedStyle(document.body).backgroundColor;
          // Any CSS colour (Tailwind's are oklch) to sRGB, through a 1-pixel canvas.
          const ctx = document.createElement('canvas').getContext('2d')!;
          ctx.fillStyle = color;
          ctx.fillRect(0, 0, 1, 1);
          const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
          return { bg: color, lightness: (r + g + b) / 3 };
        });
        expect(scheme === 'dark' ? lightness < 60 : lightness > 200, `body background ${bg}`).toBe(true);
        expect(await violations(page)).toEqual([]);
      });
    }
  });
}

test('axe finds nothing in an open diagnosis with the gaps banner collapsed', async ({ page }) => {
  await page.goto('/diagnose');
  await page.getByRole('button', { name: 'Collapse' }).click();
  await page.getByLabel('Error text').fill('Warning  Failed  5s  kubelet  Failed to pull image "europe-west1-docker.pkg.dev/nwv-registry/booking-images/x:1": 401 Unauthorized');
  await page.getByRole('button', { name: 'Diagnose' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Diagnosis' })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});
