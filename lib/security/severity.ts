/**
 * Finding severities, one table keyed by finding rule id: the report's `findings[].severity` is one of high, medium,
 * low, info. Severities follow what the finding means for who can pull what (IAM "Use IAM securely": basic roles are
 * "highly permissive"; GKE "Harden your cluster's security": use a least-privilege node service account).
 *
 * A rule id missing from the table (a finding added elsewhere) keeps the severity its producer gave it, brought onto
 * the four levels (`critical` becomes `high`); a producer that gave none, or gave an unknown word, gets
 * DEFAULT_SEVERITY (`medium`): loud enough to be read, never hidden as info.
 */
import type { Finding } from '../readiness/types';

/** The report's severity levels, worst first. */
export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export type ReportSeverity = (typeof SEVERITIES)[number];

/** Severity of a finding rule id the table does not list, when its producer gave none usable. */
export const DEFAULT_SEVERITY: ReportSeverity = 'medium';

/** Finding rule id (and the pair rule ids of deny policies, perimeters and download rules) → severity. */
export const SEVERITY_BY_RULE: Readonly<Record<string, ReportSeverity>> = {
  // Access broader than needed.
  'security.node-account-owner-or-editor': 'high',
  'security.node-account-basic-role': 'medium',
  'identity.default-service-account': 'medium',
  'security.default-account-cloud-platform': 'medium',
  'security.repository-all-authenticated-users': 'high',
  'security.repository-public': 'info',
  'security.external-member': 'medium',
  'security.domain-member': 'low',
  'security.broad-download-grant': 'info',
  'security.unused-pull-access': 'info',
  'iam.basic-role-only': 'medium',
  // Readiness observations beside the verdicts.
  'iam.grant-expires': 'medium',
  'iam.grant-despite-unreadable-policy': 'info',
  'autoprovisioning.defaults': 'medium',
  'version.not-offered': 'medium',
  'identity.workload-identity-does-not-pull': 'info',
  'scan.cluster-list-unreadable': 'high',
  'scan.repository-list-unreadable': 'high',
  // Guards beyond IAM allow (IAM "Deny policies overview", VPC Service Controls "Dry run mode", Artifact Registry
  // download rules). Findings:
  'repository.download-rule-partial': 'low',
  'repository.download-allow-list': 'info',
  'perimeter.dry-run-would-block': 'medium',
  // Pair rules, for lists that rank causes beside findings: what blocks for sure is high, what Pullcheck could not
  // decide (a condition, an unread group, policy or perimeter) is medium, as the catalog's own rules say.
  'iam.denied': 'high',
  'iam.deny-conditional': 'medium',
  'iam.deny-membership-unreadable': 'medium',
  'iam.deny-unreadable': 'medium',
  'perimeter.blocked': 'high',
  'perimeter.undecided': 'medium',
  'perimeter.unreadable': 'medium',
  'repository.download-denied': 'high',
  'repository.download-rules-unreadable': 'medium',
};

function isReportSeverity(s: unknown): s is ReportSeverity {
  return typeof s === 'string' && (SEVERITIES as readonly string[]).includes(s);
}

/** The severity of a finding rule: the table's, else the producer's (critical → high), else DEFAULT_SEVERITY. */
export function severityOf(rule: string, producer?: string): ReportSeverity {
  const t = Object.hasOwn(SEVERITY_BY_RULE, rule) ? SEVERITY_BY_RULE[rule] : undefined;
  if (t) return t;
  if (producer === 'critical') return 'high';
  return isReportSeverity(producer) ? producer : DEFAULT_SEVERITY;
}

/** The finding with its severity from the table (a new object only when it changes). */
export function withSeverity<F extends Pick<Finding, 'rule' | 'severity'>>(f: F): F {
  const s = severityOf(f.rule, f.severity);
  return s === f.severity ? f : { ...f, severity: s };
}

/** Rank for sorting: 0 for high, 3 for info. */
export function severityRank(s: string): number {
  const i = (SEVERITIES as readonly string[]).indexOf(s);
  return i < 0 ? SEVERITIES.length : i;
}
