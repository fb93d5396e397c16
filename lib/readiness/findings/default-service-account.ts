/** identity.default-service-account: a node pool runs as the Compute Engine default service account. */
import type { NodePool } from '../../inventory/types';
import { DOCS } from '../docs';
import { iamBindingCommand, newNodePoolCommand, poolLabel } from '../remediation';
import type { FindingMeta } from '../rule';
import type { Finding } from '../types';

/** Metadata of the finding. */
export const defaultServiceAccountMeta: FindingMeta = {
  id: 'identity.default-service-account',
  title: 'Node pool uses the Compute Engine default service account',
  severity: 'low',
  docs: [DOCS.nodeServiceAccounts, DOCS.restrictServiceAccounts],
  description: 'The default account often holds Editor (older projects) or nothing at all (organizations created after 2024-05-03); a dedicated minimal node account is recommended.',
};

/** One finding per pool on the default account. */
export function defaultServiceAccountFinding(pool: NodePool): Finding {
  const sa = `${pool.shortName}-nodes@${pool.project}.iam.gserviceaccount.com`;
  return {
    rule: defaultServiceAccountMeta.id,
    severity: defaultServiceAccountMeta.severity,
    subject: pool.name,
    message: `${poolLabel(pool)} runs as the Compute Engine default service account ${pool.serviceAccount.email}; use a dedicated node service account with only the roles nodes need.`,
    evidence: { serviceAccount: pool.serviceAccount.email, configured: pool.serviceAccount.configured },
    remediation: {
      steps: [
        `Create a service account (for example ${sa}) and grant it roles/container.defaultNodeServiceAccount on project ${pool.project}.`,
        'Grant it roles/artifactregistry.reader on the repositories the cluster pulls from.',
        `Create a new node pool that uses it, move the workloads, then delete ${pool.shortName}.`,
      ],
      gcloud: [
        `gcloud iam service-accounts create ${pool.shortName}-nodes --project=${pool.project}`,
        iamBindingCommand('add', `projects/${pool.project}`, `serviceAccount:${sa}`, 'roles/container.defaultNodeServiceAccount'),
        newNodePoolCommand(pool, sa, 'cloud-platform'),
      ].join(' && '),
      docs: defaultServiceAccountMeta.docs,
    },
  };
}
