/** iam.basic-role-only: a pull works only through roles/editor or roles/owner (least privilege). */
import type { Grant } from '../iam';
import { DOCS } from '../docs';
import { commands } from '../../safe/command';
import { iamBindingWords, remedy } from '../remediation';
import type { FindingMeta } from '../rule';
import type { Finding } from '../types';

/** Metadata of the finding. */
export const basicRoleOnlyMeta: FindingMeta = {
  id: 'iam.basic-role-only',
  title: 'Pulls work only through a basic role (Editor or Owner)',
  severity: 'medium',
  docs: [DOCS.accessControl, DOCS.nodeServiceAccounts, DOCS.restrictServiceAccounts],
  description: 'Older projects auto-granted the default service account Editor; the pull works, but a reader grant is the least-privilege way.',
};

/** One finding per basic-role binding that is the only source of a node account's pulls. */
export function basicRoleOnlyFinding(grant: Grant, serviceAccount: string, repositories: string[], pools: string[]): Finding {
  const member = `serviceAccount:${serviceAccount}`;
  return {
    rule: basicRoleOnlyMeta.id,
    severity: basicRoleOnlyMeta.severity,
    subject: grant.resource,
    message: `${serviceAccount} can pull from ${repositories.length} repositor${repositories.length === 1 ? 'y' : 'ies'} only through ${grant.role} on ${grant.resource}; grant roles/artifactregistry.reader and remove ${grant.role}.`,
    evidence: {
      serviceAccount,
      binding: { resource: grant.resource, role: grant.role, member: grant.member },
      repositories: repositories.slice(0, 20),
      repositoryCount: repositories.length,
      nodePools: pools.slice(0, 20),
      nodePoolCount: pools.length,
    },
    remediation: remedy(
      {
        steps: [
          `Grant roles/artifactregistry.reader to ${member} on ${grant.resource} (or on each repository it pulls from).`,
          `Check what else relies on ${grant.role}, then remove it.`,
        ],
        docs: basicRoleOnlyMeta.docs,
      },
      // One command a line: the grant first, then the removal once the grant is in place.
      commands([
        iamBindingWords('add', grant.resource, member, 'roles/artifactregistry.reader'),
        iamBindingWords('remove', grant.resource, grant.member, grant.role),
      ]),
    ),
  };
}
