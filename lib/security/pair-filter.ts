/** The readiness view's pair filters applied to a report's pairs (for exports: the same pairs the view shows). */
import type { Pair, Verdict } from '../readiness/types';

export interface PairFilter {
  project?: string;
  cluster?: string;
  repository?: string;
  verdict?: Verdict;
  cause?: string;
}

const projectOf = (name: string) => (name.startsWith('projects/') ? name.split('/')[1] : '');
const clusterOf = (pool: string) => {
  const i = pool.indexOf('/nodePools/');
  return i < 0 ? pool : pool.slice(0, i);
};

/** Whether a pair passes the filter: project on either side, cluster, repository, verdict, cause rule or category. */
export function pairPasses(p: Pair, f: PairFilter): boolean {
  if (f.project && projectOf(p.nodePool) !== f.project && projectOf(p.repository) !== f.project) return false;
  if (f.cluster && clusterOf(p.nodePool) !== f.cluster) return false;
  if (f.repository && p.repository !== f.repository) return false;
  if (f.verdict && p.verdict !== f.verdict) return false;
  if (f.cause && !p.causes.some((c) => c.rule === f.cause || c.category === f.cause)) return false;
  return true;
}
