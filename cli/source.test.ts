/**
 * `pullcheck scan --organization ID [--source …]` against the emulator: the report names the source and Cloud
 * Asset Inventory's read time, and a refused Cloud Asset API falls back to per-resource calls with a warning.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../lib/emulator';
import { baseEstate, emulate } from '../lib/gcp/__fixtures__/estate';
import { main } from './main';
import type { Io } from './io';

let running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.stop()));
  running = [];
});

async function cli(argv: string[], estate: Record<string, unknown> = baseEstate()): Promise<{ code: number; stdout: string; stderr: string; emulator: Emulator }> {
  const { emulator } = await emulate(estate);
  running.push(emulator);
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: async () => '',
    env: { NODE_ENV: 'test', CI: '1', PULLCHECK_API_ROOT: emulator.url, GOOGLE_APPLICATION_CREDENTIALS: emulator.credentialsFile, PULLCHECK_CONCURRENCY: '8', PULLCHECK_MAX_RETRIES: '1' },
    cwd: process.cwd(),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, emulator };
}

describe('pullcheck scan --source', () => {
  it('reads an organization through Cloud Asset Inventory by default and says so, with the read time, in the JSON report', async () => {
    const r = await cli(['scan', '--organization', '100', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { collection: { source: string; requested: string; assetsReadTime: string; lists: number }; pairs: unknown[] };
    expect(report.collection).toMatchObject({ source: 'asset-inventory', requested: 'auto' });
    expect(report.collection.assetsReadTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(report.collection.lists).toBeGreaterThan(0);
    expect(report.pairs.length).toBeGreaterThan(0);
    expect(r.stderr).toContain('source: Cloud Asset Inventory (assets as of ');
  });

  it('--source api reads per resource: no Cloud Asset call but the Kubernetes workloads (only the inventory holds those)', async () => {
    const r = await cli(['scan', '--organization', '100', '--format', 'json', '--source', 'api']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { collection: { source: string } }).collection.source).toBe('api');
    const workloadTypes = (q: { query?: Record<string, unknown> }) => String(q.query?.assetTypes ?? '').split(',').every((t) => /^[a-z.]*k8s\.io\//.test(t));
    const cai = r.emulator.requests().filter((q) => q.api === 'cloudasset');
    expect(cai.filter((q) => !workloadTypes(q))).toEqual([]);
  });

  it('warns and falls back when Cloud Asset Inventory is refused, the refusal kept as a gap', async () => {
    const estate = { ...baseEstate(), faults: [{ match: 'GET /v1/organizations/100/assets', status: 403, reason: 'IAM_PERMISSION_DENIED' }] };
    const r = await cli(['scan', '--organization', '100', '--format', 'json'], estate);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { collection: { source: string; fallback: { gapId: string } }; gaps: Array<{ id: string; api: string }> };
    expect(report.collection.source).toBe('api');
    expect(report.gaps.find((g) => g.id === report.collection.fallback.gapId)?.api).toBe('cloudasset');
    expect(r.stderr).toMatch(/warning: Cloud Asset Inventory could not be read/);
  });
});
