/** Shared pieces of remediation text: real names filled into gcloud commands and Terraform snippets. */
import type { Cluster, NodePool, Repository } from '../inventory/types';
import { command, resourceName, terraformResource, v, type Built, type Checked, type Word } from '../safe/command';
import { isValid, refusalSentence, type Refusal } from '../safe/formats';
import { hclString, shellQuote } from '../safe/quote';
import type { Remediation } from './types';

/** The cluster's short name from a pool or cluster resource name. */
export function clusterShortName(clusterName: string): string {
  const m = /\/clusters\/([^/]+)/.exec(clusterName);
  return m ? m[1] : clusterName;
}

/** Standard flags naming a pool's cluster: `--cluster=C --location=L --project=P`, as checked words. */
export function clusterFlags(pool: Pick<NodePool, 'cluster' | 'location' | 'project'>): Word[] {
  return [
    ['--cluster=', v('clusterName', clusterShortName(pool.cluster))],
    ['--location=', v('location', pool.location)],
    ['--project=', v('projectId', pool.project)],
  ];
}

/**
 * A remediation whose command and Terraform were built from checked values: when any value does not match
 * Google's format, neither is printed, and the steps end with a sentence naming the values and what to do by hand.
 */
export function remedy(base: Omit<Remediation, 'gcloud' | 'terraform'>, gcloud?: Built, terraform?: Built): Remediation {
  const refusals = [...(gcloud && !gcloud.ok ? gcloud.refusals : []), ...(terraform && !terraform.ok ? terraform.refusals : [])];
  if (refusals.length) return { ...base, steps: [...base.steps, refusalSentence(refusals)] };
  return {
    ...base,
    ...(gcloud?.ok ? { gcloud: gcloud.text } : {}),
    ...(terraform?.ok ? { terraform: terraform.text } : {}),
  };
}

/** The text of a built command, or undefined when a value was refused. */
function textOf(b: Built): string | undefined {
  return b.ok ? b.text : undefined;
}

const READER = 'roles/artifactregistry.reader';

/**
 * The repository-dependent parts of the reader grant, checked and quoted once per repository: the engine asks for
 * them for every service account × repository it judges, so only the account's email is checked and joined per call.
 */
interface GrantParts {
  refusals: Refusal[];
  gcloud: string;
  terraformHead: string;
  terraformTail: string;
}
const readerGrantParts = new WeakMap<Repository, GrantParts>();

function grantParts(repo: Repository): GrantParts {
  let parts = readerGrantParts.get(repo);
  if (!parts) {
    const head = command(['gcloud', 'artifacts', 'repositories', 'add-iam-policy-binding', v('repositoryId', repo.id), ['--project=', v('projectId', repo.project)], ['--location=', v('location', repo.location)]]);
    const tf = terraformResource('google_artifact_registry_repository_iam_member', 'x', [
      { attr: 'project', value: v('projectId', repo.project) },
      { attr: 'location', value: v('location', repo.location) },
      { attr: 'repository', value: v('repositoryId', repo.id) },
      { attr: 'role', value: { literal: READER } },
      { attr: 'member', value: { literal: '' } },
    ]);
    const refusals = [...(head.ok ? [] : head.refusals), ...(tf.ok ? [] : tf.refusals)];
    const tfText = tf.ok ? tf.text : '';
    // Everything before the resource name, and everything after it up to the member's value.
    const nameAt = tfText.indexOf('"x"');
    const memberAt = tfText.lastIndexOf('""');
    parts = {
      refusals,
      gcloud: head.ok ? head.text : '',
      terraformHead: tfText.slice(0, nameAt),
      terraformTail: tfText.slice(nameAt + 3, memberAt),
    };
    readerGrantParts.set(repo, parts);
  }
  return parts;
}

