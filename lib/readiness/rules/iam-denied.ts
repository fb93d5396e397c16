/** iam.denied, iam.deny-conditional, iam.deny-membership-unreadable, iam.deny-unreadable: IAM deny policies on the repository's chain. */
import { DOCS } from '../docs';
import { DENY_READ_PERMISSION, DENY_READ_ROLE, type DenyHit, type UndecidedDeny } from '../deny';
import { AUDITOR, iamBindingBuilt, remedy } from '../remediation';
import type { DenyRule } from '../../inventory/types';
import type { Built } from '../../safe/command';
import { shellCommand } from '../../safe/quote';
import { isValid } from '../../safe/formats';
import type { AccessContext, AccessRule, RuleOutcome } from '../rule';

const docs = [DOCS.denyOverview, DOCS.denyPolicies, DOCS.denyPermissions];
const REQUIRES = ['deny-policies', 'ancestry', 'groups', 'service-accounts'] as const;

/** "rule 2 of deny policy no-pulls (attached to folders/12)". */
export function describeDenyRule(r: DenyRule): string {
  const id = r.policy.split('/').pop() || r.policy;
  return `rule ${r.index + 1} of deny policy ${id}${r.policyDisplayName ? ` ("${r.policyDisplayName}")` : ''} (attached to ${r.attachmentPoint})`;
}

/** The deny principal identifier of a service account (IAM "Principal identifiers" for deny policies). */
export function denyPrincipalOf(email: string): string {
  return `principal://iam.googleapis.com/projects/-/serviceAccounts/${email}`;
}

/** `cloudresourcemanager.googleapis.com/projects/P` for --attachment-point, from projects/P, folders/N or organizations/N. */
function attachmentFlag(point: string): string | null {
  const m = /^(projects|folders|organizations)\/([^/]{1,64})$/.exec(point);
  if (!m) return null;
  const ok = m[1] === 'projects' ? isValid('projectId', m[2]) || isValid('projectNumber', m[2]) : isValid(m[1] === 'folders' ? 'folderId' : 'organizationId', m[2]);
  return ok ? `cloudresourcemanager.googleapis.com/${point}` : null;
}

/**
 * The commands that fetch the deny policy, and put it back once the exception is added: `gcloud iam policies get` and
 * `update` (IAM "Deny access to resources"). The policy id must look like one (lowercase letters, digits, hyphens).
 */
function denyPolicyCommands(rule: DenyRule): Built {
  const id = rule.policy.split('/').pop() ?? '';
  const flag = attachmentFlag(rule.attachmentPoint);
  if (!flag || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(id)) return { ok: false, refusals: [{ kind: 'member', value: rule.policy }] };
  const common = [`--attachment-point=${flag}`, '--kind=denypolicies'];
  return {
    ok: true,
    text: [
      shellCommand(['gcloud', 'iam', 'policies', 'get', id, ...common, '--format=json']) + ' > deny-policy.json',
      shellCommand(['gcloud', 'iam', 'policies', 'update', id, ...common, '--policy-file=deny-policy.json']),
    ].join('\n'),
  };
}

/** Fails when a deny rule takes the download away from the node service account. */
export const iamDenied: AccessRule = {
  id: 'iam.denied',
  title: 'No IAM deny rule takes the download away',
  category: 'iam',
  severity: 'high',
  step: 'deny',
  level: 'access',
  requires: REQUIRES,
  docs,
  description: 'A deny rule on the repository\'s project, folder or organization that denies artifactregistry.googleapis.com/repositories.downloadArtifacts (or a wildcard covering it) to the node service account wins over every grant.',
  check(ctx: AccessContext): RuleOutcome {
    const d = ctx.deny;
    if (!d) return { outcome: 'not-applicable', summary: 'Deny policies were not read.' };
    if (!d.blocking.length) {
      const ex = d.excepted[0];
      return ex
        ? { outcome: 'pass', summary: `${describeDenyRule(ex.rule)} denies the download, but lists ${ex.exception} as an exception.`, evidence: { excepted: d.excepted.map(hitEvidence) } }
        : { outcome: 'pass', summary: `No deny rule on ${d.attachmentPoints.join(', ')} takes the download away.`, evidence: { attachmentPoints: d.attachmentPoints } };
    }
    const hit = d.blocking[0];
    const email = ctx.serviceAccount;
    const principal = denyPrincipalOf(email);
    const via = hit.principal.via === 'group' && hit.principal.groupPath ? ` through ${hit.principal.groupPath.map((g) => `group:${g}`).join(' → ')}` : '';
    return {
      outcome: 'fail',
      summary: `Denied by ${describeDenyRule(hit.rule)}.`,
      message: `${describeDenyRule(hit.rule)} denies ${hit.permission} to ${hit.principal.principal}${via}, which holds ${email}; deny wins over every grant, so the nodes cannot pull from repository ${ctx.repository.id}.`,
      evidence: { serviceAccount: email, repository: ctx.repository.name, blocking: d.blocking.map(hitEvidence) },
      remediate() {
        return remedy(
          {
            steps: [
              `The deny policy is owned by whoever administers ${hit.rule.attachmentPoint} (deny policies need roles/iam.denyAdmin there): ask them to change ${describeDenyRule(hit.rule)}.`,
              `Add ${principal} to the rule's exceptionPrincipals (or remove ${hit.principal.principal} from its deniedPrincipals if the nodes were never meant to be denied).`,
              'Fetch the policy, add the exception to the rule in deny-policy.json, keep its etag, then update it with the commands below.',
            ],
            docs,
            warning: `Exception to add to exceptionPrincipals: ${JSON.stringify(principal)}`,
          },
          denyPolicyCommands(hit.rule),
        );
      },
    };
  },
};

