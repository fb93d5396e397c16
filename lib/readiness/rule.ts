/** What a readiness rule is: metadata beside a pure check function (one file per rule under rules/). */
import type { Cluster, Found, Inventory, NodePool, Repository, ServiceAccount } from '../inventory/types';
import type { DenyAnalysis } from './deny';
import type { EvidenceKind } from './evidence';
import type { IamAnalysis } from './iam';
import type { LevelId } from './levels';
import type { PerimeterAnalysis } from './perimeter';
import type { DownloadRulesAnalysis } from './download-rules';
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
  /** The evidence sources the rule reads: when the inventory carries one of them not at all, the rule is skipped. */
  requires: readonly EvidenceKind[];
  /**
   * A rule that can only take a pull away when evidence it needed was unreadable (a deny policy, a perimeter, a download
   * rule): its undecided outcome counts only for a pair nothing else fails or leaves undecided (it turns a would-be
   * can-pull into unknown and is left out otherwise).
   */
  onlyIfOtherwisePulls?: boolean;
}

/** What a check found. `fail` and `undecided` become causes; they carry a message and a remediation. */
export type RuleOutcome =
  | { outcome: 'pass' | 'not-applicable'; summary: string; evidence?: Record<string, unknown> }
  | ({
      outcome: 'fail' | 'undecided';
      summary: string;
      message: string;
      evidence: Record<string, unknown>;
    } & (
      | { remediation: Remediation }
      /** Built when the cause's remediation is first read: rules judged per account × repository use it (see toCause). */
      | { remediate: () => Remediation }
    ));

/** Everything a node-pool-level rule may read (identity, scopes, version, network). */
export interface PoolContext {
  inv: Inventory;
  pool: NodePool;
  cluster: Cluster | null;
  /** The node service account's lookup; null when it was not collected at all. */
  serviceAccount: Found<ServiceAccount> | null;
  network: NetworkPath;
}

/** Everything an access-level rule reads besides the allow analysis: the deny analysis (absent when deny policies were not read). */
export interface AccessContext {
  inv: Inventory;
  serviceAccount: string;
  serviceAccountState: Found<ServiceAccount> | null;
  repository: Repository;
  iam: IamAnalysis;
  deny: DenyAnalysis | null;
}

/** Everything a perimeter-level rule reads: the node network's side against the repository's project (VPC Service Controls). */
export interface PerimeterContext {
  inv: Inventory;
  analysis: PerimeterAnalysis;
}

/** Everything a repository-level rule reads: the repository and its download rules. */
export interface RepositoryContext {
  inv: Inventory;
  repository: Repository;
  rules: DownloadRulesAnalysis;
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

/** A rule judged once per node network × repository project (VPC Service Controls). */
export interface PerimeterRule extends RuleMeta {
  level: 'perimeter';
  check(ctx: PerimeterContext): RuleOutcome;
}

/** A rule judged once per repository (download rules). */
export interface RepositoryRule extends RuleMeta {
  level: 'repository';
  check(ctx: RepositoryContext): RuleOutcome;
}

/** Any pair rule. */
export type Rule = PoolRule | AccessRule | PerimeterRule | RepositoryRule;

/** A rule's level is one of the engine's levels (levels.ts). */
export type RuleLevel = Rule['level'] & LevelId;

/** Metadata of a finding rule (observations beside the pairs, never causes). */
export interface FindingMeta {
  id: string;
  title: string;
  severity: Severity;
  docs: string[];
  description: string;
}
