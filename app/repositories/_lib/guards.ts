/**
 * Plain view models of what else decides a pull from one repository, besides IAM allow policies: the IAM deny rules of
 * its project and ancestors (IAM "Deny policies overview"), the VPC Service Controls perimeters around its project
 * (VPC Service Controls "Overview", "Perimeter bridges", "Dry run mode") and its download rules (Artifact Registry
 * "Restrict artifact downloads with download rules"). Each says when it was not read, or could not be.
 */
import type { Condition, DownloadRule, Inventory, PerimeterConfig, Repository, ServicePerimeter } from '@/lib/inventory/types';
import { engineFor } from '@/lib/readiness/engine';
import { DENY_READ_PERMISSION, DENY_READ_ROLE } from '@/lib/readiness/deny';
import { AR_SERVICE, PERIMETER_READ_PERMISSION, PERIMETER_READ_ROLE } from '@/lib/readiness/perimeter';
import { analyzeDownloadRules, RULES_READ_PERMISSION, RULES_READ_ROLE } from '@/lib/readiness/download-rules';

/** The last segment of a resource name (`…/denypolicies/no-pulls` → `no-pulls`). */
export function lastSegment(name: string): string {
  return name.split('/').pop() || name;
}

/** One deny rule that covers the download, as the repository page lists it. */
export interface DenyRuleRow {
  policy: string;
  policyId: string;
  policyDisplayName: string | null;
  /** 1-based, as people count rules. */
  rule: number;
  attachmentPoint: string;
  description: string | null;
  deniedPrincipals: string[];
  deniedPermissions: string[];
  exceptionPrincipals: string[];
  exceptionPermissions: string[];
  condition: Condition | null;
}

/** An attachment point whose deny policies were not read. */
export interface UnreadPoint {
  attachmentPoint: string;
  why: string;
  gapId: string | null;
}

export type DenyView =
  | { kind: 'not-collected' }
  | { kind: 'read'; attachmentPoints: string[]; rules: DenyRuleRow[]; unread: UnreadPoint[]; permission: string; role: string };

/** The deny rules of the repository's project and its ancestors that deny the download to someone. */
export function denyView(inv: Inventory, repo: Repository): DenyView {
  const chain = engineFor(inv).deny.chain(repo.project);
  if (!chain) return { kind: 'not-collected' };
  return {
    kind: 'read',
    attachmentPoints: chain.attachmentPoints,
    rules: chain.rules.map(({ rule }) => ({
      policy: rule.policy,
      policyId: lastSegment(rule.policy),
      policyDisplayName: rule.policyDisplayName,
      rule: rule.index + 1,
      attachmentPoint: rule.attachmentPoint,
      description: rule.description,
      deniedPrincipals: rule.deniedPrincipals,
      deniedPermissions: rule.deniedPermissions,
      exceptionPrincipals: rule.exceptionPrincipals,
      exceptionPermissions: rule.exceptionPermissions,
      condition: rule.denialCondition,
    })),
    unread: chain.holes.map((h) => ({
      attachmentPoint: h.attachmentPoint,
      gapId: h.gapId,
      why:
        h.reason === 'ancestry-unreadable'
          ? `the ancestry of ${h.attachmentPoint} could not be read, so the deny policies of its folders and organization are unknown`
          : h.reason === 'not-collected'
            ? `the deny policies attached to ${h.attachmentPoint} were not read by this scan`
            : `the deny policies attached to ${h.attachmentPoint} could not be read (needs ${DENY_READ_PERMISSION}, in ${DENY_READ_ROLE})`,
    })),
    permission: DENY_READ_PERMISSION,
    role: DENY_READ_ROLE,
  };
}

/** Whether a perimeter configuration restricts Artifact Registry (`restrictedServices`). */
export function restrictsArtifactRegistry(c: PerimeterConfig | null): boolean {
  return !!c && c.restrictedServices.some((s) => s === AR_SERVICE || s === '*' || s === 'ALL-SERVICES');
}

/** Whether a configuration lists a project: yes, no, or unknown when its number is not known to the scan. */
export function holdsProject(c: PerimeterConfig | null, number: string | null): 'yes' | 'no' | 'unknown' {
  if (!c) return 'no';
  if (number) return c.resources.includes(`projects/${number}`) ? 'yes' : 'no';
  return c.resources.some((r) => r.startsWith('projects/')) ? 'unknown' : 'no';
}

