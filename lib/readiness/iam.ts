/** Does a service account hold artifactregistry.repositories.downloadArtifacts on a repository? (Artifact Registry "Access control with IAM") */
import { DOWNLOAD_PERMISSION, isCustomRole, predefinedRoleGrantsDownload } from '../inventory/predefined-roles';
import type { Binding, Condition, Gap, Inventory, Known, Project, Repository } from '../inventory/types';
import { accountOwner } from '../inventory/account-owner';
import { type ConditionResult, evaluateCondition } from './conditions';

/**
 * Whether a role contains the download permission; `unknown` when its permissions could not be read; `inert` when it
 * lists the permission but grants nothing: a custom role with `stage: DISABLED` ("will not contribute permissions to
 * any principals", IAM `RoleLaunchStage`) or a deleted one (bindings to it have no effect, `projects.roles.delete`).
 */
export type RoleGrant = { kind: 'grants' } | { kind: 'no' } | { kind: 'unknown'; gapId: string | null } | { kind: 'inert'; why: 'disabled' | 'deleted' };

/** A binding that grants (or, when conditional, might grant) the download to the service account. */
export interface Grant {
  resource: string;
  role: string;
  member: string;
  via: 'service-account' | 'group' | 'all-authenticated-users' | 'all-users' | 'principal-set';
  /** For `group`: the chain of groups from the bound group down to the one that holds the account. */
  groupPath?: string[];
  condition: Condition | null;
  /** A condition that holds at scan time but rests on a future timestamp: the ISO date on which the grant stops. */
  expires?: string;
  /** For a condition Pullcheck cannot decide: why (what it reads that is not known at scan time, or a parse error). */
  undecidedBecause?: string;
}

/**
 * A binding that names the account with a role listing the permission, yet grants nothing: the role is disabled or
 * deleted, or the condition is false at scan time (an expired temporary grant, or clauses on resource attributes,
 * which Artifact Registry does not recognize). It still looks like a grant in the console, so causes name it.
 */
export interface InertGrant extends Grant {
  reason: 'role-disabled' | 'role-deleted' | 'condition-false';
  /** For condition-false: the date of the expired time window, if that is why. */
  expired?: string | null;
  /** For condition-false: the resource attributes (resource.name, ...) whose clauses never grant. */
  resourceAttributes?: string[];
}

/** A binding that might grant the download, but Pullcheck could not read what decides it. */
export interface UndecidedGrant {
  resource: string;
  role: string;
  member: string;
  /**
   * `group-not-found`: every undecided group answered 404 (not in the directory Pullcheck can see: outside
   * the organization's directory, or deleted); `group-unreadable`: at least one group was refused or failed.
   */
  reason: 'group-unreadable' | 'group-not-found' | 'role-unreadable' | 'account-project-unreadable';
  /** Groups whose members could not be read (refused, failed, or not found). */
  groups: string[];
  /** Of `groups`, those Cloud Identity answered 404 for (present for group reasons). */
  notFoundGroups?: string[];
  gapIds: string[];
  /** The permission (or directory role) the auditor lacks. */
  permission: string;
}

/** A role bound to the service account (directly or through a group) that does not contain the download permission. */
export interface BoundWithoutPermission {
  resource: string;
  role: string;
  member: string;
  /** For a group member: the chain of groups from the bound group down to the one that holds the account. */
  groupPath?: string[];
}

/** A policy that should have been consulted but could not be read. */
export interface PolicyHole {
  resource: string;
  reason: 'policy-unreadable' | 'policy-missing' | 'ancestry-unreadable';
  gapId: string | null;
  permission: string;
}

/** Effective allow for one service account on one repository: repository ∪ project ∪ folders ∪ organization. */
export interface IamAnalysis {
  serviceAccount: string;
  repository: string;
  /** An unconditional `allUsers` grant on the repository's own policy: the repository is public (Artifact Registry "Configure public access"). */
  public: Grant | null;
  grants: Grant[];
  conditional: Grant[];
  undecided: UndecidedGrant[];
  holes: PolicyHole[];
  /** Resources whose policies make up the effective allow, nearest first. */
  resources: string[];
  /** The account is deleted (404): bindings that still name it grant nothing. */
  deleted: boolean;
  /** Bindings that would match, ignored because the account is deleted. */
  ignoredBecauseDeleted: Grant[];
  /** Near misses: roles the account holds (directly or through groups) in the effective allow that lack the permission. */
  boundWithoutPermission: BoundWithoutPermission[];
  /** Bindings that look like grants but grant nothing (disabled or deleted role, false condition). Added field; optional. */
  inert?: InertGrant[];
}

type MemberMatch =
  | { kind: 'match'; via: Grant['via']; groupPath?: string[] }
  | { kind: 'no' }
  | { kind: 'undecided'; groups: string[]; notFound: string[]; gapIds: string[]; accountProject?: { permission: string } };

/** Whether a principalSet of a resource's service accounts holds the account (IAM "Principal identifiers"). */
type SetMatch = { kind: 'match' } | { kind: 'no' } | { kind: 'undecided'; gapIds: string[]; permission: string };

const PRINCIPAL_SET_PREFIX = 'principalset://cloudresourcemanager.googleapis.com/';

type GroupMembership =
  | { kind: 'member'; path: string[] }
  | { kind: 'not-member' }
  | { kind: 'undecided'; groups: string[]; notFound: string[]; gapIds: string[] };

interface ResourceMatch {
  grants: Grant[];
  conditional: Grant[];
  inert: InertGrant[];
  undecided: UndecidedGrant[];
  hole: PolicyHole | null;
  public: Grant | null;
  boundWithoutPermission: BoundWithoutPermission[];
}

