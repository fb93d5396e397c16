/**
 * Coverage records summed up: for each resource type and source, how many lists were read under which kind of
 * resource, how many items they returned, and which lists failed with every gap each left. This is what a
 * report and the gaps page show instead of one line per failed call.
 */
import type { CoverageRecord, CoverageSummary } from '../../inventory/raw';

/**
 * "projects/p" → "projects"; "projects/h/regions/r" → "regions": the kind of the resource listed under; "" for a
 * list under no resource (projects.list over everything the auditor can see).
 */
export function kindOf(where: string): string {
  const parts = where.split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : '';
}

/** Every gap a record left (its `gapIds`, else its `gapId`). */
export function recordGapIds(r: CoverageRecord): string[] {
  return r.gapIds?.length ? r.gapIds : r.gapId ? [r.gapId] : [];
}

export function summarizeCoverage(records: readonly CoverageRecord[]): CoverageSummary[] {
  const byKey = new Map<string, CoverageSummary>();
  for (const r of records) {
    const key = `${r.what}\u0000${r.source}`;
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { what: r.what, source: r.source, under: {}, lists: 0, items: 0, missing: [] }));
    const kind = kindOf(r.where);
    s.under[kind] = (s.under[kind] ?? 0) + 1;
    s.lists++;
    s.items += r.items;
    const gapIds = recordGapIds(r);
    if (gapIds.length) s.missing.push({ where: r.where, gapIds });
  }
  return [...byKey.values()].sort((a, b) => (a.what < b.what ? -1 : a.what > b.what ? 1 : a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}
