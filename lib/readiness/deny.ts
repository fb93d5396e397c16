/**
 * IAM deny policies (IAM "Deny policies overview", "Permissions supported in deny policies", "Principal identifiers"):
 * does a deny rule attached to the repository's project or one of its ancestors take the download away from a node
 * service account? Deny is checked before allow and wins over every grant.
 */
import type { DenyRule, Inventory, Known, Project, Repository } from '../inventory/types';
import type { IamResolver } from './iam';

/** The download permission in the v2 form deny policies use (`SERVICE_FQDN/RESOURCE.ACTION`). */
export const DENY_DOWNLOAD_PERMISSION = 'artifactregistry.googleapis.com/repositories.downloadArtifacts';

/** Every form of a deny-policy permission that covers the download: the permission and Google's documented wildcards. */
const COVERING = new Set([
  DENY_DOWNLOAD_PERMISSION,
  'artifactregistry.googleapis.com/repositories.*',
  'artifactregistry.googleapis.com/*.*',
  'artifactregistry.googleapis.com/*.downloadArtifacts',
].map((p) => p.toLowerCase()));

/** The read permission and role for deny policies (IAM "Deny policies": `iam.denypolicies.get`/`list`, in Deny Reviewer). */
export const DENY_READ_PERMISSION = 'iam.denypolicies.list';
export const DENY_READ_ROLE = 'roles/iam.denyReviewer';

/** Whether a list of deny-policy permissions covers the download. */
export function coversDownload(permissions: readonly string[]): string | null {
  for (const p of permissions) if (COVERING.has(p.toLowerCase())) return p;
  return null;
}

/** How a principal of a deny rule holds the account. */
export type PrincipalMatch =
  | { kind: 'match'; principal: string; via: 'service-account' | 'group' | 'principal-set' | 'public'; groupPath?: string[] }
  | { kind: 'no' }
  | { kind: 'undecided'; principal: string; groups: string[]; gapIds: string[]; permission: string };

/** A deny rule that covers the download, with how it meets the account. */
export interface DenyHit {
  rule: DenyRule;
  /** The permission (or wildcard) of deniedPermissions that covers the download. */
  permission: string;
  /** The denied principal that holds the account. */
  principal: Extract<PrincipalMatch, { kind: 'match' }>;
}

/** A deny rule that would block but whose outcome Pullcheck could not decide. */
export interface UndecidedDeny {
  rule: DenyRule;
  permission: string;
  /** `condition`: its denialCondition reads what is not known at scan time (resource tags); `membership`: a group or project could not be read. */
  reason: 'condition' | 'membership';
  why: string;
  principal: string;
  gapIds: string[];
  /** For `membership`: the read permission that would decide it. */
  readPermission?: string;
}

/** An attachment point of the repository's chain whose deny policies were not read. */
export interface DenyHole {
  attachmentPoint: string;
  reason: 'unreadable' | 'not-collected' | 'ancestry-unreadable';
  gapId: string | null;
}

/** What the deny policies of a repository's chain do to one service account. */
export interface DenyAnalysis {
  serviceAccount: string;
  repository: string;
  /** Attachment points consulted, nearest first (projects/ID, folders/N, organizations/N). */
  attachmentPoints: string[];
  /** Rules that take the download away (decided). */
  blocking: DenyHit[];
  /** Rules that would, but a condition or a membership could not be decided. */
  undecided: UndecidedDeny[];
  /** Rules that name the account but list it (or a group or set that holds it) as an exception. */
  excepted: (DenyHit & { exception: string })[];
  holes: DenyHole[];
}

/** The rules of a repository's chain that deny the download to someone, and the unread points (computed once per project). */
interface ChainDeny {
  attachmentPoints: string[];
  rules: { rule: DenyRule; permission: string }[];
  holes: DenyHole[];
}

const PRINCIPAL_SA = 'principal://iam.googleapis.com/projects/-/serviceaccounts/';
const GROUP_SET = 'principalset://goog/group/';
const PUBLIC_SET = 'principalset://goog/public:all';
const RESOURCE_SET = 'principalset://cloudresourcemanager.googleapis.com/';

/** Resolves deny rules with per-inventory caches; group and principal-set membership as the allow side resolves it. */
export class DenyResolver {
  private readonly chains = new Map<string, ChainDeny>();
  /** Per account, per repository project: whether a deny rule of the chain names it (see `names`). */
  private readonly named = new Map<string, Map<string, boolean>>();
  private readonly projects: Map<string, Project>;

  constructor(
    private readonly inv: Inventory,
    private readonly iam: IamResolver,
  ) {
    this.projects = new Map(inv.projects.map((p) => [p.id, p]));
  }

  /** The repository project's chain and what its deny policies hold (null when deny policies were not read at all). */
  chain(project: string): ChainDeny | null {
    const all = this.inv.denyPolicies;
    if (!all) return null;
    let c = this.chains.get(project);
    if (c) return c;
    const p = this.projects.get(project);
    const ancestry: Known<string[]> = p?.ancestry ?? { status: 'gap', gapId: '' };
    const points = [`projects/${project}`, ...(ancestry.status === 'ok' ? ancestry.value : [])];
    c = { attachmentPoints: points, rules: [], holes: [] };
    if (ancestry.status !== 'ok') c.holes.push({ attachmentPoint: `projects/${project}`, reason: 'ancestry-unreadable', gapId: ancestry.gapId || null });
    for (const point of points) {
      const known = all[point];
      if (!known) c.holes.push({ attachmentPoint: point, reason: 'not-collected', gapId: null });
      else if (known.status !== 'ok') c.holes.push({ attachmentPoint: point, reason: 'unreadable', gapId: known.gapId });
      else {
        for (const rule of known.value) {
          const permission = coversDownload(rule.deniedPermissions);
          if (permission && !coversDownload(rule.exceptionPermissions)) c.rules.push({ rule, permission });
        }
      }
    }
    this.chains.set(project, c);
    return c;
  }

