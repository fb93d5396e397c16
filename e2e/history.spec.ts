import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type APIRequestContext, type Page } from '@playwright/test';

/**
 * History: two scans of one scope (the demo estate uploaded twice as the same snapshot file, the second time
 * with the api pool's node service account disabled) show what changed between them: on the overview ("since
 * the previous scan"), on the compare page (the pair and the evidence under it), and in the trend.
 */
const ACCOUNT = 'gke-prod-nodes@nwv-node-identities.iam.gserviceaccount.com';
const API_POOL = 'projects/nwv-booking-prod/locations/europe-west1/clusters/booking-prod/nodePools/api';
const demoFile = readFileSync(path.join(import.meta.dirname, '../data/demo-estate.json'), 'utf8');

/** The demo estate as a snapshot upload takes it: its regular-expression faults left out (uploads accept exact matches only). */
function uploadable(): { projects: Array<{ serviceAccounts?: Array<{ email: string; disabled?: boolean }> }>; faults?: Array<{ match: string }> } {
  const s = JSON.parse(demoFile) as ReturnType<typeof uploadable>;
  if (s.faults) s.faults = s.faults.filter((f) => !/^\/.*\/$/s.test(f.match));
  return s;
}
const demo = JSON.stringify(uploadable());

/** The demo estate with the api pool's node service account disabled. */
function disabledAccountEstate(): string {
  const s = uploadable();
  let found = 0;
  for (const p of s.projects) {
    for (const a of p.serviceAccounts ?? []) {
      if (a.email !== ACCOUNT) continue;
      a.disabled = true;
      found++;
    }
  }
  expect(found).toBe(1);
  return JSON.stringify(s);
}

/** Uploads a snapshot under `name` and waits for its scan to finish; its id. */
async function scanSnapshot(request: APIRequestContext, text: string, name: string): Promise<string> {
  const res = await request.post('/api/snapshots', { headers: { 'content-type': 'application/json', 'x-file-name': name }, data: text });
  expect(res.status(), await res.text()).toBe(202);
  const id = ((await res.json()) as { scan: { id: string } }).scan.id;
  await expect
    .poll(async () => ((await (await request.get(`/api/scans/${id}`)).json()) as { scan: { status: string } }).scan.status, { timeout: 90_000 })
    .toBe('done');
  return id;
}

