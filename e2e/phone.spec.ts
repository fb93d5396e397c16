import { test, expect } from '@playwright/test';
import { PAGES } from './pages';

const WIDTH = 390;
// Not isMobile: a mobile layout viewport widens to fit overflowing content, which would hide the very overflow measured here.
test.use({ viewport: { width: WIDTH, height: 844 } });

for (const p of PAGES) {
  test(`${p.name} does not scroll sideways at 390 px`, async ({ page }) => {
    await page.goto(p.url);
    await page.waitForLoadState('networkidle');
    const { scrollWidth, innerWidth, widest } = await page.evaluate((w) => {
      const doc = document.scrollingElement ?? document.documentElement;
      // The element reaching furthest right, to say what overflows when the check fails.
      let widest = '';
      let right = w;
      // Inside a scroll container that holds it (an absolutely positioned element escapes static ancestors).
      const clipped = (el: Element): boolean => {
        let out = ['absolute', 'fixed'].includes(getComputedStyle(el).position);
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          const cs = getComputedStyle(a);
          if (out && cs.position === 'static') continue;
          if (cs.overflowX !== 'visible') return true;
          out = ['absolute', 'fixed'].includes(cs.position);
        }
        return false;
      };
      for (const el of Array.from(document.body.querySelectorAll('*'))) {
        const r = el.getBoundingClientRect();
        if (r.right <= right + 0.5 || clipped(el)) continue;
        if (r.right > right + 0.5) {
          right = r.right;
          widest = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${String(el.getAttribute('class') ?? '').split(' ').slice(0, 4).join('.')} → ${Math.round(r.right)} px: ${(el.textContent ?? '').trim().slice(0, 60)}`;
        }
      }
      return { scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, widest };
    }, WIDTH);
    expect(innerWidth).toBe(WIDTH);
    expect(scrollWidth, widest).toBeLessThanOrEqual(WIDTH);
  });
}
