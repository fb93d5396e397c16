/** security.unused-pull-access: with intent known, node pools that can pull from repositories nothing uses. */
import type { FindingMeta } from '../../readiness/rule';
import type { Finding, Pair } from '../../readiness/types';
import { SECURITY_DOCS } from '../docs';
import { firstOf, projectOf } from './members';

export const unusedPullAccessMeta: FindingMeta = {
  id: 'security.unused-pull-access',
  title: 'Pull access nothing uses',
  severity: 'info',
  docs: [SECURITY_DOCS.hardenCluster, SECURITY_DOCS.arAccessControl],
  description: 'Once intent is known (declared expectations, running workloads, pull errors), pairs that can pull but that nothing uses are access broader than needed.',
};

/** A pair as the report may carry it once intent is known. */
export type PairWithIntent = Pair;

/** Whether the report knows intent at all: some pair says it is used. */
export function intentKnown(pairs: Iterable<PairWithIntent>): boolean {
  for (const p of pairs) if (p.inUse) return true;
  return false;
}

/** One finding per node pool with can-pull pairs that nothing uses; none when no pair carries intent. */
export function unusedPullAccessFindings(pairs: PairWithIntent[]): Finding[] {
  if (!intentKnown(pairs)) return [];
  const byPool = new Map<string, string[]>();
  for (const p of pairs) {
    if (p.verdict !== 'can-pull' || p.inUse) continue;
    const list = byPool.get(p.nodePool);
    if (list) list.push(p.repository);
    else byPool.set(p.nodePool, [p.repository]);
  }
  const m = unusedPullAccessMeta;
  return [...byPool].map(([pool, repos]) => ({
    rule: m.id,
    severity: m.severity,
    subject: pool,
    message: `${pool} can pull from ${repos.length} repositor${repos.length === 1 ? 'y' : 'ies'} that nothing running, declared or failing uses.`,
    evidence: { nodePool: pool, project: projectOf(pool), repositories: firstOf(repos), repositoryCount: repos.length },
    remediation: { steps: ['Apply the node service account’s least-privilege plan: reader grants on the repositories in use, then remove the broad grants.'], docs: m.docs },
  }));
}