/** One perimeter that touches the repository, as the repository page lists it. */
export interface PerimeterRow {
  name: string;
  title: string | null;
  policy: string;
  /** Which configurations the perimeter has: enforced (`status`), dry run (an explicit `spec`), or both. */
  mode: 'enforced' | 'dry-run' | 'enforced and dry-run';
  /** Whether the repository's project is inside: in the enforced configuration and in the dry-run one. */
  inside: { enforced: 'yes' | 'no' | 'unknown' | null; dryRun: 'yes' | 'no' | 'unknown' | null };
  restrictsArtifactRegistry: boolean;
  /** Bridges that list the repository's project, with the projects each joins it to. */
  bridges: { name: string; title: string | null; joins: string[] }[];
  /** Why the perimeter touches the repository. */
  why: string;
  ingressRules: number;
}

/** An access policy (or organization) whose perimeters were not read. */
export interface UnreadPolicy {
  resource: string;
  gapId: string | null;
}

export type PerimeterView =
  | { kind: 'not-collected' }
  | { kind: 'read'; repositoryProject: string; repositoryNumber: string | null; perimeters: PerimeterRow[]; unread: UnreadPolicy[]; permission: string; role: string };

function allPerimeters(inv: Inventory): ServicePerimeter[] {
  const out: ServicePerimeter[] = [];
  for (const known of Object.values(inv.accessPolicies ?? {})) {
    if (known.status !== 'ok') continue;
    for (const pol of known.value) if (pol.perimeters.status === 'ok') out.push(...pol.perimeters.value);
  }
  return out;
}

/**
 * The perimeters that touch the repository: those whose enforced or dry-run configuration lists its project, and
 * those restricting Artifact Registry around a node network of the scan that pulls from outside them (the repository's
 * project is then outside: the pull leaves the perimeter). Bridges that list the project are shown on each row.
 */
export function perimeterView(inv: Inventory, repo: Repository): PerimeterView {
  if (!inv.accessPolicies) return { kind: 'not-collected' };
  const engine = engineFor(inv);
  const number = engine.numberOf(repo.project);
  const all = allPerimeters(inv);
  const projectOf = (n: string) => inv.projects.find((p) => p.number === n)?.id ?? `projects/${n}`;
  const bridges = all
    .filter((b) => b.bridge && holdsProject(b.status, number) === 'yes')
    .map((b) => ({ name: b.name, title: b.title, joins: (b.status?.resources ?? []).filter((r) => r !== `projects/${number}`).map((r) => (r.startsWith('projects/') ? projectOf(r.slice('projects/'.length)) : r)) }));
  const networks = new Map<string, { number: string | null; network: string | null }>();
  for (const pool of inv.nodePools) {
    const side = engine.networkOf(pool);
    if (side.project && side.project !== repo.project) networks.set(`${side.project}\n${side.network ?? ''}`, { number: side.number, network: side.network });
  }
  const rows: PerimeterRow[] = [];
  for (const p of all) {
    if (p.bridge) continue;
    const enforced = p.status ? holdsProject(p.status, number) : null;
    const dryRun = p.dryRun ? holdsProject(p.dryRun, number) : null;
    const mode = p.status && p.dryRun ? 'enforced and dry-run' : p.dryRun ? 'dry-run' : 'enforced';
    let why: string | null = null;
    if (enforced === 'yes' || dryRun === 'yes') why = `lists the repository's project ${repo.project}`;
    else if (enforced === 'unknown' || dryRun === 'unknown') why = `may list the repository's project (its number is not known to this scan)`;
    else {
      const config = p.status ?? p.dryRun;
      const holds = [...networks.values()].some((n) => config && restrictsArtifactRegistry(config) && (holdsProject(config, n.number) === 'yes' || (n.network !== null && config.resources.includes(`//compute.googleapis.com/${n.network}`))));
      if (holds) why = "holds a node network of this scan and not the repository's project: pulls from there leave the perimeter";
    }
    if (!why) continue;
    const config = p.status ?? p.dryRun;
    rows.push({
      name: p.name,
      title: p.title,
      policy: p.policy,
      mode,
      inside: { enforced, dryRun },
      restrictsArtifactRegistry: restrictsArtifactRegistry(p.status) || restrictsArtifactRegistry(p.dryRun),
      bridges: enforced === 'yes' ? bridges : [],
      why,
      ingressRules: config?.ingress.length ?? 0,
    });
  }
  const unread = engine.perimeters.holes({ project: repo.project, number, network: null }, { project: repo.project, number });
  return { kind: 'read', repositoryProject: repo.project, repositoryNumber: number, perimeters: rows, unread, permission: PERIMETER_READ_PERMISSION, role: PERIMETER_READ_ROLE };
}

