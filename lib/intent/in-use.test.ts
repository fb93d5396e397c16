import { describe, expect, it } from 'vitest';
import { ExpectationJudge, InUseIndex } from './in-use';
import type { Pair, Verdict } from '../readiness/types';
import type { Expectation } from './types';

const C = 'projects/p-one/locations/europe-west1/clusters/c';
const A = `${C}/nodePools/a`;
const B = `${C}/nodePools/b`;
const R = 'projects/reg-proj/locations/europe-west1/repositories/r';
const pair = (nodePool: string, verdict: Verdict, repository = R): Pair => ({ nodePool, repository, verdict, causes: [] });
const inv = {
  clusters: [{ name: C }],
  nodePools: [{ name: A }, { name: B }],
  repositories: [{ name: R, format: 'DOCKER' }, { name: 'projects/reg-proj/locations/europe-west1/repositories/npm', format: 'NPM' }],
  projects: [{ id: 'reg-proj' }],
  repositoryListGaps: [],
  clusterListGaps: [],
} as unknown as Parameters<ExpectationJudge['results']>[0];
const ex = (e: Partial<Expectation>): Expectation => ({ cluster: C, repository: R, want: 'pull', source: 'f:1', ...e });

describe('ExpectationJudge', () => {
  it('judges a cluster-wide "must pull" by its worst pool and "must not pull" by its most permissive pool', () => {
    const j = new ExpectationJudge([ex({}), ex({ want: 'no-pull' }), ex({ nodePool: A })]);
    for (const p of [pair(A, 'can-pull'), pair(B, 'unknown')]) j.observe(p);
    expect(j.results(inv).map((r) => [r.want, r.verdict, r.met])).toEqual([
      ['pull', 'unknown', null],
      ['no-pull', 'can-pull', false],
      ['pull', 'can-pull', true],
    ]);
  });

  it('a cannot-pull pool violates "must pull"; every pool cannot-pull meets "must not pull"', () => {
    const j = new ExpectationJudge([ex({}), ex({ want: 'no-pull' })]);
    for (const p of [pair(A, 'cannot-pull'), pair(B, 'cannot-pull')]) j.observe(p);
    expect(j.results(inv).map((r) => r.met)).toEqual([false, true]);
  });

  it('says why when no pair decided: an unseen cluster is undecided; a repository missing from a listed project or not Docker cannot serve pulls', () => {
    const j = new ExpectationJudge([
      ex({ cluster: 'projects/p-two/locations/us-east1/clusters/x' }),
      ex({ repository: 'projects/reg-proj/locations/us/repositories/gone' }),
      ex({ repository: 'projects/reg-proj/locations/europe-west1/repositories/npm', want: 'no-pull' }),
      ex({ repository: 'projects/other-proj/locations/us/repositories/r' }),
    ]);
    const r = j.results(inv);
    expect(r.map((x) => [x.verdict, x.met])).toEqual([
      ['unknown', null],
      ['cannot-pull', false],
      ['cannot-pull', true],
      ['unknown', null],
    ]);
    expect(r[0].note).toContain('did not see this cluster');
    expect(r[1].note).toContain('does not exist');
  });
});

describe('InUseIndex', () => {
  it('marks pairs from declarations, workloads (pool-level or cluster-wide) and failures, in order of trust', () => {
    const idx = new InUseIndex({
      expectations: [ex({ nodePool: A }), ex({ nodePool: B, want: 'no-pull' })],
      workloads: [
        { cluster: C, nodePool: null, repository: R, image: 'europe-west1-docker.pkg.dev/reg-proj/r/web:1' },
        { cluster: C, nodePool: A, repository: null, image: 'docker.io/library/nginx:1' },
      ],
      failures: [{ cluster: C, nodePool: B, repository: R, image: 'europe-west1-docker.pkg.dev/reg-proj/r/job:2', failure: { time: '2026-11-30T10:00:00Z', image: 'europe-west1-docker.pkg.dev/reg-proj/r/job:2', message: 'denied', class: 'permission-denied', pod: 'ns/job' } }],
    });
    expect(idx.inUse(A, R)).toEqual({ evidence: ['declared', 'workload'], images: ['europe-west1-docker.pkg.dev/reg-proj/r/web:1'] });
    const b = idx.inUse(B, R)!;
    expect(b.evidence).toEqual(['workload', 'pull-failure']);
    expect(b.failures?.[0].message).toBe('denied');
    expect(idx.inUse(A, 'projects/reg-proj/locations/us/repositories/other')).toBeUndefined();
    expect(idx.mark(pair(`projects/p-two/locations/x/clusters/y/nodePools/z`, 'can-pull')).inUse).toBeUndefined();
  });
});
