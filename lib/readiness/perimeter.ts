/**
 * VPC Service Controls (VPC Service Controls "Overview", "Ingress and egress rules", "Perimeter bridges", "Dry run
 * mode"): a pull is a call to artifactregistry.googleapis.com on the repository's project, coming from the node
 * network, whose project is the one that owns the node subnet (the Shared VPC host project when the subnet is shared).
 * Perimeters list projects by number (`projects/NUMBER`) and VPC networks by their full resource name.
 */
import type { AccessPolicy, Inventory, PerimeterConfig, PerimeterRule, Project, ServicePerimeter } from '../inventory/types';

export const AR_SERVICE = 'artifactregistry.googleapis.com';
/** The read permission for perimeters and a read-only role that carries it (Access Context Manager "Access control"). */
export const PERIMETER_READ_PERMISSION = 'accesscontextmanager.servicePerimeters.list';
export const PERIMETER_READ_ROLE = 'roles/accesscontextmanager.policyReader';
const DOWNLOAD = 'artifactregistry.repositories.downloadArtifacts';

/** The side a pull comes from: the node network and the project that owns it. */
export interface NetworkSide {
  /** Project id of the network's project (the Shared VPC host when shared); null when no subnet or network is known. */
  project: string | null;
  /** Its number when the scan knows it. */
  number: string | null;
  /** projects/H/global/networks/N, when known. */
  network: string | null;
}

/** The side a pull goes to: the repository's project. */
export interface RepositorySide {
  project: string;
  number: string | null;
}

/** Why a crossing is allowed, blocked or undecided, for one perimeter the pull crosses. */
export interface Crossing {
  perimeter: ServicePerimeter;
  /** `ingress`: the repository is inside and the network outside; `egress`: the reverse. */
  direction: 'ingress' | 'egress';
  outcome: 'allowed' | 'blocked' | 'undecided';
  /** For allowed: a bridge, or the index of the ingress/egress rule that allows it. */
  allowedBy?: { kind: 'bridge'; bridge: ServicePerimeter } | { kind: 'rule'; index: number; title: string | null };
  /** For undecided: what cannot be decided. */
  why?: string;
}

/** What the perimeters do to pulls from one network side into one repository project, for one account. */
export type PerimeterDecision =
  | { kind: 'not-collected' }
  | { kind: 'clear'; why: string }
  | { kind: 'same-perimeter'; perimeter: ServicePerimeter }
  | { kind: 'crossing'; outcome: 'allowed' | 'blocked' | 'undecided'; crossings: Crossing[] }
  | { kind: 'unknown-number'; which: 'network' | 'repository'; project: string | null; perimeters: string[] };

/** Access policies of an organization that could not be read (or were not collected), when they matter. */
export interface PerimeterHole {
  resource: string;
  gapId: string | null;
}

/** The analysis of one (network side, repository project) key, possibly per account. */
export interface PerimeterAnalysis {
  network: NetworkSide;
  repository: RepositorySide;
  decision: PerimeterDecision;
  holes: PerimeterHole[];
  /** What the dry-run configurations would decide, when it differs from the enforced one and would block. */
  dryRunBlocks: PerimeterDecision | null;
  serviceAccount: string;
}

interface Candidate {
  perimeter: ServicePerimeter;
  config: PerimeterConfig;
}

/** Membership of one side in a config: in, out, or unknown (its number is not known and no network resource decides). */
function sideIn(config: PerimeterConfig, number: string | null, network: string | null): 'in' | 'out' | 'unknown' {
  const { resources, anyProject } = resourcesOf(config);
  if (network && resources.has(`//compute.googleapis.com/${network}`)) return 'in';
  if (number) return resources.has(`projects/${number}`) ? 'in' : 'out';
  return anyProject ? 'unknown' : 'out';
}

/** A config's resources as a set (perimeters can list thousands of projects, and every key asks about two of them). */
const resourceSets = new WeakMap<PerimeterConfig, { resources: Set<string>; anyProject: boolean }>();
function resourcesOf(config: PerimeterConfig): { resources: Set<string>; anyProject: boolean } {
  let r = resourceSets.get(config);
  if (!r) {
    r = { resources: new Set(config.resources), anyProject: config.resources.some((x) => x.startsWith('projects/')) };
    resourceSets.set(config, r);
  }
  return r;
}

