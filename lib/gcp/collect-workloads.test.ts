import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../emulator';
import type { RawEstate } from '../inventory/raw';
import { workloadsOf } from '../workloads/estate';
import { collectKubernetesAssets } from './collect-workloads';
import { emulate } from './__fixtures__/estate';

const FAST = { baseBackoffMs: 1, maxBackoffMs: 4, maxRetryAfterMs: 20 };
const demo = () => JSON.parse(readFileSync(new URL('../../data/demo-estate.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const PROD = 'projects/nwv-booking-prod/locations/europe-west1/clusters/booking-prod';
const prodCluster = { 'nwv-booking-prod': { clusters: { ok: true, value: [{ name: 'booking-prod', location: 'europe-west1' }] } } } as unknown as RawEstate['projects'];

let running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.stop()));
  running = [];
});

describe('collectKubernetesAssets against the emulator', () => {
  it('lists the Kubernetes assets of a folder scope page by page and places each Pod on its pool through its Node', async () => {
    const { emulator, config } = await emulate(demo());
    running.push(emulator);
    const { assets, gaps } = await collectKubernetesAssets({ scope: { kind: 'folder', ids: ['529381046627'] }, projects: {} }, { config, tuning: { ...FAST, pageSize: 2 } });
    expect(gaps).toEqual([]);
    expect(Object.keys(assets)).toEqual(['folders/529381046627']);
    const list = assets['folders/529381046627'];
    // The staging folder sits under the booking folder: its project's assets come too.
    expect(list.ok && list.value.length).toBe(10);
    const calls = emulator.requests().filter((r) => r.path === '/v1/folders/529381046627/assets');
    expect(calls.length).toBe(5);
    const w = workloadsOf({ kubernetesAssets: assets, projects: prodCluster });
    const report = w.find((x) => x.kind === 'Pod' && x.name.startsWith('nightly-report'))!;
    expect(report.nodePool).toBe(`${PROD}/nodePools/batch`);
    expect(report.images[0].repository).toBe('projects/nwv-registry/locations/europe-west1/repositories/booking-images');
    const nginx = w.find((x) => x.name.startsWith('booking-proxy'))!;
    expect(nginx.images[0]).toMatchObject({ registry: 'other', host: 'docker.io', repository: null, image: 'docker.io/library/nginx:1.27' });
  });

  it('records a refused list as a gap naming roles/cloudasset.viewer, and falls back from the organization to each project', async () => {
    const estate = { ...demo(), faults: [{ match: 'GET /v1/organizations/418027365910/assets', status: 403, reason: 'IAM_PERMISSION_DENIED' }] };
    const { emulator, config } = await emulate(estate);
    running.push(emulator);
    const ancestry = { ok: true, value: [{ resourceId: { type: 'project', id: 'nwv-booking-prod' } }, { resourceId: { type: 'organization', id: '418027365910' } }] };
    const raw = { scope: { kind: 'all-projects', ids: [] }, projects: { 'nwv-booking-prod': { ancestry } } } as unknown as RawEstate;
    const { assets, gaps } = await collectKubernetesAssets(raw, { config, tuning: FAST });
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ api: 'cloudasset', method: 'assets.list', resource: 'organizations/418027365910', status: 403, permission: 'cloudasset.assets.listResource' });
    expect(gaps[0].message).toContain('roles/cloudasset.viewer');
    expect(assets['organizations/418027365910']).toBeUndefined();
    const p = assets['projects/nwv-booking-prod'];
    expect(p.ok && p.value.length).toBe(8);
  });
});

describe('a snapshot keeps the workloads it read', () => {
  it('writes each Kubernetes asset under its project, so the replay finds the same workloads on the same pools', async () => {
    const { collectInventory } = await import('../scan/run');
    const { rawToScenario } = await import('./snapshot');
    const { parseScenario } = await import('../scenario/schema');
    const scope = { kind: 'folder' as const, ids: ['529381046627'] };
    const first = await emulate(demo());
    running.push(first.emulator);
    const a = await collectInventory({ scope, config: first.config });
    const scenario = rawToScenario(a.raw, { redact: false });
    const reparsed = parseScenario(JSON.stringify(scenario), 'snapshot.json');
    if (!reparsed.ok) throw new Error(reparsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    const written = (reparsed.scenario.projects as Array<{ project: { projectId: string }; assets?: unknown[] }>).filter((p) => p.assets?.length);
    expect(written.map((p) => p.project.projectId).sort()).toEqual(['nwv-booking-prod', 'nwv-booking-staging']);
    const second = await emulate(reparsed.scenario as unknown as Record<string, unknown>);
    running.push(second.emulator);
    const b = await collectInventory({ scope, config: second.config });
    const key = (w: { kind: string; name: string; nodePool: string | null; images: Array<{ image: string }> }) => `${w.kind} ${w.name} ${w.nodePool} ${w.images.map((i) => i.image).join(',')}`;
    expect(a.workloads.length).toBeGreaterThan(0);
    expect(b.workloads.map(key).sort()).toEqual(a.workloads.map(key).sort());
  });
});