/** One member of one binding of a policy, numbered in policy order (binding, then member). */
interface Occurrence {
  seq: number;
  /** The binding's place in the policy. */
  bindingIndex: number;
  binding: Binding;
  role: RoleGrant;
  member: string;
}

/** A policy inverted once: member id → occurrences, split into roles that may grant and near misses (roles that do not). */
interface PolicyIndex {
  /** allUsers / allAuthenticatedUsers on roles that may grant: they concern every account. */
  universal: Occurrence[];
  /** By lower-cased service-account or group id, on roles that may grant. */
  accounts: Map<string, Occurrence[]>;
  groups: Map<string, Occurrence[]>;
  /** By lower-cased principalSet://cloudresourcemanager.googleapis.com/... member, on roles that may grant. */
  sets: Map<string, Occurrence[]>;
  /** The same for roles without the permission (near misses). */
  missAccounts: Map<string, Occurrence[]>;
  missGroups: Map<string, Occurrence[]>;
}

/** The IAM lists of an analysis, gathered over a repository's chain of policies. */
type ChainLists = Pick<IamAnalysis, 'public' | 'grants' | 'conditional' | 'undecided' | 'holes' | 'boundWithoutPermission'> & { inert: InertGrant[] };

/** The part of a chain above the repository, shared by every repository of a project: its project and ancestors. */
interface ParentChain {
  /** Its place in the resolver's list of parent chains (0, 1, 2... in the order first asked for). */
  index: number;
  /** The project, then its folders and organization. */
  resources: string[];
  /** The place of its ancestors (resources after the project) among the resolver's distinct ancestor lists: projects of one folder share it. */
  tail: number;
  /** Holes in the project's ancestry; they come first in an analysis's holes. */
  ancestryHoles: PolicyHole[];
  /** What these levels give an account none of their policies names (`holes`: the levels' own holes only). */
  base: ChainLists;
}

/** Facts about one repository's chain, computed once per repository and shared by every account. */
interface ChainFacts {
  parent: ParentChain;
  /** The repository, then the parent chain's resources. */
  resources: string[];
  /** What the whole chain gives an account that no policy of the chain names, directly or through a group. */
  base: ChainLists;
}

/** An undecided membership's JSON, once per membership object (a view keeps its memberships; verdict and match shapes read them often). */
const undecidedJson = new WeakMap<object, string>();
function undecidedKey(m: object): string {
  let s = undecidedJson.get(m);
  if (s === undefined) undecidedJson.set(m, (s = JSON.stringify(m)));
  return s;
}

/** A group membership as a string: equal strings, equal memberships (path, or undecided groups and gaps). */
function membershipKey(m: GroupMembership): string {
  if (m.kind === 'member') return `m${m.path.join('\u0002')}`;
  if (m.kind === 'not-member') return 'n';
  return `u${undecidedKey(m)}`;
}

/** `a` followed by `b`, reusing either when the other is empty (analyses are treated as immutable). */
function cat<T>(a: T[], b: T[]): T[] {
  if (!b.length) return a;
  if (!a.length) return b;
  return [...a, ...b];
}

/**
 * One service account as the resolver sees it: its group memberships (resolved once per account, for the bound
 * groups) and the resources whose policies name it directly or through a group that holds it or is undecided.
 * Every other resource gives it exactly what it gives an account it does not name (the resource's base match).
 */
export class AccountView {
  /** Resources whose policies may treat this account differently from an unnamed one. */
  readonly named = new Set<string>();
  /** Its matches on the named resources, filled on first use. */
  readonly matches = new Map<string, ResourceMatch>();
  /** Its membership of each group looked at so far. */
  readonly memberships = new Map<string, GroupMembership>();
  /** Its membership of each principalSet of service accounts looked at so far. */
  readonly sets = new Map<string, SetMatch>();
  /** By ParentChain.index: the shape of what that parent chain gives it (IamResolver.parentShape), filled on first use. */
  readonly parentShapes: number[] = [];
  /** By ParentChain.index, for chains whose project's policy names it: its verdict shape there (IamResolver.shapeIn), filled on first use. */
  readonly verdictShapes: number[] = [];
  /** By ParentChain.tail: its verdict shape on those ancestors (folders and organization), filled on first use. */
  readonly tailShapes: number[] = [];
  /** By repository whose own policy names it: its verdict shape on that repository. */
  readonly repoShapes = new Map<string, number>();
  /** By resource whose policy names it: the number of its match there (IamResolver.matchId). */
  readonly matchIds = new Map<string, number>();

  constructor(
    readonly email: string,
    readonly deleted: boolean,
  ) {}
}

/** A member whose id Pullcheck looks up: the part after `serviceAccount:` or `group:`, lower-cased. */
function memberKey(member: string): { kind: 'serviceAccount' | 'group' | 'principalSet'; id: string } | null {
  const colon = member.indexOf(':');
  if (colon < 0) return null;
  const kind = member.slice(0, colon);
  if (kind === 'principalSet') return member.toLowerCase().startsWith(PRINCIPAL_SET_PREFIX) ? { kind, id: member.toLowerCase() } : null;
  if (kind !== 'serviceAccount' && kind !== 'group') return null;
  return { kind, id: member.slice(colon + 1).toLowerCase() };
}