function restrictsAr(c: PerimeterConfig): boolean {
  return c.restrictedServices.some((s) => s === AR_SERVICE || s === '*' || s === 'ALL-SERVICES');
}

/** Whether a rule's `from` admits the account: true, false, or the identity-independent answer. */
function identityAdmits(rule: PerimeterRule, email: string): boolean {
  const t = (rule.identityType ?? '').toUpperCase();
  if (t === 'ANY_IDENTITY' || t === 'ANY_SERVICE_ACCOUNT') return true;
  const want = `serviceaccount:${email.toLowerCase()}`;
  return rule.identities.some((i) => i.toLowerCase() === want);
}

/** Whether a rule's operations include the download on Artifact Registry (`*` or the download permission). */
function operationsAdmit(rule: PerimeterRule): boolean {
  return rule.operations.some(
    (o) => (o.serviceName === AR_SERVICE || o.serviceName === '*') && (o.methods.includes('*') || o.permissions.includes(DOWNLOAD) || (o.methods.length === 0 && o.permissions.length === 0 && o.serviceName === '*')),
  );
}

/** Whether one ingress/egress rule allows the pull: `yes`, `no`, or `undecided` (an access level Pullcheck cannot evaluate). */
function ruleAllows(rule: PerimeterRule, direction: 'ingress' | 'egress', net: NetworkSide, repo: RepositorySide, email: string): 'yes' | 'no' | 'undecided' {
  if (!identityAdmits(rule, email) || !operationsAdmit(rule)) return 'no';
  const netResources = [net.number ? `projects/${net.number}` : null, net.network ? `//compute.googleapis.com/${net.network}` : null].filter((x): x is string => x !== null);
  let sources: 'yes' | 'no' | 'undecided' = direction === 'egress' && rule.sources.length === 0 ? 'yes' : 'no';
  for (const s of rule.sources) {
    if (s.accessLevel === '*' || s.resource === '*' || (s.resource && netResources.includes(s.resource))) {
      sources = 'yes';
      break;
    }
    if (s.accessLevel) sources = 'undecided';
  }
  if (sources === 'no') return 'no';
  const target = repo.number ? `projects/${repo.number}` : null;
  if (!rule.resources.some((r) => r === '*' || (target !== null && r === target))) return 'no';
  return sources;
}

/** Whether a decision blocks the pull. */
function blocks(d: PerimeterDecision): boolean {
  return d.kind === 'crossing' && d.outcome === 'blocked';
}

/** The perimeters of the inventory, as candidates per configuration kind. */
export class PerimeterResolver {
  private readonly projects: Map<string, Project>;
  private readonly byNumber: Map<string, Project>;
  private enforced: Candidate[] | null = null;
  private dryRun: Candidate[] | null = null;
  private bridges: ServicePerimeter[] = [];
  private readonly holesByOrgs = new Map<string, PerimeterHole[]>();
  private readonly quietSides = new Map<string, boolean>();
  /** Whether every access policy the scan holds, and its perimeters, were read. */
  private clean: boolean | null = null;

  constructor(private readonly inv: Inventory) {
    this.projects = new Map(inv.projects.map((p) => [p.id, p]));
    this.byNumber = new Map(inv.projects.filter((p) => p.number).map((p) => [p.number, p]));
  }

  private load(): void {
    if (this.enforced) return;
    this.enforced = [];
    this.dryRun = [];
    for (const known of Object.values(this.inv.accessPolicies ?? {})) {
      if (known.status !== 'ok') continue;
      for (const policy of known.value) {
        if (policy.perimeters.status !== 'ok') continue;
        for (const p of policy.perimeters.value) {
          if (p.bridge) {
            this.bridges.push(p);
            continue;
          }
          if (p.status && restrictsAr(p.status)) this.enforced.push({ perimeter: p, config: p.status });
          const dry = p.dryRun ?? p.status;
          if (dry && restrictsAr(dry)) this.dryRun.push({ perimeter: p, config: dry });
        }
      }
    }
  }

