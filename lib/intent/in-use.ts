/**
 * Joins what says a pair is used (declared expectations, workload images, recent failed pulls) to the
 * node pool × repository pairs, and judges each declared expectation from the pairs' verdicts.
 * Pure: no API calls; the pairs may stream past one at a time.
 */
import type { Inventory } from '../inventory/types';
import type { Pair, Verdict } from '../readiness/types';
import type { Expectation, ExpectationResult, InUse, InUseEvidence, PullFailure } from './types';

/** An image a workload runs (or tried to run) on a cluster, placed on a pool when Pullcheck could tell which. */
export interface ImageUse {
  /** projects/P/locations/L/clusters/C */
  cluster: string;
  /** projects/P/locations/L/clusters/C/nodePools/NP, or null when the pool is not known (then every pool of the cluster). */
  nodePool: string | null;
  /** The Artifact Registry repository the image lives in, or null for another registry. */
  repository: string | null;
  image: string;
  /** For an image from another registry (Docker Hub, ghcr.io, …): its host. */
  host?: string | null;
  /** The workload that names the image, "Kind namespace/name". */
  workload?: string;
}

/** A failed pull joined to its cluster (and pool when the node is known). */
export interface FailureUse extends ImageUse {
  failure: PullFailure;
}

export interface IntentSources {
  expectations?: readonly Expectation[];
  workloads?: readonly ImageUse[];
  failures?: readonly FailureUse[];
}

/** The cluster a node pool belongs to: projects/P/locations/L/clusters/C. */
export function clusterOf(nodePool: string): string {
  const i = nodePool.indexOf('/nodePools/');
  return i < 0 ? nodePool : nodePool.slice(0, i);
}

const ORDER: InUseEvidence[] = ['declared', 'workload', 'pull-failure'];
const MAX_IMAGES = 50;
const MAX_FAILURES = 20;

interface Acc {
  evidence: Set<InUseEvidence>;
  images: Set<string>;
  failures: PullFailure[];
}

/** Answers `inUse` for any pair, from an index built once. */
export class InUseIndex {
  private readonly byKey = new Map<string, Acc>();

  constructor(sources: IntentSources) {
    for (const e of sources.expectations ?? []) if (e.want === 'pull') this.acc(e.nodePool ?? e.cluster, e.repository).evidence.add('declared');
    for (const w of sources.workloads ?? []) {
      if (!w.repository) continue;
      const a = this.acc(w.nodePool ?? w.cluster, w.repository);
      a.evidence.add('workload');
      a.images.add(w.image);
    }
    for (const f of sources.failures ?? []) {
      if (!f.repository) continue;
      const a = this.acc(f.nodePool ?? f.cluster, f.repository);
      a.evidence.add('pull-failure');
      a.images.add(f.image);
      a.failures.push(f.failure);
    }
  }

  /** Whether anything at all says some pair is used (then views default to the in-use pairs). */
  get known(): boolean {
    return this.byKey.size > 0;
  }

  private acc(scope: string, repository: string): Acc {
    const key = `${scope}\n${repository}`;
    let a = this.byKey.get(key);
    if (!a) this.byKey.set(key, (a = { evidence: new Set(), images: new Set(), failures: [] }));
    return a;
  }

  /** The pair's `inUse`, or undefined when nothing says it is used. Pool-level and cluster-wide evidence both count. */
  inUse(nodePool: string, repository: string): InUse | undefined {
    const a = this.byKey.get(`${nodePool}\n${repository}`);
    const b = this.byKey.get(`${clusterOf(nodePool)}\n${repository}`);
    if (!a && !b) return undefined;
    const evidence = new Set<InUseEvidence>([...(a?.evidence ?? []), ...(b?.evidence ?? [])]);
    const images = [...new Set([...(a?.images ?? []), ...(b?.images ?? [])])].sort().slice(0, MAX_IMAGES);
    const failures = [...(a?.failures ?? []), ...(b?.failures ?? [])].sort((x, y) => (x.time < y.time ? 1 : x.time > y.time ? -1 : 0)).slice(0, MAX_FAILURES);
    return { evidence: ORDER.filter((e) => evidence.has(e)), images, ...(failures.length ? { failures } : {}) };
  }

