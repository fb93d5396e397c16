/** The readiness report: the public contract documented in the README ("CLI"), plus engine-side types. */
import type { Gap, Scope } from '../inventory/types';
import type { ExpectationResult, InUse } from '../intent/types';
import type { CollectionInfo, CoverageSummary } from '../inventory/raw';

export type Verdict = 'can-pull' | 'cannot-pull' | 'unknown';
export type Category = 'version' | 'service-account' | 'scope' | 'iam' | 'network' | 'perimeter' | 'repository' | 'audit-access';
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface Remediation {
  steps: string[];
  gcloud?: string;
  terraform?: string;
  docs: string[];
  /** Shown prominently, e.g. "Access scopes cannot be changed on an existing node pool." */
  warning?: string;
}

export interface Cause {
  category: Category;
  /** Stable rule id, e.g. "iam.no-download-permission". */
  rule: string;
  /** Whether this check failed (cannot-pull) or could not be decided (unknown). */
  outcome: 'fail' | 'undecided';
  message: string;
  /** What was read: resource, field, value, binding, gap ids. */
  evidence: Record<string, unknown>;
  remediation: Remediation;
}

export interface Pair {
  nodePool: string;
  repository: string;
  verdict: Verdict;
  causes: Cause[];
  /** Set on the pairs of the pools a cluster will create on demand (`nodePools/-`: Autopilot, node auto-provisioning). */
  autoProvisioned?: true;
  /** Why the pair matters: declared expectations, running workloads, recent pull failures (set by lib/intent; absent when nothing says it is used). */
  inUse?: InUse;
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** The resource the finding is about. */
  subject: string;
  message: string;
  evidence?: Record<string, unknown>;
  remediation: Remediation;
}

export interface Report {
  schemaVersion: 1;
  scannedAt: string;
  scope: Scope;
  pairs: Pair[];
  findings: Finding[];
  gaps: Gap[];
  /** Declared expectations and whether each is met (`scan --expect FILE`; lib/intent). */
  expectations?: ExpectationResult[];
  /** How the estate was read: the source, Cloud Asset Inventory's read time, a fallback, how many lists (and with gaps). */
  collection?: Omit<CollectionInfo, 'coverage'> & { lists: number; listsWithGaps: number; coverage?: CoverageSummary[] };
  /**
   * Images the scope's workloads pull from registries other than Artifact Registry (Docker Hub, ghcr.io, …):
   * outside what Pullcheck judges, listed so nobody mistakes their absence from `pairs` for a pass.
   */
  otherRegistryImages?: OtherRegistryImage[];
}

/** One image from another registry, with where it runs and the workloads that name it. */
export interface OtherRegistryImage {
  image: string;
  host: string;
  cluster: string;
  nodePool: string | null;
  workloads: string[];
}

/** One step of the reasoning chain for a pair (identity → scopes → deny → IAM → network → perimeter → version → repository), for can-pull and the UI. */
export interface CheckResult {
  step: 'identity' | 'scopes' | 'deny' | 'iam' | 'network' | 'perimeter' | 'version' | 'repository';
  rule: string;
  title: string;
  outcome: 'pass' | 'fail' | 'undecided' | 'not-applicable';
  /** One sentence: what was found. */
  summary: string;
  evidence: Record<string, unknown>;
}
