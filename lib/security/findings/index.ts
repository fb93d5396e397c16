/** The security findings: access broader than needed, beside the readiness verdicts (they never change a verdict). */
import type { Inventory } from '../../inventory/types';
import type { IamResolver } from '../../readiness/iam';
import type { FindingMeta } from '../../readiness/rule';
import type { Finding } from '../../readiness/types';
import { allAuthenticatedUsersMeta, broadDownloadGrantMeta, broadGrantFindings, domainMemberMeta, externalMemberMeta, memberFindings, repositoryPublicMeta } from './grants';
import { defaultAccountCloudPlatformFindings, defaultAccountCloudPlatformMeta, nodeAccountBasicRoleFindings, nodeAccountBasicRoleMeta, nodeAccountOwnerOrEditorMeta } from './node-account';
import { unusedPullAccessMeta } from './unused';

export { unusedPullAccessFindings } from './unused';

/** Metadata of every security finding rule. */
export const SECURITY_FINDING_RULES: readonly FindingMeta[] = [
  nodeAccountOwnerOrEditorMeta,
  nodeAccountBasicRoleMeta,
  defaultAccountCloudPlatformMeta,
  allAuthenticatedUsersMeta,
  repositoryPublicMeta,
  externalMemberMeta,
  domainMemberMeta,
  broadDownloadGrantMeta,
  unusedPullAccessMeta,
];

/** Every security finding the inventory holds (the ones that need intent come from unusedPullAccessFindings). */
export function securityFindings(inv: Inventory, iam: IamResolver): Finding[] {
  return [...nodeAccountBasicRoleFindings(inv, iam), ...defaultAccountCloudPlatformFindings(inv), ...memberFindings(inv, iam), ...broadGrantFindings(inv, iam)];
}
