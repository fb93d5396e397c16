/** iam.grant-despite-unreadable-policy: a policy was unreadable, but grants found elsewhere decide the pairs (allow policies only add). */
import type { PolicyHole } from '../iam';
import { DOCS } from '../docs';
import { AUDITOR, iamBindingCommand } from '../remediation';
import type { FindingMeta } from '../rule';
import type { Finding } from '../types';

/** Metadata of the finding. */
export const grantDespiteUnreadablePolicyMeta: FindingMeta = {
  id: 'iam.grant-despite-unreadable-policy',
  title: 'Unreadable policy did not change verdicts',
  severity: 'info',
  docs: [DOCS.policyTypes],
  description: 'Allow policies only add permissions, so a grant found elsewhere stands even when another policy in the hierarchy could not be read.',
};

/** One finding per unreadable resource, counting the pairs whose grant was found elsewhere. */
export function grantDespiteUnreadablePolicyFinding(hole: PolicyHole, accessPairs: number): Finding {
  return {
    rule: grantDespiteUnreadablePolicyMeta.id,
    severity: grantDespiteUnreadablePolicyMeta.severity,
    subject: hole.resource,
    message: `The IAM policy of ${hole.resource} could not be read (the auditor lacks ${hole.permission}), but ${accessPairs} service account × repository combination${accessPairs === 1 ? '' : 's'} had a grant elsewhere, so their verdicts stand.`,
    evidence: { hole, accessPairs },
    remediation: {
      steps: [`Grant the identity running Pullcheck ${hole.permission} on ${hole.resource} (roles/iam.securityReviewer) for a complete audit.`],
      gcloud: iamBindingCommand('add', hole.resource, AUDITOR, 'roles/iam.securityReviewer'),
      docs: grantDespiteUnreadablePolicyMeta.docs,
    },
  };
}
