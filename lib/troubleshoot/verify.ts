/**
 * `pullcheck verify`: a bounded, stratified sample of pairs asked of Policy Troubleshooter, and the agreement table
 * (Pullcheck's IAM outcome × Google's answer). Each node service account × repository is asked once.
 */
import type { Gap } from '../inventory/raw';
import type { Inventory } from '../inventory/types';
import { evaluatePair } from '../readiness/engine';
import type { Pair, Report, Verdict } from '../readiness/types';
import type { AccessQuestion, GoogleAccess, GoogleAnswer } from './client';
import { agreement, isDisagreement, pullcheckIam, type Agreement, type PullcheckIam, type PullcheckSide } from './compare';

/** Default and ceiling of `--sample`. */
export const DEFAULT_SAMPLE = 40;
export const MAX_SAMPLE = 500;

/** One pair of the sample, both answers side by side. */
export interface VerifyRow {
  nodePool: string;
  repository: string;
  serviceAccount: string;
  verdict: Verdict;
  pullcheck: PullcheckSide;
  google: GoogleAnswer;
  agreement: Agreement;
}

/** Google's column of the table: its four answers, or no answer (a gap). */
export type GoogleColumn = GoogleAccess | 'no answer';
export const GOOGLE_COLUMNS: GoogleColumn[] = ['GRANTED', 'NOT_GRANTED', 'UNKNOWN_CONDITIONAL', 'UNKNOWN_INFO', 'no answer'];
export const PULLCHECK_ROWS: PullcheckIam[] = ['granted', 'not granted', 'unknown'];

/** The whole outcome of a verify run. */
export interface VerifyResult {
  /** Distinct service account × repository questions in the estate, and how many were asked. */
  population: number;
  asked: number;
  /** Strata (verdict × cause rules) in the estate; every one is represented in the sample. */
  strata: number;
  table: Record<PullcheckIam, Record<GoogleColumn, number>>;
  counts: Record<Agreement, number>;
  rows: VerifyRow[];
  disagreements: VerifyRow[];
  gaps: Gap[];
  strict: boolean;
}

interface Candidate {
  pair: Pair;
  serviceAccount: string;
  key: string;
}

/** The stratum of a pair: its verdict and the rules of its causes (so every IAM cause and every verdict has one). */
function stratum(p: Pair): string {
  return `${p.verdict}|${[...new Set(p.causes.map((c) => c.rule))].sort().join(',')}`;
}

/**
 * Picks the pairs to ask about: one per stratum first (even past `size`, so that none goes unrepresented), then
 * round-robin across strata up to `size`; never the same service account × repository twice. Deterministic.
 */
export function stratifiedSample(pairs: Pair[], inv: Inventory, size: number): { chosen: Candidate[]; population: number; strata: number } {
  const saOf = new Map(inv.nodePools.map((p) => [p.name, p.serviceAccount.email]));
  const strata = new Map<string, Candidate[]>();
  const questions = new Set<string>();
  for (const pair of pairs) {
    const sa = saOf.get(pair.nodePool);
    if (!sa) continue;
    const c: Candidate = { pair, serviceAccount: sa, key: `${sa.toLowerCase()}\n${pair.repository}` };
    questions.add(c.key);
    const s = stratum(pair);
    const list = strata.get(s);
    if (list) list.push(c);
    else strata.set(s, [c]);
  }
  const order = [...strata.keys()].sort();
  const chosen = new Map<string, Candidate>();
  for (const s of order) {
    const list = strata.get(s)!;
    if (list.some((c) => chosen.has(c.key))) continue;
    chosen.set(list[0].key, list[0]);
  }
  const cursor = new Map(order.map((s) => [s, 0]));
  let progress = true;
  while (chosen.size < size && progress) {
    progress = false;
    for (const s of order) {
      if (chosen.size >= size) break;
      const list = strata.get(s)!;
      let i = cursor.get(s)!;
      while (i < list.length && chosen.has(list[i].key)) i++;
      cursor.set(s, i + 1);
      if (i < list.length) {
        chosen.set(list[i].key, list[i]);
        progress = true;
      }
    }
  }
  return { chosen: [...chosen.values()], population: questions.size, strata: order.length };
}

