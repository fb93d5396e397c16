/** Does a service account hold artifactregistry.repositories.downloadArtifacts on a repository? (readiness-rules.md §5) */
import { DOWNLOAD_PERMISSION, isCustomRole, predefinedRoleGrantsDownload } from '../inventory/predefined-roles';
import type { Binding, Condition, Gap, Inventory, Project, Repository } from '../inventory/types';

/** Whether a role contains the download permission; `unknown` when its permissions could not be read. */
export type RoleGrant = { kind: 'grants' } | { kind: 'no' } | { kind: 'unknown'; gapId: string | null };

/** A binding that grants (or, when conditional, might grant) the download to the service account. */
export interface Grant {
  resource: string;
  role: string;
  member: string;
  via: 'service-account' | 'group' | 'all-authenticated-users' | 'all-users';
  /** For `group`: the chain of groups from the bound group down to the one that holds the account. */
  groupPath?: string[];
  condition: Condition | null;
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
  reason: 'group-unreadable' | 'group-not-found' | 'role-unreadable';
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
  /** An unconditional `allUsers` grant on the repository's own policy: the repository is public (§5.1). */
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
}

type MemberMatch =
  | { kind: 'match'; via: Grant['via']; groupPath?: string[] }
  | { kind: 'no' }
  | { kind: 'undecided'; groups: string[]; notFound: string[]; gapIds: string[] };

type GroupMembership =
  | { kind: 'member'; path: string[] }
  | { kind: 'not-member' }
  | { kind: 'undecided'; groups: string[]; notFound: string[]; gapIds: string[] };

interface ResourceMatch {
  grants: Grant[];
  conditional: Grant[];
  undecided: UndecidedGrant[];
  hole: PolicyHole | null;
  public: Grant | null;
  boundWithoutPermission: BoundWithoutPermission[];
}

interface RelevantBinding {
  binding: Binding;
  role: RoleGrant;
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

/** Resolves effective permissions with per-inventory caches (roles, groups, per-account matches per resource). */
export class IamResolver {
  private readonly roleCache = new Map<string, RoleGrant>();
  private readonly relevantCache = new Map<string, RelevantBinding[]>();
  private readonly matchCache = new Map<string, ResourceMatch>();
  private readonly groupCache = new Map<string, GroupMembership>();
  private readonly analysisCache = new Map<string, IamAnalysis>();
  private readonly gaps: Map<string, Gap>;
  private readonly projects: Map<string, Project>;

