/** identity.default-service-account: a node pool runs as the Compute Engine default service account. */
import type { NodePool } from '../../inventory/types';
import { DOCS } from '../docs';
import { commands, v } from '../../safe/command';
import { isValid } from '../../safe/formats';
import { iamBindingWords, newNodePoolWords, poolLabel, remedy } from '../remediation';
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
  // A suggested account ID: the pool's name when it fits IAM's 6 to 30 characters, else a generic one.
  const id = isValid('serviceAccountId', `${pool.shortName}-nodes`) ? `${pool.shortName}-nodes` : 'gke-nodes';
  const sa = `${id}@${pool.project}.iam.gserviceaccount.com`;
  return {
    rule: defaultServiceAccountMeta.id,
    severity: defaultServiceAccountMeta.severity,
    subject: pool.name,
    message: `${poolLabel(pool)} runs as the Compute Engine default service account ${pool.serviceAccount.email}; use a dedicated node service account with only the roles nodes need.`,
    evidence: { serviceAccount: pool.serviceAccount.email, configured: pool.serviceAccount.configured },
    remediation: remedy(
      {
        steps: [
        `Create a service account (for example ${sa}) and grant it roles/container.defaultNodeServiceAccount on project ${pool.project}.`,
        'Grant it roles/artifactregistry.reader on the repositories the cluster pulls from.',
        `Create a new node pool that uses it, move the workloads, then delete ${pool.shortName}.`,
        ],
        docs: defaultServiceAccountMeta.docs,
      },
      commands([
        ['gcloud', 'iam', 'service-accounts', 'create', v('serviceAccountId', id), ['--project=', v('projectId', pool.project)]],
        iamBindingWords('add', `projects/${pool.project}`, `serviceAccount:${sa}`, 'roles/container.defaultNodeServiceAccount'),
        newNodePoolWords(pool, v('serviceAccountEmail', sa), 'cloud-platform'),
      ]),
    ),
  };
}
