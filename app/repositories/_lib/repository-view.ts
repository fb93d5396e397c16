/** Plain view models of repositories and the IAM bindings that grant downloads from them. */
import type { Condition, Gap, Inventory, Repository } from '@/lib/inventory/types';
import type { Report } from '@/lib/readiness/types';
import { DOWNLOAD_PERMISSION, isCustomRole, predefinedRoleGrantsDownload } from '@/lib/inventory/predefined-roles';
import { countVerdicts, gapById, pairsBy, type VerdictCounts } from '@/app/clusters/_lib/cluster-view';

/** Where a policy sits relative to the repository. */
export type PolicyLevel = 'repository' | 'project' | 'folder' | 'organization';

/** Whether a role contains the download permission: yes, no, or unknown (newer than the bundled data, or unreadable). */
export type RoleGrant = { grants: true; source: 'predefined' | 'custom' | 'looked-up' } | { grants: false } | { grants: 'unknown'; reason: string };

/** Resolves a role through the bundled predefined-role data, then the roles the scan looked up. */
export function roleGrantsDownload(inv: Inventory, role: string): RoleGrant {
  if (!isCustomRole(role)) {
    const p = predefinedRoleGrantsDownload(role);
    if (p === true) return { grants: true, source: 'predefined' };
    if (p === false) return { grants: false };
  }
  const r = inv.roles[role];
  if (!r) return { grants: 'unknown', reason: `the role ${role} was not looked up` };
  if (r.status === 'not-found') return { grants: false };
  if (r.status === 'gap') return { grants: 'unknown', reason: `the role ${role} could not be read (needs iam.roles.get)` };
  return r.value.includedPermissions.includes(DOWNLOAD_PERMISSION) ? { grants: true, source: isCustomRole(role) ? 'custom' : 'looked-up' } : { grants: false };
}

/** One member of one binding that grants (or may grant) the download. */
export interface GrantRow {
  level: PolicyLevel;
  resource: string;
  resourceLabel: string;
  role: string;
  member: string;
  condition: Condition | null;
  grants: RoleGrant;
  /** allUsers on the repository's own policy. */
  public: boolean;
  /** deleted:… members grant nothing. */
  deletedMember: boolean;
}

/** A policy in the repository's chain that the scan could not read (or never read). */
export interface PolicyHole {
  level: PolicyLevel;
  resource: string;
  resourceLabel: string;
  gap: Gap | null;
  message: string;
}

/** Everything the Repositories pages show about one repository. */
export interface RepositoryView {
  name: string;
  id: string;
  project: string;
  location: string;
  format: string;
  mode: string | null;
  description: string | null;
  registryUri: string | null;
  docker: boolean;
  public: boolean;
  grants: GrantRow[];
  holes: PolicyHole[];
  counts: VerdictCounts;
  href: string;
}

/** The drill-down URL of a repository. */
export function repositoryHref(r: Pick<Repository, 'project' | 'location' | 'id'>): string {
  return `/repositories/${encodeURIComponent(r.project)}/${encodeURIComponent(r.location)}/${encodeURIComponent(r.id)}`;
}

/** A readable label for a resource name (folder and organization display names when known). */
export function resourceLabel(inv: Inventory, resource: string): string {
  if (resource.startsWith('folders/')) {
    const f = inv.folders.find((x) => x.name === resource);
    return f?.displayName ? `folder ${f.displayName} (${resource})` : `folder ${resource}`;
  }
  if (resource.startsWith('organizations/')) {
    const o = inv.organizations.find((x) => x.name === resource);
    return o?.displayName ? `organization ${o.displayName} (${resource})` : `organization ${resource}`;
  }
  if (resource.startsWith('projects/') && !resource.includes('/repositories/')) return `project ${resource.slice('projects/'.length)}`;
  const m = /^projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([^/]+)$/.exec(resource);
  return m ? `repository ${m[3]} (${m[1]}, ${m[2]})` : resource;
}

/** The policies that decide who may download from a repository: its own, its project's, then every ancestor's. */
export function policyChain(inv: Inventory, repo: Repository): { chain: { level: PolicyLevel; resource: string }[]; ancestryHole: PolicyHole | null } {
  const chain: { level: PolicyLevel; resource: string }[] = [
    { level: 'repository', resource: repo.name },
    { level: 'project', resource: `projects/${repo.project}` },
  ];
  let ancestryHole: PolicyHole | null = null;
  const project = inv.projects.find((p) => p.id === repo.project);
  if (project?.ancestry.status === 'ok') {
    for (const a of project.ancestry.value) {
      if (a.startsWith('folders/')) chain.push({ level: 'folder', resource: a });
      else if (a.startsWith('organizations/')) chain.push({ level: 'organization', resource: a });
    }
  } else {
    const gap = project?.ancestry.status === 'gap' ? gapById(inv, project.ancestry.gapId) : null;
    ancestryHole = {
      level: 'folder',
      resource: `projects/${repo.project}`,
      resourceLabel: `ancestors of project ${repo.project}`,
      gap,
      message: project
        ? `The folders and organization above project ${repo.project} could not be read${gap?.permission ? ` (needs ${gap.permission})` : ''}.`
        : `Project ${repo.project} is outside the scan, so its folders and organization were not read.`,
    };
  }
  return { chain, ancestryHole };
}

