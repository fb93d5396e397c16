import { describe, expect, it } from 'vitest';
import { generateEstate } from '@/lib/bench/generate';
import { scenarioToRaw } from '@/lib/bench/scenario-to-raw';
import { normalize } from '@/lib/inventory/normalize';
import { evaluate } from '@/lib/readiness/engine';
import { matrixOf, SIG_BASE, type MatrixView } from '@/lib/server/dashboard';
import type { ReadinessFilters } from './filters';
import { narrowMatrix } from './narrow';

const inv = normalize(scenarioToRaw(generateEstate({ projects: 24, seed: 5 })));
const report = evaluate(inv, { now: new Date('2026-11-30T12:00:00Z') });
const base = matrixOf(report, inv, {});

/** Each cell as "pool|repository|verdict char|rules", so two views compare independently of signature numbering. */
function cells(m: Pick<MatrixView, 'rows' | 'cols' | 'verdicts' | 'sigs' | 'signatures'>): string[] {
  const out: string[] = [];
  for (let i = 0; i < m.verdicts.length; i++) {
    const r = m.rows[Math.floor(i / m.cols.length)];
    const c = m.cols[i % m.cols.length];
    const v = m.verdicts[i];
    const rules = v === 'c' || v === 'x' || v === 'u' ? m.signatures[m.sigs.charCodeAt(i) - SIG_BASE].rules.join(' ') : '';
    out.push(`${r.name}|${c.name}|${v}|${rules}`);
  }
  return out;
}

describe('narrowMatrix (the filters applied in the browser)', () => {
  it('starts from an estate with every verdict and several causes, projects, clusters and repositories', () => {
    expect(base.all['can-pull'] * base.all['cannot-pull'] * base.all.unknown).toBeGreaterThan(0);
    expect(base.rows.length).toBeGreaterThan(10);
    expect(base.options.causes.length).toBeGreaterThan(4);
  });

  it('without filters gives the matrix back with every pair shown', () => {
    const n = narrowMatrix(base, {});
    expect(n.verdicts).toBe(base.verdicts);
    expect(n.shown).toEqual(base.all);
  });

  it('agrees with the server (matrixOf) cell by cell for every single filter value and some combinations', () => {
    const cases: ReadinessFilters[] = [
      ...base.options.projects.map((project) => ({ project })),
      ...base.options.clusters.map((o) => ({ cluster: o.value })),
      ...base.options.repositories.map((o) => ({ repository: o.value })),
      ...base.options.causes.map((o) => ({ cause: o.value })),
      ...(['can-pull', 'cannot-pull', 'unknown'] as const).map((verdict) => ({ verdict })),
      { verdict: 'cannot-pull', cause: 'iam' },
      { project: base.options.projects[3], verdict: 'unknown' },
      { cluster: base.options.clusters[0].value, cause: base.options.causes.at(-1)!.value },
      { cluster: 'projects/none/locations/x/clusters/none' },
    ];
    let nonEmpty = 0;
    for (const f of cases) {
      const server = matrixOf(report, inv, f);
      const browser = narrowMatrix(base, f);
      expect(browser.shown, JSON.stringify(f)).toEqual(server.shown);
      expect(browser.rows.map((r) => r.name)).toEqual(server.rows.map((r) => r.name));
      expect(browser.cols.map((c) => c.name)).toEqual(server.cols.map((c) => c.name));
      expect(cells(browser)).toEqual(cells(server));
      if (server.shown.total > 0 && server.shown.total < base.all.total) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(cases.length / 2);
  });

  it('narrows a 61,000-pair matrix well inside a frame budget', () => {
    const rows = Array.from({ length: 410 }, (_, i) => ({ ...base.rows[i % base.rows.length], name: `r${i}`, project: `p${i % 50}` }));
    const cols = Array.from({ length: 149 }, (_, i) => ({ ...base.cols[i % base.cols.length], name: `c${i}` }));
    const n = rows.length * cols.length;
    const big = { rows, cols, verdicts: 'cxu'.repeat(Math.ceil(n / 3)).slice(0, n), sigs: String.fromCharCode(SIG_BASE).repeat(n), signatures: base.signatures };
    // The best of five runs: the machine running the tests may be shared, and the first run pays for the JIT.
    let ms = Infinity;
    let out = narrowMatrix(big, {});
    for (let k = 0; k < 5; k++) {
      const t = performance.now();
      out = narrowMatrix(big, { project: 'p7', verdict: 'cannot-pull' });
      ms = Math.min(ms, performance.now() - t);
    }
    expect(out.rows.every((r) => r.project === 'p7')).toBe(true);
    expect(out.shown.total).toBe(out.shown['cannot-pull']);
    expect(ms).toBeLessThan(150);
  });
});

describe('the in-use choice', () => {
  it('"1" keeps only the pairs marked used, "all" narrows nothing', () => {
    // Every seventh pair in use.
    const used = Array.from(base.verdicts, (_v, i) => (i % 7 === 0 ? '1' : '0')).join('');
    const marked = { ...base, used };
    const expected = Array.from(base.verdicts).filter((v, i) => i % 7 === 0 && (v === 'c' || v === 'x' || v === 'u')).length;
    const only = narrowMatrix(marked, { inUse: '1' });
    expect(expected).toBeGreaterThan(0);
    expect(only.shown.total).toBe(expected);
    expect(narrowMatrix(marked, { inUse: 'all' }).shown).toEqual(base.all);
    // The images of in-use pairs travel with the narrowed matrix (keyed by names, not cell positions).
    const images = { 'pool\nrepo': ['img:1'] };
    expect(narrowMatrix({ ...marked, images }, { inUse: '1' }).images).toBe(images);
  });
});
