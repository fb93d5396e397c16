/** identity.workload-identity-does-not-pull: Workload Identity does not change who pulls images. */
import type { Cluster } from '../../inventory/types';
import { DOCS } from '../docs';
import type { FindingMeta } from '../rule';
import type { Finding } from '../types';

/** Metadata of the finding. */
export const workloadIdentityMeta: FindingMeta = {
  id: 'identity.workload-identity-does-not-pull',
  title: 'Workload Identity does not change who pulls images',
  severity: 'info',
  docs: [DOCS.integrateGke, DOCS.nodeServiceAccounts],
  description: 'The kubelet pulls with the node service account, not with the workloads\u2019 Workload Identity accounts.',
};

/** One info finding per cluster with a workload pool. */
export function workloadIdentityFinding(cluster: Cluster): Finding {
  return {
    rule: workloadIdentityMeta.id,
    severity: workloadIdentityMeta.severity,
    subject: cluster.name,
    message: `Cluster ${cluster.shortName} uses Workload Identity (${cluster.workloadPool}), but image pulls still use each node pool's service account: grant Artifact Registry access to the node service accounts.`,
    evidence: { workloadPool: cluster.workloadPool },
    remediation: { steps: [], docs: workloadIdentityMeta.docs },
  };
}
