import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { scenarioToRaw } from '../bench/scenario-to-raw';
import { normalize } from '../inventory/normalize';
import { scenarioSchema } from '../scenario/schema';
import type { Inventory } from '../inventory/types';
import { evaluate } from '../readiness/engine';
import type { Report } from '../readiness/types';
import { binding, makeInventory, makeNodePool, makePolicy, makeProject, makeRepository } from '../inventory/builders';
import { groupedFixes, leastPrivilegePlans, planShell, planTerraform } from './plan';
import hcl from 'hcl2-parser';
import { parse as parseShell } from 'shell-quote';

const NOW = { now: new Date('2026-11-25T16:30:04Z') };

function demo(): Inventory {
  const file = path.resolve(import.meta.dirname, '../../data/demo-estate.json');
  return normalize(scenarioToRaw(scenarioSchema.parse(JSON.parse(readFileSync(file, 'utf8')))));
}

/** Applies a grant to a copy and judges the whole estate again, independently of the plan code. */
function withGrant(inv: Inventory, resource: string, member: string, role: string): Inventory {
  const cur = inv.policies[resource];
  const bindings = cur?.status === 'ok' ? cur.value.bindings : [];
  return { ...inv, policies: { ...inv.policies, [resource]: { status: 'ok', value: { resource, bindings: [...bindings, { role, members: [member], condition: null }] } } } };
}

