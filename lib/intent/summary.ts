/** The overview's ordering of pairs by what matters: in-use pairs that cannot pull, then in-use unknowns, then the rest. */
import type { Pair } from '../readiness/types';

export interface IntentSummary {
  /** Whether anything said which pairs are used (declarations, workloads or failed pulls). */
  known: boolean;
  inUse: number;
  /** In-use pairs that cannot pull, those with a recent failed pull first. */
  broken: Pair[];
  /** In-use pairs whose verdict is unknown. */
  undecided: Pair[];
  /** In-use pairs that can pull. */
  fine: number;
  /** Pairs nothing uses (every verdict). */
  unused: number;
}

/** Splits the pairs in the overview's order. */
export function intentSummary(pairs: readonly Pair[]): IntentSummary {
  const broken: Pair[] = [];
  const undecided: Pair[] = [];
  let fine = 0;
  let inUse = 0;
  for (const p of pairs) {
    if (!p.inUse) continue;
    inUse++;
    if (p.verdict === 'cannot-pull') broken.push(p);
    else if (p.verdict === 'unknown') undecided.push(p);
    else fine++;
  }
  const failed = (p: Pair) => (p.inUse?.failures?.length ? 0 : 1);
  broken.sort((a, b) => failed(a) - failed(b));
  return { known: inUse > 0, inUse, broken, undecided, fine, unused: pairs.length - inUse };
}
