/** autoprovisioning.defaults: whether node pools that auto-provisioning / Autopilot would create could pull. */
import type { Cluster } from '../../inventory/types';
import { DOCS } from '../docs';
import { v } from '../../safe/command';
import { onDemandDefaultsRemediation } from '../remediation';
import type { FindingMeta } from '../rule';
import type { Finding, Pair } from '../types';

/** Metadata of the finding. */
export const autoprovisioningMeta: FindingMeta = {
  id: 'autoprovisioning.defaults',
  title: 'Auto-provisioned node pools would (not) pull',
  severity: 'medium',
  docs: [DOCS.nodeServiceAccounts, DOCS.accessScopes],
  description: 'autoprovisioningNodePoolDefaults decide the service account and scopes of future pools; this judges a virtual pool with those defaults.',
};

/** One finding per cluster with auto-provisioning (or Autopilot), from the virtual pool's pairs. */
export function autoprovisioningFinding(cluster: Cluster, pairs: Pair[], assumedScopes: boolean): Finding {
  const ap = cluster.autoprovisioning;
  const bad = pairs.filter((p) => p.verdict !== 'can-pull');
  const names = bad.slice(0, 10).map((p) => `${p.repository.split('/').pop()} (${p.verdict}: ${[...new Set(p.causes.map((c) => c.category))].join(', ')})`);
  const kind = cluster.autopilot ? 'Autopilot' : 'node auto-provisioning';
  const who = `service account ${ap?.serviceAccount.email}`;
  const ok = bad.length === 0;
  const categories = new Set(bad.flatMap((p) => p.causes.map((c) => c.category)));
  const steps: string[] = [];
  if (categories.has('iam')) steps.push(`Grant roles/artifactregistry.reader to serviceAccount:${ap?.serviceAccount.email} on the repositories listed.`);
  if (categories.has('scope')) steps.push('Set autoprovisioningNodePoolDefaults.oauthScopes to include cloud-platform (or devstorage.read_only).');
  if (categories.has('network')) steps.push('Enable Private Google Access on the cluster subnet or add a Cloud NAT.');
  if (categories.has('service-account')) steps.push('Point autoprovisioningNodePoolDefaults.serviceAccount at an existing, enabled service account.');
  return {
    rule: autoprovisioningMeta.id,
    severity: ok ? 'info' : autoprovisioningMeta.severity,
    subject: cluster.name,
    message: ok
      ? `Node pools that ${kind} creates in cluster ${cluster.shortName} (${who}) would pull from all ${pairs.length} Docker repositories.`
      : `Node pools that ${kind} creates in cluster ${cluster.shortName} (${who}) would not be able to pull from ${bad.length} of ${pairs.length} Docker repositories: ${names.join('; ')}${bad.length > 10 ? '; ...' : ''}.`,
    evidence: {
      serviceAccount: ap?.serviceAccount.email,
      oauthScopes: ap?.oauthScopes,
      scopesAssumedFromGkeDefaults: assumedScopes,
      repositories: bad.map((p) => ({ repository: p.repository, verdict: p.verdict, categories: [...new Set(p.causes.map((c) => c.category))] })),
    },
    remediation: ok
      ? { steps: [], docs: autoprovisioningMeta.docs }
      : onDemandDefaultsRemediation(
          { cluster: cluster.name, project: cluster.project, location: cluster.location },
          cluster,
          v('serviceAccountEmail', ap?.serviceAccount.email ?? ''),
          ['https://www.googleapis.com/auth/cloud-platform'],
          { steps, docs: autoprovisioningMeta.docs },
        ),
  };
}
