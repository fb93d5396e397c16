/** Shared text for the matrix and the list: what a cell and a header say, on screen and to a screen reader. */
import type { CauseSignature, MatrixCol, MatrixRow } from '@/lib/server/dashboard';
import type { Verdict } from '@/lib/readiness/types';

export const VERDICT_WORDS: Record<Verdict, string> = { 'can-pull': 'can pull', 'cannot-pull': 'cannot pull', unknown: 'unknown' };

/** "default-pool (search-dev, search-dev-0005) → base-images (registry-0000, us)": both sides, told apart from their namesakes. */
export function pairName(row: MatrixRow, col: MatrixCol): string {
  return `${row.pool} (${row.clusterShort}, ${row.project}) → ${col.id} (${col.project}, ${col.location})`;
}

/** The categories a cell shows under its verdict ("iam, scope"), or "". */
export function causeText(sig: CauseSignature | undefined): string {
  return sig ? sig.categories.join(', ') : '';
}

/**
 * A cell's accessible name: it starts with the text the cell shows (the verdict, then its causes), so speech
 * input users can say what they see (WCAG 2.5.3, Label in Name), and then names the pair.
 */
export function cellLabel(row: MatrixRow, col: MatrixCol, verdict: Verdict, sig: CauseSignature | undefined): string {
  const why = causeText(sig);
  return `${VERDICT_WORDS[verdict]}${why ? ` (${why})` : ''}: ${pairName(row, col)}`;
}

/** The accessible name of a cell without a verdict to show. */
export function emptyCellLabel(row: MatrixRow, col: MatrixCol, filtered: boolean): string {
  return `${filtered ? 'hidden by the filters' : 'no pair'}: ${pairName(row, col)}`;
}
