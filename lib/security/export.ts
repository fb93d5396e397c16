/**
 * Reports in the formats reviewers ask for: CSV (csv-stringify, formula-looking cells escaped: OWASP "CSV Injection"),
 * SARIF 2.1.0 (node-sarif-builder) and Markdown. Every value comes from the estate and is treated as hostile text.
 */
import { stringify } from 'csv-stringify/sync';
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Finding, Pair, Report } from '../readiness/types';
import { ruleCatalog } from '../readiness/rule-catalog';
import { severityOf, severityRank, type ReportSeverity } from './severity';
import { projectOf } from './findings/members';

/** Longest text put in one cell or Markdown line; the JSON report keeps the whole value. */
const MAX_CELL = 2_000;

function cell(s: string): string {
  return s.length > MAX_CELL ? `${s.slice(0, MAX_CELL)}…` : s;
}

export const FINDING_COLUMNS = ['severity', 'rule', 'subject', 'project', 'message', 'gcloud', 'docs'] as const;
export const PAIR_COLUMNS = ['nodePool', 'repository', 'verdict', 'causes', 'categories', 'inUse'] as const;

/** One finding as a CSV row. */
export function findingRow(f: Finding): string[] {
  const project = typeof f.evidence?.project === 'string' ? f.evidence.project : (projectOf(f.subject) ?? '');
  return [severityOf(f.rule, f.severity), f.rule, f.subject, project, f.message, f.remediation.gcloud ?? '', f.remediation.docs.join(' ')].map(cell);
}

type PairWithIntent = Pair & { inUse?: { evidence?: string[] } };

/** One pair as a CSV row. */
export function pairRow(p: PairWithIntent): string[] {
  const rules = [...new Set(p.causes.map((c) => c.rule))];
  const cats = [...new Set(p.causes.map((c) => c.category))];
  return [p.nodePool, p.repository, p.verdict, rules.join(' '), cats.join(' '), p.inUse ? (p.inUse.evidence ?? []).join(' ') || 'yes' : ''].map(cell);
}

function csvLines(rows: string[][]): string {
  return stringify(rows, { escape_formulas: true, record_delimiter: '\n' });
}

/** CSV text of findings, header first. */
export function findingsCsv(findings: Finding[]): string {
  return csvLines([[...FINDING_COLUMNS], ...findings.map(findingRow)]);
}

/** CSV of pairs piece by piece (header, then batches of rows), so a very large report is never one string. */
export function* pairsCsvChunks(pairs: Iterable<Pair>, onPair?: (p: Pair) => void, batch = 500): Generator<string> {
  yield csvLines([[...PAIR_COLUMNS]]);
  let rows: string[][] = [];
  for (const p of pairs) {
    onPair?.(p);
    rows.push(pairRow(p));
    if (rows.length >= batch) {
      yield csvLines(rows);
      rows = [];
    }
  }
  if (rows.length) yield csvLines(rows);
}

const SARIF_LEVEL: Record<ReportSeverity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note', info: 'note' };

function sarifResult(ruleId: string, level: 'error' | 'warning' | 'note', text: string, resource: string, properties: Record<string, unknown>): SarifResultBuilder {
  const r = new SarifResultBuilder().initSimple({ level, messageText: cell(text), ruleId, fileUri: resource });
  // Cloud resources are not files: the resource name is also given as a logical location.
  const loc = r.result.locations?.[0];
  if (loc) loc.logicalLocations = [{ fullyQualifiedName: resource, kind: 'resource' }];
  r.result.properties = properties;
  return r;
}