  /** Whether a deny-rule principal holds the account (v2 principal identifiers; groups resolved transitively). */
  principal(principal: string, email: string): PrincipalMatch {
    const p = principal.toLowerCase();
    if (p === PUBLIC_SET) return { kind: 'match', principal, via: 'public' };
    if (p.startsWith(PRINCIPAL_SA)) return p.slice(PRINCIPAL_SA.length) === email.toLowerCase() ? { kind: 'match', principal, via: 'service-account' } : { kind: 'no' };
    if (p.startsWith(GROUP_SET)) {
      const m = this.iam.groupMembership(p.slice(GROUP_SET.length), email);
      if (m.kind === 'member') return { kind: 'match', principal, via: 'group', groupPath: m.path };
      if (m.kind === 'not-member') return { kind: 'no' };
      return { kind: 'undecided', principal, groups: m.groups, gapIds: m.gapIds, permission: 'cloudidentity.groups.memberships.list (Groups Reader)' };
    }
    if (p.startsWith(RESOURCE_SET)) {
      const m = this.iam.principalSetMatch(p, email);
      if (m.kind === 'match') return { kind: 'match', principal, via: 'principal-set' };
      if (m.kind === 'no') return { kind: 'no' };
      return { kind: 'undecided', principal, groups: [], gapIds: m.gapIds, permission: m.permission };
    }
    return { kind: 'no' };
  }

  /** The first principal of a list that holds the account; else the first undecided one; else none. */
  private anyOf(principals: readonly string[], email: string): PrincipalMatch {
    let undecided: PrincipalMatch | null = null;
    for (const x of principals) {
      const m = this.principal(x, email);
      if (m.kind === 'match') return m;
      if (m.kind === 'undecided' && !undecided) undecided = m;
    }
    return undecided ?? { kind: 'no' };
  }

  /** Whether a principal's answer depends on the account (one service account, a group, a principal set of a resource). */
  private static dependsOnAccount(principal: string): boolean {
    const p = principal.toLowerCase();
    return p.startsWith(PRINCIPAL_SA) || p.startsWith(GROUP_SET) || p.startsWith(RESOURCE_SET);
  }

  /**
   * Whether a deny rule of the repository project's chain names the account: one of its denied or exception
   * principals that depends on the account holds it or cannot be decided for it. Every account no rule names gets the
   * same analysis (only its own name differs), which lets the engine share their outcome.
   */
  names(email: string, project: string): boolean {
    const c = this.chain(project);
    if (!c || !c.rules.length) return false;
    let per = this.named.get(email);
    if (!per) {
      per = new Map();
      this.named.set(email, per);
    }
    let r = per.get(project);
    if (r === undefined) {
      r = c.rules.some(({ rule }) => [...rule.deniedPrincipals, ...rule.exceptionPrincipals].some((x) => DenyResolver.dependsOnAccount(x) && this.principal(x, email).kind !== 'no'));
      per.set(project, r);
    }
    return r;
  }

  /** What the deny policies of the repository's chain do to the account; null when deny policies were not read. */
  analyze(email: string, repo: Repository): DenyAnalysis | null {
    const c = this.chain(repo.project);
    if (!c) return null;
    const a: DenyAnalysis = { serviceAccount: email, repository: repo.name, attachmentPoints: c.attachmentPoints, blocking: [], undecided: [], excepted: [], holes: c.holes };
    for (const { rule, permission } of c.rules) {
      const denied = this.anyOf(rule.deniedPrincipals, email);
      if (denied.kind === 'no') continue;
      const exception = this.anyOf(rule.exceptionPrincipals, email);
      if (exception.kind === 'match') {
        if (denied.kind === 'match') a.excepted.push({ rule, permission, principal: denied, exception: exception.principal });
        continue;
      }
      if (denied.kind === 'undecided' || exception.kind === 'undecided') {
        const u = denied.kind === 'undecided' ? denied : (exception as Extract<PrincipalMatch, { kind: 'undecided' }>);
        const side = denied.kind === 'undecided' ? 'denied principal' : 'exception principal';
        a.undecided.push({ rule, permission, reason: 'membership', why: `whether the ${side} ${u.principal} holds the account could not be read`, principal: u.principal, gapIds: u.gapIds, readPermission: u.permission });
        continue;
      }
      const cond = rule.denialCondition;
      if (cond) {
        const r = this.iam.condition(cond);
        // Deny conditions read resource tags (IAM "Deny policies": denialCondition), which Pullcheck does not read:
        // a clause on a resource attribute is undecided here, never false.
        if (r.value === 'unknown' || (r.value === 'false' && r.resourceAttributes.length)) {
          const why = r.value === 'unknown' ? r.reason : `it reads ${r.resourceAttributes.join(', ')} (resource tags), which Pullcheck does not read`;
          a.undecided.push({ rule, permission, reason: 'condition', why, principal: denied.principal, gapIds: [] });
          continue;
        }
        if (r.value === 'false') continue;
      }
      a.blocking.push({ rule, permission, principal: denied });
    }
    return a;
  }
}
