/** iam.unreadable-evidence: no grant found, and a policy, custom role or group that might grant could not be read. */
import { DOCS } from '../docs';
import type { PolicyHole, UndecidedGrant } from '../iam';
import { AUDITOR } from '../remediation';
import type { AccessContext, AccessRule, RuleOutcome } from '../rule';

const docs = [DOCS.accessControl, DOCS.policyTypes];

function holeText(h: PolicyHole): string {
  if (h.reason === 'ancestry-unreadable') return `the ancestry of ${h.resource} (the auditor lacks ${h.permission})`;
  return `the IAM policy of ${h.resource} (the auditor lacks ${h.permission})`;
}

function undecidedText(u: UndecidedGrant): string {
  if (u.reason === 'role-unreadable') return `the permissions of role ${u.role} bound on ${u.resource} (the auditor lacks ${u.permission})`;
  return `the members of group ${u.groups.join(', ')} bound to ${u.role} on ${u.resource} (the auditor lacks ${u.permission})`;
}

/** A gcloud command granting the auditor read access to a resource's policy. */
function auditorGrant(resource: string, role = 'roles/iam.securityReviewer'): string {
  const repo = /^projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([^/]+)$/.exec(resource);
  if (repo) return `gcloud projects add-iam-policy-binding ${repo[1]} --member=${AUDITOR} --role=${role}`;
  const [kind, id] = resource.split('/');
  if (kind === 'folders') return `gcloud resource-manager folders add-iam-policy-binding ${id} --member=${AUDITOR} --role=${role}`;
  if (kind === 'organizations') return `gcloud organizations add-iam-policy-binding ${id} --member=${AUDITOR} --role=${role}`;
  return `gcloud projects add-iam-policy-binding ${id} --member=${AUDITOR} --role=${role}`;
}

/** Undecided (audit-access) when no grant was found and some evidence that could grant was unreadable. */
export const iamUnreadableEvidence: AccessRule = {
  id: 'iam.unreadable-evidence',
  title: 'IAM evidence is readable',
  category: 'audit-access',
  severity: 'medium',
  step: 'iam',
  level: 'access',
  docs,
  description: 'A policy, custom role or group that might hold the grant could not be read, and no grant was found elsewhere: the fix is a read permission for the auditor.',
  check(ctx: AccessContext): RuleOutcome {
    const { iam, repository: repo, serviceAccount: email } = ctx;
    if (iam.public || iam.grants.length) {
      return {
        outcome: 'pass',
        summary: iam.holes.length ? 'A grant was found; unreadable policies cannot take it away.' : 'A grant was found.',
        evidence: iam.holes.length ? { unreadable: iam.holes } : undefined,
      };
    }
    if (!iam.holes.length && !iam.undecided.length) return { outcome: 'not-applicable', summary: 'All IAM evidence was read.' };
    const parts = [...iam.holes.map(holeText), ...iam.undecided.map(undecidedText)];
    const permissions = [...new Set([...iam.holes.map((h) => h.permission), ...iam.undecided.map((u) => u.permission)])];
    const gapIds = [...new Set([...iam.holes.flatMap((h) => (h.gapId ? [h.gapId] : [])), ...iam.undecided.flatMap((u) => u.gapIds)])];
    const steps: string[] = [];
    for (const h of iam.holes) steps.push(`Let the identity running Pullcheck read ${h.resource} (${h.permission}; roles/iam.securityReviewer or roles/browser grants it).`);
    for (const u of iam.undecided) {
      if (u.reason === 'group-unreadable') steps.push(`Let the identity running Pullcheck read the members of ${u.groups.join(', ')} (Groups Reader in the Google Workspace / Cloud Identity directory); a group outside the directory cannot be resolved.`);
      else steps.push(`Let the identity running Pullcheck read role ${u.role} (iam.roles.get; roles/iam.roleViewer).`);
    }
    steps.push('Scan again.');
    const firstHole = iam.holes[0];
    const first = firstHole?.resource ?? iam.undecided[0]?.resource ?? repo.name;
    return {
      outcome: 'undecided',
      summary: `No grant found, and ${parts[0]} could not be read.`,
      message: `Pullcheck could not read ${parts.join('; ')}, and found no grant elsewhere, so whether ${email} can download from repository ${repo.id} is unknown.`,
      evidence: { serviceAccount: email, repository: repo.name, unreadablePolicies: iam.holes, undecidedBindings: iam.undecided, permissions, gapIds },
      remediation: { steps, gcloud: auditorGrant(first, firstHole?.reason === 'ancestry-unreadable' ? 'roles/browser' : undefined), docs },
    };
  },
};
