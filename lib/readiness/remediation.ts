/** Shared pieces of remediation text: real names filled into gcloud commands and Terraform snippets. */
import type { NodePool, Repository } from '../inventory/types';

/** The cluster's short name from a pool or cluster resource name. */
export function clusterShortName(clusterName: string): string {
  const m = /\/clusters\/([^/]+)/.exec(clusterName);
  return m ? m[1] : clusterName;
}

/** Standard flags naming a pool's cluster: `--cluster=C --location=L --project=P`. */
export function clusterFlags(pool: Pick<NodePool, 'cluster' | 'location' | 'project'>): string {
  return `--cluster=${clusterShortName(pool.cluster)} --location=${pool.location} --project=${pool.project}`;
}

/**
 * The repository-dependent parts of the reader grant, built once per repository: these strings are made for every
 * service account × repository the engine judges, so only the account's email is joined in per call.
 */
const readerGrantParts = new WeakMap<Repository, { gcloud: string; terraform: string }>();

function grantParts(repo: Repository): { gcloud: string; terraform: string } {
  let parts = readerGrantParts.get(repo);
  if (!parts) {
    const label = `${repo.id}_reader`.replace(/[^A-Za-z0-9_]/g, '_');
    parts = {
      gcloud: `gcloud artifacts repositories add-iam-policy-binding ${repo.id} --project=${repo.project} --location=${repo.location} --member=serviceAccount:`,
      terraform: [
        `resource "google_artifact_registry_repository_iam_member" "${label}" {`,
        `  project    = "${repo.project}"`,
        `  location   = "${repo.location}"`,
        `  repository = "${repo.id}"`,
        `  role       = "roles/artifactregistry.reader"`,
        `  member     = "serviceAccount:`,
      ].join('\n'),
    };
    readerGrantParts.set(repo, parts);
  }
  return parts;
}

/** The narrowest grant that lets `email` pull from `repo` (§5): reader on the repository. */
export function readerGrantCommand(repo: Repository, email: string): string {
  return `${grantParts(repo).gcloud}${email} --role=roles/artifactregistry.reader`;
}

/** Terraform for the same grant. */
export function readerGrantTerraform(repo: Repository, email: string): string {
  return `${grantParts(repo).terraform}${email}"\n}`;
}

/** Creating a replacement node pool: the only way to change a pool's service account or scopes. */
export function newNodePoolCommand(pool: NodePool, serviceAccount: string, scopes: string): string {
  return (
    `gcloud container node-pools create ${pool.shortName}-v2 ${clusterFlags(pool)} ` +
    `--service-account=${serviceAccount} --scopes=${scopes}`
  );
}

/** Terraform for a replacement node pool. */
export function newNodePoolTerraform(pool: NodePool, serviceAccount: string, scopes: string[]): string {
  const label = `${pool.shortName}_v2`.replace(/[^A-Za-z0-9_]/g, '_');
  return [
    `resource "google_container_node_pool" "${label}" {`,
    `  name     = "${pool.shortName}-v2"`,
    `  project  = "${pool.project}"`,
    `  location = "${pool.location}"`,
    `  cluster  = "${clusterShortName(pool.cluster)}"`,
    `  node_config {`,
    `    service_account = "${serviceAccount}"`,
    `    oauth_scopes    = [${scopes.map((s) => `"${s}"`).join(', ')}]`,
    `  }`,
    `}`,
  ].join('\n');
}

/** Shown wherever a fix involves scopes. */
export const SCOPES_WARNING =
  'Access scopes cannot be changed on an existing node pool: create a new node pool, move the workloads, then delete the old pool.';

/** Placeholder for the identity that runs Pullcheck (the engine does not know it). */
export const AUDITOR = 'user:AUDITOR_EMAIL';

/** "node pool NP of cluster C (project P, location L)" for messages. */
export function poolLabel(pool: Pick<NodePool, 'shortName' | 'cluster' | 'project' | 'location'>): string {
  return `node pool ${pool.shortName} of cluster ${clusterShortName(pool.cluster)} (project ${pool.project}, ${pool.location})`;
}

/** The project a service account lives in, from its email; the default compute account lives in the cluster's project. */
export function serviceAccountProject(email: string, fallbackProject: string): string {
  const m = /@([^.@]+)\.iam\.gserviceaccount\.com$/.exec(email);
  return m ? m[1] : fallbackProject;
}

/** `gcloud ... add-iam-policy-binding` / `remove-iam-policy-binding` for a repository, project, folder or organization. */
export function iamBindingCommand(verb: 'add' | 'remove', resource: string, member: string, role: string): string {
  const repo = /^projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([^/]+)$/.exec(resource);
  const tail = `--member=${member} --role=${role}`;
  if (repo) return `gcloud artifacts repositories ${verb}-iam-policy-binding ${repo[3]} --project=${repo[1]} --location=${repo[2]} ${tail}`;
  const [kind, id] = resource.split('/');
  if (kind === 'folders') return `gcloud resource-manager folders ${verb}-iam-policy-binding ${id} ${tail}`;
  if (kind === 'organizations') return `gcloud organizations ${verb}-iam-policy-binding ${id} ${tail}`;
  return `gcloud projects ${verb}-iam-policy-binding ${id} ${tail}`;
}

/**
 * Predefined roles that really contain a read permission the auditor may lack (readiness-rules.md §9), best
 * first. roles/browser holds resourcemanager.{projects,folders}.{get,list}, organizations.get and
 * projects.getIamPolicy, but NOT folders.getIamPolicy or organizations.getIamPolicy. Empty when unknown.
 */
export function rolesWithReadPermission(permission: string): string[] {
  // Undecided bindings may qualify the permission: "iam.roles.get (organization)".
  const p = permission.split(' ')[0];
  switch (p) {
    case 'artifactregistry.repositories.getIamPolicy':
      return ['roles/iam.securityReviewer', 'roles/artifactregistry.repoAdmin', 'roles/artifactregistry.admin'];
    case 'resourcemanager.projects.getIamPolicy':
      return ['roles/iam.securityReviewer', 'roles/browser'];
    case 'resourcemanager.folders.getIamPolicy':
    case 'resourcemanager.organizations.getIamPolicy':
      return ['roles/iam.securityReviewer'];
    case 'resourcemanager.projects.get':
    case 'resourcemanager.projects.list':
    case 'resourcemanager.folders.get':
    case 'resourcemanager.folders.list':
    case 'resourcemanager.organizations.get':
      return ['roles/browser'];
    case 'iam.roles.get':
    case 'iam.roles.list':
      return ['roles/iam.roleViewer', 'roles/iam.securityReviewer'];
  }
  if (p.endsWith('.getIamPolicy')) return ['roles/iam.securityReviewer'];
  return [];
}

/** "A", "A or B", "A, B or C". */
export function orList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** "A", "A and B", "A, B and C". */
export function andList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
