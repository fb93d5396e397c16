/** iam.unreadable-evidence: no grant found, and a policy, custom role or group that might grant could not be read. */
import { DOCS } from '../docs';
import type { PolicyHole, UndecidedGrant } from '../iam';
import { AUDITOR, iamBindingBuilt, orList, remedy, rolesWithReadPermission } from '../remediation';
import type { Built } from '../../safe/command';
import type { AccessContext, AccessRule, RuleOutcome } from '../rule';

const docs = [DOCS.accessControl, DOCS.policyTypes];

/** "roles/iam.securityReviewer contains it" / "roles/iam.securityReviewer or roles/browser contains it", or "" when unknown. */
function rolesClause(permission: string): string {
  const roles = rolesWithReadPermission(permission);
  return roles.length ? `; ${orList(roles)} contains it` : '';
}

/** A clause that reads as a sentence after "Pullcheck ": "could not read the IAM policy of X (needs P)". */
function holeClause(h: PolicyHole): string {
  if (h.reason === 'ancestry-unreadable') return `could not read the ancestry of ${h.resource} (needs ${h.permission})`;
  if (h.reason === 'policy-missing') return `did not collect the IAM policy of ${h.resource} (needs ${h.permission})`;
  return `could not read the IAM policy of ${h.resource} (needs ${h.permission})`;
}

function groupList(groups: string[]): string {
  return `${groups.length > 1 ? 'groups' : 'group'} ${groups.join(', ')}`;
}

/** The part of the undecided groups Cloud Identity answered 404 for, and the part that was refused or failed. */
function splitGroups(u: UndecidedGrant): { notFound: string[]; unreadable: string[] } {
  const notFound = u.notFoundGroups ?? [];
  return { notFound, unreadable: u.groups.filter((g) => !notFound.includes(g)) };
}

/** A clause that reads as a sentence after "Pullcheck ". */
function undecidedClause(u: UndecidedGrant): string {
  if (u.reason === 'role-unreadable') return `could not read custom role ${u.role} bound on ${u.resource} (needs ${u.permission})`;
  if (u.reason === 'account-project-unreadable') return `could not tell whether ${u.member} (bound to ${u.role} on ${u.resource}) holds the node account, because the account's own project or its ancestry could not be read (needs ${u.permission})`;
  const bound = u.member.startsWith('group:') ? u.member.slice('group:'.length) : u.member;
  const head = `could not resolve the members of group ${bound} bound to ${u.role} on ${u.resource}`;
  const { notFound, unreadable } = splitGroups(u);
  const bits: string[] = [];
  if (notFound.length) {
    const which = notFound.length === 1 && notFound[0] === bound ? '' : ` for ${notFound.length > 1 ? 'nested groups' : 'nested group'} ${notFound.join(', ')}`;
    const [they, pron] = notFound.length > 1 ? ['the groups were', 'they'] : ['the group was', 'it'];
    bits.push(`Cloud Identity answered 404${which}, so ${they} not found in the directory Pullcheck can see (${pron} may live outside the organization's directory, or have been deleted)`);
  }
  if (unreadable.length) {
    const which = unreadable.length === 1 && unreadable[0] === bound ? 'its members' : `the members of ${groupList(unreadable)}`;
    bits.push(`${which} could not be read (needs Groups Reader, Cloud Identity groups.memberships.list)`);
  }
  return `${head}: ${bits.join('; ')}`;
}

function groupSteps(u: UndecidedGrant): string[] {
  const { notFound, unreadable } = splitGroups(u);
  const steps: string[] = [];
  if (notFound.length) {
    steps.push(
      `Check that ${groupList(notFound)} still ${notFound.length > 1 ? 'exist' : 'exists'} and that the directory of the identity running Pullcheck can see ${notFound.length > 1 ? 'them' : 'it'}: ` +
        'a group outside the organization\'s Google Workspace / Cloud Identity directory cannot be resolved, so either scan with an identity of the directory that owns it, ' +
        `or grant roles/artifactregistry.reader to the node service account directly instead of through ${notFound.length > 1 ? 'these groups' : 'this group'}. ` +
        `If ${notFound.length > 1 ? 'they were' : 'it was'} deleted, the binding grants nothing and can be removed.`,
    );
  }
  if (unreadable.length) {
    steps.push(`Let the identity running Pullcheck read the members of ${groupList(unreadable)} (Groups Reader in the Google Workspace / Cloud Identity directory).`);
  }
  return steps;
}

