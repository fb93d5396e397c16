import { describe, expect, it } from 'vitest';
import { intentSummary } from './summary';
import type { Pair } from '../readiness/types';

const p = (n: string, verdict: Pair['verdict'], inUse?: Pair['inUse']): Pair => ({ nodePool: `projects/a-proj/locations/l/clusters/c/nodePools/${n}`, repository: 'projects/r-proj/locations/l/repositories/r', verdict, causes: [], ...(inUse ? { inUse } : {}) });
const used = { evidence: ['workload' as const], images: ['x'] };

describe('intentSummary', () => {
  it('leads with in-use pairs that cannot pull (recent failures first), then in-use unknowns; unused pairs are only counted', () => {
    const failing = { ...used, evidence: ['pull-failure' as const], failures: [{ time: '2026-11-30T02:00:00Z', image: 'x', message: '401 Unauthorized', class: 'unauthorized', pod: null }] };
    const s = intentSummary([p('a', 'cannot-pull', used), p('b', 'cannot-pull'), p('c', 'unknown', used), p('d', 'can-pull', used), p('e', 'cannot-pull', failing), p('f', 'unknown')]);
    expect(s.known).toBe(true);
    expect(s.broken.map((x) => x.nodePool.slice(-1))).toEqual(['e', 'a']);
    expect(s.undecided.map((x) => x.nodePool.slice(-1))).toEqual(['c']);
    expect([s.inUse, s.fine, s.unused]).toEqual([4, 1, 2]);
  });
  it('knows nothing when no pair is marked', () => {
    expect(intentSummary([p('a', 'cannot-pull')]).known).toBe(false);
  });
});
