/** The findings beside the pairs: observations that never change a verdict, gathered per pool, account × repository and cluster. */
import type { Cluster, Inventory } from '../inventory/types';
import type { Engine } from './engine';
import { autoprovisioningFinding } from './findings/autoprovisioning';
import { basicRoleOnlyFinding } from './findings/basic-role-only';
import { defaultServiceAccountFinding } from './findings/default-service-account';
import { expiringGrantFinding, pullsStopOn } from './findings/expiring-grant';
import { grantDespiteUnreadablePolicyFinding } from './findings/grant-despite-unreadable-policy';
import { clusterListUnreadableFinding, repositoryListUnreadableFinding } from './findings/list-unreadable';
import { versionNotOfferedFinding } from './findings/version-not-offered';
import { workloadIdentityFinding } from './findings/workload-identity';
import { downloadAllowListFinding, downloadRulePartialFinding, perimeterDryRunFinding } from './findings/guards';
import { type Grant, type PolicyHole, onlyThroughBasicRoles } from './iam';
import type { Finding } from './types';
import { securityFindings } from '../security/findings';
import { withSeverity } from '../security/severity';

/** Whether the autoprovisioning defaults name no scopes, so the on-demand pool was judged with GKE's default scopes. */
function autoprovisioningScopesAssumed(c: Cluster): boolean {
  return c.autoprovisioning !== null && c.autoprovisioning.oauthScopes.length === 0;
}

/** Every finding of the inventory, deduplicated by rule and subject, in a stable order. */
export function engineFindings(inv: Inventory, e: Engine): Finding[] {
  const out = new Map<string, Finding>();
  const add = (f: Finding, key = `${f.rule}\n${f.subject}`) => {
    if (!out.has(key)) out.set(key, f);
  };
  const poolsBySa = new Map<string, string[]>();
  for (const pool of inv.nodePools) {
    const list = poolsBySa.get(pool.serviceAccount.email) ?? [];
    list.push(pool.name);
    poolsBySa.set(pool.serviceAccount.email, list);
    if (pool.serviceAccount.isDefault) add(defaultServiceAccountFinding(pool));
    const sc = inv.serverConfigs[`projects/${pool.project}/locations/${pool.location}`];
    if (pool.version && sc?.status === 'ok' && sc.value.validNodeVersions.length && !sc.value.validNodeVersions.includes(pool.version)) {
      add(versionNotOfferedFinding(pool, sc.value.validNodeVersions));
    }
  }
  // The IAM findings need only the IAM analyses (no rules): walk every node account × Docker repository, in the
  // order the pairs meet them (accounts by first pool, repositories in inventory order), keeping nothing per pair.
  const basic = new Map<string, { grant: Grant; sa: string; repos: string[] }>();
  const expiring = new Map<string, { grants: Grant[]; sa: string; repos: string[]; date: string }>();
  const holes = new Map<string, { hole: PolicyHole; count: number }>();
  for (const sa of poolsBySa.keys()) {
    const view = e.iam.account(sa);
    for (const repo of e.docker) {
      const iam = e.analysis(view, repo);
      if (!iam) continue;
      if (onlyThroughBasicRoles(iam)) {
        for (const g of iam.grants) {
          const key = `${sa}\n${g.resource}\n${g.role}`;
          const b = basic.get(key) ?? { grant: g, sa, repos: [] };
          b.repos.push(iam.repository);
          basic.set(key, b);
        }
      }
      const ends = pullsStopOn(iam);
      if (ends) {
        const key = `${sa}\n${ends.date}\n${ends.grants.map((g) => `${g.resource} ${g.role}`).join('\n')}`;
        const x = expiring.get(key) ?? { grants: ends.grants, sa, repos: [], date: ends.date };
        x.repos.push(iam.repository);
        expiring.set(key, x);
      }
      if ((iam.public || iam.grants.length) && iam.holes.length) {
        for (const h of iam.holes) {
          const x = holes.get(h.resource) ?? { hole: h, count: 0 };
          x.count++;
          holes.set(h.resource, x);
        }
      }
    }
  }
  for (const [key, b] of basic) add(basicRoleOnlyFinding(b.grant, b.sa, b.repos, poolsBySa.get(b.sa) ?? []), key);
  for (const { hole, count } of holes.values()) add(grantDespiteUnreadablePolicyFinding(hole, count));
  for (const [key, x] of expiring) add(expiringGrantFinding(x.grants, x.sa, x.date, x.repos, poolsBySa.get(x.sa) ?? []), key);
  const onDemand = new Map(inv.nodePools.filter((p) => p.autoProvisioned).map((p) => [p.cluster, p]));
  for (const c of inv.clusters) {
    const pool = onDemand.get(c.name);
    // The pairs of the on-demand pool carry the verdicts; the finding adds the fix on the cluster's defaults.
    if (pool) add(autoprovisioningFinding(c, e.poolPairs(pool), autoprovisioningScopesAssumed(c)));
    if (c.workloadPool) add(workloadIdentityFinding(c));
  }
  const group = (gaps: { project: string; gapId: string }[]) => {
    const m = new Map<string, string[]>();
    for (const g of gaps) m.set(g.project, [...(m.get(g.project) ?? []), g.gapId]);
    return m;
  };
  // Download rules: per Docker repository.
  for (const repo of e.docker) {
    const a = e.repository(repo).analysis;
    if (a.kind !== 'read') continue;
    if (a.partial.length) add(downloadRulePartialFinding(repo, a.partial));
    if (a.allowList) add(downloadAllowListFinding(repo, a.allowList.deny, a.allowList.allowed));
  }
  // Dry-run perimeters: per node network × repository project, judged for the first pool of that network.
  if (inv.accessPolicies) {
    const byNetwork = new Map<string, { pool: (typeof inv.nodePools)[number]; pools: string[] }>();
    for (const pool of inv.nodePools) {
      const key = e.pool(pool).networkKey;
      const x = byNetwork.get(key) ?? { pool, pools: [] };
      x.pools.push(pool.name);
      byNetwork.set(key, x);
    }
    const repoProjects = [...new Set(e.docker.map((r) => r.project))];
    for (const { pool, pools } of byNetwork.values()) {
      for (const project of repoProjects) {
        // Quiet sides are in no dry-run perimeter either.
        if (e.quietBetween(pool, project)) continue;
        const a = e.perimeters.analyze(e.networkOf(pool), { project, number: e.numberOf(project) }, pool.serviceAccount.email);
        if (a.dryRunBlocks?.kind === 'crossing') add(perimeterDryRunFinding(a, a.dryRunBlocks, pools));
      }
    }
  }
  for (const [p, ids] of group(inv.clusterListGaps)) add(clusterListUnreadableFinding(p, ids));
  for (const [p, ids] of group(inv.repositoryListGaps)) add(repositoryListUnreadableFinding(p, ids));
  return [...out.values(), ...securityFindings(inv, e.iam)].map(withSeverity);
}
