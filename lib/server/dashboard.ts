/**
 * What the Overview and the readiness matrix show, computed from one scan's report and inventory.
 * Pure functions (no I/O), so the pages stay thin and this stays testable.
 */
import { poolDisplayName } from '@/lib/inventory/pool-label';
import type { Inventory } from '@/lib/inventory/types';
import type { Category, Pair, Report, Severity, Verdict } from '@/lib/readiness/types';
import type { ReadinessFilters } from '@/app/readiness/_lib/filters';

/** Pairs counted by verdict. */
export interface VerdictCounts {
  total: number;
  'can-pull': number;
  'cannot-pull': number;
  unknown: number;
}

/** The Overview's figures. */
export interface OverviewData {
  counts: VerdictCounts;
  nodePools: number;
  repositories: number;
  clusters: number;
  projects: number;
  /** Commonest causes, most pairs first; count = pairs that carry the rule. */
  topCauses: { rule: string; category: Category; count: number; cannotPull: number; unknown: number }[];
  /** Clusters with blocked (cannot-pull or unknown) pairs, most cannot-pull first. */
  blockedClusters: { name: string; shortName: string; project: string; location: string; cannotPull: number; unknown: number; total: number }[];
  findingsBySeverity: Partial<Record<Severity, number>>;
  gaps: number;
}

function emptyCounts(): VerdictCounts {
  return { total: 0, 'can-pull': 0, 'cannot-pull': 0, unknown: 0 };
}

/** "projects/P/locations/L/clusters/C/nodePools/NP" → "projects/P/locations/L/clusters/C". */
export function clusterOf(nodePool: string): string {
  const i = nodePool.indexOf('/nodePools/');
  return i < 0 ? nodePool : nodePool.slice(0, i);
}

/** The last segment of a resource name. */
export function shortName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** Segment after `key/` in a resource name ("projects" → P). */
export function segment(name: string, key: string): string {
  const parts = name.split('/');
  const i = parts.indexOf(key);
  return i >= 0 && i + 1 < parts.length ? parts[i + 1] : '';
}

/** Computes the Overview from a report and its inventory. */
export function overviewOf(report: Report, inv: Inventory, limit = 10): OverviewData {
  const counts = emptyCounts();
  const causes = new Map<string, OverviewData['topCauses'][number]>();
  const clusters = new Map<string, OverviewData['blockedClusters'][number]>();
  const clusterByName = new Map(inv.clusters.map((c) => [c.name, c]));
  for (const p of report.pairs) {
    counts.total++;
    counts[p.verdict]++;
    const seen = new Set<string>();
    for (const c of p.causes) {
      if (seen.has(c.rule)) continue;
      seen.add(c.rule);
      const e = causes.get(c.rule) ?? { rule: c.rule, category: c.category, count: 0, cannotPull: 0, unknown: 0 };
      e.count++;
      if (p.verdict === 'cannot-pull') e.cannotPull++;
      else if (p.verdict === 'unknown') e.unknown++;
      causes.set(c.rule, e);
    }
    const cn = clusterOf(p.nodePool);
    let e = clusters.get(cn);
    if (!e) {
      const c = clusterByName.get(cn);
      e = { name: cn, shortName: c?.shortName ?? shortName(cn), project: c?.project ?? segment(cn, 'projects'), location: c?.location ?? segment(cn, 'locations'), cannotPull: 0, unknown: 0, total: 0 };
      clusters.set(cn, e);
    }
    e.total++;
    if (p.verdict === 'cannot-pull') e.cannotPull++;
    else if (p.verdict === 'unknown') e.unknown++;
  }
  const findingsBySeverity: OverviewData['findingsBySeverity'] = {};
  for (const f of report.findings) findingsBySeverity[f.severity] = (findingsBySeverity[f.severity] ?? 0) + 1;
  return {
    counts,
    nodePools: inv.nodePools.length,
    repositories: inv.repositories.filter((r) => r.format === 'DOCKER').length,
    clusters: inv.clusters.length,
    projects: inv.projects.length,
    topCauses: [...causes.values()].sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule)).slice(0, limit),
    blockedClusters: [...clusters.values()]
      .filter((c) => c.cannotPull + c.unknown > 0)
      .sort((a, b) => b.cannotPull - a.cannotPull || b.unknown - a.unknown || a.name.localeCompare(b.name))
      .slice(0, limit),
    findingsBySeverity,
    gaps: report.gaps.length,
  };
}

