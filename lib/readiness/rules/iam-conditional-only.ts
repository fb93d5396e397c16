/** iam.conditional-only: the only grants carry IAM conditions, which Pullcheck does not evaluate. */
import { DOCS } from '../docs';
import { readerGrantRemediation } from '../remediation';
import type { AccessContext, AccessRule, RuleOutcome } from '../rule';

const docs = [DOCS.accessControl, DOCS.policyTypes];

/** Undecided when no unconditional grant exists but a conditional one does; quotes the condition's title and expression. */
export const iamConditionalOnly: AccessRule = {
  id: 'iam.conditional-only',
  title: 'Grant does not hang on an IAM condition',
  category: 'iam',
  severity: 'medium',
  step: 'iam',
  level: 'access',
  requires: ['allow-policies', 'ancestry', 'roles', 'groups', 'service-accounts'],
  docs,
  description: 'When the only grant is conditional, whether a pull is allowed depends on the condition at request time: the verdict is unknown.',
  check(ctx: AccessContext): RuleOutcome {
    const { iam, repository: repo, serviceAccount: email } = ctx;
    if (iam.public || iam.grants.length) return { outcome: 'pass', summary: 'An unconditional grant exists.' };
    if (!iam.conditional.length) return { outcome: 'not-applicable', summary: 'No conditional grant.' };
    const c = iam.conditional[0];
    const cond = c.condition ? `"${c.condition.title ?? 'untitled'}" (${c.condition.expression})` : 'a condition';
    return {
        outcome: 'undecided',
        summary: `Only conditional grants: ${c.role} on ${c.resource} with condition ${cond}.`,
        message: `The only grant of artifactregistry.repositories.downloadArtifacts to ${email} on repository ${repo.id} is ${c.role} on ${c.resource} with condition ${cond}, which Pullcheck cannot evaluate${c.undecidedBecause ? `: ${c.undecidedBecause}` : ''}.`,
        evidence: {
          serviceAccount: email,
          repository: repo.name,
          bindings: iam.conditional.map((g) => ({ resource: g.resource, role: g.role, member: g.member, condition: g.condition })),
        },
      remediate() {
        return readerGrantRemediation(
          {
            steps: [
              `Check whether the condition ${cond} holds for image pulls by the nodes.`,
              `If the nodes must always pull, grant roles/artifactregistry.reader on repository ${repo.id} without a condition.`,
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