describe('grouped fixes and least-privilege plans on the demo estate', () => {
  let inv: Inventory;
  let report: Report;
  beforeAll(() => {
    inv = demo();
    report = evaluate(inv, NOW);
  }, 60_000);

  it('each grouped fix is shown once, ranked, and its count equals the pairs it turns can-pull in a full re-evaluation', () => {
    const fixes = groupedFixes(inv, report.pairs);
    expect(fixes.length).toBeGreaterThan(0);
    const keys = fixes.map((f) => `${f.serviceAccount} ${f.resource}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (let i = 1; i < fixes.length; i++) expect(fixes[i - 1].fixes.length).toBeGreaterThanOrEqual(fixes[i].fixes.length);
    for (const f of fixes.slice(0, 5)) {
      const after = evaluate(withGrant(inv, f.resource, `serviceAccount:${f.serviceAccount}`, f.role), NOW);
      const before = new Map(report.pairs.map((p) => [`${p.nodePool} ${p.repository}`, p.verdict]));
      const turned = after.pairs.filter((p) => p.verdict === 'can-pull' && before.get(`${p.nodePool} ${p.repository}`) !== 'can-pull');
      expect(f.fixes.length).toBe(turned.length);
      expect(f.gcloud).toMatch(/add-iam-policy-binding/);
    }
  });

  it('every node account’s plan keeps every pair that can pull today pulling, once applied by the engine', () => {
    const plans = leastPrivilegePlans(inv, report.pairs);
    expect(plans.length).toBeGreaterThan(0);
    for (const p of plans) {
      expect(p.basis).toBe('can-pull-today');
      expect(p.check.lost, p.serviceAccount).toEqual([]);
      expect(p.check.ok).toBe(true);
    }
    const legacy = plans.find((p) => p.serviceAccount === '148572963481-compute@developer.gserviceaccount.com');
    expect(legacy?.removals.map((r) => [r.resource, r.role])).toContainEqual(['projects/nwv-legacy-tools', 'roles/editor']);
    expect(legacy?.grants.map((g) => g.repository)).toContain('projects/nwv-legacy-tools/locations/us-central1/repositories/legacy-builds');
    const prod = plans.find((p) => p.serviceAccount === 'gke-prod-nodes@nwv-node-identities.iam.gserviceaccount.com');
    // partner-sdk's own policy is unreadable: the folder grant that reaches it is kept, not removed.
    expect(prod?.kept.map((k) => k.resource)).toContain('folders/718204639152');
    const staging = plans.find((p) => p.serviceAccount === 'gke-staging-nodes@nwv-node-identities.iam.gserviceaccount.com');
    expect(staging?.removals.map((r) => [r.resource, r.role, r.why])).toEqual([['folders/864023517790', 'roles/viewer', 'basic-role']]);
  });

  it('the Terraform file parses as HCL and the shell script as POSIX words, with the removals commented out', async () => {
    const plans = leastPrivilegePlans(inv, report.pairs);
    const tf = planTerraform(plans);
    const parsed = hcl.parseToObject(tf) as unknown[];
    expect(parsed[1]).toBeNull();
    expect(tf).toContain('resource "google_artifact_registry_repository_iam_member"');
    const sh = planShell(plans);
    expect(sh.startsWith('#!/bin/sh\n')).toBe(true);
    for (const line of sh.split('\n').filter((l) => l && !l.startsWith('#') && l !== 'set -eu')) {
      expect(parseShell(line).every((w) => typeof w === 'string'), line).toBe(true);
    }
    expect(sh).toMatch(/^# gcloud projects remove-iam-policy-binding nwv-legacy-tools .*roles\/editor$/m);
  });
});

describe('plans with intent', () => {
  it('keeps only in-use pairs: a pool that pulls from two repositories but uses one gets one grant, and loses the project grant', () => {
    const pool = makeNodePool({ project: 'app', serviceAccount: 'nodes@app.iam.gserviceaccount.com' });
    const a = makeRepository({ project: 'reg', id: 'a' });
    const b = makeRepository({ project: 'reg', id: 'b' });
    const inv = makeInventory({ nodePools: [pool], repositories: [a, b], projects: [makeProject('reg'), makeProject('app')], policies: [makePolicy('projects/reg', [binding('roles/artifactregistry.reader', 'serviceAccount:nodes@app.iam.gserviceaccount.com')])] });
    const pairs = evaluate(inv, NOW).pairs.map((p) => (p.repository === a.name ? { ...p, inUse: { evidence: ['declared' as const], images: [] } } : p));
    const [plan] = leastPrivilegePlans(inv, pairs);
    expect(plan.basis).toBe('in-use');
    expect(plan.needed).toEqual([{ nodePool: pool.name, repository: a.name }]);
    expect(plan.grants.map((g) => g.repository)).toEqual([a.name]);
    expect(plan.removals.map((r) => [r.resource, r.why])).toEqual([['projects/reg', 'project-level']]);
    expect(plan.check.ok).toBe(true);
  });

  it('the check fails (and says which pair) when a needed pair cannot be kept, e.g. a deleted role', () => {
    const pool = makeNodePool({ project: 'app', serviceAccount: 'nodes@app.iam.gserviceaccount.com', scopes: [] });
    const a = makeRepository({ project: 'reg', id: 'a' });
    const inv = makeInventory({ nodePools: [pool], repositories: [a], projects: [makeProject('reg'), makeProject('app')], policies: [makePolicy('projects/reg', [binding('roles/artifactregistry.reader', 'serviceAccount:nodes@app.iam.gserviceaccount.com')])] });
    // A pair forced to look needed although it cannot pull (no scopes): the plan cannot keep it and must say so.
    const pairs = evaluate(inv, NOW).pairs.map((p) => ({ ...p, verdict: 'can-pull' as const, inUse: { evidence: ['declared' as const], images: [] } }));
    const [plan] = leastPrivilegePlans(inv, pairs);
    expect(plan.check.ok).toBe(false);
    expect(plan.check.lost).toEqual([{ nodePool: pool.name, repository: a.name, verdict: 'cannot-pull' }]);
  });
});

describe('hostile names in the plan', () => {
  it('a repository id that is not Google’s format is refused: no command, and the Terraform comment cannot break its line', () => {
    const pool = makeNodePool({ project: 'app', serviceAccount: 'nodes@app.iam.gserviceaccount.com' });
    const evil = { ...makeRepository({ project: 'reg', id: 'a' }), id: "a'\n$(reboot)", name: 'projects/reg/locations/europe-west1/repositories/a%evil' };
    const inv = makeInventory({ nodePools: [pool], repositories: [evil], projects: [makeProject('reg'), makeProject('app')], policies: [makePolicy('projects/reg', [binding('roles/artifactregistry.reader', 'serviceAccount:nodes@app.iam.gserviceaccount.com')])] });
    const plans = leastPrivilegePlans(inv, evaluate(inv, NOW).pairs);
    expect(plans[0].grants[0].gcloud).toBeUndefined();
    expect(plans[0].grants[0].refused).toContain('reboot');
    expect(planShell(plans)).not.toContain('reboot');
    for (const line of planTerraform(plans).split('\n')) if (line.includes('reboot')) expect(line.startsWith('#')).toBe(true);
  });
});
