/** Applies intent (declared expectations, workloads, recent failed pulls) to a scan's pairs: `inUse` and `expectations`. */
import type { Inventory } from '../inventory/types';
import type { OtherRegistryImage, Pair, Report } from '../readiness/types';
import { ExpectationJudge, InUseIndex, type ImageUse, type IntentSources } from '../intent/in-use';
import type { ExpectationResult } from '../intent/types';

/** Pairs marked `inUse` as they stream past, and the expectations judged from them once they have all gone by. */
export function streamWithIntent(
  pairs: Iterable<Pair>,
  inv: Inventory,
  sources: IntentSources,
): { pairs: Iterable<Pair>; expectations: (() => ExpectationResult[]) | undefined; otherRegistryImages: OtherRegistryImage[] } {
  const index = new InUseIndex(sources);
  const judge = sources.expectations ? new ExpectationJudge(sources.expectations) : null;
  function* marked(): Generator<Pair> {
    for (const p of pairs) {
      judge?.observe(p);
      yield index.mark(p);
    }
  }
  return {
    pairs: index.known || judge ? marked() : pairs,
    expectations: judge ? () => judge.results(inv) : undefined,
    otherRegistryImages: otherRegistryImages(sources.workloads ?? []),
  };
}

/** At most this many images and workloads per image in a report: a hostile estate cannot make it unbounded. */
const MAX_OTHER_IMAGES = 10_000;
const MAX_WORKLOADS_PER_IMAGE = 50;

/** The images from registries other than Artifact Registry, one entry per image and pool, sorted. */
export function otherRegistryImages(uses: readonly ImageUse[]): OtherRegistryImage[] {
  const by = new Map<string, OtherRegistryImage>();
  for (const u of uses) {
    if (u.repository !== null || !u.host) continue;
    const key = `${u.cluster}\n${u.nodePool ?? ''}\n${u.image}`;
    let e = by.get(key);
    if (!e) {
      if (by.size >= MAX_OTHER_IMAGES) continue;
      e = { image: u.image, host: u.host, cluster: u.cluster, nodePool: u.nodePool, workloads: [] };
      by.set(key, e);
    }
    if (u.workload && e.workloads.length < MAX_WORKLOADS_PER_IMAGE && !e.workloads.includes(u.workload)) e.workloads.push(u.workload);
  }
  return [...by.values()].sort((a, b) => (a.cluster + a.image < b.cluster + b.image ? -1 : a.cluster + a.image > b.cluster + b.image ? 1 : 0));
}

/** The whole report with intent applied (pairs marked, expectations judged when any were declared). */
export function reportWithIntent(report: Report, inv: Inventory, sources: IntentSources): Report {
  const s = streamWithIntent(report.pairs, inv, sources);
  const pairs = [...s.pairs];
  const out: Report = { ...report, pairs };
  if (s.expectations) out.expectations = s.expectations();
  if (s.otherRegistryImages.length) out.otherRegistryImages = s.otherRegistryImages;
  return out;
}
