/** iam.grant-expires: a node account pulls only through conditional grants that stop on a known date. */
import type { Grant, IamAnalysis } from '../iam';
import { command, v, type Built } from '../../safe/command';
import { iamResourceWords, remedy } from '../remediation';
import type { FindingMeta } from '../rule';
import type { Finding } from '../types';

/** Metadata of the finding. */
export const expiringGrantMeta: FindingMeta = {
  id: 'iam.grant-expires',
  title: 'Pulls rest on a temporary grant that expires',
  severity: 'medium',
  docs: ['https://cloud.google.com/iam/docs/configuring-temporary-access', 'https://cloud.google.com/iam/docs/conditions-attribute-reference'],
  description: 'Every grant that lets the node account pull carries an IAM condition on request.time that stops holding on a known date: pulls stop then.',
};

/** The date pulls stop when every grant (the repository is not public) expires, with those grants; null otherwise. */
export function pullsStopOn(iam: IamAnalysis): { date: string; grants: Grant[] } | null {
  if (iam.public || !iam.grants.length) return null;
  let last = '';
  for (const g of iam.grants) {
    if (!g.expires) return null;
    if (g.expires > last) last = g.expires;
  }
  return { date: last, grants: iam.grants };
}

/** `gcloud ... add-iam-policy-binding` granting the reader role on the resource without a condition, every value checked. */
function permanentGrant(resource: string, member: string): Built {
  return command([...iamResourceWords('add', resource), ['--member=', v('member', member)], '--role=roles/artifactregistry.reader', '--condition=None']);
}

/** One finding per node account and set of expiring grants: "pulls stop on DATE". */
export function expiringGrantFinding(grants: Grant[], serviceAccount: string, date: string, repositories: string[], pools: string[]): Finding {
  const g = grants[0];
  const cond = g.condition ? `"${g.condition.title ?? 'untitled'}" (${g.condition.expression.slice(0, 300)})` : 'a condition';
  return {
    rule: expiringGrantMeta.id,
    severity: expiringGrantMeta.severity,
    subject: g.resource,
    message:
      `${serviceAccount} pulls from ${repositories.length} repositor${repositories.length === 1 ? 'y' : 'ies'} only through ${grants.length > 1 ? `${grants.length} temporary grants, the first ` : ''}` +
      `${g.role} on ${g.resource} with condition ${cond}: pulls stop on ${date}.`,
    evidence: {
      serviceAccount,
      pullsStopOn: date,
      bindings: grants.map((x) => ({ resource: x.resource, role: x.role, member: x.member, condition: x.condition, expires: x.expires })),
      repositories: repositories.slice(0, 20),
      repositoryCount: repositories.length,
      nodePools: pools.slice(0, 20),
      nodePoolCount: pools.length,
    },
    remediation: remedy(
      {
        steps: [`If the nodes must keep pulling after ${date}, grant roles/artifactregistry.reader to serviceAccount:${serviceAccount} without a time condition, or extend the condition.`],
        docs: expiringGrantMeta.docs,
      },
      permanentGrant(g.resource, `serviceAccount:${serviceAccount}`),
    ),
  };
}
