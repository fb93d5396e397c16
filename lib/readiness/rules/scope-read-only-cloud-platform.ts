/** scope.read-only-cloud-platform: only cloud-platform.read-only; whether Artifact Registry accepts its token is undocumented. */
import { DOCS } from '../docs';
import { v } from '../../safe/command';
import { isOnDemandPool, newNodePoolBuilt, newNodePoolTerraformBuilt, onDemandDefaultsRemediation, poolLabel, remedy, SCOPES_WARNING } from '../remediation';
import type { PoolContext, PoolRule, RuleOutcome } from '../rule';
import { classifyScopes } from '../scopes';

const docs = [DOCS.accessScopes, DOCS.integrateGke];

/** Undecided when cloud-platform.read-only is the only scope the credential helper accepts. */
export const scopeReadOnlyCloudPlatform: PoolRule = {
  id: 'scope.read-only-cloud-platform',
  title: 'Node pool scope is not only cloud-platform.read-only',
  category: 'scope',
  severity: 'medium',
  step: 'scopes',
  level: 'pool',
  requires: ['clusters'],
  publicRepositorySatisfies: true,
  docs,
  description: 'cloud-platform.read-only makes the credential helper issue a token, but whether Artifact Registry accepts it is not documented.',
  check(ctx: PoolContext): RuleOutcome {
    const c = classifyScopes(ctx.pool.oauthScopes);
    if (c.kind === 'sufficient') return { outcome: 'pass', summary: `Scope ${c.matching[0]} is sufficient.`, evidence: { scopes: c.matching } };
    if (c.kind === 'none') return { outcome: 'not-applicable', summary: 'No cloud-platform scope at all (see scope.no-storage).' };
    const sa = ctx.pool.serviceAccount;
    const scopes = sa.isDefault ? 'gke-default' : 'cloud-platform';
    return {
      outcome: 'undecided',
      summary: 'Only cloud-platform.read-only: acceptance by Artifact Registry is undocumented.',
      message: `${poolLabel(ctx.pool)} has only the cloud-platform.read-only scope, and whether Artifact Registry accepts such a token is not documented.`,
      evidence: { field: 'nodePools[].config.oauthScopes', value: ctx.pool.oauthScopes, matching: c.matching },
      remediation: isOnDemandPool(ctx.pool)
        ? onDemandDefaultsRemediation(ctx.pool, ctx.cluster, v('serviceAccountEmail', sa.email), ['https://www.googleapis.com/auth/cloud-platform'], { steps: [], docs })
        : remedy(
        {
          steps: [
          `Create a new node pool with scopes ${scopes} (or devstorage.read_only), move the workloads, then delete ${ctx.pool.shortName}.`,
        ],
          docs,
          warning: SCOPES_WARNING,
        },
        newNodePoolBuilt(ctx.pool, v('serviceAccountEmail', sa.email), scopes),
        newNodePoolTerraformBuilt(ctx.pool, sa.email, ['https://www.googleapis.com/auth/cloud-platform']),
      ),
    };
  },
};
