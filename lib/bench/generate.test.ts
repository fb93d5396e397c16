import { describe, expect, it } from 'vitest';
import { generateEstate, summarizeEstate } from './generate';
import { createRng } from './random';
import { scenarioToRaw } from './scenario-to-raw';
import { parseScenario } from '../scenario/schema';
import { normalize } from '../inventory/normalize';
import { evaluatePairs } from '../readiness/engine';

describe('createRng', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (let i = 0; i < 1000; i++) {
      const x = a.int(2, 4);
      expect(x >= 2 && x <= 4).toBe(true);
    }
  });
});

describe('generateEstate', () => {
  it('is deterministic for a seed and differs for another seed', () => {
    const one = JSON.stringify(generateEstate({ projects: 60, seed: 11 }));
    expect(JSON.stringify(generateEstate({ projects: 60, seed: 11 }))).toBe(one);
    expect(JSON.stringify(generateEstate({ projects: 60, seed: 12 }))).not.toBe(one);
  });

  it('produces a valid scenario file', () => {
    for (const projects of [1, 7, 120]) {
      const text = JSON.stringify(generateEstate({ projects, seed: 3, latencyMs: 80 }));
      const parsed = parseScenario(text, `generated-${projects}.json`);
      expect(parsed.ok ? [] : parsed.issues).toEqual([]);
      if (parsed.ok) {
        expect(parsed.scenario.projects).toHaveLength(projects);
        expect(parsed.scenario.latencyMs).toBe(80);
      }
    }
  });

  it('rejects a project count that is not a whole number', () => {
    expect(() => generateEstate({ projects: 0, seed: 1 })).toThrow(/projects must be a whole number/);
  });

  it('scales with the project count and nests folders 2 to 4 deep', () => {
    const small = summarizeEstate(generateEstate({ projects: 50, seed: 5 }));
    const large = summarizeEstate(generateEstate({ projects: 500, seed: 5 }));
    expect(large.projects).toBe(500);
    expect(large.nodePools).toBeGreaterThan(small.nodePools * 5);
    expect(large.dockerRepositories).toBeGreaterThan(small.dockerRepositories * 5);
    expect(large.repositories).toBeGreaterThan(large.dockerRepositories);
    expect(large.folders).toBeGreaterThan(small.folders);

    const s = generateEstate({ projects: 300, seed: 5 });
    const parents = new Map(s.folders!.map((f) => [f.folder.name!, f.folder.parent!]));
    const depthOf = (name: string): number => (name.startsWith('organizations/') ? 0 : 1 + depthOf(parents.get(name)!));
    const depths = new Set(s.projects.map((p) => depthOf(`folders/${p.project.parent!.id}`)));
    expect([...depths].sort()).toEqual([2, 3, 4]);
  });

  it('holds every kind of evidence: Autopilot, custom and default accounts, bindings at each level, nested groups, Shared VPC', () => {
    const s = generateEstate({ projects: 200, seed: 9 });
    const clusters = s.projects.flatMap((p) => p.clusters ?? []);
    expect(clusters.some((c) => (c as { autopilot?: { enabled?: boolean } }).autopilot?.enabled)).toBe(true);
    const accounts = new Set(clusters.flatMap((c) => (c.nodePools ?? []).map((np) => np.config?.serviceAccount)));
    expect(accounts.has('default')).toBe(true);
    expect([...accounts].some((a) => a?.startsWith('gke-nodes@'))).toBe(true);
    expect(s.organizations![0].iamPolicy!.bindings!.length).toBeGreaterThan(0);
    expect(s.folders!.some((f) => f.iamPolicy?.bindings?.some((b) => b.condition))).toBe(true);
    expect(s.projects.some((p) => p.repositories?.some((r) => r.iamPolicy?.bindings?.some((b) => b.members?.includes('allUsers'))))).toBe(true);
    expect(s.groups!.some((g) => g.members?.some((m) => m.type === 'GROUP'))).toBe(true);
    expect(s.projects.some((p) => p.project.projectId.startsWith('net-host-') && (p.subnetworks?.length ?? 0) > 0)).toBe(true);
    expect(s.projects.some((p) => p.repositories?.some((r) => r.repository.format !== 'DOCKER'))).toBe(true);
  });

  it('gives a realistic mix of verdicts and causes once normalized and judged', () => {
    const inv = normalize(scenarioToRaw(generateEstate({ projects: 80, seed: 21 })));
    const verdicts = new Map<string, number>();
    const categories = new Set<string>();
    for (const p of evaluatePairs(inv)) {
      verdicts.set(p.verdict, (verdicts.get(p.verdict) ?? 0) + 1);
      for (const c of p.causes) categories.add(c.category);
    }
    expect(verdicts.get('can-pull')).toBeGreaterThan(0);
    expect(verdicts.get('cannot-pull')).toBeGreaterThan(0);
    expect(verdicts.get('unknown')).toBeGreaterThan(0);
    for (const c of ['iam', 'scope', 'network', 'version', 'service-account', 'audit-access']) expect(categories).toContain(c);
  });
});