/** Whether an email is a valid service account email, remembered because the same few accounts recur on every repository. */
const emailValidity = new Map<string, boolean>();
function validServiceAccount(email: string): boolean {
  let ok = emailValidity.get(email);
  if (ok === undefined) {
    ok = isValid('serviceAccountEmail', email);
    if (emailValidity.size > 10_000) emailValidity.clear();
    emailValidity.set(email, ok);
  }
  return ok;
}

/** The narrowest grant that lets `email` pull from `repo`: reader on the repository, as gcloud and Terraform, or the refusal. */
export function readerGrant(repo: Repository, email: string): { gcloud?: string; terraform?: string; refusals: Refusal[] } {
  const parts = grantParts(repo);
  const refusals = validServiceAccount(email) ? parts.refusals : [...parts.refusals, { kind: 'serviceAccountEmail' as const, value: email }];
  if (refusals.length) return { refusals };
  const member = `serviceAccount:${email}`;
  return {
    gcloud: `${parts.gcloud} ${shellQuote(`--member=${member}`)} --role=${READER}`,
    terraform: `${parts.terraformHead}${hclString(resourceName(`${repo.id}_reader`, `${repo.name}|${member}`))}${parts.terraformTail}${hclString(member)}\n}`,
    refusals,
  };
}

/** A remediation carrying the reader grant (or, when a value is refused, the sentence saying why no command is printed). */
export function readerGrantRemediation(base: Omit<Remediation, 'gcloud' | 'terraform'>, repo: Repository, email: string): Remediation {
  const g = readerGrant(repo, email);
  if (g.refusals.length) return { ...base, steps: [...base.steps, refusalSentence(g.refusals)] };
  return { ...base, gcloud: g.gcloud, terraform: g.terraform };
}

/** The reader grant as gcloud, undefined when a value is refused. */
export function readerGrantCommand(repo: Repository, email: string): string | undefined {
  return readerGrant(repo, email).gcloud;
}

/** Terraform for the same grant, undefined when a value is refused. */
export function readerGrantTerraform(repo: Repository, email: string): string | undefined {
  return readerGrant(repo, email).terraform;
}

/** The name a replacement node pool gets: the old name with `-v2`. */
function replacementPoolName(pool: NodePool): string {
  return `${pool.shortName}-v2`;
}

/** Creating a replacement node pool: the only way to change a pool's service account or scopes. */
/** `serviceAccount` is a checked email, or a placeholder written in the code (`WORKING_SERVICE_ACCOUNT_EMAIL`). */
export function newNodePoolWords(pool: NodePool, serviceAccount: Checked | string, scopes: string): Word[] {
  return [
    'gcloud', 'container', 'node-pools', 'create', v('nodePoolName', replacementPoolName(pool)), ...clusterFlags(pool),
    ['--service-account=', serviceAccount], `--scopes=${scopes}`,
  ];
}

/** The same as a built command. */
export function newNodePoolBuilt(pool: NodePool, serviceAccount: Checked | string, scopes: string): Built {
  return command(newNodePoolWords(pool, serviceAccount, scopes));
}

/** The replacement node pool command, undefined when a value is refused. */
export function newNodePoolCommand(pool: NodePool, serviceAccount: string, scopes: string): string | undefined {
  return textOf(newNodePoolBuilt(pool, v('serviceAccountEmail', serviceAccount), scopes));
}

/** Terraform for a replacement node pool. */
export function newNodePoolTerraformBuilt(pool: NodePool, serviceAccount: string, scopes: string[]): Built {
  const name = replacementPoolName(pool);
  return terraformResource('google_container_node_pool', resourceName(`${pool.shortName}_v2`, `${pool.name}|v2`), [
    { attr: 'name', value: v('nodePoolName', name) },
    { attr: 'project', value: v('projectId', pool.project) },
    { attr: 'location', value: v('location', pool.location) },
    { attr: 'cluster', value: v('clusterName', clusterShortName(pool.cluster)) },
    {
      block: 'node_config',
      lines: [
        { attr: 'service_account', value: v('serviceAccountEmail', serviceAccount) },
        { attr: 'oauth_scopes', value: scopes.map((s) => ({ literal: s })) },
      ],
    },
  ]);
}

