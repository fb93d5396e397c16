/** scope.no-storage: the pool has no scope the credential helper accepts, so nodes pull anonymously. */
import { DOCS } from '../docs';
import { v } from '../../safe/command';
import { isOnDemandPool, newNodePoolBuilt, newNodePoolTerraformBuilt, onDemandDefaultsRemediation, poolLabel, remedy, SCOPES_WARNING } from '../remediation';
import type { PoolContext, PoolRule, RuleOutcome } from '../rule';
import { classifyScopes } from '../scopes';

const docs = [DOCS.accessScopes, DOCS.integrateGke];

/** Fails when no scope starts with .../auth/devstorage or .../auth/cloud-platform. */
export const scopeNoStorage: PoolRule = {
  id: 'scope.no-storage',
  title: 'Node pool has a storage access scope',
  category: 'scope',
  severity: 'high',
  step: 'scopes',
  level: 'pool',
  requires: ['clusters'],
  publicRepositorySatisfies: true,
  docs,
  description: 'Without a devstorage or cloud-platform scope the kubelet pulls anonymously: only public repositories work.',
  check(ctx: PoolContext): RuleOutcome {
    const c = classifyScopes(ctx.pool.oauthScopes);
    if (c.kind === 'sufficient') return { outcome: 'pass', summary: `Scope ${c.matching[0]} lets the node credential helper issue a token.`, evidence: { scopes: c.matching } };
    if (c.kind === 'read-only-cloud-platform') return { outcome: 'not-applicable', summary: 'Only cloud-platform.read-only is set (see scope.read-only-cloud-platform).' };
    const sa = ctx.pool.serviceAccount;
    const scopes = sa.isDefault ? 'gke-default' : 'cloud-platform';
    const scopeUrls = sa.isDefault
      ? ['https://www.googleapis.com/auth/devstorage.read_only', 'https://www.googleapis.com/auth/logging.write', 'https://www.googleapis.com/auth/monitoring']
      : ['https://www.googleapis.com/auth/cloud-platform'];
    const has = ctx.pool.oauthScopes.length ? ctx.pool.oauthScopes.map((s) => s.replace('https://www.googleapis.com/auth/', '')).join(', ') : 'none';
    const message = `${poolLabel(ctx.pool)} has no storage access scope (its scopes: ${has}), so its nodes pull anonymously and can pull only from public repositories.`;
    if (isOnDemandPool(ctx.pool)) {
      return {
        outcome: 'fail',
        summary: 'No devstorage or cloud-platform access scope in the auto-provisioning defaults.',
        message,
        evidence: { field: 'autoscaling.autoprovisioningNodePoolDefaults.oauthScopes', value: ctx.pool.oauthScopes },
        remediation: onDemandDefaultsRemediation(ctx.pool, ctx.cluster, v('serviceAccountEmail', sa.email), scopeUrls, { steps: [], docs }),
      };
    }
    return {
      outcome: 'fail',
      summary: 'No devstorage or cloud-platform access scope.',
      message,
      evidence: { field: 'nodePools[].config.oauthScopes', value: ctx.pool.oauthScopes },
      remediation: remedy(
        {
          steps: [
          `Create a new node pool with scopes ${scopes} (same service account ${sa.email}).`,
          `Move the workloads: kubectl cordon and kubectl drain the nodes labelled cloud.google.com/gke-nodepool=${ctx.pool.shortName}.`,
          `Delete the old node pool ${ctx.pool.shortName}.`,
        ],
          docs,
          warning: SCOPES_WARNING,
        },
        newNodePoolBuilt(ctx.pool, v('serviceAccountEmail', sa.email), scopes),
        newNodePoolTerraformBuilt(ctx.pool, sa.email, scopeUrls),
      ),
    };
  },
};
