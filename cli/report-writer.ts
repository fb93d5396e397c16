/** Writes the JSON report as a stream (pairs one at a time), so very large reports are never one string. */
import type { Report, Verdict } from '../lib/readiness/types';
import type { Sink } from './output';
import { reportJsonChunks, type StreamedReport } from '../lib/scan/report-json';

export type { Sink } from './output';

/** Serializes a report as JSON, one pair per line; `pairs` may be a generator, so the report is never whole in memory. */
export function writeReportJson(report: StreamedReport, sink: Pick<Sink, 'write'>): Record<Verdict, number> {
  const t: Record<Verdict, number> = { 'can-pull': 0, 'cannot-pull': 0, unknown: 0 };
  for (const chunk of reportJsonChunks(report, (p) => t[p.verdict]++)) sink.write(chunk);
  return t;
}

const rank: Record<Verdict, number> = { 'can-pull': 0, unknown: 1, 'cannot-pull': 2 };

/** The worse of two verdicts: cannot-pull over unknown over can-pull. */
export function worse(a: Verdict, b: Verdict): Verdict {
  return rank[a] >= rank[b] ? a : b;
}

/** True when `v` is `threshold` or worse. */
export function atLeast(v: Verdict, threshold: Verdict): boolean {
  return rank[v] >= rank[threshold];
}

/** Counts per verdict. */
export function tally(report: Report): Record<Verdict, number> {
  const t: Record<Verdict, number> = { 'can-pull': 0, 'cannot-pull': 0, unknown: 0 };
  for (const p of report.pairs) t[p.verdict]++;
  return t;
}

/** A plain-text table of the pairs, for people. */
export function reportTable(report: Report): string {
  // projects/P/locations/L/clusters/C/nodePools/NP → P/L/C/NP: the ids, without the collection names.
  const short = (name: string) => name.split('/').filter((_, i) => i % 2 === 1).join('/');
  const rows = report.pairs.map((p) => [
    short(p.nodePool),
    short(p.repository),
    p.verdict,
    [...new Set(p.causes.map((c) => c.rule))].join(', ') || '-',
  ]);
  const header = ['NODE POOL', 'REPOSITORY', 'VERDICT', 'CAUSES'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  const t = tally(report);
  const out = [line(header), ...rows.map(line), ''];
  out.push(`${report.pairs.length} pairs: ${t['can-pull']} can pull, ${t['cannot-pull']} cannot pull, ${t.unknown} unknown`);
  if (report.findings.length) out.push(`${report.findings.length} ${report.findings.length === 1 ? 'finding' : 'findings'} (see --format json)`);
  if (report.gaps.length) {
    out.push(`${report.gaps.length} ${report.gaps.length === 1 ? 'gap' : 'gaps'}: Pullcheck could not read everything:`);
    for (const g of report.gaps.slice(0, 20)) out.push(`  ${g.method} ${g.resource}: ${g.status ?? 'no answer'} ${g.reason}${g.permission ? ` (needs ${g.permission})` : ''}`);
    if (report.gaps.length > 20) out.push(`  … and ${report.gaps.length - 20} more`);
  }
  return out.join('\n') + '\n';
}