/** Terraform for a replacement node pool, undefined when a value is refused. */
export function newNodePoolTerraform(pool: NodePool, serviceAccount: string, scopes: string[]): string | undefined {
  return textOf(newNodePoolTerraformBuilt(pool, serviceAccount, scopes));
}

/** Shown wherever a fix involves scopes. */
export const SCOPES_WARNING =
  'Access scopes cannot be changed on an existing node pool: create a new node pool, move the workloads, then delete the old pool.';

/** Placeholder for the identity that runs Pullcheck (the engine does not know it). */
export const AUDITOR = 'user:AUDITOR_EMAIL';

/**
 * "node pool NP of cluster C (project P, location L)" for messages; for the pools a cluster creates on demand
 * (`nodePools/-`), "the node pools auto-provisioned in cluster C (...)".
 */
export function poolLabel(pool: Pick<NodePool, 'shortName' | 'cluster' | 'project' | 'location' | 'autoProvisioned'>): string {
  const where = `cluster ${clusterShortName(pool.cluster)} (project ${pool.project}, ${pool.location})`;
  return pool.autoProvisioned ? `the node pools auto-provisioned in ${where}` : `node pool ${pool.shortName} of ${where}`;
}

/** Whether the pool is the one a cluster creates on demand (`nodePools/-`: Autopilot, node auto-provisioning). */
export function isOnDemandPool(pool: Pick<NodePool, 'autoProvisioned'>): boolean {
  return pool.autoProvisioned === true;
}

/** The GKE pages the on-demand remediation rests on. */
const NAP_DOC = 'https://cloud.google.com/kubernetes-engine/docs/how-to/node-auto-provisioning';
const AUTOPILOT_CREATE_DOC = 'https://cloud.google.com/kubernetes-engine/docs/how-to/creating-an-autopilot-cluster';

/**
 * The fix of the identity or scopes of the pools a cluster creates on demand: they come from the cluster's
 * auto-provisioning defaults, never from a node pool, so no `node-pools create` applies.
 * - Standard with node auto-provisioning: `gcloud container clusters update C --enable-autoprovisioning
 *   --autoprovisioning-service-account=SA --autoprovisioning-scopes=...` (GKE "Use node auto-provisioning"); pools it
 *   already created keep their own settings.
 * - Autopilot: the node service account and scopes are given when the cluster is created (`gcloud container clusters
 *   create-auto --service-account --scopes`, GKE "Create an Autopilot cluster"); Google documents no way to change them
 *   on an existing Autopilot cluster, so the command is a new cluster (NEW_CLUSTER_NAME is a placeholder), and the
 *   steps say so rather than print an update gcloud may refuse.
 * `serviceAccount` is a checked email or a placeholder written in the code (`WORKING_SERVICE_ACCOUNT_EMAIL`).
 */