/** One download rule, with what it does to pulls. */
export interface DownloadRuleRow {
  name: string;
  id: string;
  action: string;
  operation: string;
  packageId: string | null;
  condition: Condition | null;
  /** What it does to pulls, in a sentence. */
  effect: string;
  tone: 'ok' | 'bad' | 'undecided' | 'neutral';
}

export type DownloadRulesView =
  | { kind: 'not-collected' }
  | { kind: 'unreadable'; gapId: string | null; why: string }
  | { kind: 'read'; rules: DownloadRuleRow[]; otherRules: number; summary: string; tone: 'ok' | 'bad' | 'undecided' | 'neutral' };

/** Readable name of the package an Artifact Registry package id stands for (`team%2Fapp` → `team/app`). */
export function packageName(id: string): string {
  return id.replace(/%2f/gi, '/');
}

function ruleEffect(r: DownloadRule, blocking: DownloadRule | null, allowListDeny: DownloadRule | null): { effect: string; tone: DownloadRuleRow['tone'] } {
  const deny = r.action.toUpperCase() === 'DENY';
  const pkg = r.packageId ? `images of package ${packageName(r.packageId)}` : 'every image';
  if (r === blocking) return { effect: 'Refuses every pull from this repository, whoever pulls.', tone: 'bad' };
  if (r === allowListDeny) return { effect: 'Refuses every image that no package-level ALLOW rule lets through (deny by default).', tone: 'undecided' };
  if (r.condition) return { effect: `${deny ? 'Refuses' : 'Allows'} ${pkg} when its condition holds: whether a pull is refused depends on the condition.`, tone: deny ? 'undecided' : 'neutral' };
  return deny ? { effect: `Refuses ${pkg}.`, tone: r.packageId ? 'undecided' : 'bad' } : { effect: `Allows ${pkg}${r.packageId ? ' despite a repository-wide DENY' : ''}.`, tone: 'ok' };
}

/** The repository's download rules, what each does, and the repository-wide outcome. */
export function downloadRulesView(inv: Inventory, repo: Repository): DownloadRulesView {
  const a = analyzeDownloadRules(inv, repo);
  if (a.kind === 'not-collected') return { kind: 'not-collected' };
  if (a.kind === 'unreadable') {
    return {
      kind: 'unreadable',
      gapId: a.gapId,
      why: a.reason === 'refused' ? `The rules of this repository could not be read (needs ${RULES_READ_PERMISSION}, in ${RULES_READ_ROLE})` : 'The rules of this repository were not read by this scan',
    };
  }
  const known = inv.downloadRules?.[repo.name];
  const total = known?.status === 'ok' ? known.value.length : a.downloadRules.length;
  const rows = a.downloadRules.map((r) => ({ name: r.name, id: lastSegment(r.name), action: r.action, operation: r.operation, packageId: r.packageId, condition: r.condition, ...ruleEffect(r, a.blocking, a.allowList?.deny ?? null) }));
  const summary = a.blocking
    ? `Download rule ${lastSegment(a.blocking.name)} refuses every pull from this repository.`
    : a.allowList
      ? `Downloads are denied by default (${lastSegment(a.allowList.deny.name)}); only packages ${a.allowList.allowed.map((r) => packageName(r.packageId ?? '')).join(', ')} may be pulled.`
      : a.partial.length
        ? `${a.partial.length} rule${a.partial.length === 1 ? '' : 's'} refuse${a.partial.length === 1 ? 's' : ''} some images only (a package or a condition); other pulls are not refused by a rule.`
        : rows.length
          ? 'No download rule refuses a pull.'
          : 'This repository has no download rules.';
  const tone = a.blocking ? 'bad' : a.allowList || a.partial.length ? 'undecided' : 'ok';
  return { kind: 'read', rules: rows, otherRules: total - rows.length, summary, tone };
}
