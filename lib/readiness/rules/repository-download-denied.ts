/** repository.download-denied, repository.download-rules-unreadable: Artifact Registry download rules on the repository. */
import { DOCS } from '../docs';
import { RULES_READ_PERMISSION, RULES_READ_ROLE } from '../download-rules';
import { command, v } from '../../safe/command';
import { remedy } from '../remediation';
import type { RepositoryContext, RepositoryRule, RuleOutcome } from '../rule';

const docs = [DOCS.downloadRules, DOCS.accessControl];

/** Fails when an unconditional repository-wide DENY download rule refuses every pull (no package-level ALLOW). */
export const repositoryDownloadDenied: RepositoryRule = {
  id: 'repository.download-denied',
  title: 'No download rule refuses every pull',
  category: 'repository',
  severity: 'high',
  step: 'repository',
  level: 'repository',
  requires: ['download-rules'],
  docs,
  description: 'A repository-wide DENY download rule without a condition refuses every pull that no package-level ALLOW rule lets through, whoever pulls.',
  check(ctx: RepositoryContext): RuleOutcome {
    const a = ctx.rules;
    const repo = ctx.repository;
    if (a.kind !== 'read') return { outcome: 'not-applicable', summary: 'The download rules were not read.' };
    if (!a.blocking) {
      if (a.allowList) return { outcome: 'pass', summary: `Downloads are denied by default (${a.allowList.deny.name}), except for packages ${a.allowList.allowed.map((r) => r.packageId).join(', ')}.`, evidence: { allowList: a.allowList } };
      return { outcome: 'pass', summary: a.downloadRules.length ? `No download rule refuses every pull (${a.downloadRules.length} rules read).` : 'The repository has no download rules.', evidence: { rules: a.downloadRules } };
    }
    const rule = a.blocking;
    const ruleId = rule.name.split('/').pop() ?? rule.name;
    return {
      outcome: 'fail',
      summary: `Download rule ${ruleId} denies every download from ${repo.name}.`,
      message: `Download rule ${rule.name} (action DENY, operation DOWNLOAD, no package, no condition) refuses every pull from repository ${repo.id}, whatever the node's permissions, and no package-level ALLOW rule lets an image through.`,
      evidence: { repository: repo.name, rule },
      remediate() {
        return remedy(
          {
            steps: [
              `Delete the rule if pulls must work, or add a package-level ALLOW rule for each image the nodes pull (deny by default, allow listed packages).`,
              'Repository administrators (roles/artifactregistry.repoAdmin) manage download rules.',
            ],
            docs,
          },
          command(['gcloud', 'artifacts', 'rules', 'delete', /^[A-Za-z0-9%._~:@+^-]{1,256}$/.test(ruleId) ? ruleId : v('repositoryId', ruleId), ['--repository=', v('repositoryId', repo.id)], ['--location=', v('location', repo.location)], ['--project=', v('projectId', repo.project)]]),
        );
      },
    };
  },
};

/** A would-be can-pull is unknown while the repository's download rules could not be read (a rule can only take away). */
export const repositoryDownloadRulesUnreadable: RepositoryRule = {
  id: 'repository.download-rules-unreadable',
  title: 'Download rules of the repository are readable',
  category: 'audit-access',
  severity: 'medium',
  step: 'repository',
  level: 'repository',
  requires: ['download-rules'],
  onlyIfOtherwisePulls: true,
  docs,
  description: `The repository's download rules could not be read (${RULES_READ_PERMISSION}); a pull that would otherwise work is unknown.`,
  check(ctx: RepositoryContext): RuleOutcome {
    const a = ctx.rules;
    if (a.kind !== 'unreadable') return { outcome: 'not-applicable', summary: 'The download rules were read (or not asked for by this scan).' };
    const repo = ctx.repository;
    return {
      outcome: 'undecided',
      summary: `Download rules of ${repo.name} not read.`,
      message: `Pullcheck could not read the download rules of repository ${repo.id} (needs ${RULES_READ_PERMISSION}, in ${RULES_READ_ROLE}); a DENY rule there could refuse the pull, so it is unknown.`,
      evidence: { repository: repo.name, permission: RULES_READ_PERMISSION, role: RULES_READ_ROLE, gapIds: a.gapId ? [a.gapId] : [] },
      remediation: { steps: [`Let the identity running Pullcheck list the rules of repository ${repo.id} (${RULES_READ_PERMISSION}).`, 'Scan again.'], docs },
    };
  },
};