function hitEvidence(h: DenyHit & { exception?: string }): Record<string, unknown> {
  return {
    policy: h.rule.policy,
    rule: h.rule.index,
    attachmentPoint: h.rule.attachmentPoint,
    deniedPermission: h.permission,
    deniedPrincipal: h.principal.principal,
    ...(h.principal.groupPath ? { groupPath: h.principal.groupPath } : {}),
    ...(h.exception ? { exception: h.exception } : {}),
    ...(h.rule.denialCondition ? { denialCondition: h.rule.denialCondition } : {}),
  };
}

function undecidedEvidence(u: UndecidedDeny): Record<string, unknown> {
  return { policy: u.rule.policy, rule: u.rule.index, attachmentPoint: u.rule.attachmentPoint, principal: u.principal, why: u.why, gapIds: u.gapIds, ...(u.rule.denialCondition ? { denialCondition: u.rule.denialCondition } : {}) };
}

function undecidedRule(id: string, reason: UndecidedDeny['reason'], category: 'iam' | 'audit-access', title: string, description: string): AccessRule {
  return {
    id,
    title,
    category,
    severity: 'medium',
    step: 'deny',
    level: 'access',
    requires: REQUIRES,
    docs,
    description,
    check(ctx: AccessContext): RuleOutcome {
      const d = ctx.deny;
      const list = d ? d.undecided.filter((u) => u.reason === reason) : [];
      if (!d || d.blocking.length || !list.length) return { outcome: 'not-applicable', summary: 'No deny rule is undecided for this reason.' };
      const u = list[0];
      const cond = u.rule.denialCondition;
      const what = reason === 'condition' ? `its denialCondition "${cond?.title ?? 'untitled'}" (${cond?.expression ?? ''}) cannot be decided: ${u.why}` : u.why;
      return {
        outcome: 'undecided',
        summary: `${describeDenyRule(u.rule)} may deny the download: ${what}.`,
        message: `${describeDenyRule(u.rule)} denies ${u.permission} to ${u.principal}, and ${what}, so whether ${ctx.serviceAccount} may pull from repository ${ctx.repository.id} is unknown.`,
        evidence: { serviceAccount: ctx.serviceAccount, repository: ctx.repository.name, undecided: list.map(undecidedEvidence) },
        remediate() {
          return reason === 'condition'
            ? remedy({ steps: [`Check whether the condition of ${describeDenyRule(u.rule)} holds for the repository (deny conditions read resource tags, which Pullcheck does not read).`, `If the nodes must pull, add ${denyPrincipalOf(ctx.serviceAccount)} to the rule's exceptionPrincipals.`], docs })
            : remedy({ steps: [`Let the identity running Pullcheck read what decides ${u.principal} (${u.readPermission ?? 'Groups Reader'}).`, 'Scan again.'], docs });
        },
      };
    },
  };
}

/** Undecided because the rule's denialCondition reads what Pullcheck cannot know (resource tags). */
export const iamDenyConditional = undecidedRule(
  'iam.deny-conditional',
  'condition',
  'iam',
  'Deny rules with conditions can be decided',
  'A deny rule would take the download away, but its denialCondition reads resource tags or other attributes Pullcheck does not know.',
);

/** Undecided because a group or principal set of a deny rule could not be read. */
export const iamDenyMembershipUnreadable = undecidedRule(
  'iam.deny-membership-unreadable',
  'membership',
  'audit-access',
  'Deny rule principals can be resolved',
  'A deny rule names a group or principal set whose members (or whose project) Pullcheck could not read, so whether it holds the node service account is unknown.',
);

/** A would-be can-pull is unknown while a deny policy of the repository's chain is unread (a deny can only take away). */
export const iamDenyUnreadable: AccessRule = {
  id: 'iam.deny-unreadable',
  title: 'Deny policies of the repository are readable',
  category: 'audit-access',
  severity: 'medium',
  step: 'deny',
  level: 'access',
  requires: REQUIRES,
  onlyIfOtherwisePulls: true,
  docs,
  description: `Deny policies attached to the repository's project or an ancestor could not be read (${DENY_READ_PERMISSION}, in ${DENY_READ_ROLE}); a pull that would otherwise work is unknown.`,
  check(ctx: AccessContext): RuleOutcome {
    const d = ctx.deny;
    if (!d || !d.holes.length) return { outcome: 'not-applicable', summary: d ? 'Every deny policy of the chain was read.' : 'Deny policies were not read.' };
    const points = d.holes.map((h) => (h.reason === 'ancestry-unreadable' ? `the ancestry of ${h.attachmentPoint}` : h.attachmentPoint));
    const first = d.holes.find((h) => h.reason !== 'ancestry-unreadable');
    const gapIds = d.holes.flatMap((h) => (h.gapId ? [h.gapId] : []));
    return {
      outcome: 'undecided',
      summary: `Deny policies not read on ${points.join(', ')}.`,
      message: `Pullcheck could not read the deny policies on ${points.join(', ')} (needs ${DENY_READ_PERMISSION} and iam.denypolicies.get, in ${DENY_READ_ROLE}); a deny rule there could take the download away from ${ctx.serviceAccount}, so the pull is unknown.`,
      evidence: { serviceAccount: ctx.serviceAccount, repository: ctx.repository.name, unread: d.holes, permission: DENY_READ_PERMISSION, role: DENY_READ_ROLE, gapIds },
      remediate() {
        return remedy(
          { steps: [`Grant the identity running Pullcheck ${DENY_READ_ROLE} on ${first?.attachmentPoint ?? points[0]} (or on the organization).`, 'Scan again.'], docs },
          first ? iamBindingBuilt('add', first.attachmentPoint, AUDITOR, DENY_READ_ROLE) : undefined,
        );
      },
    };
  },
};
