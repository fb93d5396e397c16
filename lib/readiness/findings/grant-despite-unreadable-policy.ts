/** iam.grant-despite-unreadable-policy: a policy was unreadable, but grants found elsewhere decide the pairs (allow policies only add). */
import type { PolicyHole } from '../iam';
import { DOCS } from '../docs';
import { AUDITOR, iamBindingBuilt, orList, remedy, rolesWithReadPermission } from '../remediation';
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
  const roles = rolesWithReadPermission(hole.permission);
  const what = hole.reason === 'ancestry-unreadable' ? `The ancestry of ${hole.resource}` : `The IAM policy of ${hole.resource}`;
  // Read-only roles such as roles/iam.securityReviewer are granted on the project, not on a repository.
  const grantOn = /^projects\/[^/]+\/locations\//.test(hole.resource) ? hole.resource.split('/').slice(0, 2).join('/') : hole.resource;
  return {
    rule: grantDespiteUnreadablePolicyMeta.id,
    severity: grantDespiteUnreadablePolicyMeta.severity,
    subject: hole.resource,
    message: `${what} could not be read (the auditor lacks ${hole.permission}), but ${accessPairs} service account × repository combination${accessPairs === 1 ? '' : 's'} had a grant elsewhere, so their verdicts stand.`,
    evidence: { hole, accessPairs },
    remediation: remedy(
      {
        steps: [`Grant the identity running Pullcheck ${hole.permission} on ${grantOn}${roles.length ? ` (${orList(roles)} contains it)` : ''} for a complete audit.`],
        docs: grantDespiteUnreadablePolicyMeta.docs,
      },
      roles.length ? iamBindingBuilt('add', grantOn, AUDITOR, roles[0]) : undefined,
    ),
  };
}