function watchCsp(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect)/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test.describe.serial('two scans of one scope', () => {
  const name = `history-${Date.now()}.json`;
  let before = '';
  let after = '';

  test.beforeAll(async ({ request }) => {
    test.setTimeout(240_000);
    before = await scanSnapshot(request, demo, name);
    after = await scanSnapshot(request, disabledAccountEstate(), name);
  });

  // The uploads became the server's newest scans, which pages without ?scan= show: a fresh scan of the demo
  // estate puts the demo back in front for the tests that run after these.
  test.afterAll(async ({ request }) => {
    test.setTimeout(120_000);
    const res = await request.post('/api/scans', { headers: { 'content-type': 'application/json' }, data: { scope: { kind: 'demo' } } });
    expect(res.status(), await res.text()).toBe(202);
    const id = ((await res.json()) as { scan: { id: string } }).scan.id;
    await expect
      .poll(async () => ((await (await request.get(`/api/scans/${id}`)).json()) as { scan: { status: string } }).scan.status, { timeout: 90_000 })
      .toBe('done');
  });

  test('the first scan has no trend yet and says why', async ({ page }) => {
    await page.goto(`/?scan=${before}`);
    await expect(page.getByRole('heading', { level: 2, name: 'Trend' })).toBeVisible();
    await expect(page.getByText('The trend appears once this scope has two finished scans')).toBeVisible();
    await expect(page.getByRole('heading', { name: /Since the previous scan/ })).toHaveCount(0);
  });

  test('the overview of the second says what changed since the first and links to the comparison', async ({ page }) => {
    await page.goto(`/?scan=${after}`);
    const since = page.getByRole('region', { name: /Since the previous scan/ });
    await expect(since).toBeVisible();
    await expect(since).toContainText(/\d+ pairs? stopped pulling/);
    await since.getByRole('link', { name: 'Compare the two scans' }).click();
    await expect(page).toHaveURL(new RegExp(`/compare\\?from=${before}&to=${after}$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Compare scans' })).toBeVisible();
    // The api pool stopped pulling because its node service account was disabled: the evidence that changed.
    const rows = page.getByRole('table', { name: 'Pairs whose verdict changed' }).getByRole('row').filter({ hasText: `${API_POOL} →` });
    await expect(rows.first()).toBeVisible();
    const row = rows.first();
    await expect(row.getByRole('cell').nth(1)).toHaveText('can-pull');
    await expect(row.getByRole('cell').nth(2)).toHaveText('cannot-pull');
    await expect(row).toContainText('now fails service-account.disabled');
    await expect(row).toContainText(`account ${ACCOUNT} state: enabled → disabled`);
  });

  test('the trend charts the verdict counts of both scans, with the figures in a table', async ({ page, request }) => {
    const csp = watchCsp(page);
    await page.goto(`/?scan=${after}`);
    const figure = page.getByRole('figure', { name: /Pairs by verdict in the last 2 finished scans of this scope/ });
    await expect(figure).toBeVisible();
    await expect(figure.getByTestId('verdict-trend-chart').locator('svg .recharts-line').first()).toBeVisible();
    const table = figure.getByRole('table', { name: 'Pairs by verdict per scan, oldest first' });
    await expect(table.getByRole('row')).toHaveCount(3);
    // The figures are the scans' own counts.
    const counts = async (id: string) => {
      const r = JSON.parse(gunzipSync(await (await request.get(`/api/scans/${id}/report`)).body()).toString('utf8')) as { pairs: { verdict: string }[] };
      return ['cannot-pull', 'unknown', 'can-pull'].map((v) => String(r.pairs.filter((p) => p.verdict === v).length));
    };
    const [a, b] = [await counts(before), await counts(after)];
    expect(Number(b[0])).toBeGreaterThan(Number(a[0]));
    await expect(table.getByRole('row').nth(1).getByRole('cell')).toHaveText(a);
    await expect(table.getByRole('row').nth(2).getByRole('cell')).toHaveText(b);
    await expect(table.getByRole('row').nth(2).getByRole('rowheader')).toContainText('(this scan)');
    await page.waitForLoadState('networkidle');
    expect(csp).toEqual([]);
    // The chart, its caption and its table pass axe (in light and dark colours).
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const axe = await new AxeBuilder({ page }).include('section[aria-labelledby="trend-title"]').analyze();
      expect(axe.violations.map((v) => `${scheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
    }
  });
});

/**
 * A stored scan judged by an older rule set is judged again when opened, and the page says so. The scan is
 * saved by the CLI (`scan --save`) into a store of its own, marked as judged by rule set "0.old", then opened
 * by a dashboard of its own on that store.
 */
test.describe('a scan kept from an older rule set', () => {
  const port = Number(process.env.E2E_PORT ?? 3107) + 2000;
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | null = null;
  let id = '';

  test.beforeAll(async () => {
    test.setTimeout(360_000);
    const dir = mkdtempSync(path.join(tmpdir(), 'pullcheck-rules-'));
    const env = { ...process.env, PULLCHECK_DATA_DIR: dir, DATABASE_URL: '', NEXT_TELEMETRY_DISABLED: '1' };
    const cli = spawnSync('bin/pullcheck', ['scan', '--scenario', 'data/demo-estate.json', '--format', 'json', '--save'], { env, encoding: 'utf8', timeout: 240_000, maxBuffer: 64 * 1024 * 1024 });
    expect(cli.status, cli.stderr).toBe(0);
    id = /saved scan ([0-9a-f-]{36})/.exec(cli.stderr)?.[1] ?? '';
    expect(id, cli.stderr).not.toBe('');
    // As if an older Pullcheck had judged it: only the version it records changes.
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = await PGlite.create(path.join(dir, 'db'));
    const updated = await pg.query("update scans set rule_set_version = '0.old' where id = $1", [id]);
    expect(updated.affectedRows).toBe(1);
    await pg.close();
    server = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--no-build', '--port', String(port)], { cwd: process.cwd(), env, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
    const until = Date.now() + 120_000;
    while (!(await fetch(`${base}/api/scans`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.ok, () => false))) {
      if (Date.now() > until) throw new Error(`the dashboard on ${base} did not start`);
      await new Promise((r) => setTimeout(r, 1_000));
    }
  });

  test.afterAll(() => {
    if (server?.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
  });

  test('is re-evaluated by the current rule set when opened, and the overview says so', async ({ page }) => {
    const res = await page.goto(`${base}/?scan=${id}`);
    expect(res?.status()).toBe(200);
    await expect(page.getByText(/^Re-evaluated: this stored scan was judged by rule set 0\.old; its estate was judged again by the current rule set \d+\.[0-9a-f]{10}\.$/)).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Pairs by verdict' })).toBeVisible();
  });
});