export function onDemandDefaultsRemediation(
  pool: Pick<NodePool, 'cluster' | 'project' | 'location'>,
  cluster: Pick<Cluster, 'autopilot'> | null,
  serviceAccount: Checked | string,
  scopeUrls: string[],
  base: Omit<Remediation, 'gcloud' | 'terraform'>,
): Remediation {
  const c = clusterShortName(pool.cluster);
  const where: Word[] = [['--location=', v('location', pool.location)], ['--project=', v('projectId', pool.project)]];
  const scopes = `${scopeUrls.join(',')}`;
  const docs = [...base.docs, ...(cluster?.autopilot ? [AUTOPILOT_CREATE_DOC] : [NAP_DOC])];
  if (cluster?.autopilot) {
    const steps = [
      ...base.steps,
      `Autopilot takes the node service account and access scopes of cluster ${c} when the cluster is created (gcloud container clusters create-auto --service-account, --scopes; GKE "Create an Autopilot cluster"), and Google documents no way to change them on an existing Autopilot cluster.`,
      'Fix the account itself where that is enough (grant it, enable it or undelete it); otherwise create a new Autopilot cluster with a working service account and scopes, move the workloads, then delete the old cluster.',
    ];
    return remedy(
      { ...base, steps, docs },
      command(['gcloud', 'container', 'clusters', 'create-auto', 'NEW_CLUSTER_NAME', ...where, ['--service-account=', serviceAccount], ['--scopes=', scopes]]),
    );
  }
  const steps = [
    ...base.steps,
    `Change the node auto-provisioning defaults of cluster ${c}: node pools it creates from now on take the service account and scopes below (GKE "Use node auto-provisioning").`,
    'Node pools that auto-provisioning already created keep their settings: once the defaults are fixed, delete them so that GKE creates new ones as workloads need them.',
  ];
  return remedy(
    { ...base, steps, docs },
    command([
      'gcloud', 'container', 'clusters', 'update', v('clusterName', c), ...where, '--enable-autoprovisioning',
      ['--autoprovisioning-service-account=', serviceAccount], ['--autoprovisioning-scopes=', scopes],
    ]),
  );
}

/** The project a service account lives in, from its email; the default compute account lives in the cluster's project. */
export function serviceAccountProject(email: string, fallbackProject: string): string {
  // NAME@PROJECT_ID.iam.gserviceaccount.com (IAM "Service accounts overview"); read without a regex so it stays linear.
  const suffix = '.iam.gserviceaccount.com';
  const at = email.lastIndexOf('@');
  if (at < 0 || !email.endsWith(suffix)) return fallbackProject;
  const project = email.slice(at + 1, email.length - suffix.length);
  return project && !project.includes('.') ? project : fallbackProject;
}

/** The words naming a policy's resource for `gcloud ... add-iam-policy-binding`: repository, folder, organization or project. */
export function iamResourceWords(verb: 'add' | 'remove', resource: string): Word[] {
  const sub = `${verb}-iam-policy-binding`;
  const repo = /^projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([^/]+)$/.exec(resource);
  if (repo) {
    return ['gcloud', 'artifacts', 'repositories', sub, v('repositoryId', repo[3]), ['--project=', v('projectId', repo[1])], ['--location=', v('location', repo[2])]];
  }
  const slash = resource.indexOf('/');
  const kind = resource.slice(0, slash);
  const id = resource.slice(slash + 1);
  if (kind === 'folders') return ['gcloud', 'resource-manager', 'folders', sub, v('folderId', id)];
  if (kind === 'organizations') return ['gcloud', 'organizations', sub, v('organizationId', id)];
  return ['gcloud', 'projects', sub, v('projectId', kind === 'projects' ? id : resource)];
}

/** `gcloud ... add-iam-policy-binding` / `remove-iam-policy-binding` for a repository, project, folder or organization. */
export function iamBindingWords(verb: 'add' | 'remove', resource: string, member: string, role: string): Word[] {
  // The auditor placeholder is a constant of this file, not estate data.
  const who = member === AUDITOR ? AUDITOR : v('member', member);
  return [...iamResourceWords(verb, resource), ['--member=', who], ['--role=', v('role', role)]];
}

/** The same as a built command. */
export function iamBindingBuilt(verb: 'add' | 'remove', resource: string, member: string, role: string): Built {
  return command(iamBindingWords(verb, resource, member, role));
}

/** The same command as text, undefined when a value is refused. */
export function iamBindingCommand(verb: 'add' | 'remove', resource: string, member: string, role: string): string | undefined {
  return textOf(iamBindingBuilt(verb, resource, member, role));
}

/**
 * Predefined roles that really contain a read permission the auditor may lack (IAM "Roles and permissions" reference), best
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

