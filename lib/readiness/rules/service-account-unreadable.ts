/** service-account.unreadable: Pullcheck could not read the node service account, so its state is undecided. */
import { DOCS } from '../docs';
import { AUDITOR, iamBindingBuilt, poolLabel, remedy, serviceAccountProject } from '../remediation';
import type { PoolContext, PoolRule, RuleOutcome } from '../rule';

const docs = [DOCS.nodeServiceAccounts];

/** Undecided (audit-access) when iam.serviceAccounts.get was refused (a 403 that may also mean deleted), failed, or never made. */
export const serviceAccountUnreadable: PoolRule = {
  id: 'service-account.unreadable',
  title: 'Node service account state is readable',
  category: 'audit-access',
  severity: 'medium',
  step: 'identity',
  level: 'pool',
  requires: ['clusters', 'service-accounts'],
  publicRepositorySatisfies: false,
  docs,
  description: 'Whether the node service account exists and is enabled could not be read (iam.serviceAccounts.get refused or failed).',
  check(ctx: PoolContext): RuleOutcome {
    const email = ctx.pool.serviceAccount.email;
    const sa = ctx.serviceAccount;
    if (sa && sa.status !== 'gap') return { outcome: 'pass', summary: `Service account ${email} was read.` };
    const project = serviceAccountProject(email, ctx.pool.project);
    // IAM answers a deleted account 403 IAM_PERMISSION_DENIED "(or it may not exist)", to every caller.
    const gap = sa ? ctx.inv.gaps.find((g) => g.id === sa.gapId) : undefined;
    const ambiguous = gap?.status === 403 && gap.reason !== 'SERVICE_DISABLED' && gap.reason !== 'USER_PROJECT_DENIED';
    return {
      outcome: 'undecided',
      summary: `Service account ${email} could not be read.`,
      message: ambiguous
        ? `Pullcheck could not read the service account ${email} of ${poolLabel(ctx.pool)}: Google answered 403 "(or it may not exist)", which it gives both for a deleted account and when the auditor lacks iam.serviceAccounts.get, and the account's own project could not be listed to tell them apart; so whether it exists and is enabled is unknown.`
        : `Pullcheck could not read the service account ${email} of ${poolLabel(ctx.pool)} (it lacks iam.serviceAccounts.get), so whether it exists and is enabled is unknown.`,
      evidence: { serviceAccount: email, gapIds: sa ? [sa.gapId] : [], permission: 'iam.serviceAccounts.get', collected: sa !== null },
      remediation: remedy(
        { steps: [`Grant the identity running Pullcheck roles/iam.serviceAccountViewer on project ${project}, then scan again.`], docs },
        iamBindingBuilt('add', `projects/${project}`, AUDITOR, 'roles/iam.serviceAccountViewer'),
      ),
    };
  },
};
