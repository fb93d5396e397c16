/**
 * security.node-account-owner-or-editor, security.node-account-basic-role, security.default-account-cloud-platform:
 * a node service account holding more than nodes need (GKE "Harden your cluster's security": use a least-privilege
 * service account; IAM "Basic roles" are highly permissive).
 */
import type { Inventory, NodePool } from '../../inventory/types';
import type { IamResolver } from '../../readiness/iam';
import type { FindingMeta } from '../../readiness/rule';
import type { Finding } from '../../readiness/types';
import { commands, v, type Word } from '../../safe/command';
import { iamBindingWords, newNodePoolWords, poolLabel, remedy } from '../../readiness/remediation';
import { isValid } from '../../safe/formats';
import { SECURITY_DOCS } from '../docs';
import { firstOf, memberHolds, projectOf, readPolicies, type Holds } from './members';

export const nodeAccountOwnerOrEditorMeta: FindingMeta = {
  id: 'security.node-account-owner-or-editor',
  title: 'A node service account holds Owner or Editor',
  severity: 'high',
  docs: [SECURITY_DOCS.basicRoles, SECURITY_DOCS.hardenCluster, SECURITY_DOCS.nodeServiceAccounts],
  description: 'Every Pod that reaches the metadata server can act with the node account; Owner or Editor lets it change most of the resource.',
};

export const nodeAccountBasicRoleMeta: FindingMeta = {
  id: 'security.node-account-basic-role',
  title: 'A node service account holds a basic role (Viewer)',
  severity: 'medium',
  docs: [SECURITY_DOCS.basicRoles, SECURITY_DOCS.hardenCluster],
  description: 'Viewer reads nearly everything in the resource, far more than pulling images; grant the reader role on the repositories instead.',
};

export const defaultAccountCloudPlatformMeta: FindingMeta = {
  id: 'security.default-account-cloud-platform',
  title: 'cloud-platform scope on a node pool that uses the Compute Engine default account',
  severity: 'medium',
  docs: [SECURITY_DOCS.accessScopes, SECURITY_DOCS.hardenCluster],
  description: 'With the cloud-platform scope the only limit is IAM, and the default account often holds Editor: every API it can reach is open to every Pod that reaches the metadata server.',
};

const OWNER_EDITOR = new Set(['roles/owner', 'roles/editor']);
const BASIC = new Set(['roles/owner', 'roles/editor', 'roles/viewer']);
const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

/** The pools of each node service account, in inventory order. */
export function poolsByAccount(inv: Inventory): Map<string, NodePool[]> {
  const m = new Map<string, NodePool[]>();
  for (const p of inv.nodePools) {
    const list = m.get(p.serviceAccount.email);
    if (list) list.push(p);
    else m.set(p.serviceAccount.email, [p]);
  }
  return m;
}

function how(h: NonNullable<Holds>, member: string): string {
  if (h.via === 'group') return `through group ${h.path.join(' → ')}`;
  if (h.via === 'principal-set') return `through ${member}`;
  return 'directly';
}

/** The fix for a basic-role binding: remove the account from what grants it (the binding, or the group). */
function removalWords(resource: string, member: string, role: string, h: NonNullable<Holds>, email: string): Word[] {
  if (h.via === 'group') {
    const direct = h.path[h.path.length - 1];
    return ['gcloud', 'identity', 'groups', 'memberships', 'delete', ['--group-email=', v('email', direct)], ['--member-email=', v('serviceAccountEmail', email)]];
  }
  return iamBindingWords('remove', resource, member, role);
}

/** One finding per node account × basic-role binding that holds it (directly, through groups or a principalSet). */
export function nodeAccountBasicRoleFindings(inv: Inventory, iam: IamResolver): Finding[] {
  const out: Finding[] = [];
  const policies = readPolicies(inv).filter((p) => p.bindings.some((b) => BASIC.has(b.role)));
  if (!policies.length) return out;
  for (const [email, pools] of poolsByAccount(inv)) {
    for (const policy of policies) {
      for (const b of policy.bindings) {
        if (!BASIC.has(b.role)) continue;
        for (const member of b.members) {
          const h = memberHolds(iam, member, email);
          if (!h) continue;
          const meta = OWNER_EDITOR.has(b.role) ? nodeAccountOwnerOrEditorMeta : nodeAccountBasicRoleMeta;
          const cond = b.condition ? ` (under condition ${b.condition.title ?? b.condition.expression})` : '';
          out.push({
            rule: meta.id,
            severity: meta.severity,
            subject: policy.resource,
            message: `Node service account ${email} holds ${b.role} on ${policy.resource} ${how(h, member)}${cond}; it runs ${pools.length} node pool${pools.length === 1 ? '' : 's'}.`,
            evidence: {
              serviceAccount: email,
              binding: { resource: policy.resource, role: b.role, member, ...(b.condition ? { condition: b.condition } : {}) },
              via: h.via,
              ...(h.via === 'group' ? { groupPath: h.path } : {}),
              project: projectOf(policy.resource),
              nodePools: firstOf(pools.map((p) => p.name)),
              nodePoolCount: pools.length,
            },
            remediation: remedy(
              {
                steps: [
                  `Grant ${email} only what nodes need: roles/container.defaultNodeServiceAccount on its project and roles/artifactregistry.reader on the repositories its pools pull from (see its least-privilege plan).`,
                  h.via === 'group'
                    ? `Then remove ${email} from group ${h.path[h.path.length - 1]}, or remove ${member} from ${b.role} on ${policy.resource} if no person relies on it.`
                    : `Then remove ${b.role} from ${member} on ${policy.resource}.`,
                ],
                docs: meta.docs,
              },
              commands([removalWords(policy.resource, member, b.role, h, email)]),
            ),
          });
        }
      }
    }
  }
  return out;
}

/** One finding per pool that runs as the Compute Engine default account with the cloud-platform scope. */
export function defaultAccountCloudPlatformFindings(inv: Inventory): Finding[] {
  const out: Finding[] = [];
  for (const pool of inv.nodePools) {
    if (!pool.serviceAccount.isDefault || !pool.oauthScopes.includes(CLOUD_PLATFORM)) continue;
    const id = isValid('serviceAccountId', `${pool.shortName}-nodes`) ? `${pool.shortName}-nodes` : 'gke-nodes';
    const sa = `${id}@${pool.project}.iam.gserviceaccount.com`;
    const meta = defaultAccountCloudPlatformMeta;
    const steps = [
      `Create a dedicated node service account (for example ${sa}) with roles/container.defaultNodeServiceAccount and roles/artifactregistry.reader on the repositories it pulls from.`,
      pool.autoProvisioned
        ? `Set the cluster's autoprovisioning defaults to that account; pools created on demand then use it.`
        : `Scopes and the service account cannot be changed on an existing pool: create a new pool with that account, move the workloads, then delete ${pool.shortName}.`,
    ];
    out.push({
      rule: meta.id,
      severity: meta.severity,
      subject: pool.name,
      message: `${poolLabel(pool)} runs as the Compute Engine default account ${pool.serviceAccount.email} with the cloud-platform scope: every API that account can reach is open to every Pod that reaches the metadata server.`,
      evidence: { serviceAccount: pool.serviceAccount.email, oauthScopes: pool.oauthScopes, project: pool.project, cluster: pool.cluster },
      remediation: pool.autoProvisioned
        ? { steps, docs: meta.docs }
        : remedy({ steps, docs: meta.docs }, commands([newNodePoolWords(pool, v('serviceAccountEmail', sa), 'cloud-platform')])),
    });
  }
  return out;
}