/** Asks Google about the sample and fills the table. `ask` is GoogleAsker.ask (bounded concurrency lives there). */
export async function verifyEstate(
  inv: Inventory,
  report: Report,
  ask: (q: AccessQuestion) => Promise<GoogleAnswer>,
  opts: { sample: number; strict?: boolean; gaps?: () => Gap[] },
): Promise<VerifyResult> {
  const { chosen, population, strata } = stratifiedSample(report.pairs, inv, opts.sample);
  const rows = await Promise.all(
    chosen.map(async (c): Promise<VerifyRow> => {
      const ev = evaluatePair(inv, c.pair.nodePool, c.pair.repository);
      const pullcheck = pullcheckIam(ev.checks);
      const google = await ask({ serviceAccount: c.serviceAccount, repository: c.pair.repository, at: report.scannedAt });
      return { nodePool: c.pair.nodePool, repository: c.pair.repository, serviceAccount: c.serviceAccount, verdict: ev.verdict, pullcheck, google, agreement: agreement(pullcheck, google) };
    }),
  );
  const table = Object.fromEntries(PULLCHECK_ROWS.map((r) => [r, Object.fromEntries(GOOGLE_COLUMNS.map((g) => [g, 0]))])) as VerifyResult['table'];
  const counts: Record<Agreement, number> = { agree: 0, 'both-undecided': 0, 'google-decided': 0, disagree: 0, 'not-compared': 0 };
  for (const r of rows) {
    table[r.pullcheck.iam][r.google.ok ? r.google.access : 'no answer']++;
    counts[r.agreement]++;
  }
  const strict = opts.strict ?? false;
  return {
    population,
    asked: rows.length,
    strata,
    table,
    counts,
    rows,
    disagreements: rows.filter((r) => isDisagreement(r.agreement, strict)),
    gaps: opts.gaps?.() ?? [],
    strict,
  };
}

/** The plain-text report: the table, then every disagreement with both sides' evidence, then what was not compared. */
export function formatVerifyText(r: VerifyResult): string {
  const lines: string[] = [];
  lines.push(`Asked Policy Troubleshooter about ${r.asked} of ${r.population} node service account × repository questions (${r.strata} strata: every verdict and cause represented).`, '');
  const w0 = 'Pullcheck IAM \\ Google'.length;
  const widths = GOOGLE_COLUMNS.map((c) => Math.max(c.length, 3));
  lines.push(['Pullcheck IAM \\ Google', ...GOOGLE_COLUMNS.map((c, i) => c.padStart(widths[i]))].join('  '));
  for (const row of PULLCHECK_ROWS) lines.push([row.padEnd(w0), ...GOOGLE_COLUMNS.map((c, i) => String(r.table[row][c]).padStart(widths[i]))].join('  '));
  lines.push('');
  const c = r.counts;
  lines.push(`agree ${c.agree}, both undecided ${c['both-undecided']}, Google decided what Pullcheck left unknown ${c['google-decided']}, disagree ${c.disagree}, not compared ${c['not-compared']}`);
  const name = (x: VerifyRow) => `${x.nodePool} × ${x.repository} (${x.serviceAccount})`;
  if (r.disagreements.length) {
    lines.push('', `DISAGREEMENTS (${r.disagreements.length}): one side is wrong on each of these.`);
    for (const d of r.disagreements) {
      lines.push('', `✗ ${name(d)}`);
      lines.push(`  Pullcheck: IAM ${d.pullcheck.iam} (verdict ${d.verdict})`);
      for (const e of d.pullcheck.evidence) lines.push(`    ${e}`);
      if (d.google.ok) {
        lines.push(`  Google:    ${d.google.access} (${d.google.overallAccessState})`);
        for (const e of d.google.explanation) lines.push(`    ${e}`);
      }
    }
  }
  const decided = r.rows.filter((x) => x.agreement === 'google-decided' && !r.disagreements.includes(x));
  if (decided.length) {
    lines.push('', 'Google decided what Pullcheck left unknown (not a disagreement; --strict counts it):');
    for (const d of decided) lines.push(`  ? ${name(d)}: Google ${d.google.ok ? d.google.access : ''}; Pullcheck: ${d.pullcheck.evidence[0] ?? 'unknown'}`);
  }
  const skipped = r.rows.filter((x) => x.agreement === 'not-compared');
  if (skipped.length) {
    lines.push('', 'Not compared:');
    for (const s of skipped) {
      lines.push(`  – ${name(s)}: ${s.google.ok ? 'the node service account is deleted; Google weighs policies only' : `no answer: ${s.google.gap.message}`}`);
    }
  }
  lines.push('', r.disagreements.length ? `${r.disagreements.length} disagreement${r.disagreements.length === 1 ? '' : 's'}.` : c.agree + c['both-undecided'] === r.asked ? 'Full agreement.' : 'No disagreement.');
  return `${lines.join('\n')}\n`;
}

/** The JSON form (`--format json`): the table, the counts and every row. */
export function verifyJson(r: VerifyResult): Record<string, unknown> {
  return {
    population: r.population,
    asked: r.asked,
    strata: r.strata,
    strict: r.strict,
    table: r.table,
    counts: r.counts,
    disagreements: r.disagreements.map((d) => ({ nodePool: d.nodePool, repository: d.repository, serviceAccount: d.serviceAccount })),
    rows: r.rows.map((x) => ({
      nodePool: x.nodePool,
      repository: x.repository,
      serviceAccount: x.serviceAccount,
      verdict: x.verdict,
      pullcheck: { iam: x.pullcheck.iam, evidence: x.pullcheck.evidence },
      google: x.google.ok ? { access: x.google.access, overallAccessState: x.google.overallAccessState, explanation: x.google.explanation } : { gap: x.google.gap },
      agreement: x.agreement,
    })),
    gaps: r.gaps,
  };
}