/** A node pool row of the matrix. */
export interface MatrixRow {
  name: string;
  pool: string;
  cluster: string;
  clusterShort: string;
  project: string;
  location: string;
}

/** A repository column of the matrix. */
export interface MatrixCol {
  name: string;
  id: string;
  project: string;
  location: string;
}

/** The distinct set of causes one or more cells carry. */
export interface CauseSignature {
  categories: Category[];
  rules: string[];
}

/** One character per cell (row-major) in MatrixView.verdicts. */
export const CELL = { 'can-pull': 'c', 'cannot-pull': 'x', unknown: 'u', filtered: '-', none: ' ' } as const;

/** Offset of signature indexes in MatrixView.sigs (one character per cell). */
export const SIG_BASE = 0x30;

/** The matrix as the browser needs it: compact, so 500 × 500 stays small. */
export interface MatrixView {
  rows: MatrixRow[];
  cols: MatrixCol[];
  /** rows × cols characters: c can pull, x cannot pull, u unknown, - filtered out, space no pair. */
  verdicts: string;
  /** rows × cols characters: String.fromCharCode(SIG_BASE + index into signatures). */
  sigs: string;
  /** rows × cols characters: 1 when the pair is in use (declared, a workload, a pull failure), else 0. */
  used: string;
  /** The images that put a pair in use (at most three a pair), keyed by pairImagesKey(pool, repository). */
  images: Record<string, string[]>;
  signatures: CauseSignature[];
  shown: VerdictCounts;
  all: VerdictCounts;
  options: {
    projects: string[];
    clusters: { value: string; label: string }[];
    repositories: { value: string; label: string }[];
    causes: { value: string; label: string }[];
  };
}

function pairMatchesCause(p: Pair, cause: string): boolean {
  return p.causes.some((c) => c.rule === cause || c.category === cause);
}

const byText = (a: string, b: string) => a.localeCompare(b);