  /** The pair with its `inUse` set (unchanged when nothing says it is used). */
  mark(pair: Pair): Pair {
    const u = this.inUse(pair.nodePool, pair.repository);
    return u ? { ...pair, inUse: u } : pair;
  }
}

const RANK: Record<Verdict, number> = { 'can-pull': 0, unknown: 1, 'cannot-pull': 2 };

/**
 * Judges declared expectations from the pairs as they stream past (`observe`), then `results`.
 * A cluster-wide expectation covers every pool of the cluster, the pool it will create on demand included:
 * "must pull" takes the worst pool's verdict, "must not pull" the most permissive one.
 */
export class ExpectationJudge {
  private readonly verdicts = new Map<string, Verdict>();
  private readonly watched = new Set<string>();

  constructor(private readonly expectations: readonly Expectation[]) {
    for (const e of expectations) this.watched.add(`${e.nodePool ?? e.cluster}\n${e.repository}`);
  }

  observe(pair: Pair): void {
    for (const scope of [pair.nodePool, clusterOf(pair.nodePool)]) {
      const key = `${scope}\n${pair.repository}`;
      if (!this.watched.has(key)) continue;
      for (const want of ['pull', 'no-pull'] as const) {
        const k = `${key}\n${want}`;
        const prev = this.verdicts.get(k);
        if (!prev) this.verdicts.set(k, pair.verdict);
        else if (want === 'pull' ? RANK[pair.verdict] > RANK[prev] : RANK[pair.verdict] < RANK[prev]) this.verdicts.set(k, pair.verdict);
      }
    }
  }

  /** One result per expectation, in the file's order. */
  results(inv: Pick<Inventory, 'clusters' | 'nodePools' | 'repositories' | 'projects' | 'repositoryListGaps' | 'clusterListGaps'>): ExpectationResult[] {
    const clusters = new Set(inv.clusters.map((c) => c.name));
    const pools = new Set(inv.nodePools.map((p) => p.name));
    const repos = new Map(inv.repositories.map((r) => [r.name, r]));
    const projects = new Set(inv.projects.map((p) => p.id));
    const repoGaps = new Set(inv.repositoryListGaps.map((g) => g.project));
    return this.expectations.map((e) => {
      const base = { cluster: e.cluster, ...(e.nodePool ? { nodePool: e.nodePool } : {}), repository: e.repository, want: e.want, source: e.source };
      const verdict = this.verdicts.get(`${e.nodePool ?? e.cluster}\n${e.repository}\n${e.want}`);
      if (verdict) return { ...base, verdict, met: verdict === 'unknown' ? null : (verdict === 'can-pull') === (e.want === 'pull') };
      const undecided = (note: string): ExpectationResult => ({ ...base, verdict: 'unknown', met: null, note });
      if (!clusters.has(e.cluster)) return undecided('The scan did not see this cluster: it is outside the scope, does not exist, or its project\u2019s clusters could not be read.');
      if (e.nodePool && !pools.has(e.nodePool)) return undecided('The cluster has no node pool of this name in the scan.');
      const repo = repos.get(e.repository);
      const project = e.repository.split('/')[1];
      const absent = !repo && projects.has(project) && !repoGaps.has(project);
      if ((repo && repo.format !== 'DOCKER') || absent) {
        // A repository that is not there (or holds no Docker images) serves no pull: "must not pull" holds, "must pull" fails.
        return {
          ...base,
          verdict: 'cannot-pull',
          met: e.want === 'no-pull',
          note: repo ? `The repository's format is ${repo.format}, not DOCKER: nodes pull no container image from it.` : 'The repository does not exist in its project (the project was scanned and its repositories listed).',
        };
      }
      return undecided('The scan did not see this repository: it is outside the scope, or its project\u2019s repositories could not be read.');
    });
  }
}

/** Whether a result fails a `--fail-on violated` gate: violated or undecided. */
export function notMet(r: ExpectationResult): boolean {
  return r.met !== true;
}
