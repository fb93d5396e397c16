/** What a readiness rule is: metadata beside a pure check function (one file per rule under rules/). */
import type { Cluster, Found, Inventory, NodePool, Repository, ServiceAccount } from '../inventory/types';
import type { IamAnalysis } from './iam';
import type { NetworkPath } from './network';
import type { Category, CheckResult, Remediation, Severity } from './types';

/** A rule's metadata: stable id, title, where the fix lies, and the docs it rests on. */
export interface RuleMeta {
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  step: CheckResult['step'];
  docs: string[];
  /** One or two sentences for the catalog. */
  description: string;
}

/** What a check found. `fail` and `undecided` become causes; they carry a message and a remediation. */
export type RuleOutcome =
  | { outcome: 'pass' | 'not-applicable'; summary: string; evidence?: Record<string, unknown> }
  | {
      outcome: 'fail' | 'undecided';
      summary: string;
      message: string;
      evidence: Record<string, unknown>;
      remediation: Remediation;
    };

/** Everything a node-pool-level rule may read (identity, scopes, version, network). */
export interface PoolContext {
  inv: Inventory;
  pool: NodePool;
  cluster: Cluster | null;
  /** The node service account's lookup; null when it was not collected at all. */
  serviceAccount: Found<ServiceAccount> | null;
  network: NetworkPath;
}

/** Everything an access-level rule may read: one service account on one repository. */
export interface AccessContext {
  inv: Inventory;
  serviceAccount: string;
  serviceAccountState: Found<ServiceAccount> | null;
  repository: Repository;
  iam: IamAnalysis;
}

/** A rule judged once per node pool; `publicRepositorySatisfies` rules pass for public repositories (Artifact Registry "Configure public access"). */
export interface PoolRule extends RuleMeta {
  level: 'pool';
  publicRepositorySatisfies: boolean;
  check(ctx: PoolContext): RuleOutcome;
}

/** A rule judged once per service account × repository (IAM). */
export interface AccessRule extends RuleMeta {
  level: 'access';
  check(ctx: AccessContext): RuleOutcome;
}

/** Any pair rule. */
export type Rule = PoolRule | AccessRule;

/** Metadata of a finding rule (observations beside the pairs, never causes). */
export interface FindingMeta {
  id: string;
  title: string;
  severity: Severity;
  docs: string[];
  description: string;
}
