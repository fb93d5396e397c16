/**
 * "Who can pull from this repository?": every principal holding a downloading role on the repository, its project,
 * folders or organization, with groups resolved to their members (directly or through nested groups), and
 * "what can this service account pull?": every repository it can pull from, through which binding at which level.
 */
import type { Condition, Inventory, Repository } from '../inventory/types';
import { IamResolver, type Grant } from '../readiness/iam';
import { parseMember } from './findings/members';
import { grantRiskText } from './risk';

export type Level = 'repository' | 'project' | 'folder' | 'organization';
export type MemberType = 'user' | 'serviceAccount' | 'group' | 'domain' | 'allUsers' | 'allAuthenticatedUsers' | 'principalSet' | 'deleted' | 'other';

export interface PullPrincipal {
  /** The principal as IAM writes it (user:..., serviceAccount:..., allUsers, ...). */
  principal: string;
  type: MemberType;
  level: Level;
  resource: string;
  role: string;
  /** The bound member when the principal holds it through a group: the chain from the bound group down. */
  groupPath: string[];
  condition: Condition | null;
  /** The role is unknown to Pullcheck (unreadable custom role): may grant. */
  roleUnknown: boolean;
  /** A group whose members could not be read (the principal is then the group itself). */
  unresolved: boolean;
  risk: string | null;
}

export function levelOf(resource: string): Level {
  if (resource.includes('/repositories/')) return 'repository';
  if (resource.startsWith('folders/')) return 'folder';
  if (resource.startsWith('organizations/')) return 'organization';
  return 'project';
}

export function memberType(member: string): MemberType {
  if (member.startsWith('deleted:')) return 'deleted';
  const { kind } = parseMember(member);
  const known: MemberType[] = ['user', 'serviceAccount', 'group', 'domain', 'allUsers', 'allAuthenticatedUsers', 'principalSet'];
  return (known as string[]).includes(kind) ? (kind as MemberType) : 'other';
}

/** The resources whose policies decide downloads from a repository: itself, its project, then its ancestors. */
export function policyChain(inv: Inventory, repo: Repository): string[] {
  const p = inv.projects.find((x) => x.id === repo.project);
  return [repo.name, `projects/${repo.project}`, ...(p?.ancestry.status === 'ok' ? p.ancestry.value : [])];
}

const MAX_ROWS = 5_000;

/** Every principal that can download from `repo`, groups expanded (bounded: at most 5,000 rows). */
export function whoCanPull(inv: Inventory, repo: Repository, iam = new IamResolver(inv)): PullPrincipal[] {
  const out: PullPrincipal[] = [];
  for (const resource of policyChain(inv, repo)) {
    const pol = inv.policies[resource];
    if (!pol || pol.status !== 'ok') continue;
    const level = levelOf(resource);
    for (const b of pol.value.bindings) {
      const g = iam.roleGrant(b.role);
      if (g.kind === 'no' || g.kind === 'inert') continue;
      for (const member of b.members) {
        const type = memberType(member);
        const base = { level, resource, role: b.role, condition: b.condition, roleUnknown: g.kind === 'unknown' };
        if (type === 'allUsers' && level !== 'repository') continue;
        if (type === 'group') {
          const expanded = expandGroup(inv, parseMember(member).id);
          out.push({ ...base, principal: member, type, groupPath: [], unresolved: expanded.unresolved.length > 0, risk: grantRiskText(b.role, member) });
          for (const m of expanded.members) {
            out.push({ ...base, principal: m.principal, type: memberType(m.principal), groupPath: m.path, unresolved: false, risk: grantRiskText(b.role, m.principal) });
          }
        } else {
          out.push({ ...base, principal: member, type, groupPath: [], unresolved: false, risk: grantRiskText(b.role, member) });
        }
        if (out.length >= MAX_ROWS) return out;
      }
    }
  }
  return out;
}

/** A group's members, nested groups resolved (each member once, with the path to it), and the groups that could not be read. */
export function expandGroup(inv: Inventory, group: string): { members: { principal: string; path: string[] }[]; unresolved: string[] } {
  const members: { principal: string; path: string[] }[] = [];
  const unresolved: string[] = [];
  const seen = new Set<string>();
  const queue: { id: string; path: string[] }[] = [{ id: group, path: [group] }];
  while (queue.length && members.length < MAX_ROWS) {
    const { id, path } = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const g = inv.groups[id];
    if (!g || g.status !== 'ok') {
      unresolved.push(id);
      continue;
    }
    for (const m of g.value.members) {
      if (m.type === 'GROUP') queue.push({ id: m.id, path: [...path, m.id] });
      else members.push({ principal: `${m.type === 'SERVICE_ACCOUNT' ? 'serviceAccount' : 'user'}:${m.id}`, path });
    }
  }
  return { members, unresolved };
}

export interface PullFilter {
  role?: string | null;
  type?: string | null;
  level?: string | null;
}

export function filterPrincipals(rows: PullPrincipal[], f: PullFilter): PullPrincipal[] {
  return rows.filter((r) => (!f.role || r.role === f.role) && (!f.type || r.type === f.type) && (!f.level || r.level === f.level));
}

/** One repository a service account can pull from, and every grant that lets it. */
export interface AccountAccess {
  repository: string;
  public: boolean;
  grants: Grant[];
}

/** Every Docker repository a service account holds the download on (unconditional grants or a public repository). */
export function accountAccess(inv: Inventory, email: string, iam = new IamResolver(inv)): AccountAccess[] {
  const view = iam.account(email);
  const out: AccountAccess[] = [];
  for (const repo of inv.repositories) {
    if (repo.format.toUpperCase() !== 'DOCKER') continue;
    const a = iam.analyzeFor(view, repo);
    if (a.grants.length || a.public) out.push({ repository: repo.name, public: a.public !== null, grants: a.grants });
  }
  return out;
}
