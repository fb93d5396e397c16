/** version.below-minimum: the node version predates credential-helper pulls from Artifact Registry (§4). */
import { DOCS } from '../docs';
import { clusterShortName, poolLabel } from '../remediation';
import type { PoolContext, PoolRule, RuleOutcome } from '../rule';
import { versionBracket } from '../version';

const docs = [DOCS.integrateGke, DOCS.gkeReleaseNotes];

/** Fails below 1.14.10-gke.22 / 1.15.9-gke.8 and below 1.14 (imagePullSecrets needed); undecided when the version is unknown. */
export const versionBelowMinimum: PoolRule = {
  id: 'version.below-minimum',
  title: 'Node version supports Artifact Registry pulls',
  category: 'version',
  severity: 'high',
  step: 'version',
  level: 'pool',
  publicRepositorySatisfies: true,
  docs,
  description: 'Default pulls from Artifact Registry need nodes at 1.14.10-gke.22, 1.15.9-gke.8, or 1.16 and later; below 1.14 only imagePullSecrets work.',
  check(ctx: PoolContext): RuleOutcome {
    const { pool } = ctx;
    const upgrade = `gcloud container clusters upgrade ${clusterShortName(pool.cluster)} --node-pool=${pool.shortName} --location=${pool.location} --project=${pool.project}`;
    const remediation = {
      steps: [
        `Upgrade the node pool (cluster ${clusterShortName(pool.cluster)}) to a supported version.`,
        'Or configure Kubernetes imagePullSecrets with a credential for the repository host.',
      ],
      gcloud: upgrade,
      terraform: `resource "google_container_node_pool" "${pool.shortName.replace(/[^A-Za-z0-9_]/g, '_')}" {\n  # ...\n  version = "1.16.0" # or later; prefer the release channel's default\n}`,
      docs,
    };
    if (!pool.version) {
      return {
        outcome: 'undecided',
        summary: 'The node version is unknown.',
        message: `The node version of ${poolLabel(pool)} is unknown (neither nodePools[].version nor currentNodeVersion is set).`,
        evidence: { field: 'nodePools[].version', value: null },
        remediation,
      };
    }
    const b = versionBracket(pool.version);
    switch (b.kind) {
      case 'ok':
        return { outcome: 'pass', summary: `Node version ${pool.version} supports pulls${b.minimum ? ` (minimum ${b.minimum})` : ''}.`, evidence: { version: pool.version } };
      case 'unparseable':
        return {
          outcome: 'undecided',
          summary: `Node version ${pool.version} is not a GKE version string.`,
          message: `The node version "${pool.version}" of ${poolLabel(pool)} could not be parsed as MAJOR.MINOR.PATCH-gke.N.`,
          evidence: { field: 'nodePools[].version', value: pool.version },
          remediation,
        };
      case 'below-minimum':
        return {
          outcome: 'fail',
          summary: `Node version ${pool.version} is below ${b.minimum}.`,
          message: `${poolLabel(pool)} runs node version ${pool.version}, below ${b.minimum}, the first that pulls from Artifact Registry by default.`,
          evidence: { field: 'nodePools[].version', value: pool.version, minimum: b.minimum },
          remediation,
        };
      case 'needs-pull-secrets':
        return {
          outcome: 'fail',
          summary: `Node version ${pool.version} is below 1.14: only imagePullSecrets work.`,
          message: `${poolLabel(pool)} runs node version ${pool.version}, older than 1.14, which cannot pull from Artifact Registry without imagePullSecrets.`,
          evidence: { field: 'nodePools[].version', value: pool.version, minimum: '1.14.10-gke.22' },
          remediation,
        };
    }
  },
};
