/**
 * Pullcheck's IAM step beside Google's answer. The agreement table (documented in the README, "Second opinion"):
 *
 * | Pullcheck's IAM step \ Google | GRANTED | NOT_GRANTED | UNKNOWN_CONDITIONAL / UNKNOWN_INFO |
 * |---|---|---|---|
 * | granted     | agree            | DISAGREE          | DISAGREE (Pullcheck sure, Google undecided) |
 * | not granted | DISAGREE         | agree             | DISAGREE (Pullcheck sure, Google undecided) |
 * | unknown     | Google decided   | Google decided    | agree (both undecided) |
 *
 * "Google decided" (Pullcheck left undecided what Google could decide) is reported but is not a disagreement:
 * Pullcheck never rounds unknown to an answer, so it has said nothing Google contradicts. `--strict` counts it.
 */
import type { CheckResult } from '../readiness/types';
import type { GoogleAccess, GoogleAnswer } from './client';

/** Pullcheck's IAM outcome for a pair: its IAM step's checks. */
export type PullcheckIam = 'granted' | 'not granted' | 'unknown';

/** Where a pair falls in the table. */
export type Agreement = 'agree' | 'both-undecided' | 'google-decided' | 'disagree' | 'not-compared';

/** Pullcheck's side of one pair: the outcome, and the IAM checks as evidence. */
export interface PullcheckSide {
  iam: PullcheckIam;
  /** "✗ iam.no-download-permission: No grant of … on …" lines. */
  evidence: string[];
  /** The node service account is deleted: the question Google answers (policies only) is not the one the pair asks. */
  deleted: boolean;
}

/** Reads Pullcheck's IAM step from the reasoning chain: any failure → not granted; else anything undecided → unknown; else a pass → granted. */
export function pullcheckIam(checks: CheckResult[]): PullcheckSide {
  const iam = checks.filter((c) => c.step === 'iam');
  const failed = iam.filter((c) => c.outcome === 'fail');
  const undecided = iam.filter((c) => c.outcome === 'undecided');
  const passed = iam.filter((c) => c.outcome === 'pass');
  const outcome: PullcheckIam = failed.length ? 'not granted' : undecided.length ? 'unknown' : passed.length ? 'granted' : 'unknown';
  const shown = failed.length ? failed : undecided.length ? undecided : passed.slice(0, 1);
  const mark = { pass: '✓', fail: '✗', undecided: '?', 'not-applicable': '–' } as const;
  const deleted =
    checks.some((c) => c.rule === 'service-account.deleted' && c.outcome === 'fail') ||
    iam.some((c) => (c.evidence as { deleted?: unknown } | undefined)?.deleted === true);
  return { iam: outcome, evidence: shown.map((c) => `${mark[c.outcome]} ${c.rule}: ${c.summary}`), deleted };
}

const UNDECIDED: GoogleAccess[] = ['UNKNOWN_CONDITIONAL', 'UNKNOWN_INFO'];

/** The cell of the agreement table a pair falls in. */
export function agreement(pullcheck: PullcheckSide, google: GoogleAnswer): Agreement {
  if (!google.ok || pullcheck.deleted) return 'not-compared';
  const gUndecided = UNDECIDED.includes(google.access);
  if (pullcheck.iam === 'unknown') return gUndecided ? 'both-undecided' : 'google-decided';
  if (gUndecided) return 'disagree';
  const g = google.access === 'GRANTED' ? 'granted' : 'not granted';
  return g === pullcheck.iam ? 'agree' : 'disagree';
}

/** True for the cells that fail `verify` (with `strict`, "Google decided" too). */
export function isDisagreement(a: Agreement, strict = false): boolean {
  return a === 'disagree' || (strict && a === 'google-decided');
}

/** One sentence for the pair page and can-pull: quiet on agreement, loud on disagreement. */
export function verdictSentence(a: Agreement, pullcheck: PullcheckSide, google: GoogleAnswer): string {
  if (!google.ok) return `Google did not answer: ${google.gap.message}`;
  if (pullcheck.deleted) return `Google answered ${google.access}, weighing the policies only; the node service account is deleted, so Pullcheck's answer rests on that, not on the policies.`;
  switch (a) {
    case 'agree':
      return `Google agrees: ${google.access}.`;
    case 'both-undecided':
      return `Google agrees that this cannot be decided from here: ${google.access}.`;
    case 'google-decided':
      return `Google decided what Pullcheck left unknown: ${google.access}.`;
    default:
      return `DISAGREEMENT: Pullcheck's IAM step says ${pullcheck.iam}, Google says ${google.access}. One of them is wrong: compare the evidence below.`;
  }
}
