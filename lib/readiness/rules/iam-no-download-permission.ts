/** iam.no-download-permission: no binding anywhere in the effective allow grants the download to the node service account. */
import { DOCS } from '../docs';
import { DOWNLOAD_PERMISSION } from '../../inventory/predefined-roles';
import type { BoundWithoutPermission, Grant } from '../iam';
import { andList, readerGrantRemediation } from '../remediation';
import type { AccessContext, AccessRule, RuleOutcome } from '../rule';
import { inertEvidence, inertSentence } from '../inert';

const docs = [DOCS.accessControl, DOCS.integrateGke, DOCS.nodeServiceAccounts];

/** Describes a grant for summaries: "roles/artifactregistry.reader on projects/p via group:g". */
export function describeGrant(g: Grant): string {
  const via = g.via === 'group' && g.groupPath ? ` (through ${g.groupPath.map((x) => `group:${x}`).join(' → ')})` : '';
  return `${g.role} on ${g.resource} for ${g.member}${via}`;
}

/** "roles/browser on organizations/1 (through group:a → group:b)". */
function describeNearMiss(b: BoundWithoutPermission): string {
  const via = b.groupPath ? ` (through ${b.groupPath.map((x) => `group:${x}`).join(' → ')})` : '';
  return `${b.role} on ${b.resource}${via}`;
}

/** " It holds X on R, which does not include the permission." or "" without near misses. */
function nearMissSentence(misses: BoundWithoutPermission[]): string {
  if (!misses.length) return '';
  const tail = misses.length > 1 ? 'none of which includes the permission' : 'which does not include the permission';
  return ` It holds ${andList(misses.map(describeNearMiss))}, ${tail}.`;
}

/** Passes on an unconditional grant (or a public repository); fails when nothing grants and nothing is undecided. */
export const iamNoDownloadPermission: AccessRule = {
  id: 'iam.no-download-permission',
  title: 'Node service account may download from the repository',
  category: 'iam',
  severity: 'high',
  step: 'iam',
  level: 'access',
  requires: ['allow-policies', 'ancestry', 'roles', 'groups', 'service-accounts'],
  docs,
  description: 'The node service account needs artifactregistry.repositories.downloadArtifacts on the repository, its project, or an ancestor folder or organization.',
  check(ctx: AccessContext): RuleOutcome {
    const { iam, repository: repo, serviceAccount: email } = ctx;
    if (iam.public) return { outcome: 'pass', summary: `The repository is public: ${describeGrant(iam.public)}.`, evidence: { public: iam.public } };
    if (iam.grants.length) {
      return { outcome: 'pass', summary: `Granted by ${describeGrant(iam.grants[0])}.`, evidence: { grants: iam.grants } };
    }
    if (!iam.deleted && (iam.conditional.length || iam.undecided.length || iam.holes.length)) {
      return { outcome: 'not-applicable', summary: 'No unconditional grant found; see the conditional or unreadable evidence.' };
    }
    const message = iam.deleted
      ? `The service account ${email} is deleted, so no binding grants it artifactregistry.repositories.downloadArtifacts on repository ${repo.id} (project ${repo.project}, ${repo.location}).`
      : `The service account ${email} holds no role with artifactregistry.repositories.downloadArtifacts on repository ${repo.id} (project ${repo.project}, ${repo.location}), its project or their ancestors.` +
        nearMissSentence(iam.boundWithoutPermission) +
        inertSentence(iam.inert);
    return {
        outcome: 'fail',
        summary: `No grant of artifactregistry.repositories.downloadArtifacts on ${repo.name}.`,
        message,
        evidence: {
          serviceAccount: email,
          repository: repo.name,
          permission: DOWNLOAD_PERMISSION,
          policiesChecked: iam.resources,
          boundWithoutPermission: iam.boundWithoutPermission.map((b) => ({ resource: b.resource, role: b.role, member: b.member, ...(b.groupPath ? { groupPath: b.groupPath } : {}) })),
          ...(iam.deleted ? { deleted: true, ignoredBindings: iam.ignoredBecauseDeleted } : {}),
          ...inertEvidence(iam.inert),
        },
      remediate() {
        return readerGrantRemediation(
          {
            steps: [
              ...(iam.deleted ? [`Restore or replace the deleted service account ${email} first (see service-account.deleted).`] : []),
              `Grant roles/artifactregistry.reader on repository ${repo.id} to serviceAccount:${email}.`,
            ],
            docs,
          },
          repo,
          email,
        );
      },
    };
  },
};