/** The report as SARIF 2.1.0: one result per finding, and one per cause of every pair that is not can-pull. */
export function reportSarif(report: Report, version = '0.1.0'): string {
  const run = new SarifRunBuilder().initSimple({ toolDriverName: 'pullcheck', toolDriverVersion: version });
  const used = new Set<string>([...report.findings.map((f) => f.rule), ...report.pairs.flatMap((p) => p.causes.map((c) => c.rule))]);
  for (const r of ruleCatalog()) {
    if (!used.has(r.id)) continue;
    used.delete(r.id);
    run.addRule(new SarifRuleBuilder().initSimple({ ruleId: r.id, shortDescriptionText: r.title, fullDescriptionText: r.description, ...(r.docs[0] ? { helpUri: r.docs[0] } : {}) }));
  }
  for (const id of used) run.addRule(new SarifRuleBuilder().initSimple({ ruleId: id, shortDescriptionText: id }));
  for (const f of report.findings) {
    const sev = severityOf(f.rule, f.severity);
    run.addResult(sarifResult(f.rule, SARIF_LEVEL[sev], f.message, f.subject, { severity: sev, kind: 'finding', ...(f.remediation.gcloud ? { gcloud: f.remediation.gcloud } : {}) }));
  }
  for (const p of report.pairs) {
    if (p.verdict === 'can-pull') continue;
    for (const c of p.causes) {
      run.addResult(sarifResult(c.rule, p.verdict === 'cannot-pull' ? 'error' : 'warning', `${p.nodePool} → ${p.repository}: ${c.message}`, p.nodePool, { kind: 'pair', verdict: p.verdict, category: c.category, repository: p.repository }));
    }
  }
  const b = new SarifBuilder();
  b.addRun(run);
  return b.buildSarifJsonString({ indent: true }) + '\n';
}

/** Text safe inside a Markdown table cell: no line breaks, no pipes, no markup, no raw HTML. */
export function mdText(s: string): string {
  let out = '';
  for (const ch of cell(s)) {
    if (ch === '\n' || ch === '\r' || ch === '\u2028' || ch === '\u2029') out += ' ';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '&') out += '&amp;';
    else if ('\\`*_[]|#!~'.includes(ch)) out += `\\${ch}`;
    else if (ch.charCodeAt(0) < 0x20 || ch === '\u007f') out += ' ';
    else out += ch;
  }
  return out;
}

/** The report as Markdown: verdict counts, findings by severity, and the pairs that cannot pull or are unknown. */
export function reportMarkdown(report: Report, maxPairs = 500): string {
  const t = { 'can-pull': 0, 'cannot-pull': 0, unknown: 0 };
  for (const p of report.pairs) t[p.verdict]++;
  const out = [
    '# Pullcheck scan',
    '',
    `Scanned ${mdText(report.scannedAt)}, scope ${mdText(report.scope.kind)}${report.scope.ids.length ? ` ${mdText(report.scope.ids.join(', '))}` : ''}.`,
    '',
    `${report.pairs.length} pairs: ${t['can-pull']} can pull, ${t['cannot-pull']} cannot pull, ${t.unknown} unknown; ${report.findings.length} findings; ${report.gaps.length} gaps.`,
    '',
    '## Findings',
    '',
  ];
  const findings = [...report.findings].sort((a, b) => severityRank(severityOf(a.rule, a.severity)) - severityRank(severityOf(b.rule, b.severity)));
  if (!findings.length) out.push('No findings.');
  else {
    out.push('| Severity | Rule | Subject | Finding |', '|---|---|---|---|');
    for (const f of findings) out.push(`| ${severityOf(f.rule, f.severity)} | ${mdText(f.rule)} | ${mdText(f.subject)} | ${mdText(f.message)} |`);
  }
  out.push('', '## Pairs that cannot pull or are unknown', '');
  const blocked = report.pairs.filter((p) => p.verdict !== 'can-pull');
  if (!blocked.length) out.push('Every pair can pull.');
  else {
    out.push('| Node pool | Repository | Verdict | Causes |', '|---|---|---|---|');
    for (const p of blocked.slice(0, maxPairs)) out.push(`| ${mdText(p.nodePool)} | ${mdText(p.repository)} | ${p.verdict} | ${mdText([...new Set(p.causes.map((c) => c.rule))].join(', '))} |`);
    if (blocked.length > maxPairs) out.push('', `… and ${blocked.length - maxPairs} more (use --format csv or json for every pair).`);
  }
  return out.join('\n') + '\n';
}