  /** The project number the scan knows for a project id. */
  numberOf(project: string | null): string | null {
    if (!project) return null;
    return this.projects.get(project)?.number || null;
  }

  /** The organization of a project: its id, null when it has none, undefined when unknown. */
  private organizationOf(project: string | null): string | null | undefined {
    if (!project) return undefined;
    const p = this.projects.get(project);
    if (!p || p.ancestry.status !== 'ok') return undefined;
    return p.ancestry.value.find((a) => a.startsWith('organizations/')) ?? null;
  }

  /** Access policies the scan could not read for an organization that holds one side (or any, when a side's organization is unknown). */
  holes(net: NetworkSide, repo: RepositorySide): PerimeterHole[] {
    const all = this.inv.accessPolicies;
    if (!all) return [];
    const orgs = [this.organizationOf(repo.project), this.organizationOf(net.project)];
    // They depend only on the two organizations: computed once per pair of them (analyses treat them as immutable).
    const key = `${orgs[0]}\n${orgs[1]}`;
    let kept = this.holesByOrgs.get(key);
    if (!kept) {
      kept = this.computeHoles(all, orgs);
      this.holesByOrgs.set(key, kept);
    }
    return kept;
  }

  private computeHoles(all: NonNullable<Inventory['accessPolicies']>, orgs: (string | null | undefined)[]): PerimeterHole[] {
    if (orgs.every((o) => o === null)) return []; // projects with no organization cannot be in a perimeter
    const out: PerimeterHole[] = [];
    const relevant = (org: string) => orgs.includes(undefined) || orgs.includes(org);
    for (const org of orgs) if (org && !all[org]) out.push({ resource: org, gapId: null });
    for (const [org, known] of Object.entries(all)) {
      if (!relevant(org)) continue;
      if (known.status !== 'ok') out.push({ resource: org, gapId: known.gapId });
      else for (const pol of known.value as AccessPolicy[]) if (pol.perimeters.status !== 'ok') out.push({ resource: pol.name, gapId: pol.perimeters.gapId });
    }
    return out;
  }

  /** What the enforced perimeters decide; and what the dry-run ones would, when they would block and the enforced ones do not. */
  analyze(net: NetworkSide, repo: RepositorySide, email: string): PerimeterAnalysis {
    if (!this.inv.accessPolicies) return { network: net, repository: repo, decision: { kind: 'not-collected' }, holes: [], dryRunBlocks: null, serviceAccount: email };
    this.load();
    const decision = this.decide(this.enforced!, net, repo, email);
    const dry = this.decide(this.dryRun!, net, repo, email);
    return { network: net, repository: repo, decision, holes: this.holes(net, repo), dryRunBlocks: blocks(dry) && !blocks(decision) ? dry : null, serviceAccount: email };
  }

  /**
   * True when no perimeter can touch pulls from or to this side and nothing about it was unreadable: it is not (and
   * may not be, its number unknown) in an enforced or dry-run perimeter restricting Artifact Registry, its
   * organization is known, and every access policy the scan holds was read whole. A pull between two quiet sides is
   * `clear` for every account, with no dry-run block and no hole (or perimeters were not collected at all), so it
   * needs no analysis. `key` names the side (a network side's key, or a repository's project id); cached by it.
   */
  quiet(key: string, project: string | null, number: string | null, network: string | null): boolean {
    const all = this.inv.accessPolicies;
    if (!all) return true;
    let q = this.quietSides.get(key);
    if (q === undefined) {
      this.load();
      this.clean ??= Object.values(all).every((known) => known.status === 'ok' && known.value.every((pol) => pol.perimeters.status === 'ok'));
      const org = this.organizationOf(project);
      // With every policy read, holes come only from a side whose organization is unknown or was not collected.
      q = this.clean && org !== undefined && (org === null || all[org] !== undefined) && !this.touches(number, network);
      this.quietSides.set(key, q);
    }
    return q;
  }

