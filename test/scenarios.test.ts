/**
 * Every scenario in data/scenarios/ and the demo estate, scanned end to end through bin/pullcheck: the verdicts must
 * equal the file's own `expect` blocks (scenario-format.md "Expectations", the rule of check-scenario.mjs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../lib/emulator';
import { emulate } from '../lib/gcp/__fixtures__/estate';
import { collectEstate } from '../lib/gcp/collect';
import { normalize } from '../lib/inventory/normalize';
import { evaluate } from '../lib/readiness/engine';
import { parseScenario } from '../lib/scenario/schema';
import type { Pair, Report } from '../lib/readiness/types';
import { repoRoot, scanReport as scanScenario } from './run-cli';

interface Expectation {
  nodePool: string;
  repository: string;
  verdict: string;
  categories?: string[];
  mayAlso?: string[];
}

interface ScenarioExpectations {
  expect?: Expectation[];
  absent?: string[];
}

const files = [
  ...readdirSync(path.join(repoRoot, 'data', 'scenarios'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => `data/scenarios/${f}`),
  'data/demo-estate.json',
];

const label = (x: Expectation) => `${x.nodePool.split('/').slice(-3).join('/')} × ${x.repository.split('/').pop()}`;

it('finds the scenario files', () => {
  expect(files.length).toBeGreaterThanOrEqual(4);
});

for (const file of files) {
  const scenario = JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as ScenarioExpectations;

  describe(file, () => {
    let report: Report;
    let pairs: Map<string, Pair>;

    beforeAll(() => {
      report = scanScenario(file);
      pairs = new Map(report.pairs.map((p) => [`${p.nodePool}|${p.repository}`, p]));
    }, 120_000);

    it('carries expectations', () => {
      expect(scenario.expect?.length ?? 0).toBeGreaterThan(0);
    });

    for (const x of scenario.expect ?? []) {
      it(`${label(x)} is ${x.verdict}${x.categories?.length ? ` [${x.categories.join(', ')}]` : ''}`, () => {
        const pair = pairs.get(`${x.nodePool}|${x.repository}`);
        expect(pair, 'pair missing from the report').toBeDefined();
        const got = new Set<string>(pair!.causes.map((c) => c.category));
        const need = new Set(x.categories ?? []);
        const may = new Set(x.mayAlso ?? []);
        const unexpected = [...got].filter((c) => !need.has(c) && !may.has(c));
        const missing = [...need].filter((c) => !got.has(c));
        expect({ verdict: pair!.verdict, missing, unexpected }).toEqual({ verdict: x.verdict, missing: [], unexpected: [] });
      });
    }

    if (scenario.absent?.length) {
      it('pairs none of the absent resources', () => {
        const absent = new Set(scenario.absent);
        const paired = report.pairs.filter((p) => absent.has(p.nodePool) || absent.has(p.repository)).map((p) => `${p.nodePool} × ${p.repository}`);
        expect(paired).toEqual([]);
      });
    }
  });
}

describe('data/scenarios/audit-gaps.json: the refusals are reported as gaps', () => {
  let report: Report;
  beforeAll(() => {
    report = scanScenario('data/scenarios/audit-gaps.json');
  }, 120_000);

  it.each([
    ['the folder policy', /folders\/270918364512/, 'resourcemanager.folders.getIamPolicy'],
    ['the custom role', /projects\/op-registry\/roles\/imagePull/, 'iam.roles.get'],
    ['the node service account', /ledger-nodes@op-apps/, 'iam.serviceAccounts.get'],
    ['the node subnet', /subnetworks\/workers-ew2/, 'compute.subnetworks.get'],
    ['the routers', /op-apps\/regions\/europe-west2/, 'compute.routers.list'],
    ['the op-ml cluster list', /op-ml/, 'container.clusters.list'],
  ])('%s: a 403 gap naming the permission', (_what, resource, permission) => {
    const gap = report.gaps.find((g) => resource.test(`${g.resource} ${g.request}`) && g.permission === permission);
    expect(gap, `no gap for ${resource} with permission ${permission}; gaps: ${report.gaps.map((g) => `${g.method} ${g.resource}`).join(', ')}`).toBeDefined();
    expect(gap!.status).toBe(403);
  });

  it('reports the disabled services as SERVICE_DISABLED gaps', () => {
    const disabled = report.gaps.filter((g) => g.reason === 'SERVICE_DISABLED').map((g) => g.api);
    expect(disabled).toEqual(expect.arrayContaining(['container', 'artifactregistry']));
  });
});

describe('data/scenarios/google-refused-project.json scanned with --projects: a refused projects.get drops nothing listed fine', () => {
  // `--scenario` finds projects through projects.list; naming the project (`--projects rp-apps`) is what calls
  // projects.get, which the file's fault refuses.
  const file = 'data/scenarios/google-refused-project.json';
  const scenario = JSON.parse(readFileSync(path.join(repoRoot, file), 'utf8')) as ScenarioExpectations;
  let emulator: Emulator | null = null;
  afterAll(async () => {
    await emulator?.stop();
  });

  it('pairs the cluster and repositories of rp-apps with the verdicts the file expects, and reports the refusal as a gap', async () => {
    const parsed = parseScenario(readFileSync(path.join(repoRoot, file), 'utf8'), file);
    if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
    const started = await emulate(parsed.scenario, { PULLCHECK_MAX_RETRIES: '1' });
    emulator = started.emulator;
    const raw = await collectEstate({ scope: { kind: 'projects', ids: ['rp-apps'] }, config: started.config, tuning: { baseBackoffMs: 1, maxBackoffMs: 4 } });
    expect(raw.gaps.map((g) => [g.method, g.resource, g.status])).toContainEqual(['projects.get', 'projects/rp-apps', 403]);
    const report = evaluate(normalize(raw), { now: new Date('2026-11-25T16:30:04Z') });
    const got = report.pairs.map((p) => ({ nodePool: p.nodePool, repository: p.repository, verdict: p.verdict, categories: [...new Set(p.causes.map((c) => c.category))].sort() }));
    const want = (scenario.expect ?? []).map((x) => ({ nodePool: x.nodePool, repository: x.repository, verdict: x.verdict, categories: [...(x.categories ?? [])].sort() }));
    expect(want.length).toBe(4);
    for (const w of want) expect(got).toContainEqual(w);
  }, 60_000);
});
