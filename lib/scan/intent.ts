/** Applies intent (declared expectations, workloads, recent failed pulls) to a scan's pairs: `inUse` and `expectations`. */
import type { Inventory } from '../inventory/types';
import type { Pair, Report } from '../readiness/types';
import { ExpectationJudge, InUseIndex, type IntentSources } from '../intent/in-use';
import type { ExpectationResult } from '../intent/types';

/** Pairs marked `inUse` as they stream past, and the expectations judged from them once they have all gone by. */
export function streamWithIntent(
  pairs: Iterable<Pair>,
  inv: Inventory,
  sources: IntentSources,
): { pairs: Iterable<Pair>; expectations: (() => ExpectationResult[]) | undefined } {
  const index = new InUseIndex(sources);
  const judge = sources.expectations ? new ExpectationJudge(sources.expectations) : null;
  function* marked(): Generator<Pair> {
    for (const p of pairs) {
      judge?.observe(p);
      yield index.mark(p);
    }
  }
  return { pairs: index.known || judge ? marked() : pairs, expectations: judge ? () => judge.results(inv) : undefined };
}

/** The whole report with intent applied (pairs marked, expectations judged when any were declared). */
export function reportWithIntent(report: Report, inv: Inventory, sources: IntentSources): Report {
  const s = streamWithIntent(report.pairs, inv, sources);
  const pairs = [...s.pairs];
  const out: Report = { ...report, pairs };
  if (s.expectations) out.expectations = s.expectations();
  return out;
}
