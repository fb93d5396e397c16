/**
 * Google's explanation, condensed to a few sentences: which binding granted (or might), which deny rule denied,
 * which policies the caller could not read. Field meanings: Policy Troubleshooter v3 reference
 * (AllowPolicyExplanation, ExplainedAllowPolicy, AllowBindingExplanation, DenyPolicyExplanation, DenyRuleExplanation).
 */
import type { policytroubleshooter_v3 } from 'googleapis/build/src/apis/policytroubleshooter/v3';

type Response = policytroubleshooter_v3.Schema$GoogleCloudPolicytroubleshooterIamV3TroubleshootIamPolicyResponse;

/** Strings from Google are bounded before they reach a terminal or a page. */
const MAX_LINES = 8;
const clip = (s: string | null | undefined, n = 300) => {
  const t = String(s ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ');
  return t.length > n ? `${t.slice(0, n)}…` : t;
};

/** "//cloudresourcemanager.googleapis.com/folders/1" → "folders/1"; keeps other names whole. */
function shortName(full: string | null | undefined): string {
  if (!full) return 'a resource';
  return clip(full.replace(/^\/\/[a-z]+\.googleapis\.com\//, ''));
}

function matchedMembers(memberships: Record<string, { membership?: string | null }> | null | undefined, wanted: string): string[] {
  return Object.entries(memberships ?? {})
    .filter(([, v]) => v?.membership === wanted)
    .map(([k]) => clip(k, 200));
}

/** A handful of sentences a person reads beside Pullcheck's IAM step. */
export function condense(r: Response): string[] {
  const out: string[] = [];
  const deny = r.denyPolicyExplanation;
  for (const res of deny?.explainedResources ?? []) {
    if (res.denyAccessState === 'DENY_ACCESS_STATE_UNKNOWN_INFO' && !res.fullResourceName) {
      out.push('Deny policies: Google could not show one attachment point\'s deny policies to the caller (it lacks the permission to read them).');
      continue;
    }
    for (const p of res.explainedPolicies ?? []) {
      (p.ruleExplanations ?? []).forEach((rule, i) => {
        const where = `deny policy ${clip(p.policy?.displayName || p.policy?.name || '(unnamed)', 200)} on ${shortName(res.fullResourceName)}, rule ${i + 1}`;
        if (rule.denyAccessState === 'DENY_ACCESS_STATE_DENIED') {
          const who = matchedMembers(rule.deniedPrincipals, 'MEMBERSHIP_MATCHED');
          out.push(`Denied by ${where}${who.length ? ` (denied principal ${who.join(', ')})` : ''}.`);
        } else if (rule.denyAccessState === 'DENY_ACCESS_STATE_UNKNOWN_CONDITIONAL') {
          out.push(`Maybe denied by ${where}: it hangs on the condition "${clip(rule.condition?.expression, 200)}".`);
        } else if (rule.denyAccessState === 'DENY_ACCESS_STATE_UNKNOWN_INFO') {
          out.push(`Maybe denied by ${where}: Google could not resolve whether the principal is among its denied principals for the caller.`);
        }
      });
    }
  }
  const allow = r.allowPolicyExplanation;
  let unreadable = 0;
  for (const p of allow?.explainedPolicies ?? []) {
    if (p.allowAccessState === 'ALLOW_ACCESS_STATE_UNKNOWN_INFO' && !p.fullResourceName) {
      unreadable++;
      continue;
    }
    for (const b of p.bindingExplanations ?? []) {
      const where = `${clip(b.role, 200)} on ${shortName(p.fullResourceName)}`;
      const via = matchedMembers(b.memberships, 'MEMBERSHIP_MATCHED');
      if (b.allowAccessState === 'ALLOW_ACCESS_STATE_GRANTED') {
        out.push(`Granted by ${where}${via.length ? ` through ${via.join(', ')}` : ''}${b.condition?.expression ? ` (condition "${clip(b.condition.expression, 200)}" true)` : ''}.`);
      } else if (b.allowAccessState === 'ALLOW_ACCESS_STATE_UNKNOWN_CONDITIONAL') {
        out.push(`Maybe granted by ${where}${via.length ? ` through ${via.join(', ')}` : ''}: it hangs on the condition "${clip(b.condition?.expression, 200)}".`);
      } else if (b.allowAccessState === 'ALLOW_ACCESS_STATE_UNKNOWN_INFO') {
        const unsure = matchedMembers(b.memberships, 'MEMBERSHIP_UNKNOWN_INFO');
        const why = b.rolePermission === 'ROLE_PERMISSION_UNKNOWN_INFO' ? 'the caller cannot read the role' : `the caller cannot see the members of ${unsure.join(', ') || 'a member'}`;
        out.push(`Maybe granted by ${where}: ${why}.`);
      }
    }
  }
  if (unreadable) out.push(`Allow policies: the caller could not read ${unreadable === 1 ? 'one policy' : `${unreadable} policies`} on the resource's hierarchy.`);
  if (!out.length) {
    if (r.overallAccessState === 'CANNOT_ACCESS') out.push('No binding on the repository, its project or their ancestors gives the principal the permission.');
    else if (r.overallAccessState) out.push(`Google answered ${clip(r.overallAccessState, 60)} without further explanation.`);
  }
  return out.length > MAX_LINES ? [...out.slice(0, MAX_LINES - 1), `…and ${out.length - MAX_LINES + 1} more.`] : out;
}