/** Lists every member of every binding that grants (or may grant) the download, and every unreadable policy. */
export function downloadGrants(inv: Inventory, repo: Repository): { grants: GrantRow[]; holes: PolicyHole[] } {
  const { chain, ancestryHole } = policyChain(inv, repo);
  const grants: GrantRow[] = [];
  const holes: PolicyHole[] = ancestryHole ? [ancestryHole] : [];
  for (const { level, resource } of chain) {
    const label = resourceLabel(inv, resource);
    const policy = inv.policies[resource];
    if (!policy) {
      holes.push({ level, resource, resourceLabel: label, gap: null, message: `The IAM policy of ${label} was not read in this scan.` });
      continue;
    }
    if (policy.status === 'gap') {
      const gap = gapById(inv, policy.gapId);
      holes.push({
        level,
        resource,
        resourceLabel: label,
        gap,
        message: `The IAM policy of ${label} could not be read${gap?.permission ? `: grant the auditor ${gap.permission} to see it` : ''}.`,
      });
      continue;
    }
    for (const b of policy.value.bindings) {
      const g = roleGrantsDownload(inv, b.role);
      if (g.grants === false) continue;
      for (const member of b.members) {
        grants.push({
          level,
          resource,
          resourceLabel: label,
          role: b.role,
          member,
          condition: b.condition,
          grants: g,
          public: level === 'repository' && member === 'allUsers' && g.grants === true,
          deletedMember: member.startsWith('deleted:'),
        });
      }
    }
  }
  return { grants, holes };
}

/** Builds one repository's view. */
export function buildRepositoryView(inv: Inventory, report: Report, repo: Repository, byRepo?: Map<string, Report['pairs']>): RepositoryView {
  const docker = repo.format.toUpperCase() === 'DOCKER';
  const { grants, holes } = docker ? downloadGrants(inv, repo) : { grants: [], holes: [] };
  const pairs = (byRepo ?? pairsBy(report, 'repository')).get(repo.name) ?? [];
  return {
    name: repo.name,
    id: repo.id,
    project: repo.project,
    location: repo.location,
    format: repo.format,
    mode: repo.mode,
    description: repo.description,
    registryUri: repo.registryUri,
    docker,
    public: grants.some((g) => g.public && !g.condition),
    grants,
    holes,
    counts: countVerdicts(pairs),
    href: repositoryHref(repo),
  };
}

/** Builds the view of every repository, Docker first, sorted by project, location and id. */
export function buildRepositoryViews(inv: Inventory, report: Report): RepositoryView[] {
  const byRepo = pairsBy(report, 'repository');
  return [...inv.repositories]
    .sort((a, b) => a.project.localeCompare(b.project) || a.location.localeCompare(b.location) || a.id.localeCompare(b.id))
    .map((r) => buildRepositoryView(inv, report, r, byRepo));
}

/** The Repositories page filters, as they appear in the URL. */
export interface RepositoryFilters {
  project: string | null;
  format: string | null;
  q: string | null;
}

/** Reads the filters from URL search params. */
export function readRepositoryFilters(sp: Record<string, string | string[] | undefined>): RepositoryFilters {
  const one = (k: string) => {
    const v = sp[k];
    const s = (Array.isArray(v) ? v[0] : v)?.trim();
    return s ? s : null;
  };
  return { project: one('project'), format: one('format')?.toUpperCase() ?? null, q: one('q') };
}

/** Keeps the repositories matching every filter; the search matches id, name, location, project, granted members and their roles ("roles/owner" finds the repositories Owner reaches). */
export function filterRepositories(views: RepositoryView[], f: RepositoryFilters): RepositoryView[] {
  const q = f.q?.toLowerCase() ?? null;
  return views.filter((r) => {
    if (f.project && r.project !== f.project) return false;
    if (f.format && r.format.toUpperCase() !== f.format) return false;
    if (!q) return true;
    return [r.id, r.name, r.location, r.project, ...r.grants.flatMap((g) => [g.member, g.role])].join(' ').toLowerCase().includes(q);
  });
}

/** Readable repository mode: "standard", "remote", "virtual". */
export function modeLabel(mode: string | null): string {
  if (!mode) return 'standard';
  return mode.replace(/_REPOSITORY$/, '').toLowerCase();
}
