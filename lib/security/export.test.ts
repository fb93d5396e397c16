import { describe, expect, it } from 'vitest';
import type { Finding, Pair, Report } from '../readiness/types';
import { findingsCsv, mdText, pairsCsvChunks, reportMarkdown, reportSarif } from './export';

/** RFC 4180 reader for the assertions (quoted fields, doubled quotes, line breaks inside quotes). */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') endField();
    else if (ch === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

const finding = (o: Partial<Finding> = {}): Finding => ({
  rule: 'security.external-member',
  severity: 'medium',
  subject: 'projects/app/locations/us/repositories/r',
  message: 'granted to an outsider',
  remediation: { steps: [], docs: ['https://cloud.google.com/iam/docs/principal-identifiers'], gcloud: 'gcloud x' },
  ...o,
});
const pair = (verdict: Pair['verdict'], repository = 'projects/app/locations/us/repositories/r'): Pair => ({
  nodePool: 'projects/app/locations/us-central1/clusters/c/nodePools/np',
  repository,
  verdict,
  causes: verdict === 'can-pull' ? [] : [{ category: 'iam', rule: 'iam.no-download-permission', outcome: 'fail', message: 'no grant', evidence: {}, remediation: { steps: [], docs: [] } }],
});
const report = (pairs: Pair[], findings: Finding[]): Report => ({ schemaVersion: 1, scannedAt: '2026-11-25T16:30:04.000Z', scope: { kind: 'projects', ids: ['app'] }, pairs, findings, gaps: [] });

describe('CSV', () => {
  it('writes one row per finding under a header, and neutralizes cells that a spreadsheet would run as a formula', () => {
    const csv = findingsCsv([finding({ message: '=HYPERLINK("http://evil")' }), finding({ subject: '@SUM(1,2)', message: 'a, "quoted"\nline' })]);
    const rows = parse(csv) as string[][];
    expect(rows[0]).toEqual(['severity', 'rule', 'subject', 'project', 'message', 'gcloud', 'docs']);
    expect(rows).toHaveLength(3);
    expect(rows[1][4]).toBe(`'=HYPERLINK("http://evil")`);
    expect(rows[2][2]).toBe(`'@SUM(1,2)`);
    expect(rows[2][4]).toBe('a, "quoted"\nline');
    expect(rows[1][3]).toBe('app');
  });

  it('streams pairs in batches, header first, with every verdict and its cause rules', () => {
    const pairs = [pair('can-pull'), pair('cannot-pull'), pair('unknown')];
    const seen: string[] = [];
    const chunks = [...pairsCsvChunks(pairs, (p) => seen.push(p.verdict), 2)];
    expect(chunks).toHaveLength(3);
    const rows = parse(chunks.join('')) as string[][];
    expect(rows.map((r) => r[2])).toEqual(['verdict', 'can-pull', 'cannot-pull', 'unknown']);
    expect(rows[2][3]).toBe('iam.no-download-permission');
    expect(seen).toEqual(['can-pull', 'cannot-pull', 'unknown']);
  });
});

describe('SARIF', () => {
  it('is SARIF 2.1.0 with one result per finding (level from severity) and per cause of a blocked pair', () => {
    const s = JSON.parse(reportSarif(report([pair('can-pull'), pair('cannot-pull')], [finding({ severity: 'high', rule: 'security.repository-all-authenticated-users' }), finding()]))) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; properties: Record<string, unknown> }[] }[];
    };
    expect(s.version).toBe('2.1.0');
    const run = s.runs[0];
    expect(run.tool.driver.name).toBe('pullcheck');
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['security.repository-all-authenticated-users', 'error'],
      ['security.external-member', 'warning'],
      ['iam.no-download-permission', 'error'],
    ]);
    expect(run.tool.driver.rules.map((r) => r.id).sort()).toEqual(['iam.no-download-permission', 'security.external-member', 'security.repository-all-authenticated-users']);
  });
});

describe('Markdown', () => {
  it('escapes table-breaking and HTML characters from the estate', () => {
    expect(mdText('a|b\n<img src=x onerror=alert(1)>`code`')).toBe('a\\|b &lt;img src=x onerror=alert(1)&gt;\\`code\\`');
  });
  it('lists findings worst first and the blocked pairs', () => {
    const md = reportMarkdown(report([pair('can-pull'), pair('cannot-pull')], [finding({ severity: 'info', rule: 'security.repository-public', message: 'public' }), finding({ severity: 'high', rule: 'security.repository-all-authenticated-users', message: 'any Google account' })]));
    expect(md).toContain('2 pairs: 1 can pull, 1 cannot pull, 0 unknown; 2 findings');
    expect(md.indexOf('any Google account')).toBeLessThan(md.indexOf('| info |'));
    expect(md).toContain('| cannot-pull | iam.no-download-permission |');
  });
});
