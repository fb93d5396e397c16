/** Shared text for the matrix and the list: what a cell says to a screen reader. */
import type { CauseSignature, MatrixCol, MatrixRow } from '@/lib/server/dashboard';
import type { Verdict } from '@/lib/readiness/types';

const words: Record<Verdict, string> = { 'can-pull': 'can pull', 'cannot-pull': 'cannot pull', unknown: 'unknown' };

/** "api (booking-prod) → booking-images: cannot pull (iam)". */
export function cellLabel(row: MatrixRow, col: MatrixCol, verdict: Verdict, sig: CauseSignature | undefined): string {
  const why = sig && sig.categories.length ? ` (${sig.categories.join(', ')})` : '';
  return `${row.pool} (${row.clusterShort}) → ${col.id}: ${words[verdict]}${why}`;
}