/** Builds the filtered matrix: rows and columns with at least one matching pair; other cells marked filtered. */
export function matrixOf(report: Report, inv: Inventory, f: ReadinessFilters): MatrixView {
  const poolInfo = new Map(inv.nodePools.map((p) => [p.name, p]));
  const clusterInfo = new Map(inv.clusters.map((c) => [c.name, c]));
  const repoInfo = new Map(inv.repositories.map((r) => [r.name, r]));
  const rowOf = (name: string): MatrixRow => {
    const p = poolInfo.get(name);
    const cluster = p?.cluster ?? clusterOf(name);
    return {
      name,
      pool: p ? poolDisplayName(p) : shortName(name),
      cluster,
      clusterShort: clusterInfo.get(cluster)?.shortName ?? shortName(cluster),
      project: p?.project ?? segment(name, 'projects'),
      location: p?.location ?? segment(name, 'locations'),
    };
  };
  const colOf = (name: string): MatrixCol => {
    const r = repoInfo.get(name);
    return { name, id: r?.id ?? shortName(name), project: r?.project ?? segment(name, 'projects'), location: r?.location ?? segment(name, 'locations') };
  };

  const allRows = new Map<string, MatrixRow>();
  const allCols = new Map<string, MatrixCol>();
  for (const p of inv.nodePools) allRows.set(p.name, rowOf(p.name));
  for (const r of inv.repositories) if (r.format === 'DOCKER') allCols.set(r.name, colOf(r.name));
  for (const p of report.pairs) {
    if (!allRows.has(p.nodePool)) allRows.set(p.nodePool, rowOf(p.nodePool));
    if (!allCols.has(p.repository)) allCols.set(p.repository, colOf(p.repository));
  }

  const all = emptyCounts();
  const shown = emptyCounts();
  const keep: Pair[] = [];
  const causeOptions = new Map<string, string>();
  for (const p of report.pairs) {
    all.total++;
    all[p.verdict]++;
    for (const c of p.causes) {
      causeOptions.set(c.category, `category: ${c.category}`);
      causeOptions.set(c.rule, `rule: ${c.rule}`);
    }
    const row = allRows.get(p.nodePool)!;
    const col = allCols.get(p.repository)!;
    if (f.project && row.project !== f.project && col.project !== f.project) continue;
    if (f.cluster && row.cluster !== f.cluster) continue;
    if (f.repository && col.name !== f.repository) continue;
    if (f.verdict && p.verdict !== f.verdict) continue;
    if (f.cause && !pairMatchesCause(p, f.cause)) continue;
    if (f.inUse && !p.inUse) continue;
    keep.push(p);
    shown.total++;
    shown[p.verdict]++;
  }

  const rowKeys = new Set(keep.map((p) => p.nodePool));
  const colKeys = new Set(keep.map((p) => p.repository));
  const sortRows = (a: MatrixRow, b: MatrixRow) => byText(a.project, b.project) || byText(a.cluster, b.cluster) || byText(a.pool, b.pool);
  const sortCols = (a: MatrixCol, b: MatrixCol) => byText(a.project, b.project) || byText(a.location, b.location) || byText(a.id, b.id);
  const rows = [...allRows.values()].filter((r) => rowKeys.has(r.name)).sort(sortRows);
  const cols = [...allCols.values()].filter((c) => colKeys.has(c.name)).sort(sortCols);
  const rowIndex = new Map(rows.map((r, i) => [r.name, i]));
  const colIndex = new Map(cols.map((c, i) => [c.name, i]));

  const n = rows.length * cols.length;
  const v: string[] = new Array(n).fill(CELL.none);
  const s: string[] = new Array(n).fill(String.fromCharCode(SIG_BASE));
  const u: string[] = new Array(n).fill('0');
  const images: Record<string, string[]> = {};
  const signatures: CauseSignature[] = [{ categories: [], rules: [] }];
  const sigIndex = new Map<string, number>([['', 0]]);
  const kept = new Set(keep);
  for (const p of report.pairs) {
    const ri = rowIndex.get(p.nodePool);
    const ci = colIndex.get(p.repository);
    if (ri === undefined || ci === undefined) continue;
    const at = ri * cols.length + ci;
    if (!kept.has(p)) {
      v[at] = CELL.filtered;
      continue;
    }
    v[at] = CELL[p.verdict];
    if (p.inUse) {
      u[at] = '1';
      if (p.inUse.images.length) images[pairImagesKey(p.nodePool, p.repository)] = p.inUse.images.slice(0, MAX_IMAGES_SHOWN);
    }
    const rules = [...new Set(p.causes.map((c) => c.rule))].sort();
    const key = rules.join(' ');
    let idx = sigIndex.get(key);
    if (idx === undefined) {
      idx = signatures.length;
      signatures.push({ categories: [...new Set(p.causes.map((c) => c.category))].sort(), rules });
      sigIndex.set(key, idx);
    }
    s[at] = String.fromCharCode(SIG_BASE + idx);
  }

  const rowList = [...allRows.values()];
  const colList = [...allCols.values()];
  return {
    rows,
    cols,
    verdicts: v.join(''),
    sigs: s.join(''),
    used: u.join(''),
    images,
    signatures,
    shown,
    all,
    options: {
      projects: [...new Set([...rowList.map((r) => r.project), ...colList.map((c) => c.project)])].sort(byText),
      clusters: [...new Map(rowList.map((r) => [r.cluster, `${r.clusterShort} (${r.project}, ${r.location})`])).entries()]
        .map(([value, label]) => ({ value, label }))
        .sort((a, b) => byText(a.label, b.label)),
      repositories: colList.map((c) => ({ value: c.name, label: `${c.id} (${c.project}, ${c.location})` })).sort((a, b) => byText(a.label, b.label)),
      causes: [...causeOptions.entries()].map(([value, label]) => ({ value, label })).sort((a, b) => byText(a.label, b.label)),
    },
  };
}

/** At most this many images of an in-use pair go to the browser (the pair page lists them all). */
const MAX_IMAGES_SHOWN = 3;

/** The key of a pair in MatrixView.images. */
export function pairImagesKey(nodePool: string, repository: string): string {
  return `${nodePool}\n${repository}`;
}

/** The verdict a MatrixView cell character stands for (null for filtered-out or missing cells). */
export function cellVerdict(ch: string): Verdict | null {
  return ch === 'c' ? 'can-pull' : ch === 'x' ? 'cannot-pull' : ch === 'u' ? 'unknown' : null;
}
