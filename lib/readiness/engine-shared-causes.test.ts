/**
 * Accounts no policy of a repository's chain names share that repository's access outcome, and every cause builds
 * its text and fix on first read. Whatever is deferred, a serialized report must carry each pair's own cause: its own
 * account in the message and evidence, and its own reader-grant command and Terraform.
 */
import { describe, expect, it } from 'vitest';
import { binding, makeDenyRule, makeInventory, makeNodePool, makePolicy, makeProject, makeRepository, NOT_FOUND } from '../inventory/builders';
import type { Inventory } from '../inventory/types';
import { dockerRepositories, evaluate, evaluatePair } from './engine';
import { readerGrantCommand, readerGrantTerraform } from './remediation';

const NOW = new Date('2026-12-01T04:00:00Z');
const sa = (n: string) => `${n}@nodes.iam.gserviceaccount.com`;
const ACCOUNTS = ['a', 'b', 'c', 'd', 'e'];

/**
 * Five accounts (two with two pools each) on three repositories no policy grants to them; `d` is named by a deny
 * rule on reg2 (judged in full there), `e` is deleted, `c` holds a near miss on reg1 (named there).
 */
function estate(): Inventory {
  const pools = [...ACCOUNTS, 'a', 'b'].map((n, i) => makeNodePool({ project: `app${i}`, name: `pool${i}`, serviceAccount: sa(n) }));
  const repos = [makeRepository({ project: 'reg1', id: 'images' }), makeRepository({ project: 'reg2', id: 'base' }), makeRepository({ project: 'reg2', id: 'tools' })];
  return makeInventory({
    nodePools: pools,
    repositories: repos,
    projects: [makeProject('reg1', ['organizations/9']), makeProject('reg2', ['organizations/9'])],
    policies: [
      makePolicy(repos[0].name, [binding('roles/artifactregistry.writer', 'user:ci@example.com'), binding('roles/browser', `serviceAccount:${sa('c')}`)]),
      makePolicy(repos[1].name, []),
      makePolicy(repos[2].name, []),
      makePolicy('projects/reg1', []),
      makePolicy('projects/reg2', []),
      makePolicy('organizations/9', []),
    ],
    serviceAccounts: { [sa('e')]: NOT_FOUND },
    denyPolicies: {
      'projects/reg1': { status: 'ok', value: [] },
      'projects/reg2': { status: 'ok', value: [makeDenyRule('projects/reg2', { deniedPrincipals: [`principal://iam.googleapis.com/projects/-/serviceAccounts/${sa('d')}`] })] },
      'organizations/9': { status: 'ok', value: [] },
    },
  });
}

const emailOf = (pool: string, inv: Inventory) => inv.nodePools.find((p) => p.name === pool)!.serviceAccount.email;

describe('shared access outcomes, deferred causes', () => {
  it('a serialized report gives every failing pair its own account, its own fix command and Terraform', () => {
    const inv = estate();
    const report = evaluate(inv, { now: NOW });
    const parsed = JSON.parse(JSON.stringify(report)) as typeof report;
    const repos = dockerRepositories(inv);
    let checked = 0;
    for (const pair of parsed.pairs) {
      const email = emailOf(pair.nodePool, inv);
      const repo = repos.find((r) => r.name === pair.repository)!;
      const cause = pair.causes.find((c) => c.rule === 'iam.no-download-permission');
      expect(cause, `${pair.nodePool} ${pair.repository}`).toBeDefined();
      expect(Object.keys(cause!)).toEqual(['category', 'rule', 'outcome', 'message', 'evidence', 'remediation']);
      expect(cause!.message).toContain(`The service account ${email} `);
      expect(cause!.evidence.serviceAccount).toBe(email);
      expect(cause!.evidence.repository).toBe(repo.name);
      expect(cause!.remediation.gcloud).toBe(readerGrantCommand(repo, email));
      expect(cause!.remediation.gcloud).toContain(`--member=serviceAccount:${email}`);
      expect(cause!.remediation.terraform).toBe(readerGrantTerraform(repo, email));
      checked++;
    }
    expect(checked).toBe(7 * 3);
    // The deny rule names d on reg2: its pairs there fail on iam.denied too, and nobody else's do.
    const denied = parsed.pairs.filter((p) => p.causes.some((c) => c.rule === 'iam.denied'));
    expect(denied.map((p) => `${emailOf(p.nodePool, inv)} ${p.repository}`)).toEqual([`${sa('d')} ${repos[1].name}`, `${sa('d')} ${repos[2].name}`]);
  });

  it('judges each pair exactly as a one-off evaluation does, causes read as plain objects (spread, keys, JSON)', () => {
    const report = evaluate(estate(), { now: NOW });
    const oneOff = estate();
    for (const pair of report.pairs) {
      const { checks, ...alone } = evaluatePair(oneOff, pair.nodePool, pair.repository);
      expect(checks.length).toBeGreaterThan(0);
      expect(JSON.stringify(pair)).toBe(JSON.stringify(alone));
      for (const c of pair.causes) {
        const copy = { ...c };
        expect(copy).toEqual(JSON.parse(JSON.stringify(c)));
        expect(Object.hasOwn(c, 'remediation')).toBe(true);
        expect('message' in c).toBe(true);
        // A plain object as far as anyone can tell (React passes only plain objects to client components).
        expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
        expect(Object.prototype.toString.call(c)).toBe('[object Object]');
      }
    }
    // The deleted account's cause says so, with its own restore step.
    const gone = report.pairs.find((p) => p.nodePool.endsWith('/pool4'))!;
    const iamCause = gone.causes.find((c) => c.rule === 'iam.no-download-permission')!;
    expect(iamCause.message).toContain(`The service account ${sa('e')} is deleted`);
    expect(iamCause.remediation.steps[0]).toContain(`Restore or replace the deleted service account ${sa('e')}`);
  });

  it('causes are read-only: a write is refused rather than silently lost', () => {
    const report = evaluate(estate(), { now: NOW });
    const cause = report.pairs[0].causes[0] as unknown as Record<string, unknown>;
    expect(() => {
      cause.message = 'changed';
    }).toThrow(TypeError);
  });
});
