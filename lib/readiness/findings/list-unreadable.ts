/** scan.cluster-list-unreadable / scan.repository-list-unreadable: a project's clusters or repositories could not be listed. */
import { DOCS } from '../docs';
import { AUDITOR, iamBindingBuilt, remedy } from '../remediation';
import type { FindingMeta } from '../rule';
import type { Finding } from '../types';

/** Metadata of the cluster-list finding. */
export const clusterListUnreadableMeta: FindingMeta = {
  id: 'scan.cluster-list-unreadable',
  title: 'Clusters could not be listed',
  severity: 'high',
  docs: [DOCS.imagePulls],
  description: "A project's clusters could not be listed: its node pools are unknown, not absent, and appear in no pair.",
};

/** Metadata of the repository-list finding. */
export const repositoryListUnreadableMeta: FindingMeta = {
  id: 'scan.repository-list-unreadable',
  title: 'Repositories could not be listed',
  severity: 'high',
  docs: [DOCS.accessControl],
  description: "A project's (or location's) repositories could not be listed: its repositories are unknown, not absent, and appear in no pair.",
};

/** One finding per project whose clusters could not be listed. */
export function clusterListUnreadableFinding(project: string, gapIds: string[]): Finding {
  return {
    rule: clusterListUnreadableMeta.id,
    severity: clusterListUnreadableMeta.severity,
    subject: `projects/${project}`,
    message: `The clusters of project ${project} could not be listed, so its node pools are unknown and missing from the pairs.`,
    evidence: { gapIds },
    remediation: remedy(
      {
        steps: [`Grant the identity running Pullcheck roles/container.clusterViewer on project ${project} (and check that the Kubernetes Engine API is enabled), then scan again.`],
        docs: clusterListUnreadableMeta.docs,
      },
      iamBindingBuilt('add', `projects/${project}`, AUDITOR, 'roles/container.clusterViewer'),
    ),
  };
}

/** One finding per project whose repositories (in some location) could not be listed. */
export function repositoryListUnreadableFinding(project: string, gapIds: string[]): Finding {
  return {
    rule: repositoryListUnreadableMeta.id,
    severity: repositoryListUnreadableMeta.severity,
    subject: `projects/${project}`,
    message: `Some repositories of project ${project} could not be listed (${gapIds.length} location${gapIds.length === 1 ? '' : 's'} failed), so they are missing from the pairs.`,
    evidence: { gapIds },
    remediation: remedy(
      { steps: [`Grant the identity running Pullcheck roles/artifactregistry.reader on project ${project}, then scan again.`], docs: repositoryListUnreadableMeta.docs },
      iamBindingBuilt('add', `projects/${project}`, AUDITOR, 'roles/artifactregistry.reader'),
    ),
  };
}