  /** Whether one side is, or may be (number unknown), in an enforced or dry-run candidate perimeter. */
  private touches(number: string | null, network: string | null): boolean {
    for (const c of this.enforced!) if (sideIn(c.config, number, network) !== 'out') return true;
    for (const c of this.dryRun!) if (sideIn(c.config, number, network) !== 'out') return true;
    return false;
  }

  /** Whether a decision depends on the account (a crossing decided by ingress/egress rules naming identities). */
  static accountDependent(d: PerimeterDecision): boolean {
    return d.kind === 'crossing';
  }

  private decide(cands: Candidate[], net: NetworkSide, repo: RepositorySide, email: string): PerimeterDecision {
    const inR: Candidate[] = [];
    const inN: Candidate[] = [];
    for (const c of cands) {
      const r = sideIn(c.config, repo.number, null);
      const n = sideIn(c.config, net.number, net.network);
      if (r === 'unknown') return { kind: 'unknown-number', which: 'repository', project: repo.project, perimeters: [c.perimeter.name] };
      if (n === 'unknown' && r === 'in') return { kind: 'unknown-number', which: 'network', project: net.project, perimeters: [c.perimeter.name] };
      if (r === 'in') inR.push(c);
      if (n === 'in') inN.push(c);
    }
    if (!inR.length && !inN.length) {
      return { kind: 'clear', why: `No enforced perimeter restricting ${AR_SERVICE} holds the repository's project or the node network's project.` };
    }
    const shared = inR.find((c) => inN.includes(c));
    if (shared && inR.every((c) => inN.includes(c)) && inN.every((c) => inR.includes(c))) return { kind: 'same-perimeter', perimeter: shared.perimeter };
    const crossings: Crossing[] = [];
    for (const c of inR) if (!inN.includes(c)) crossings.push(this.cross(c, 'ingress', inN, net, repo, email));
    for (const c of inN) if (!inR.includes(c)) crossings.push(this.cross(c, 'egress', inR, net, repo, email));
    const outcome = crossings.some((x) => x.outcome === 'blocked') ? 'blocked' : crossings.some((x) => x.outcome === 'undecided') ? 'undecided' : 'allowed';
    return { kind: 'crossing', outcome, crossings };
  }

  private cross(c: Candidate, direction: 'ingress' | 'egress', other: Candidate[], net: NetworkSide, repo: RepositorySide, email: string): Crossing {
    // A bridge joins two perimeters' projects: both sides must be in perimeters, and the bridge must list both projects.
    if (other.length && repo.number && net.number) {
      const bridge = this.bridges.find((b) => b.status && b.status.resources.includes(`projects/${repo.number}`) && b.status.resources.includes(`projects/${net.number}`));
      if (bridge) return { perimeter: c.perimeter, direction, outcome: 'allowed', allowedBy: { kind: 'bridge', bridge } };
    }
    const rules = direction === 'ingress' ? c.config.ingress : c.config.egress;
    let undecided: string | null = null;
    for (let i = 0; i < rules.length; i++) {
      const r = ruleAllows(rules[i], direction, net, repo, email);
      if (r === 'yes') return { perimeter: c.perimeter, direction, outcome: 'allowed', allowedBy: { kind: 'rule', index: i, title: rules[i].title } };
      if (r === 'undecided' && !undecided) undecided = `its ${direction} rule ${i + 1} admits requests from an access level (${rules[i].sources.map((s) => s.accessLevel).filter(Boolean).join(', ')}), which Pullcheck cannot evaluate`;
    }
    if (!undecided && direction === 'ingress' && c.config.accessLevels.length) {
      undecided = `the perimeter admits requests that satisfy its access levels (${c.config.accessLevels.join(', ')}), which Pullcheck cannot evaluate`;
    }
    return undecided ? { perimeter: c.perimeter, direction, outcome: 'undecided', why: undecided } : { perimeter: c.perimeter, direction, outcome: 'blocked' };
  }

  /** Project for a number (when the scan knows it). */
  projectOfNumber(n: string): string | null {
    return this.byNumber.get(n)?.id ?? null;
  }
}
