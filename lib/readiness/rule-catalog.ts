/** Every readiness rule and finding with its metadata, in reasoning-chain order (for the engine, the UI and the docs). */
import { autoprovisioningMeta } from './findings/autoprovisioning';
import { basicRoleOnlyMeta } from './findings/basic-role-only';
import { defaultServiceAccountMeta } from './findings/default-service-account';
import { expiringGrantMeta } from './findings/expiring-grant';
import { grantDespiteUnreadablePolicyMeta } from './findings/grant-despite-unreadable-policy';
import { clusterListUnreadableMeta, repositoryListUnreadableMeta } from './findings/list-unreadable';
import { versionNotOfferedMeta } from './findings/version-not-offered';
import { workloadIdentityMeta } from './findings/workload-identity';
import { downloadAllowListMeta, downloadRulePartialMeta, perimeterDryRunMeta } from './findings/guards';
import type { FindingMeta, Rule, RuleMeta } from './rule';
import { SECURITY_FINDING_RULES } from '../security/findings';
import { iamConditionalOnly } from './rules/iam-conditional-only';
import { iamDenied, iamDenyConditional, iamDenyMembershipUnreadable, iamDenyUnreadable } from './rules/iam-denied';
import { perimeterBlocked, perimeterUndecided, perimeterUnreadable } from './rules/perimeter-blocked';
import { repositoryDownloadDenied, repositoryDownloadRulesUnreadable } from './rules/repository-download-denied';
import { iamNoDownloadPermission } from './rules/iam-no-download-permission';
import { iamUnreadableEvidence } from './rules/iam-unreadable-evidence';
import { networkNoPrivateGoogleAccess } from './rules/network-no-private-google-access';
import { networkUnreadable } from './rules/network-unreadable';
import { scopeNoStorage } from './rules/scope-no-storage';
import { scopeReadOnlyCloudPlatform } from './rules/scope-read-only-cloud-platform';
import { serviceAccountDeleted } from './rules/service-account-deleted';
import { serviceAccountDisabled } from './rules/service-account-disabled';
import { serviceAccountUnreadable } from './rules/service-account-unreadable';
import { versionBelowMinimum } from './rules/version-below-minimum';

/** The pair rules, in the order of the reasoning chain: identity → scopes → deny → IAM → network → perimeter → version → repository. */
export const PAIR_RULES: readonly Rule[] = [
  serviceAccountDeleted,
  serviceAccountDisabled,
  serviceAccountUnreadable,
  scopeNoStorage,
  scopeReadOnlyCloudPlatform,
  iamDenied,
  iamDenyConditional,
  iamDenyMembershipUnreadable,
  iamDenyUnreadable,
  iamNoDownloadPermission,
  iamConditionalOnly,
  iamUnreadableEvidence,
  networkNoPrivateGoogleAccess,
  networkUnreadable,
  perimeterBlocked,
  perimeterUndecided,
  perimeterUnreadable,
  versionBelowMinimum,
  repositoryDownloadDenied,
  repositoryDownloadRulesUnreadable,
];

/** Finding rules: observations reported beside the pairs, never causes. */
export const FINDING_RULES: readonly FindingMeta[] = [
  defaultServiceAccountMeta,
  basicRoleOnlyMeta,
  grantDespiteUnreadablePolicyMeta,
  expiringGrantMeta,
  autoprovisioningMeta,
  versionNotOfferedMeta,
  workloadIdentityMeta,
  clusterListUnreadableMeta,
  repositoryListUnreadableMeta,
  downloadRulePartialMeta,
  downloadAllowListMeta,
  perimeterDryRunMeta,
  ...SECURITY_FINDING_RULES,
];

/** The id recorded when a rule throws: the pair becomes unknown, the scan goes on. */
export const RULE_ERROR_ID = 'engine.rule-error';

/** A catalog entry: a rule's metadata without its function; pair rules with their level and the evidence they read. */
export type CatalogEntry = (Omit<RuleMeta, 'onlyIfOtherwisePulls'> & { kind: 'pair'; level: Rule['level'] }) | (FindingMeta & { kind: 'finding' });

/** The catalog for the UI and docs: every pair rule and finding rule, metadata only. */
export function ruleCatalog(): CatalogEntry[] {
  return [
    ...PAIR_RULES.map(
      (r): CatalogEntry => ({
        kind: 'pair',
        id: r.id,
        title: r.title,
        category: r.category,
        severity: r.severity,
        step: r.step,
        level: r.level,
        requires: r.requires,
        docs: r.docs,
        description: r.description,
      }),
    ),
    ...FINDING_RULES.map((f): CatalogEntry => ({ kind: 'finding', ...f })),
  ];
}