  constructor(private readonly inv: Inventory) {
    this.gaps = new Map(inv.gaps.map((g) => [g.id, g]));
    this.projects = new Map(inv.projects.map((p) => [p.id, p]));
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
        else r = found.value.includedPermissions.includes(DOWNLOAD_PERMISSION) ? { kind: 'grants' } : { kind: 'no' };
      }
      this.roleCache.set(role, r);
    }
    return r;
  }

  /** Is `email` a member of `group`, directly or through nested groups? Unreadable groups leave it undecided. */
  groupMembership(group: string, email: string): GroupMembership {
    const key = `${group}\n${email}`;
    let r = this.groupCache.get(key);
    if (!r) {
      r = this.resolveGroup(group, email, new Set());
      this.groupCache.set(key, r);
    }
    return r;
  }

  private resolveGroup(group: string, email: string, visiting: Set<string>): GroupMembership {
    if (visiting.has(group)) return { kind: 'not-member' };
    const g = this.inv.groups[group];
    if (!g || g.status !== 'ok') {
      const gapId = g?.gapId;
      return { kind: 'undecided', groups: [group], notFound: g?.status === 'not-found' ? [group] : [], gapIds: gapId ? [gapId] : [] };
    }
    if (g.value.members.some((m) => m.id === email)) return { kind: 'member', path: [group] };
    visiting.add(group);
    const groups: string[] = [];
    const notFound: string[] = [];
    const gapIds: string[] = [];
    for (const m of g.value.members) {
      if (m.type !== 'GROUP') continue;
      const sub = this.resolveGroup(m.id, email, visiting);
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

  private matchMember(member: string, email: string, onRepository: boolean): MemberMatch {
    const colon = member.indexOf(':');
    const kind = colon < 0 ? member : member.slice(0, colon);
    const id = colon < 0 ? '' : member.slice(colon + 1).toLowerCase();
    switch (kind) {
      case 'serviceAccount':
        return id === email ? { kind: 'match', via: 'service-account' } : { kind: 'no' };
      case 'allUsers':
        // Only a repository's own policy can make it public: projects, folders and organizations reject allUsers.
        return onRepository ? { kind: 'match', via: 'all-users' } : { kind: 'no' };
      case 'allAuthenticatedUsers':
        return { kind: 'match', via: 'all-authenticated-users' };
      case 'group': {
        const m = this.groupMembership(id, email);
        if (m.kind === 'member') return { kind: 'match', via: 'group', groupPath: m.path };
        if (m.kind === 'undecided') return { kind: 'undecided', groups: m.groups, notFound: m.notFound, gapIds: m.gapIds };
        return { kind: 'no' };
      }
      // deleted:serviceAccount:..., domain:, user:, principal://... never hold a node service account.
      default:
        return { kind: 'no' };
    }
  }

  private relevant(resource: string, bindings: Binding[]): RelevantBinding[] {
    let r = this.relevantCache.get(resource);
    if (!r) {
      r = [];
      for (const b of bindings) {
        const role = this.roleGrant(b.role);
        if (role.kind !== 'no') r.push({ binding: b, role });
      }
      this.relevantCache.set(resource, r);
    }
    return r;
  }

  /** What one resource's policy gives one service account (cached per resource × account). */
  matchResource(resource: string, email: string, onRepository: boolean): ResourceMatch {
    const key = `${resource}\n${email}`;
    const cached = this.matchCache.get(key);
    if (cached) return cached;
    const out: ResourceMatch = { grants: [], conditional: [], undecided: [], hole: null, public: null, boundWithoutPermission: [] };
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
      for (const { binding, role } of this.relevant(resource, pol.value.bindings)) {
        for (const member of binding.members) {
          const m = this.matchMember(member, email, onRepository);
          if (m.kind === 'no') continue;
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
            if (binding.condition) out.conditional.push(g);
            else if (m.via === 'all-users') out.public ??= g;
            else out.grants.push(g);
          }
        }
      }
      out.boundWithoutPermission = this.nearMisses(resource, pol.value.bindings, email);
    }
    this.matchCache.set(key, out);
    return out;
  }

  /**
   * Roles without the permission that the account holds on one resource, directly or through a group whose
   * members were read (groups bound only to such roles are not resolved, so those stay out of the list).
   */
  private nearMisses(resource: string, bindings: Binding[], email: string): BoundWithoutPermission[] {
    const out: BoundWithoutPermission[] = [];
    const seen = new Set<string>();
    for (const b of bindings) {
      if (this.roleGrant(b.role).kind !== 'no') continue;
      for (const member of b.members) {
        const kind = member.slice(0, member.indexOf(':'));
        if (kind !== 'serviceAccount' && kind !== 'group') continue;
        const m = this.matchMember(member, email, false);
        if (m.kind !== 'match' || seen.has(b.role)) continue;
        seen.add(b.role);
        const x: BoundWithoutPermission = { resource, role: b.role, member };
        if (m.groupPath) x.groupPath = m.groupPath;
        out.push(x);
      }
    }
    return out;
  }

  /** Resources whose policies make up a repository's effective allow, plus holes in the ancestry. */
  private chain(repo: Repository): { resources: string[]; holes: PolicyHole[] } {
    const resources = [repo.name, `projects/${repo.project}`];
    const holes: PolicyHole[] = [];
    const project = this.projects.get(repo.project);
    if (!project) {
      holes.push({ resource: `projects/${repo.project}`, reason: 'ancestry-unreadable', gapId: null, permission: 'resourcemanager.projects.get' });
    } else if (project.ancestry.status === 'gap') {
      const gapId = project.ancestry.gapId;
      holes.push({
        resource: `projects/${repo.project}`,
        reason: 'ancestry-unreadable',
        gapId,
        permission: this.gap(gapId)?.permission ?? 'resourcemanager.projects.get',
      });
    } else {
      resources.push(...project.ancestry.value);
    }
    return { resources, holes };
  }

  /** The effective allow of `email` on `repo` (cached per account × repository). */
  analyze(email: string, repo: Repository): IamAnalysis {
    const key = `${email}\n${repo.name}`;
    const cached = this.analysisCache.get(key);
    if (cached) return cached;
    const sa = this.inv.serviceAccounts[email];
    const deleted = sa?.status === 'not-found';
    const { resources, holes } = this.chain(repo);
    const a: IamAnalysis = {
      serviceAccount: email,
      repository: repo.name,
      public: null,
      grants: [],
      conditional: [],
      undecided: [],
      holes: [...holes],
      resources,
      deleted,
      ignoredBecauseDeleted: [],
      boundWithoutPermission: [],
    };
    for (const resource of resources) {
      const m = this.matchResource(resource, email, resource === repo.name);
      if (m.public) a.public = m.public;
      a.grants.push(...m.grants);
      a.conditional.push(...m.conditional);
      a.undecided.push(...m.undecided);
      a.boundWithoutPermission.push(...m.boundWithoutPermission);
      if (m.hole) a.holes.push(m.hole);
    }
    if (deleted) {
      // A deleted account cannot get a token and its bindings became deleted:serviceAccount:...: nothing matches it.
      a.ignoredBecauseDeleted = [...a.grants, ...a.conditional];
      a.grants = [];
      a.conditional = [];
      a.undecided = [];
      a.holes = [];
      a.boundWithoutPermission = [];
    }
    this.analysisCache.set(key, a);
    return a;
  }
}

/** Basic roles that contain the permission among much else (least-privilege finding). */
export const BASIC_ROLES = new Set(['roles/editor', 'roles/owner']);

/** True when every unconditional grant is roles/editor or roles/owner. */
export function onlyThroughBasicRoles(a: IamAnalysis): boolean {
  return !a.public && a.grants.length > 0 && a.grants.every((g) => BASIC_ROLES.has(g.role));
}
