/** The streamed walk (per-account views, kept or recomputed rows) must judge exactly as one-off pairs do. */
import { describe, expect, it } from 'vitest';
import { binding, bindingIf, makeGroup, makeInventory, makeNodePool, makePolicy, makeProject, makeRepository, NOT_FOUND, policyGap, projectNumberOf } from '../inventory/builders';
import type { Inventory } from '../inventory/types';
import { dockerRepositories, evaluate, evaluateFindings, evaluatePair, evaluatePairs } from './engine';
import { IamResolver } from './iam';

const NOW = new Date('2026-11-25T16:30:04Z');
const sa = (n: string) => `${n}@ids.iam.gserviceaccount.com`;

/**
 * Account `central` has five interleaved pools (a kept row), `pair` two apart (recomputed per pool), `solo` one; `gone`
 * is deleted. Grants reach them directly, through nested groups, an unresolvable group, Editor, conditions and
 * allAuthenticatedUsers, with near misses and an unreadable repository policy beside a grant found elsewhere.
 */
function estate(): Inventory {
  const pools = [
    makeNodePool({ project: 'a', name: 'p0', serviceAccount: sa('central') }),
    makeNodePool({ project: 'a', name: 'p1', serviceAccount: sa('pair') }),
    makeNodePool({ project: 'b', name: 'p2', serviceAccount: sa('central') }),
    makeNodePool({ project: 'b', name: 'p3', serviceAccount: 'default' }),
    makeNodePool({ project: 'c', name: 'p4', serviceAccount: sa('central') }),
    makeNodePool({ project: 'c', name: 'p5', serviceAccount: sa('solo') }),
    makeNodePool({ project: 'c', name: 'p6', serviceAccount: sa('central') }),
    makeNodePool({ project: 'd', name: 'p7', serviceAccount: sa('pair') }),
    makeNodePool({ project: 'd', name: 'p8', serviceAccount: sa('gone') }),
    makeNodePool({ project: 'd', name: 'p9', serviceAccount: sa('central') }),
  ];
  const repos = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'].map((id, i) => makeRepository({ project: i < 3 ? 'reg1' : 'reg2', id }));
  repos.push(makeRepository({ project: 'reg2', id: 'charts', format: 'HELM' }));
  return makeInventory({
    nodePools: pools,
    repositories: repos,
    projects: [makeProject('reg1', ['folders/1', 'organizations/9']), makeProject('reg2', ['folders/2', 'organizations/9']), makeProject('b', ['folders/1', 'organizations/9'])],
    policies: [
      makePolicy(repos[0].name, [binding('roles/artifactregistry.reader', `serviceAccount:${sa('solo')}`, 'group:outer@ex.com'), binding('roles/browser', `serviceAccount:${sa('pair')}`)]),
      makePolicy(repos[1].name, [bindingIf({ title: 'weekdays', expression: 'request.time.getDayOfWeek() < 5 && request.auth.access_levels.size() > 0' }, 'roles/artifactregistry.reader', `serviceAccount:${sa('pair')}`)]),
      policyGap(repos[2].name, 'gap-r2'),
      makePolicy(repos[3].name, [binding('roles/artifactregistry.reader', 'allUsers')]),
      makePolicy(repos[4].name, [binding('roles/artifactregistry.reader', 'group:partners@vendor.example'), binding('roles/artifactregistry.writer', `serviceAccount:${sa('gone')}`)]),
      makePolicy('projects/reg1', [binding('roles/viewer', 'allAuthenticatedUsers')]),
      makePolicy('projects/reg2', [binding('roles/container.defaultNodeServiceAccount', 'group:outer@ex.com'), binding('roles/editor', `serviceAccount:${projectNumberOf('b')}-compute@developer.gserviceaccount.com`)]),
      makePolicy('folders/1', [binding('roles/artifactregistry.reader', `serviceAccount:${sa('central')}`)]),
      makePolicy('folders/2', [binding('roles/browser', `serviceAccount:${sa('central')}`, 'group:inner@ex.com')]),
      makePolicy('organizations/9', [binding('roles/logging.viewer', 'group:outer@ex.com')]),
    ],
    groups: {
      'outer@ex.com': makeGroup('outer@ex.com', ['group:inner@ex.com', 'user:someone@ex.com']),
      'inner@ex.com': makeGroup('inner@ex.com', [`serviceAccount:${sa('pair')}`, 'group:outer@ex.com']),
      'partners@vendor.example': NOT_FOUND,
    },
    serviceAccounts: { [sa('gone')]: NOT_FOUND },
  });
}

const strip = <T extends { checks?: unknown }>({ checks, ...rest }: T) => (void checks, rest);

describe('the streamed walk', () => {
  it('judges every pair as evaluatePair does, in pool × repository order, with and without kept rows', () => {
    const inv = estate();
    const streamed = [...evaluatePairs(inv)];
    const docker = dockerRepositories(inv);
    expect(streamed.map((p) => `${p.nodePool} ${p.repository}`)).toEqual(inv.nodePools.flatMap((p) => docker.map((r) => `${p.name} ${r.name}`)));
    const oneOff = estate();
    expect(streamed).toEqual(oneOff.nodePools.flatMap((p) => docker.map((r) => strip(evaluatePair(oneOff, p.name, r.name)))));
    expect(new Set(streamed.map((p) => p.verdict))).toEqual(new Set(['can-pull', 'cannot-pull', 'unknown']));
    expect(evaluate(estate(), { now: NOW }).pairs).toEqual(streamed);
  });

  it('gives the same findings, in the same order, whatever was judged before', () => {
    const first = evaluateFindings(estate());
    const afterPairs = estate();
    for (const p of evaluatePairs(afterPairs)) expect(p.verdict).toBeTruthy();
    const afterOneOff = estate();
    evaluatePair(afterOneOff, afterOneOff.nodePools[9].name, dockerRepositories(afterOneOff)[5].name);
    expect(first.map((f) => f.rule)).toEqual(expect.arrayContaining(['iam.basic-role-only', 'iam.grant-despite-unreadable-policy']));
    expect(evaluateFindings(afterPairs)).toEqual(first);
    expect(evaluateFindings(afterOneOff)).toEqual(first);
    expect(evaluate(estate(), { now: NOW }).findings).toEqual(first);
  });
});

describe('IamResolver', () => {
  it('shares the base analysis for accounts no policy names, and matches named ones through the inverted policies', () => {
    const inv = estate();
    const iam = new IamResolver(inv);
    const [r0, r1] = dockerRepositories(inv);
    const stranger = iam.analyze(sa('stranger'), r0);
    expect(stranger.grants.map((g) => g.member)).toEqual(['allAuthenticatedUsers']);
    expect(iam.analyze(sa('other'), r0).grants).toBe(stranger.grants);
    const pair = iam.analyze(sa('pair'), r0);
    expect(pair.grants.map((g) => [g.member, g.groupPath])).toEqual([
      ['group:outer@ex.com', ['outer@ex.com', 'inner@ex.com']],
      ['allAuthenticatedUsers', undefined],
    ]);
    expect(pair.boundWithoutPermission.map((b) => `${b.role} ${b.resource}`)).toEqual([`roles/browser ${r0.name}`, 'roles/logging.viewer organizations/9']);
    expect(iam.analyze(sa('pair'), r1).conditional.map((g) => g.condition?.title)).toEqual(['weekdays']);
  });
});
