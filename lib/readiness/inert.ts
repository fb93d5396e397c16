/**
 * Sentences for bindings that look like grants in the console but grant nothing (kept apart from the rules'
 * remediation lines): a custom role with `stage: DISABLED` (IAM `RoleLaunchStage`: it "will not contribute
 * permissions to any principals"), a deleted custom role (bindings to it have no effect), or an IAM condition that is
 * false at scan time (an expired temporary grant; clauses on resource attributes, which Artifact Registry does not
 * recognize: IAM "Attribute reference for IAM Conditions").
 */
import type { InertGrant } from './iam';

/** Docs the inert-grant sentences rest on. */
export const INERT_DOCS = [
  'https://cloud.google.com/iam/docs/reference/rest/v1/organizations.roles#rolelaunchstage',
  'https://cloud.google.com/iam/docs/conditions-attribute-reference',
  'https://cloud.google.com/iam/docs/conditions-resource-attributes',
];

function why(g: InertGrant): string {
  if (g.reason === 'role-disabled') return `custom role ${g.role} is DISABLED (stage: DISABLED), and a disabled role contributes no permissions to anyone`;
  if (g.reason === 'role-deleted') return `custom role ${g.role} is deleted, and bindings to a deleted role have no effect`;
  const cond = g.condition ? `"${(g.condition.title ?? 'untitled').slice(0, 200)}" (${g.condition.expression.slice(0, 300)})` : 'its condition';
  const parts: string[] = [];
  if (g.expired) parts.push(`the temporary grant expired on ${g.expired}`);
  if (g.resourceAttributes?.length) {
    parts.push(
      `it rests on ${g.resourceAttributes.join(', ')}, which Artifact Registry does not recognize, and a part of a condition that uses an attribute a service does not provide is never interpreted as granting access`,
    );
  }
  return `its condition ${cond} is false at the scan's time${parts.length ? `: ${parts.join('; ')}` : ''}`;
}

/** " The binding R on X for M looks like a grant in the console but grants nothing: WHY." (bounded), or "". */
export function inertSentence(inert: InertGrant[] | undefined): string {
  if (!inert?.length) return '';
  const shown = inert.slice(0, 3).map((g) => ` The binding ${g.role} on ${g.resource} for ${g.member} looks like a grant in the console but grants nothing: ${why(g)}.`);
  return shown.join('') + (inert.length > 3 ? ` ${inert.length - 3} more such bindings grant nothing either.` : '');
}

/** The evidence entries for inert bindings. */
export function inertEvidence(inert: InertGrant[] | undefined): Record<string, unknown> {
  if (!inert?.length) return {};
  return {
    inertBindings: inert.slice(0, 20).map((g) => ({
      resource: g.resource,
      role: g.role,
      member: g.member,
      reason: g.reason,
      ...(g.condition ? { condition: g.condition } : {}),
      ...(g.expired ? { expired: g.expired } : {}),
      ...(g.resourceAttributes?.length ? { resourceAttributes: g.resourceAttributes } : {}),
    })),
  };
}
