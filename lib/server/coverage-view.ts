/**
 * The gaps page's coverage: what each source listed, under what, and the lists that failed, with their list
 * gaps gathered by call, answer and permission (one line for "projects.locations.repositories.list, HTTP 403,
 * lacks artifactregistry.repositories.list" over 40 locations instead of 40 lines). Nothing of a gap is lost:
 * each group names the call, the status and reason, the permission, the fix, and every resource.
 */
import type { Report } from '@/lib/readiness/types';
import type { Gap } from '@/lib/inventory/types';
import { count, formatNumber } from '@/components/format';
import { adviseGap } from './gap-advice';

export interface GapGroup {
  /** "artifactregistry projects.locations.repositories.list" */
  call: string;
  /** "HTTP 403 IAM_PERMISSION_DENIED", or the reason when there was no HTTP answer. */
  how: string;
  permission: string | null;
  fix: string;
  /** Every resource the call failed for, sorted. */
  resources: string[];
  gapIds: string[];
}

export interface CoverageLine {
  what: string;
  source: string;
  /** "200 projects, 1 organization" */
  under: string;
  lists: number;
  items: number;
  /** Lists that failed (all or part). */
  failed: number;
  groups: GapGroup[];
}

export interface CoverageView {
  /** When Cloud Asset Inventory answered: its assets' read time. */
  assetsReadTime: string | null;
  lines: CoverageLine[];
  /** The gaps shown inside the coverage (the page lists the others as before). */
  listGapIds: Set<string>;
}

const WHAT: Record<string, string> = { serviceAccounts: 'service accounts', iamPolicies: 'IAM policies', subnetworks: 'subnetworks' };
const SOURCE: Record<string, string> = { 'asset-inventory': 'Cloud Asset Inventory', api: 'per-resource API calls' };

/** "projects" → "project", "policies" → "policy". */
const singular = (kind: string) => (kind.endsWith('ies') ? `${kind.slice(0, -3)}y` : kind.endsWith('s') ? kind.slice(0, -1) : kind);

export function coverageView(report: Pick<Report, 'gaps' | 'collection'>): CoverageView | null {
  const summaries = report.collection?.coverage;
  if (!summaries?.length) return null;
  const byId = new Map<string, Gap>(report.gaps.map((g) => [g.id, g]));
  const listGapIds = new Set<string>();
  const lines = summaries.map((s): CoverageLine => {
    const groups = new Map<string, GapGroup>();
    for (const m of s.missing) {
      for (const id of m.gapIds) {
        listGapIds.add(id);
        const gap = byId.get(id);
        if (!gap) continue;
        const how = gap.status === null ? gap.reason || 'no answer' : `HTTP ${gap.status}${gap.reason ? ` ${gap.reason}` : ''}`;
        const { fix } = adviseGap(gap);
        const key = [gap.api, gap.method, how, gap.permission ?? '', fix].join('\u0000');
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { call: `${gap.api} ${gap.method}`, how, permission: gap.permission, fix, resources: [], gapIds: [] }));
        if (!g.gapIds.includes(id)) {
          g.gapIds.push(id);
          if (!g.resources.includes(gap.resource)) g.resources.push(gap.resource);
        }
      }
    }
    return {
      what: WHAT[s.what] ?? s.what,
      source: SOURCE[s.source] ?? s.source,
      under: Object.entries(s.under)
        .sort((a, b) => b[1] - a[1])
        .map(([kind, n]) => (kind ? count(n, singular(kind), kind) : 'everything the auditor can see'))
        .join(', '),
      lists: s.lists,
      items: s.items,
      failed: s.missing.length,
      groups: [...groups.values()].map((g) => ({ ...g, resources: g.resources.sort() })).sort((a, b) => b.gapIds.length - a.gapIds.length),
    };
  });
  return { assetsReadTime: report.collection?.assetsReadTime ?? null, lines, listGapIds };
}

/** "3 of 200 lists failed", "all 200 lists read", "1 list read". */
export function failedText(l: Pick<CoverageLine, 'lists' | 'failed'>): string {
  if (l.failed) return `${formatNumber(l.failed)} of ${count(l.lists, 'list')} failed`;
  return l.lists === 1 ? '1 list read' : `all ${count(l.lists, 'list')} read`;
}
