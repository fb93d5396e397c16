/** The Findings page's rows: every finding with its severity, filters from the URL, sorting, and links to what it is about. */
import type { Finding } from '@/lib/readiness/types';
import { severityOf, severityRank, SEVERITIES, type ReportSeverity } from '@/lib/security/severity';
import { ruleCatalog } from '@/lib/readiness/rule-catalog';

/** Where a finding's subject (or the pools it names) is shown. */
export interface FindingLink {
  label: string;
  href: string;
}

export interface FindingRow {
  /** Stable within a report: index in report.findings. */
  index: number;
  severity: ReportSeverity;
  rule: string;
  title: string;
  subject: string;
  project: string | null;
  message: string;
  finding: Finding;
  links: FindingLink[];
}

export interface FindingFilters {
  severity: ReportSeverity | null;
  rule: string | null;
  project: string | null;
  /** Text searched in the subject (the resource) and the message. */
  q: string | null;
  sort: 'severity' | 'rule' | 'subject';
}

const one = (v: string | string[] | undefined): string | null => {
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s ? s.slice(0, 300) : null;
};

/** Reads the filters from URL search params; unknown values are ignored. */
export function readFindingFilters(sp: Record<string, string | string[] | undefined>): FindingFilters {
  const sev = one(sp.severity);
  const sort = one(sp.sort);
  return {
    severity: sev && (SEVERITIES as readonly string[]).includes(sev) ? (sev as ReportSeverity) : null,
    rule: one(sp.rule),
    project: one(sp.project),
    q: one(sp.q),
    sort: sort === 'rule' || sort === 'subject' ? sort : 'severity',
  };
}

/** The URL of the Findings page with these filters (for the overview's counts and links). */
export function findingsHref(f: Partial<Omit<FindingFilters, 'sort'>> & { scan?: string | null; sort?: FindingFilters['sort'] }): string {
  const p = new URLSearchParams();
  if (f.scan) p.set('scan', f.scan);
  if (f.severity) p.set('severity', f.severity);
  if (f.rule) p.set('rule', f.rule);
  if (f.project) p.set('project', f.project);
  if (f.q) p.set('q', f.q);
  if (f.sort && f.sort !== 'severity') p.set('sort', f.sort);
  const qs = p.toString();
  return qs ? `/findings?${qs}` : '/findings';
}

const enc = encodeURIComponent;

/** Links for a resource name: a cluster (or a pool, on its cluster's page) or a repository; projects, folders, organizations have none. */
export function linksFor(resource: string): FindingLink[] {
  const p = resource.split('/');
  if (p[0] !== 'projects' || p[2] !== 'locations') return [];
  if (p[4] === 'clusters' && p.length >= 6) {
    const base = `/clusters/${enc(p[1])}/${enc(p[3])}/${enc(p[5])}`;
    if (p[6] === 'nodePools' && p[7]) return [{ label: `node pool ${p[7]} (cluster ${p[5]})`, href: base }];
    return [{ label: `cluster ${p[5]}`, href: base }];
  }
  if (p[4] === 'repositories' && p.length === 6) return [{ label: `repository ${p[5]}`, href: `/repositories/${enc(p[1])}/${enc(p[3])}/${enc(p[5])}` }];
  return [];
}

function projectOf(f: Finding): string | null {
  const e = f.evidence?.project;
  if (typeof e === 'string' && e) return e;
  return f.subject.startsWith('projects/') ? (f.subject.split('/')[1] ?? null) : null;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Every finding as a row, with links to its subject and to the node pools and repositories its evidence names. */
export function findingRows(findings: Finding[]): FindingRow[] {
  const titles = new Map(ruleCatalog().map((r) => [r.id, r.title]));
  return findings.map((f, index) => {
    const links = linksFor(f.subject);
    const seen = new Set(links.map((l) => l.href));
    for (const r of [...stringList(f.evidence?.nodePools), ...stringList(f.evidence?.repositories)].slice(0, 6)) {
      for (const l of linksFor(r)) {
        if (seen.has(l.href)) continue;
        seen.add(l.href);
        links.push(l);
      }
    }
    return { index, severity: severityOf(f.rule, f.severity), rule: f.rule, title: titles.get(f.rule) ?? f.rule, subject: f.subject, project: projectOf(f), message: f.message, finding: f, links };
  });
}

/** The rows the filters keep, sorted. */
export function filterFindings(rows: FindingRow[], f: FindingFilters): FindingRow[] {
  const q = f.q?.toLowerCase() ?? null;
  const kept = rows.filter(
    (r) =>
      (!f.severity || r.severity === f.severity) &&
      (!f.rule || r.rule === f.rule) &&
      (!f.project || r.project === f.project) &&
      (!q || r.subject.toLowerCase().includes(q) || r.message.toLowerCase().includes(q)),
  );
  const by = (a: FindingRow, b: FindingRow) =>
    f.sort === 'rule'
      ? a.rule.localeCompare(b.rule) || severityRank(a.severity) - severityRank(b.severity)
      : f.sort === 'subject'
        ? a.subject.localeCompare(b.subject) || severityRank(a.severity) - severityRank(b.severity)
        : severityRank(a.severity) - severityRank(b.severity) || a.rule.localeCompare(b.rule) || a.subject.localeCompare(b.subject);
  return kept.sort((a, b) => by(a, b) || a.index - b.index);
}

/** Findings counted by severity, every level present (zeros included). */
export function countBySeverity(findings: Finding[]): Record<ReportSeverity, number> {
  const c: Record<ReportSeverity, number> = { high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) c[severityOf(f.rule, f.severity)]++;
  return c;
}
