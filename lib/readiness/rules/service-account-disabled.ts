/** service-account.disabled: the node service account is disabled, so nodes get no token. */
import { DOCS } from '../docs';
import { command, v } from '../../safe/command';
import { isOnDemandPool, poolLabel, remedy, serviceAccountProject } from '../remediation';
import type { PoolContext, PoolRule, RuleOutcome } from '../rule';

const docs = [DOCS.nodeServiceAccounts, DOCS.imagePulls];

/** Fails when the node service account has `disabled: true`. */
export const serviceAccountDisabled: PoolRule = {
  id: 'service-account.disabled',
  title: 'Node service account is enabled',
  category: 'service-account',
  severity: 'critical',
  step: 'identity',
  level: 'pool',
  requires: ['clusters', 'service-accounts'],
  publicRepositorySatisfies: false,
  docs,
  description: 'A disabled node service account cannot get tokens, so its nodes cannot pull private images.',
  check(ctx: PoolContext): RuleOutcome {
    const email = ctx.pool.serviceAccount.email;
    const sa = ctx.serviceAccount;
    if (!sa || sa.status !== 'ok') return { outcome: 'not-applicable', summary: `Service account ${email} was not read or does not exist.` };
    if (!sa.value.disabled) return { outcome: 'pass', summary: `Service account ${email} is enabled.`, evidence: { serviceAccount: email, disabled: false } };
    const project = sa.value.project ?? serviceAccountProject(email, ctx.pool.project);
    const gcloud = command(['gcloud', 'iam', 'service-accounts', 'enable', v('serviceAccountEmail', email), ['--project=', v('projectId', project)]]);
    return {
      outcome: 'fail',
      summary: `Service account ${email} is disabled.`,
      message: `The service account ${email} of ${poolLabel(ctx.pool)} is disabled, so its nodes cannot get tokens to pull images.`,
      evidence: { serviceAccount: email, field: 'disabled', value: true },
      remediation: remedy(
        {
          steps: [
            gcloud.ok ? `Enable the service account: ${gcloud.text}.` : 'Enable the service account in the Google Cloud console (IAM & Admin, Service accounts).',
            isOnDemandPool(ctx.pool)
              ? 'Or point the auto-provisioning defaults of the cluster at a working service account.'
              : 'Or create a new node pool with a working service account and move the workloads.',
          ],
          docs,
        },
        gcloud,
      ),
    };
  },
};
