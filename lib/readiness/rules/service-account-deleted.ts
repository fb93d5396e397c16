/**
 * service-account.deleted: the node service account no longer exists, so nodes get no token. IAM answers a
 * deleted account 403 "(or it may not exist)" rather than 404; the collector decides it from the account's own
 * project's serviceAccounts.list.
 */
import { DOCS } from '../docs';
import { command, v } from '../../safe/command';
import { isOnDemandPool, newNodePoolBuilt, onDemandDefaultsRemediation, poolLabel, remedy, serviceAccountProject } from '../remediation';
import type { Inventory } from '../../inventory/types';
import type { PoolContext, PoolRule, RuleOutcome } from '../rule';

const docs = [DOCS.nodeServiceAccounts, DOCS.imagePulls];

const DELETED_PREFIX = 'deleted:serviceaccount:';

/**
 * Every `deleted:serviceAccount:EMAIL?uid=UID` member of the inventory's policies, read once per inventory: the
 * lower-cased email → the UID of its first such member in policy order (a scan can hold thousands of policies).
 */
const deletedUids = new WeakMap<Inventory, Map<string, string>>();

function uidsOf(inv: Inventory): Map<string, string> {
  let m = deletedUids.get(inv);
  if (m) return m;
  m = new Map();
  for (const p of Object.values(inv.policies)) {
    if (p.status !== 'ok') continue;
    for (const b of p.value.bindings) {
      for (const member of b.members) {
        const lower = member.toLowerCase();
        if (!lower.startsWith(DELETED_PREFIX)) continue;
        const q = lower.indexOf('?uid=', DELETED_PREFIX.length);
        if (q < 0) continue;
        const email = lower.slice(DELETED_PREFIX.length, q);
        if (!m.has(email)) m.set(email, member.slice(q + '?uid='.length));
      }
    }
  }
  deletedUids.set(inv, m);
  return m;
}

/** The UID a deleted node account's leftover bindings carry, if any policy of the scan still names it. */
function deletedUid(ctx: PoolContext): string | null {
  return uidsOf(ctx.inv).get(ctx.pool.serviceAccount.email) ?? null;
}

/** Fails when the node service account was found deleted (404, or 403 and absent from its project's list). */
export const serviceAccountDeleted: PoolRule = {
  id: 'service-account.deleted',
  title: 'Node service account exists',
  category: 'service-account',
  severity: 'critical',
  step: 'identity',
  level: 'pool',
  requires: ['clusters', 'service-accounts'],
  publicRepositorySatisfies: false,
  docs,
  description: 'A deleted node service account makes the node pool non-functional: nodes cannot get tokens, and its bindings turn into deleted:serviceAccount:... which grant nothing.',
  check(ctx: PoolContext): RuleOutcome {
    const email = ctx.pool.serviceAccount.email;
    const sa = ctx.serviceAccount;
    if (!sa || sa.status === 'gap') return { outcome: 'not-applicable', summary: `The state of ${email} could not be read.` };
    if (sa.status === 'ok') return { outcome: 'pass', summary: `Service account ${email} exists.`, evidence: { serviceAccount: email } };
    const uid = deletedUid(ctx);
    const project = serviceAccountProject(email, ctx.pool.project);
    const undelete = uid ? command(['gcloud', 'iam', 'service-accounts', 'undelete', v('serviceAccountUid', uid), ['--project=', v('projectId', project)]]) : null;
    const steps = [
      undelete
        ? undelete.ok
          ? `If it was deleted less than 30 days ago, undelete it: ${undelete.text}.`
          : 'If it was deleted less than 30 days ago, undelete it with gcloud iam service-accounts undelete and its unique ID.'
        : `If it was deleted less than 30 days ago, undelete it with gcloud iam service-accounts undelete ACCOUNT_UNIQUE_ID (the uid appears in deleted:serviceAccount:${email}?uid=... bindings or the audit logs).`,
      isOnDemandPool(ctx.pool)
        ? 'Otherwise point the auto-provisioning defaults at a working service account.'
        : `Otherwise create a new node pool with a working service account, move the workloads, and delete ${ctx.pool.shortName}.`,
    ];
    return {
      outcome: 'fail',
      summary: `Service account ${email} does not exist (IAM answered 404, or 403 while its own project's service account list lacks it).`,
      message: `The service account ${email} of ${poolLabel(ctx.pool)} has been deleted, so its nodes cannot get tokens to pull images.`,
      evidence: { serviceAccount: email, configured: ctx.pool.serviceAccount.configured, lookup: 'not-found', deletedUid: uid },
      remediation:
        !undelete && isOnDemandPool(ctx.pool)
          ? onDemandDefaultsRemediation(ctx.pool, ctx.cluster, 'WORKING_SERVICE_ACCOUNT_EMAIL', ['https://www.googleapis.com/auth/cloud-platform'], { steps, docs })
          : remedy({ steps, docs }, undelete ?? newNodePoolBuilt(ctx.pool, 'WORKING_SERVICE_ACCOUNT_EMAIL', 'cloud-platform')),
    };
  },
};
