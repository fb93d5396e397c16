/**
 * Every scenario in data/scenarios/ (and the demo estate) scanned both ways through the emulator: per-resource
 * REST calls and Cloud Asset Inventory. The verdicts must agree pair by pair. The one allowed difference is
 * where the scenario refuses a per-resource call (a fault on a REST path) that the asset inventory does not make:
 * there the REST pair may be `unknown` for audit-access while the inventory, which holds the resource, decides it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../lib/emulator';
import { emulate } from '../lib/gcp/__fixtures__/estate';
import { collectEstate, type SourceChoice } from '../lib/gcp/collect';
import type { RawEstate, Scope } from '../lib/inventory/raw';
import { normalize } from '../lib/inventory/normalize';
import { evaluate } from '../lib/readiness/engine';
import { parseScenario, type Scenario } from '../lib/scenario/schema';
import { repoRoot } from './run-cli';
import { generateEstate } from '../lib/bench/generate';

const files = [
  ...readdirSync(path.join(repoRoot, 'data', 'scenarios'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => `data/scenarios/${f}`),
  'data/demo-estate.json',
];

let running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.stop()));
  running = [];
});

/** Organization scope when every project sits under an organization; otherwise the scenario's projects by id. */
function scopeOf(s: Scenario): Scope {
  const orgs = (s.organizations ?? []).map((o) => o.organization.name?.replace(/^organizations\//, '')).filter((x): x is string => !!x);
  const underOrg = (p: Scenario['projects'][number]) => {
    let parent = p.project.parent;
    const seen = new Set<string>();
    while (parent?.type === 'folder' && parent.id && !seen.has(parent.id)) {
      seen.add(parent.id);
      const f = (s.folders ?? []).find((x) => x.folder.name === `folders/${parent!.id}`)?.folder.parent;
      const m = f ? /^(organizations|folders)\/(.+)$/.exec(f) : null;
      parent = m ? { type: m[1] === 'folders' ? 'folder' : 'organization', id: m[2] } : undefined;
    }
    return parent?.type === 'organization' && !!parent.id && orgs.includes(parent.id);
  };
  if (orgs.length && s.projects.every(underOrg)) return { kind: 'organization', ids: orgs };
  return { kind: 'projects', ids: s.projects.map((p) => p.project.projectId) };
}

async function scan(s: Scenario, scope: Scope, source: SourceChoice): Promise<RawEstate> {
  const { emulator, config } = await emulate(s, { PULLCHECK_MAX_RETRIES: '1' });
  running.push(emulator);
  return collectEstate({ scope, config, source, tuning: { baseBackoffMs: 1, maxBackoffMs: 4, maxRetryAfterMs: 20 } });
}

interface Verdict {
  verdict: string;
  categories: string;
}

function verdicts(raw: RawEstate): Map<string, Verdict> {
  const report = evaluate(normalize(raw), { now: new Date('2026-11-30T00:00:00Z') });
  return new Map(report.pairs.map((p) => [`${p.nodePool} × ${p.repository}`, { verdict: p.verdict, categories: [...new Set(p.causes.map((c) => c.category))].sort().join(',') }]));
}

/** Fault patterns that name a path the asset inventory answers instead (lists, policies, accounts, subnets, routers). */
const REPLACED = /clusters|repositories|locations|getIamPolicy|getAncestry|serviceAccounts|subnetworks|routers|\/v1\/projects|\/v3\/folders|organizations/;

/** Scans a scenario both ways at the same scope and compares every pair (see the header for the one allowed difference). */
async function compareBothWays(s: Scenario): Promise<void> {
  const scope = scopeOf(s);
  const api = await scan(s, scope, 'api');
  const cai = await scan(s, scope, 'asset-inventory');
  expect(api.collection?.source).toBe('api');
  // A quota project without the Cloud Asset API answers SERVICE_DISABLED: the scan falls back, with a gap.
  const caiEnabled = !s.quotaProject?.enabledServices || s.quotaProject.enabledServices.includes('cloudasset.googleapis.com');
  if (caiEnabled) expect(cai.collection?.source).toBe('asset-inventory');
  else {
    expect(cai.collection?.source).toBe('api');
    expect(cai.gaps.find((g) => g.id === cai.collection?.fallback?.gapId)).toMatchObject({ api: 'cloudasset', reason: 'SERVICE_DISABLED' });
  }
  const a = verdicts(api);
  const c = verdicts(cai);
  expect(a.size).toBeGreaterThan(0);
  // Faults on per-resource paths (refusals, unreachable zones) do not touch the inventory's answers.
  const refusesReplaced = caiEnabled && (s.faults ?? []).some((f) => ((f.status ?? 0) >= 400 || !!f.missingZones) && REPLACED.test(f.match));
  if (refusesReplaced) expect([...c.keys()]).toEqual(expect.arrayContaining([...a.keys()]));
  else expect([...c.keys()].sort()).toEqual([...a.keys()].sort());
  const differences: string[] = [];
  for (const [pair, want] of a) {
    const got = c.get(pair)!;
    if (got.verdict === want.verdict && got.categories === want.categories) continue;
    // Left undecided (audit-access) by a refused per-resource call, decided by the inventory that holds the resource:
    // every other cause the per-resource scan found is still there.
    const wantCats = want.categories.split(',');
    const allowed = refusesReplaced && wantCats.includes('audit-access') && wantCats.every((x) => x === 'audit-access' || got.categories.split(',').includes(x));
    if (!allowed) differences.push(`${pair}: api ${want.verdict} [${want.categories}] ≠ asset-inventory ${got.verdict} [${got.categories}]`);
  }
  expect(differences).toEqual([]);
}

for (const file of files) {
  describe(file, () => {
    it('gives the same verdict for every pair through Cloud Asset Inventory as through per-resource calls', async () => {
      const parsed = parseScenario(readFileSync(path.join(repoRoot, file), 'utf8'), file);
      if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
      await compareBothWays(parsed.scenario);
    }, 60_000);
  });
}

describe('a generated organization (the benchmark\'s estates, 30 projects)', () => {
  it('gives the same verdict for every pair both ways', async () => {
    await compareBothWays(generateEstate({ projects: 30, seed: 3 }));
  }, 120_000);
});
