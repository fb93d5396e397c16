/**
 * The readiness filters applied in the browser: the page sends the whole matrix once, and each filter
 * change narrows it here (no server round-trip, so a select answers at once and the page never reloads
 * while someone arrows through its options). Gives the same rows, columns and cells as the server's
 * matrixOf with the same filters.
 */
import type { CauseSignature, MatrixCol, MatrixRow, MatrixView, VerdictCounts } from '@/lib/server/dashboard';
import { CELL, cellVerdict, SIG_BASE } from '@/lib/server/dashboard';
import type { Verdict } from '@/lib/readiness/types';
import type { ReadinessFilters } from './filters';

/** What one pair offers to a filter's test. */
export interface PairFacts {
  row: MatrixRow;
  col: MatrixCol;
  verdict: Verdict;
  signature: CauseSignature;
  /** Whether something says the pair is used (declared, a workload, a pull failure). */
  inUse: boolean;
}

/** The filters that narrow pairs (the view and the scan do not). */
export type NarrowingKey = 'project' | 'cluster' | 'repository' | 'verdict' | 'cause' | 'inUse';

/**
 * One test per filter, applied only when the filter has a value. A new filter is one more key in
 * ReadinessFilters and one more entry here.
 */
export const PAIR_TESTS: { [K in NarrowingKey]: (value: string, p: PairFacts) => boolean } = {
  project: (v, p) => p.row.project === v || p.col.project === v,
  cluster: (v, p) => p.row.cluster === v,
  repository: (v, p) => p.col.name === v,
  verdict: (v, p) => p.verdict === v,
  cause: (v, p) => p.signature.rules.includes(v) || (p.signature.categories as string[]).includes(v),
  // "all" is a choice, not a narrowing.
  inUse: (v, p) => v !== '1' || p.inUse,
};

/** The matrix as the browser receives it (unfiltered) and as it shows it (narrowed). */
export type GridData = Pick<MatrixView, 'rows' | 'cols' | 'verdicts' | 'sigs' | 'signatures'> & Partial<Pick<MatrixView, 'used' | 'images'>>;

const NONE_SIG = String.fromCharCode(SIG_BASE);

/** Narrows an unfiltered matrix to the pairs the filters let through; rows and columns without one drop out. */
export function narrowMatrix(base: GridData, f: ReadinessFilters): GridData & { shown: VerdictCounts } {
  const { rows, cols, verdicts, sigs, signatures } = base;
  const active = (Object.keys(PAIR_TESTS) as NarrowingKey[]).flatMap((k) => {
    const value = f[k];
    return value ? [[PAIR_TESTS[k], value] as const] : [];
  });
  const shown: VerdictCounts = { total: 0, 'can-pull': 0, 'cannot-pull': 0, unknown: 0 };
  const nc = cols.length;
  // 0: no pair, 1: pair filtered out, 2: pair kept.
  const state = new Uint8Array(verdicts.length);
  const rowKept = new Uint8Array(rows.length);
  const colKept = new Uint8Array(nc);
  for (let i = 0; i < verdicts.length; i++) {
    const verdict = cellVerdict(verdicts[i]);
    if (!verdict) continue;
    const r = Math.floor(i / nc);
    const c = i - r * nc;
    let keep = true;
    if (active.length) {
      const facts: PairFacts = { row: rows[r], col: cols[c], verdict, signature: signatures[sigs.charCodeAt(i) - SIG_BASE], inUse: base.used?.[i] === '1' };
      for (const [test, value] of active) {
        if (!test(value, facts)) {
          keep = false;
          break;
        }
      }
    }
    state[i] = keep ? 2 : 1;
    if (!keep) continue;
    rowKept[r] = 1;
    colKept[c] = 1;
    shown.total++;
    shown[verdict]++;
  }
  if (!active.length) return { ...base, shown };
  const rowIdx: number[] = [];
  const colIdx: number[] = [];
  for (let r = 0; r < rows.length; r++) if (rowKept[r]) rowIdx.push(r);
  for (let c = 0; c < nc; c++) if (colKept[c]) colIdx.push(c);
  const v: string[] = new Array(rowIdx.length * colIdx.length);
  const s: string[] = new Array(v.length);
  let k = 0;
  for (const r of rowIdx) {
    for (const c of colIdx) {
      const i = r * nc + c;
      const st = state[i];
      v[k] = st === 2 ? verdicts[i] : st === 1 ? CELL.filtered : CELL.none;
      s[k] = st === 2 ? sigs[i] : NONE_SIG;
      k++;
    }
  }
  return { rows: rowIdx.map((r) => rows[r]), cols: colIdx.map((c) => cols[c]), verdicts: v.join(''), sigs: s.join(''), signatures, images: base.images, shown };
}
