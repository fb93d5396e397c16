/**
 * Every scenario in data/scenarios/ and the demo estate, scanned end to end through bin/pullcheck: the verdicts must
 * equal the file's own `expect` blocks (scenario-format.md "Expectations", the rule of check-scenario.mjs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
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
