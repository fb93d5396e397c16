/** Intent: which node pool × repository pairs are meant to pull (declared expectations, workloads, recent pull failures). */
import type { Verdict } from '../readiness/types';

/** Where Pullcheck learned that a pair is used, in order of trust. */
export type InUseEvidence = 'declared' | 'workload' | 'pull-failure';

/** A recent failed pull read from Cloud Logging (a Kubernetes `Failed` event), classified. */
export interface PullFailure {
  /** The event's timestamp (ISO 8601). */
  time: string;
  image: string;
  /** The kubelet's message, as logged (bounded). */
  message: string;
  /** The diagnosis class of the message (lib/diagnose). */
  class: string;
  /** The Pod the event is about, namespace/name. */
  pod: string | null;
}

/** The report's `pairs[].inUse`: present only when something says the pair is used. */
export interface InUse {
  evidence: InUseEvidence[];
  /** Image references that put the pair in use (workloads and failed pulls); empty when only declared. */
  images: string[];
  /** Recent failed pulls of this pair's images from this pool (newest first), when logs were read. */
  failures?: PullFailure[];
}

/** One declared expectation (a cluster or one of its node pools × one repository). */
export interface Expectation {
  /** projects/P/locations/L/clusters/C */
  cluster: string;
  /** projects/P/locations/L/clusters/C/nodePools/NP, when the expectation names one pool. */
  nodePool?: string;
  /** projects/P/locations/L/repositories/R */
  repository: string;
  want: 'pull' | 'no-pull';
  /** Where it was declared: "file:line". */
  source: string;
}

/** The report's `expectations[]`: one declared expectation and whether the scan shows it met (null: undecided). */
export interface ExpectationResult {
  cluster: string;
  nodePool?: string;
  repository: string;
  want: 'pull' | 'no-pull';
  verdict: Verdict;
  met: boolean | null;
  /** Why the verdict is what it is when no pair decided it (cluster or repository not in the scan). */
  note?: string;
  /** Where it was declared: "file:line". */
  source: string;
}
