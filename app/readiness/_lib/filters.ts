/** The readiness matrix's filters, as they live in the URL (`/readiness?project=…&verdict=…`). */
import type { Verdict } from '@/lib/readiness/types';

/** Every filter and view choice of the readiness page. */
export interface ReadinessFilters {
  scan?: string;
  /** A project on either side of the pair (the node pool's or the repository's). */
  project?: string;
  /** A cluster name, projects/P/locations/L/clusters/C. */
  cluster?: string;
  /** A repository name, projects/P/locations/L/repositories/R. */
  repository?: string;
  verdict?: Verdict;
  /** A rule id (iam.no-download-permission) or a category (iam). */
  cause?: string;
  view?: 'matrix' | 'list';
  /**
   * "1": only the pairs a declaration, a workload or a failed pull says are used; "all": every pair. Unset, the
   * page picks: in use when the scan knows any intent (see withDefaultInUse), else every pair.
   */
  inUse?: '1' | 'all';
}

const VERDICTS: Verdict[] = ['can-pull', 'cannot-pull', 'unknown'];
const KEYS = ['scan', 'project', 'cluster', 'repository', 'verdict', 'cause', 'view', 'inUse'] as const;

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function one(p: Params, key: string): string | undefined {
  const v = p instanceof URLSearchParams ? (p.get(key) ?? undefined) : p[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.trim() ? s.trim() : undefined;
}

/** Reads the filters from search params; unknown verdicts and views are dropped. */
export function parseFilters(p: Params): ReadinessFilters {
  const verdict = one(p, 'verdict');
  const view = one(p, 'view');
  return {
    scan: one(p, 'scan'),
    project: one(p, 'project'),
    cluster: one(p, 'cluster'),
    repository: one(p, 'repository'),
    verdict: VERDICTS.includes(verdict as Verdict) ? (verdict as Verdict) : undefined,
    cause: one(p, 'cause'),
    view: view === 'list' ? 'list' : view === 'matrix' ? 'matrix' : undefined,
    inUse: inUseOf(one(p, 'inUse')),
  };
}

function inUseOf(v: string | undefined): ReadinessFilters['inUse'] {
  return v === '1' ? '1' : v === 'all' ? 'all' : undefined;
}

/** The filters as the page applies them: with no choice made, a scan that knows which pairs are used shows those. */
export function withDefaultInUse(f: ReadinessFilters, intentKnown: boolean): ReadinessFilters {
  return f.inUse || !intentKnown ? f : { ...f, inUse: '1' };
}

/** The `/readiness` URL for a set of filters (empty ones left out, stable order). */
export function readinessHref(f: ReadinessFilters): string {
  const q = new URLSearchParams();
  for (const k of KEYS) {
    const v = f[k];
    if (v) q.set(k, v);
  }
  const s = q.toString();
  return s ? `/readiness?${s}` : '/readiness';
}

/** The pair detail URL. */
export function pairHref(nodePool: string, repository: string, scan?: string | null): string {
  const q = new URLSearchParams({ pool: nodePool, repo: repository });
  if (scan) q.set('scan', scan);
  return `/readiness/pair?${q.toString()}`;
}

/** True when any filter that narrows the pairs is set. */
export function hasFilters(f: ReadinessFilters): boolean {
  return Boolean(f.project || f.cluster || f.repository || f.verdict || f.cause || f.inUse === '1');
}
