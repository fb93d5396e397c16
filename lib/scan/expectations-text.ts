/** The declared expectations as plain text, for the CLI's table output. */
import type { ExpectationResult } from '../intent/types';

// projects/P/locations/L/clusters/C → P/L/C: the ids, without the collection names.
const short = (name: string) => name.split('/').filter((_, i) => i % 2 === 1).join('/');

/** One line per expectation (violated and undecided first), then a count. */
export function expectationsTable(results: readonly ExpectationResult[]): string {
  const mark = (r: ExpectationResult) => (r.met === true ? 'met' : r.met === false ? 'VIOLATED' : 'UNDECIDED');
  const order = (r: ExpectationResult) => (r.met === false ? 0 : r.met === null ? 1 : 2);
  const rows = [...results].sort((a, b) => order(a) - order(b)).map((r) => [
    mark(r),
    short(r.nodePool ?? r.cluster),
    r.want === 'pull' ? 'must pull' : 'must not pull',
    short(r.repository),
    r.verdict,
    r.note ?? '',
  ]);
  const header = ['EXPECTATION', 'CLUSTER / NODE POOL', 'WANT', 'REPOSITORY', 'VERDICT', 'NOTE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  const met = results.filter((r) => r.met === true).length;
  const violated = results.filter((r) => r.met === false).length;
  return ['', line(header), ...rows.map(line), '', `${results.length} expectations: ${met} met, ${violated} violated, ${results.length - met - violated} undecided`, ''].join('\n');
}