/** A gcloud command granting the auditor read access to a resource's policy (a repository's on its project). */
function auditorGrant(resource: string, role: string): Built {
  const repo = /^(projects\/[^/]+)\/locations\/[^/]+\/repositories\/[^/]+$/.exec(resource);
  return iamBindingBuilt('add', repo ? repo[1] : resource, AUDITOR, role);
}

/** The gcloud grant for the first thing the auditor could fix with an IAM role (none when only 404 groups remain). */
function firstAuditorGrant(holes: PolicyHole[], undecided: UndecidedGrant[]): Built | undefined {
  for (const h of holes) {
    const role = rolesWithReadPermission(h.permission)[0];
    if (role) return auditorGrant(h.resource, role);
  }
  for (const u of undecided) {
    if (u.reason !== 'role-unreadable') continue;
    const role = rolesWithReadPermission(u.permission)[0];
    // A custom role is read where it is defined: its project or organization.
    const home = /^((?:projects|organizations)\/[^/]+)\/roles\//.exec(u.role)?.[1] ?? u.resource;
    if (role) return auditorGrant(home, role);
  }
  return undefined;
}

/** Undecided (audit-access) when no grant was found and some evidence that could grant was unreadable. */
export const iamUnreadableEvidence: AccessRule = {
  id: 'iam.unreadable-evidence',
  title: 'IAM evidence is readable',
  category: 'audit-access',
  severity: 'medium',
  step: 'iam',
  level: 'access',
  requires: ['allow-policies', 'ancestry', 'roles', 'groups', 'service-accounts'],
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
    const clauses = [...iam.holes.map(holeClause), ...iam.undecided.map(undecidedClause)];
    const permissions = [...new Set([...iam.holes.map((h) => h.permission), ...iam.undecided.map((u) => u.permission)])];
    const gapIds = [...new Set([...iam.holes.flatMap((h) => (h.gapId ? [h.gapId] : [])), ...iam.undecided.flatMap((u) => u.gapIds)])];
    const steps: string[] = [];
    for (const h of iam.holes) {
      steps.push(`Let the identity running Pullcheck read ${h.reason === 'ancestry-unreadable' ? `the ancestry of ${h.resource}` : h.resource} (${h.permission}${rolesClause(h.permission)}).`);
    }
    for (const u of iam.undecided) {
      if (u.reason === 'role-unreadable') steps.push(`Let the identity running Pullcheck read role ${u.role} (${u.permission}${rolesClause(u.permission)}).`);
      else if (u.reason === 'account-project-unreadable') steps.push(`Let the identity running Pullcheck read the project that owns the node account and its ancestry (${u.permission}; roles/browser contains it).`);
      else steps.push(...groupSteps(u));
    }
    steps.push('Scan again.');
    const sentences = clauses.map((c) => `Pullcheck ${c}.`);
    return {
        outcome: 'undecided',
        summary: `No grant found, and Pullcheck ${clauses[0]}${clauses.length > 1 ? ` (and ${clauses.length - 1} more)` : ''}.`,
        message: `${sentences.join(' ')} No grant was found elsewhere, so whether ${email} can download from repository ${repo.id} is unknown.`,
        evidence: { serviceAccount: email, repository: repo.name, unreadablePolicies: iam.holes, undecidedBindings: iam.undecided, permissions, gapIds },
      remediate() {
        return remedy({ steps, docs }, firstAuditorGrant(iam.holes, iam.undecided));
      },
    };
  },
};