const DEFAULT_POLICY_PERMISSION: [RegExp, string][] = [
  [/^projects\/[^/]+\/locations\/[^/]+\/repositories\//, 'artifactregistry.repositories.getIamPolicy'],
  [/^projects\//, 'resourcemanager.projects.getIamPolicy'],
  [/^folders\//, 'resourcemanager.folders.getIamPolicy'],
  [/^organizations\//, 'resourcemanager.organizations.getIamPolicy'],
];

/** The permission needed to read a resource's IAM policy. */
export function policyPermission(resource: string): string {
  for (const [re, p] of DEFAULT_POLICY_PERMISSION) if (re.test(resource)) return p;
  return 'getIamPolicy';
}

/**
 * Resolves effective permissions with per-inventory caches: roles, each policy's relevant bindings, each resource's
 * base match, each repository's chain. Per-account work lives in an AccountView the caller holds as long as it needs.
 * Analysing an account against a repository costs one set lookup per chain level unless a policy of the chain names it.
 */
export class IamResolver {
  private readonly roleCache = new Map<string, RoleGrant>();
  private readonly indexCache = new Map<string, PolicyIndex>();
  private readonly baseCache = new Map<string, ResourceMatch>();
  private readonly chainCache = new Map<Repository, ChainFacts>();
  private readonly parentCache = new Map<string, ParentChain>();
  /** Distinct ancestor lists (a parent chain without its project), joined, to their ParentChain.tail. */
  private readonly tails = new Map<string, number>();
  /** The parent chains by their index. */
  private readonly parentList: ParentChain[] = [];
  /** Parent-chain shapes (see `parentShape`) by what they are made of, and the lists of each. */
  private readonly shapes = new Map<string, number>();
  /** Verdict shapes (see `shapeIn`) by what they are made of. */
  private readonly verdictShapes = new Map<string, number>();
  private readonly shapeLists = new Map<number, ChainLists>();
  /** Numbers for an account's matches on resources that name it, by resource and whole content (see `matchId`). */
  private readonly matchIds = new Map<string, number>();
  private readonly groupMemberIds = new Map<string, Set<string>>();
  private readonly groupSubgroups = new Map<string, string[]>();
  private readonly gaps: Map<string, Gap>;
  private readonly projects: Map<string, Project>;
  /** Member id (lower-cased) → resources whose policies name `serviceAccount:id` / `group:id`, in any binding. */
  private index: { accounts: Map<string, string[]>; groups: Map<string, string[]>; sets: Map<string, string[]> } | null = null;
  private readonly conditionCache = new Map<string, ConditionResult>();
  private readonly projectsByNumber: Map<string, Project>;

  /** `now` is the scan's time: IAM conditions on `request.time` are evaluated at it. */
  constructor(
    private readonly inv: Inventory,
    readonly now: Date = scanTime(inv),
  ) {
    this.gaps = new Map(inv.gaps.map((g) => [g.id, g]));
    this.projects = new Map(inv.projects.map((p) => [p.id, p]));
    this.projectsByNumber = new Map(inv.projects.filter((p) => p.number).map((p) => [p.number, p]));
  }

  /** A binding's condition evaluated at the scan's time (once per expression). */
  condition(c: Condition): ConditionResult {
    let r = this.conditionCache.get(c.expression);
    if (!r) {
      r = evaluateCondition(c.expression, this.now);
      this.conditionCache.set(c.expression, r);
    }
    return r;
  }

  /** The gap with this id, if the inventory lists it. */
  gap(id: string | null): Gap | undefined {
    return id ? this.gaps.get(id) : undefined;
  }

  /** Whether a role contains the download permission: bundled predefined data first, then looked-up roles. */
  roleGrant(role: string): RoleGrant {
    let r = this.roleCache.get(role);
    if (!r) {
      const bundled = isCustomRole(role) ? null : predefinedRoleGrantsDownload(role);
      if (bundled !== null) r = bundled ? { kind: 'grants' } : { kind: 'no' };
      else {
        const found = this.inv.roles[role];
        if (!found) r = { kind: 'unknown', gapId: null };
        else if (found.status === 'gap') r = { kind: 'unknown', gapId: found.gapId };
        else if (found.status === 'not-found') r = { kind: 'no' };
        else if (!found.value.includedPermissions.includes(DOWNLOAD_PERMISSION)) r = { kind: 'no' };
        else if (found.value.deleted) r = { kind: 'inert', why: 'deleted' };
        else if ((found.value.stage ?? '').toUpperCase() === 'DISABLED') r = { kind: 'inert', why: 'disabled' };
        else r = { kind: 'grants' };
      }
      this.roleCache.set(role, r);
    }
    return r;
  }

  /** The inverted policies: which resources name each service account and each group (built once). */
  private memberIndex(): { accounts: Map<string, string[]>; groups: Map<string, string[]>; sets: Map<string, string[]> } {
    if (this.index) return this.index;
    const accounts = new Map<string, string[]>();
    const groups = new Map<string, string[]>();
    const sets = new Map<string, string[]>();
    for (const [resource, pol] of Object.entries(this.inv.policies)) {
      if (pol.status !== 'ok') continue;
      for (const b of pol.value.bindings) {
        for (const member of b.members) {
          const k = memberKey(member);
          if (!k) continue;
          const m = k.kind === 'serviceAccount' ? accounts : k.kind === 'group' ? groups : sets;
          const list = m.get(k.id);
          if (!list) m.set(k.id, [resource]);
          else if (list[list.length - 1] !== resource) list.push(resource);
        }
      }
    }
    this.index = { accounts, groups, sets };
    return this.index;
  }

  /**
   * The account's view: which resources name it, directly or through a bound group that holds it or cannot be
   * resolved. Group membership is resolved here once per account and bound group, not per repository.
   */
  account(email: string): AccountView {
    const sa = this.inv.serviceAccounts[email];
    const view = new AccountView(email, sa?.status === 'not-found');
    const { accounts, groups, sets } = this.memberIndex();
    // Keys are lower-cased member ids, compared with the email as given, exactly as matchMember compares them.
    for (const r of accounts.get(email) ?? []) view.named.add(r);
    for (const [group, resources] of groups) {
      if (this.membership(view, group).kind === 'not-member') continue;
      for (const r of resources) view.named.add(r);
    }
    for (const [set, resources] of sets) {
      if (this.setMembership(view, set).kind === 'no') continue;
      for (const r of resources) view.named.add(r);
    }
    return view;
  }

  private setMembership(view: AccountView, set: string): SetMatch {
    let r = view.sets.get(set);
    if (!r) {
      r = this.principalSetMatch(set, view.email);
      view.sets.set(set, r);
    }
    return r;
  }

  /**
   * Does `principalSet://cloudresourcemanager.googleapis.com/{projects,folders,organizations}/X/type/ServiceAccount`
   * (lower-cased) hold the account? It means every service account owned by a project that is, or sits under, X
   * (IAM "Principal identifiers"). The owner comes from the account's own record (`projectId`) or its email; its
   * ancestry from the scan, or from the out-of-scope read the collector makes for these members.
   */
  principalSetMatch(set: string, email: string): SetMatch {
    const m = /^([a-z]+)\/([^/]+)\/type\/serviceaccount$/.exec(set.slice(PRINCIPAL_SET_PREFIX.length));
    if (!set.startsWith(PRINCIPAL_SET_PREFIX) || !m || !['projects', 'folders', 'organizations'].includes(m[1])) return { kind: 'no' };
    const [, kind, target] = m;
    const record = this.inv.serviceAccounts[email];
    const owner = accountOwner(email, record?.status === 'ok' ? record.value.project : null);
    if (owner.kind === 'google-managed') return { kind: 'no' };
    if (owner.kind === 'unknown') return { kind: 'undecided', gapIds: [], permission: 'iam.serviceAccounts.get (the account\'s own project could not be told from its email)' };
    const project = owner.id ? this.projects.get(owner.id) : this.projectsByNumber.get(owner.number ?? '');
    const id = project?.id ?? owner.id;
    const number = project?.number || owner.number;
    if (kind === 'projects') {
      if (target === id || target === number) return { kind: 'match' };
      // The target names a project by id or by number: decided when the account's project is known in that form,
      // or when the number belongs to another project of the scan.
      const byNumber = /^\d+$/.test(target);
      if (byNumber ? number || this.projectsByNumber.has(target) : id) return { kind: 'no' };
      return { kind: 'undecided', gapIds: [], permission: `resourcemanager.projects.get (the ${byNumber ? 'number' : 'id'} of the project that owns ${email})` };
    }
    let ancestry: Known<string[]> | undefined = project?.ancestry;
    if (!ancestry && id) ancestry = this.inv.accountProjects?.[id];
    if (!ancestry || ancestry.status === 'gap') {
      return {
        kind: 'undecided',
        gapIds: ancestry?.status === 'gap' ? [ancestry.gapId] : [],
        permission: `resourcemanager.projects.get (the ancestry of ${id ? `project ${id}` : `project number ${number}`}, which owns ${email})`,
      };
    }
    return ancestry.value.includes(`${kind}/${target}`) ? { kind: 'match' } : { kind: 'no' };
  }

  /** Is `email` a member of `group`, directly or through nested groups? Unreadable groups leave it undecided. */
  groupMembership(group: string, email: string): GroupMembership {
    return this.resolveGroup(group, email, new Set());
  }

  private membership(view: AccountView, group: string): GroupMembership {
    let r = view.memberships.get(group);
    if (!r) {
      r = this.groupMembership(group, view.email);
      view.memberships.set(group, r);
    }
    return r;
  }

  /** The ids of a readable group's direct members, as a set (large groups are searched once per account). */
  private memberIds(group: string, members: { id: string }[]): Set<string> {
    let s = this.groupMemberIds.get(group);
    if (!s) {
      s = new Set(members.map((m) => m.id));
      this.groupMemberIds.set(group, s);
    }
    return s;
  }

  /** A readable group's nested groups, in member order (a large group's members are walked once, not once per account). */
  private subgroups(group: string, members: { id: string; type?: string }[]): string[] {
    let s = this.groupSubgroups.get(group);
    if (!s) {
      s = members.filter((m) => m.type === 'GROUP').map((m) => m.id);
      this.groupSubgroups.set(group, s);
    }
    return s;
  }

  private resolveGroup(group: string, email: string, visiting: Set<string>): GroupMembership {
    if (visiting.has(group)) return { kind: 'not-member' };
    const g = this.inv.groups[group];
    if (!g || g.status !== 'ok') {
      const gapId = g?.gapId;
      return { kind: 'undecided', groups: [group], notFound: g?.status === 'not-found' ? [group] : [], gapIds: gapId ? [gapId] : [] };
    }
    if (this.memberIds(group, g.value.members).has(email)) return { kind: 'member', path: [group] };
    visiting.add(group);
    const groups: string[] = [];
    const notFound: string[] = [];
    const gapIds: string[] = [];
    for (const id of this.subgroups(group, g.value.members)) {
      const sub = this.resolveGroup(id, email, visiting);
      if (sub.kind === 'member') {
        visiting.delete(group);
        return { kind: 'member', path: [group, ...sub.path] };
      }
      if (sub.kind === 'undecided') {
        groups.push(...sub.groups);
        notFound.push(...sub.notFound);
        gapIds.push(...sub.gapIds);
      }
    }
    visiting.delete(group);
    return groups.length ? { kind: 'undecided', groups, notFound, gapIds } : { kind: 'not-member' };
  }

  /** How one member of a binding matches the account; `view` null stands for an account no policy names. */
  private matchMember(member: string, view: AccountView | null, onRepository: boolean): MemberMatch {
    const colon = member.indexOf(':');
    const kind = colon < 0 ? member : member.slice(0, colon);
    const id = colon < 0 ? '' : member.slice(colon + 1).toLowerCase();
    switch (kind) {
      case 'serviceAccount':
        return view && id === view.email ? { kind: 'match', via: 'service-account' } : { kind: 'no' };
      case 'allUsers':
        // Only a repository's own policy can make it public: projects, folders and organizations reject allUsers.
        return onRepository ? { kind: 'match', via: 'all-users' } : { kind: 'no' };
      case 'allAuthenticatedUsers':
        return { kind: 'match', via: 'all-authenticated-users' };
      case 'principalSet': {
        if (!view) return { kind: 'no' };
        const s = this.setMembership(view, member.toLowerCase());
        if (s.kind === 'match') return { kind: 'match', via: 'principal-set' };
        if (s.kind === 'undecided') return { kind: 'undecided', groups: [], notFound: [], gapIds: s.gapIds, accountProject: { permission: s.permission } };
        return { kind: 'no' };
      }
      case 'group': {
        if (!view) return { kind: 'no' };
        const m = this.membership(view, id);
        if (m.kind === 'member') return { kind: 'match', via: 'group', groupPath: m.path };
        if (m.kind === 'undecided') return { kind: 'undecided', groups: m.groups, notFound: m.notFound, gapIds: m.gapIds };
        return { kind: 'no' };
      }
      // deleted:serviceAccount:..., domain:, user:, principal://..., other principalSet://... (workforce and workload
      // identity pools, Kubernetes service accounts) never hold a node service account.
      default:
        return { kind: 'no' };
    }
  }

  /** The policy inverted once: its members' occurrences by member id, for relevant roles and for near misses. */
  private policyIndex(resource: string, bindings: Binding[]): PolicyIndex {
    let idx = this.indexCache.get(resource);
    if (idx) return idx;
    idx = { universal: [], accounts: new Map(), groups: new Map(), sets: new Map(), missAccounts: new Map(), missGroups: new Map() };
    const add = (m: Map<string, Occurrence[]>, id: string, o: Occurrence) => {
      const list = m.get(id);
      if (list) list.push(o);
      else m.set(id, [o]);
    };
    let seq = 0;
    for (let bindingIndex = 0; bindingIndex < bindings.length; bindingIndex++) {
      const binding = bindings[bindingIndex];
      const role = this.roleGrant(binding.role);
      for (const member of binding.members) {
        const o: Occurrence = { seq: seq++, bindingIndex, binding, role, member };
        // Parsed exactly as matchMember parses it, so the candidates are every member that can match.
        const colon = member.indexOf(':');
        const kind = colon < 0 ? member : member.slice(0, colon);
        const id = colon < 0 ? '' : member.slice(colon + 1).toLowerCase();
        if (role.kind !== 'no') {
          if (kind === 'allUsers' || kind === 'allAuthenticatedUsers') idx.universal.push(o);
          else if (kind === 'serviceAccount') add(idx.accounts, id, o);
          else if (kind === 'group') add(idx.groups, id, o);
          else if (kind === 'principalSet') add(idx.sets, member.toLowerCase(), o);
        } else if (colon >= 0) {
          // nearMisses looks at serviceAccount: and group: members only; a member without a colon never matches.
          if (kind === 'serviceAccount') add(idx.missAccounts, id, o);
          else if (kind === 'group') add(idx.missGroups, id, o);
        }
      }
    }
    this.indexCache.set(resource, idx);
    return idx;
  }

  /**
   * The occurrences that may match the account, in policy order: the universal ones, its own, and those of groups
   * that hold it (or, with `undecidedToo`, that cannot be resolved). Every other member matches no account.
   */
  private candidates(universal: Occurrence[], accounts: Map<string, Occurrence[]>, groups: Map<string, Occurrence[]>, view: AccountView | null, undecidedToo: boolean, sets?: Map<string, Occurrence[]>): Occurrence[] {
    if (!view) return universal;
    const out = [...universal, ...(accounts.get(view.email) ?? [])];
    for (const [group, occ] of groups) {
      const kind = this.membership(view, group).kind;
      if (kind === 'member' || (undecidedToo && kind === 'undecided')) out.push(...occ);
    }
    for (const [set, occ] of sets ?? []) {
      const kind = this.setMembership(view, set).kind;
      if (kind === 'match' || (undecidedToo && kind === 'undecided')) out.push(...occ);
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  /**
   * What one resource's policy gives the account (cached per named resource in the view, or once per resource as
   * the base). `onRepository` is fixed per resource: a repository's policy is only ever its own chain's first level.
   */
  private matchResource(resource: string, view: AccountView | null, onRepository: boolean): ResourceMatch {
    const cache = view ? view.matches : this.baseCache;
    let m = cache.get(resource);
    if (!m) {
      m = this.computeMatch(resource, view, onRepository);
      cache.set(resource, m);
    }
    return m;
  }

  private computeMatch(resource: string, view: AccountView | null, onRepository: boolean): ResourceMatch {
    const out: ResourceMatch = { grants: [], conditional: [], inert: [], undecided: [], hole: null, public: null, boundWithoutPermission: [] };
    const pol = this.inv.policies[resource];
    if (!pol || pol.status === 'gap') {
      const gapId = pol?.status === 'gap' ? pol.gapId : null;
      out.hole = {
        resource,
        reason: pol ? 'policy-unreadable' : 'policy-missing',
        gapId,
        permission: this.gap(gapId)?.permission ?? policyPermission(resource),
      };
    } else {
      const idx = this.policyIndex(resource, pol.value.bindings);
      for (const { binding, role, member } of this.candidates(idx.universal, idx.accounts, idx.groups, view, true, idx.sets)) {
        const m = this.matchMember(member, view, onRepository);
        if (m.kind === 'no') continue;
        if (role.kind === 'inert') {
          // A disabled or deleted role grants nothing whoever it names; only a sure match is worth explaining.
          if (m.kind === 'match') out.inert.push(this.inertGrant(resource, binding, member, m, role.why === 'disabled' ? 'role-disabled' : 'role-deleted'));
          continue;
        }
        const cond = binding.condition ? this.condition(binding.condition) : null;
        if (cond?.value === 'false') {
          if (m.kind === 'match') {
            const x = this.inertGrant(resource, binding, member, m, 'condition-false');
            x.expired = cond.expired;
            x.resourceAttributes = cond.resourceAttributes;
            out.inert.push(x);
          }
          continue;
        }
        if (m.kind === 'undecided' && m.accountProject) {
          out.undecided.push({
            resource,
            role: binding.role,
            member,
            reason: 'account-project-unreadable',
            groups: [],
            gapIds: [...(role.kind === 'unknown' && role.gapId ? [role.gapId] : []), ...m.gapIds],
            permission: m.accountProject.permission,
          });
          continue;
        }
        if (role.kind === 'unknown') {
          out.undecided.push({
            resource,
            role: binding.role,
            member,
            reason: 'role-unreadable',
            groups: m.kind === 'undecided' ? m.groups : [],
            gapIds: [...(role.gapId ? [role.gapId] : []), ...(m.kind === 'undecided' ? m.gapIds : [])],
            permission: this.gap(role.gapId)?.permission ?? (binding.role.startsWith('organizations/') ? 'iam.roles.get (organization)' : 'iam.roles.get'),
          });
        } else if (m.kind === 'undecided') {
          const allNotFound = m.notFound.length > 0 && m.groups.every((x) => m.notFound.includes(x));
          out.undecided.push({
            resource,
            role: binding.role,
            member,
            reason: allNotFound ? 'group-not-found' : 'group-unreadable',
            groups: m.groups,
            notFoundGroups: m.notFound,
            gapIds: m.gapIds,
            permission: allNotFound
              ? 'cloudidentity.groups.get (Cloud Identity answered 404: the group is not in the directory Pullcheck can see)'
              : 'Groups Reader (Cloud Identity groups.memberships.list)',
          });
        } else {
          const g: Grant = { resource, role: binding.role, member, via: m.via, condition: binding.condition };
          if (m.groupPath) g.groupPath = m.groupPath;
          if (cond?.value === 'unknown') {
            g.undecidedBecause = cond.reason;
            out.conditional.push(g);
          }
          else {
            if (cond?.value === 'true') {
              if (cond.expires) g.expires = cond.expires;
            }
            if (m.via === 'all-users') out.public ??= g;
            else out.grants.push(g);
          }
        }
      }
      if (view) out.boundWithoutPermission = this.nearMisses(resource, idx, view);
    }
    return out;
  }

  private inertGrant(resource: string, binding: Binding, member: string, m: { via: Grant['via']; groupPath?: string[] }, reason: InertGrant['reason']): InertGrant {
    const x: InertGrant = { resource, role: binding.role, member, via: m.via, condition: binding.condition, reason };
    if (m.groupPath) x.groupPath = m.groupPath;
    return x;
  }

  /**
   * Roles without the permission that the account holds on one resource, directly or through a group whose
   * members were read (groups bound only to such roles are not resolved, so those stay out of the list).
   * Only service-account and group members count, so an account no policy names has none.
   */
  private nearMisses(resource: string, idx: PolicyIndex, view: AccountView): BoundWithoutPermission[] {
    const out: BoundWithoutPermission[] = [];
    const seen = new Set<string>();
    for (const { binding: b, member } of this.candidates([], idx.missAccounts, idx.missGroups, view, false)) {
      const m = this.matchMember(member, view, false);
      if (m.kind !== 'match' || seen.has(b.role)) continue;
      seen.add(b.role);
      const x: BoundWithoutPermission = { resource, role: b.role, member };
      if (m.groupPath) x.groupPath = m.groupPath;
      out.push(x);
    }
    return out;
  }

  /** The project and its ancestors (resources whose policies count for every repository of the project), once per project. */
  private parentChain(projectId: string): ParentChain {
    let c = this.parentCache.get(projectId);
    if (c) return c;
    const resources = [`projects/${projectId}`];
    const ancestryHoles: PolicyHole[] = [];
    const project = this.projects.get(projectId);
    if (!project) {
      ancestryHoles.push({ resource: `projects/${projectId}`, reason: 'ancestry-unreadable', gapId: null, permission: 'resourcemanager.projects.get' });
    } else if (project.ancestry.status === 'gap') {
      const gapId = project.ancestry.gapId;
      ancestryHoles.push({
        resource: `projects/${projectId}`,
        reason: 'ancestry-unreadable',
        gapId,
        permission: this.gap(gapId)?.permission ?? 'resourcemanager.projects.get',
      });
    } else {
      resources.push(...project.ancestry.value);
    }
    const tailKey = resources.slice(1).join('\u0000');
    let tail = this.tails.get(tailKey);
    if (tail === undefined) this.tails.set(tailKey, (tail = this.tails.size));
    c = { index: this.parentCache.size, resources, tail, ancestryHoles, base: { public: null, grants: [], conditional: [], inert: [], undecided: [], holes: [], boundWithoutPermission: [] } };
    c.base = this.gatherParent(c, null);
    this.parentCache.set(projectId, c);
    this.parentList.push(c);
    return c;
  }

  /** The union of the parent chain's matches for the account (its own match where a policy names it, the base elsewhere). */
  private gatherParent(parent: ParentChain, view: AccountView | null): ChainLists {
    const out: ChainLists = { public: null, grants: [], conditional: [], inert: [], undecided: [], holes: [], boundWithoutPermission: [] };
    for (const resource of parent.resources) {
      const m = this.matchResource(resource, view && view.named.has(resource) ? view : null, false);
      // allUsers matches only on a repository's own policy, so these levels never make a repository public.
      out.grants.push(...m.grants);
      out.conditional.push(...m.conditional);
      out.inert.push(...m.inert);
      out.undecided.push(...m.undecided);
      out.boundWithoutPermission.push(...m.boundWithoutPermission);
      if (m.hole) out.holes.push(m.hole);
    }
    return out;
  }

  /** What the parent chain gives the account: the shared base unless one of its policies names it (then the lists of its shape). */
  private parentFor(parent: ParentChain, view: AccountView): ChainLists {
    const s = this.parentShape(parent, view);
    return s === 0 ? parent.base : this.shapeLists.get(s)!;
  }

  /**
   * The shape of what a parent chain gives the account: 0 when none of its policies names it; otherwise a number
   * shared by every account whose matches on the chain's resources that name it are the same (say every member of
   * one group bound at the organization), so their lists are gathered once. Cached in the view.
   */
  private parentShape(parent: ParentChain, view: AccountView): number {
    const kept = view.parentShapes[parent.index];
    if (kept !== undefined) return kept;
    let key = '';
    for (const r of parent.resources) if (view.named.has(r)) key += `${r}\u0000${this.matchId(r, view)}\u0001`;
    let s = 0;
    if (key) {
      key = `${parent.index}\u0002${key}`;
      s = this.shapes.get(key) ?? 0;
      if (!s) {
        this.shapes.set(key, (s = this.shapes.size + 1));
        this.shapeLists.set(s, this.gatherParent(parent, view));
      }
    }
    view.parentShapes[parent.index] = s;
    return s;
  }

  /**
   * A number for the account's match on a resource whose policy names it: equal numbers, equal matches. The number
   * stands for what `computeMatch` reads of the account there (is it bound itself; its membership of each group and
   * principal set the policy binds), which decides the match whole, and costs far less than comparing matches.
   */
  private matchId(resource: string, view: AccountView): number {
    let id = view.matchIds.get(resource);
    if (id !== undefined) return id;
    const key = this.matchInputs(resource, view);
    id = this.matchIds.get(key);
    if (id === undefined) this.matchIds.set(key, (id = this.matchIds.size));
    view.matchIds.set(resource, id);
    return id;
  }

  /** What `computeMatch(resource, view)` depends on of the account, as a string (see `matchId`). */
  private matchInputs(resource: string, view: AccountView): string {
    const pol = this.inv.policies[resource];
    // An unreadable or missing policy gives every account the same hole.
    if (!pol || pol.status !== 'ok') return `${resource}\u0000hole`;
    const idx = this.policyIndex(resource, pol.value.bindings);
    const self = idx.accounts.has(view.email) || idx.missAccounts.has(view.email);
    let key = `${resource}\u0000${self ? view.email : ''}\u0000`;
    for (const g of idx.groups.keys()) key += `${membershipKey(this.membership(view, g))}\u0001`;
    key += '\u0000';
    for (const g of idx.missGroups.keys()) key += `${membershipKey(this.membership(view, g))}\u0001`;
    key += '\u0000';
    for (const set of idx.sets.keys()) {
      const m = this.setMembership(view, set);
      key += `${m.kind === 'undecided' ? `u${undecidedKey(m)}` : m.kind}\u0001`;
    }
    return key;
  }

  /** The repository level and the parent chain joined, in chain order (holes: ancestry, repository, then the parent levels). */
  private join(repo: ResourceMatch, parent: ParentChain, lists: ChainLists): ChainLists {
    return {
      public: repo.public,
      grants: cat(repo.grants, lists.grants),
      conditional: cat(repo.conditional, lists.conditional),
      inert: cat(repo.inert, lists.inert),
      undecided: cat(repo.undecided, lists.undecided),
      holes: cat(parent.ancestryHoles, repo.hole ? [repo.hole, ...lists.holes] : lists.holes),
      boundWithoutPermission: cat(repo.boundWithoutPermission, lists.boundWithoutPermission),
    };
  }

  /** Resources whose policies make up a repository's effective allow, and the base lists (once per repository). */
  private chain(repo: Repository): ChainFacts {
    let c = this.chainCache.get(repo);
    if (c) return c;
    const parent = this.parentChain(repo.project);
    const repoBase = this.matchResource(repo.name, null, true);
    c = { parent, resources: [repo.name, ...parent.resources], base: this.join(repoBase, parent, parent.base) };
    this.chainCache.set(repo, c);
    return c;
  }

  /** The index of the parent chain (project, folders, organization) of a repository, for `shapeIn`. */
  parentIndex(repo: Repository): number {
    return this.chain(repo).parent.index;
  }

  /**
   * The verdict shape of the account on `repo`: a number such that two accounts of the same shape on a repository get
   * the same access outcome (the same rules fail or stay undecided, in the same order); only what the outcome says
   * of each account (its name, the roles it holds without the permission, the group path a grant reaches it through)
   * differs. 0 is the shape of an account no policy of the chain grants anything to, or may (roles without the
   * permission do not count). The engine judges one account per repository and shape, and each other account's own
   * causes on first read, which check that they agree. `parentIndex` is the index of the repository's parent chain
   * (`parentIndex(repo)`), which the walk looks up once per repository rather than once per pair.
   */
  shapeIn(view: AccountView, repo: Repository, parentIndex: number): number {
    if (!view.named.size) return 0;
    const parent = this.parentList[parentIndex];
    // The ancestors' part is shared by every project under the same folders (a few per estate); the project's own
    // policy names few accounts. So most pairs cost three array reads and two set lookups.
    let ps = view.tailShapes[parent.tail];
    if (ps === undefined) {
      let key = '';
      for (let i = 1; i < parent.resources.length; i++) {
        const r = parent.resources[i];
        if (!view.named.has(r)) continue;
        const inputs = this.verdictInputs(r, view);
        if (inputs) key += `${r}\u0000${inputs}\u0001`;
      }
      ps = key ? this.verdictShapeId(`t${parent.tail}\u0002${key}`) : 0;
      view.tailShapes[parent.tail] = ps;
    }
    const project = parent.resources[0];
    if (view.named.has(project)) {
      let s = view.verdictShapes[parentIndex];
      if (s === undefined) {
        const inputs = this.verdictInputs(project, view);
        s = inputs ? this.verdictShapeId(`${project}\u0000${ps}\u0000${inputs}`) : ps;
        view.verdictShapes[parentIndex] = s;
      }
      ps = s;
    }
    if (!view.named.has(repo.name)) return ps;
    let s = view.repoShapes.get(repo.name);
    if (s === undefined) {
      const inputs = this.verdictInputs(repo.name, view);
      s = inputs ? this.verdictShapeId(`${repo.name}\u0000${ps}\u0000${inputs}`) : ps;
      view.repoShapes.set(repo.name, s);
    }
    return s;
  }

  private verdictShapeId(key: string): number {
    let s = this.verdictShapes.get(key);
    if (s === undefined) this.verdictShapes.set(key, (s = this.verdictShapes.size + 1));
    return s;
  }

  /**
   * What of the account decides its outcome on one resource's policy, as a string; '' when the policy may give it
   * nothing more than it gives an account it does not name. The bindings that name the account itself (by their place
   * in the policy, not by its name: accounts bound together share it), and the groups and principal sets of roles that may grant that hold it or may.
   */
  private verdictInputs(resource: string, view: AccountView): string {
    const pol = this.inv.policies[resource];
    if (!pol || pol.status !== 'ok') return '';
    const idx = this.policyIndex(resource, pol.value.bindings);
    let key = '';
    const own = idx.accounts.get(view.email);
    if (own) for (const o of own) key += `s${o.bindingIndex}\u0001`;
    for (const g of idx.groups.keys()) {
      const m = this.membership(view, g);
      if (m.kind === 'member') key += `g${g}\u0001`;
      else if (m.kind === 'undecided') key += `u${g}${undecidedKey(m)}\u0001`;
    }
    for (const set of idx.sets.keys()) {
      const m = this.setMembership(view, set);
      if (m.kind === 'match') key += `p${set}\u0001`;
      else if (m.kind === 'undecided') key += `q${set}${undecidedKey(m)}\u0001`;
    }
    return key;
  }

  /**
   * The effective allow of the account on `repo`. Not cached: the caller keeps what it needs. When no policy of
   * the chain names the account, the analysis shares the chain's base lists (treat analyses as immutable); the
   * parent chain's lists for an account it names are kept in the view, per project.
   */
  analyzeFor(view: AccountView, repo: Repository): IamAnalysis {
    const chain = this.chain(repo);
    let lists = chain.base;
    if (view.named.size) {
      const namedRepo = view.named.has(repo.name);
      const parent = this.parentFor(chain.parent, view);
      if (namedRepo || parent !== chain.parent.base) {
        const repoMatch = this.matchResource(repo.name, namedRepo ? view : null, true);
        lists = this.join(repoMatch, chain.parent, parent);
      }
    }
    const a: IamAnalysis = {
      serviceAccount: view.email,
      repository: repo.name,
      public: lists.public,
      grants: lists.grants,
      conditional: lists.conditional,
      undecided: lists.undecided,
      holes: lists.holes,
      resources: chain.resources,
      deleted: view.deleted,
      ignoredBecauseDeleted: [],
      boundWithoutPermission: lists.boundWithoutPermission,
      inert: lists.inert,
    };
    if (view.deleted) {
      // A deleted account cannot get a token and its bindings became deleted:serviceAccount:...: nothing matches it.
      a.ignoredBecauseDeleted = [...a.grants, ...a.conditional];
      a.grants = [];
      a.conditional = [];
      a.undecided = [];
      a.holes = [];
      a.boundWithoutPermission = [];
      a.inert = [];
    }
    return a;
  }

  /** The effective allow of `email` on `repo` (builds a fresh view: for one-off questions). */
  analyze(email: string, repo: Repository): IamAnalysis {
    return this.analyzeFor(this.account(email), repo);
  }
}

/** The scan's time: when the inventory was collected, else now. */
function scanTime(inv: Inventory): Date {
  const t = Date.parse(inv.collectedAt);
  return Number.isFinite(t) ? new Date(t) : new Date();
}

/** Basic roles that contain the permission among much else (least-privilege finding). */
export const BASIC_ROLES = new Set(['roles/editor', 'roles/owner']);

/** True when every unconditional grant is roles/editor or roles/owner. */
export function onlyThroughBasicRoles(a: IamAnalysis): boolean {
  return !a.public && a.grants.length > 0 && a.grants.every((g) => BASIC_ROLES.has(g.role));
}
