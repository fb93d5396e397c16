/** version.below-minimum: the node version predates credential-helper pulls from Artifact Registry (Artifact Registry "Deploy to Google Kubernetes Engine"). */
import type { Cluster, Inventory, NodePool } from '../../inventory/types';
import { DOCS } from '../docs';
import { command, resourceName, terraformResource, v, type Built, type HclLine, type Word } from '../../safe/command';
import { clusterShortName, isOnDemandPool, poolLabel, remedy } from '../remediation';
import type { PoolContext, PoolRule, RuleOutcome } from '../rule';
import type { Remediation } from '../types';
import { compareGkeVersions, parseGkeVersion, versionBracket } from '../version';

const docs = [DOCS.integrateGke, DOCS.gkeReleaseNotes];

/**
 * The version to upgrade the pool to: the newest node version the location currently offers
 * (getServerConfig validNodeVersions, newest first) that does not exceed the control plane's, since
 * nodes may not run a newer version than the control plane. Null when the offer is unknown.
 */
export function upgradeTarget(inv: Inventory, pool: NodePool, cluster: Cluster | null): { version: string | null; controlPlaneTooOld: boolean } {
  const sc = inv.serverConfigs[`projects/${pool.project}/locations/${pool.location}`];
  if (sc?.status !== 'ok') return { version: null, controlPlaneTooOld: false };
  const offered = sc.value.validNodeVersions.filter((v) => versionBracket(v).kind === 'ok');
  if (!offered.length) return { version: null, controlPlaneTooOld: false };
  const cp = cluster?.controlPlaneVersion ? parseGkeVersion(cluster.controlPlaneVersion) : null;
  if (!cp) return { version: offered[0], controlPlaneTooOld: false };
  const fitting = offered.find((v) => {
    const p = parseGkeVersion(v);
    return p !== null && compareGkeVersions(p, cp) <= 0;
  });
  return fitting ? { version: fitting, controlPlaneTooOld: false } : { version: null, controlPlaneTooOld: true };
}

/**
 * The pools a cluster creates on demand have no pool to upgrade: GKE creates them at the cluster's version (GKE "Use
 * node auto-provisioning"; Autopilot upgrades its nodes itself), so the fix is the control plane's version.
 */
function onDemandRemediation(ctx: PoolContext): Remediation {
  const { pool, cluster } = ctx;
  const c = clusterShortName(pool.cluster);
  const where: Word[] = [['--location=', v('location', pool.location)], ['--project=', v('projectId', pool.project)]];
  const target = upgradeTarget(ctx.inv, pool, cluster);
  const steps = [
    `Node pools auto-provisioned in cluster ${c} are created at the cluster's version: upgrade the control plane${target.version ? ` to ${target.version}` : ''}, then let GKE upgrade or recreate the auto-provisioned nodes (Autopilot and node auto-provisioning upgrade them automatically).`,
    'Or configure Kubernetes imagePullSecrets with a credential for the repository host.',
  ];
  const gcloud = command([
    'gcloud', 'container', 'clusters', 'upgrade', v('clusterName', c), '--master',
    ...(target.version ? [['--cluster-version=', v('gkeVersion', target.version)] as Word] : []), ...where,
  ]);
  return remedy({ steps, docs }, gcloud);
}

function remediationFor(ctx: PoolContext): Remediation {
  if (isOnDemandPool(ctx.pool)) return onDemandRemediation(ctx);
  const { pool, cluster } = ctx;
  const c = clusterShortName(pool.cluster);
  const where: Word[] = [['--location=', v('location', pool.location)], ['--project=', v('projectId', pool.project)]];
  const upgradePool: Word[] = ['gcloud', 'container', 'clusters', 'upgrade', v('clusterName', c), ['--node-pool=', v('nodePoolName', pool.shortName)]];
  const target = upgradeTarget(ctx.inv, pool, cluster);
  const steps: string[] = [];
  let gcloud: Built;
  let versionLine: HclLine;
  if (target.version) {
    steps.push(`Upgrade node pool ${pool.shortName} (cluster ${c}) to ${target.version}, the newest node version ${pool.location} currently offers${cluster?.controlPlaneVersion ? ` up to the control plane's ${cluster.controlPlaneVersion}` : ''}.`);
    gcloud = command([...upgradePool, ['--cluster-version=', v('gkeVersion', target.version)], ...where]);
    versionLine = { attr: 'version', value: v('gkeVersion', target.version), comment: `newest node version ${pool.location} offers (getServerConfig validNodeVersions)` };
  } else {
    if (target.controlPlaneTooOld) {
      const master = command(['gcloud', 'container', 'clusters', 'upgrade', v('clusterName', c), '--master', ...where]);
      steps.push(
        `Upgrade the control plane of cluster ${c} first: it runs ${cluster?.controlPlaneVersion}, older than every node version ${pool.location} offers, and nodes cannot run a newer version than the control plane${master.ok ? ` (${master.text})` : ''}.`,
      );
    }
    steps.push(`Upgrade node pool ${pool.shortName} (cluster ${c}) to a supported version; without --cluster-version, gcloud upgrades it to the control plane's version.`);
    gcloud = command([...upgradePool, ...where]);
    versionLine = {
      comment: target.controlPlaneTooOld
        ? "version omitted: the pool takes the control plane's version; upgrade the control plane first, and let the release channel's auto-upgrade keep both on offered versions"
        : "version omitted: no offered version is known here; the pool takes the control plane's version and the release channel's auto-upgrade keeps it on an offered one",
    };
  }
  steps.push('Or configure Kubernetes imagePullSecrets with a credential for the repository host.');
  const terraform = terraformResource('google_container_node_pool', resourceName(pool.shortName, pool.name), [
    { attr: 'name', value: v('nodePoolName', pool.shortName) },
    { attr: 'project', value: v('projectId', pool.project) },
    { attr: 'location', value: v('location', pool.location) },
    { attr: 'cluster', value: v('clusterName', c) },
    versionLine,
    { comment: '...' },
  ]);
  return remedy({ steps, docs }, gcloud, terraform);
}

/** Fails below 1.14.10-gke.22 / 1.15.9-gke.8 and below 1.14 (imagePullSecrets needed); undecided when the version is unknown. */
export const versionBelowMinimum: PoolRule = {
  id: 'version.below-minimum',
  title: 'Node version supports Artifact Registry pulls',
  category: 'version',
  severity: 'high',
  step: 'version',
  level: 'pool',
  requires: ['clusters'],
  publicRepositorySatisfies: true,
  docs,
  description: 'Default pulls from Artifact Registry need nodes at 1.14.10-gke.22, 1.15.9-gke.8, or 1.16 and later; below 1.14 only imagePullSecrets work.',
  check(ctx: PoolContext): RuleOutcome {
    const { pool } = ctx;
    if (!pool.version) {
      return {
        outcome: 'undecided',
        summary: 'The node version is unknown.',
        message: `The node version of ${poolLabel(pool)} is unknown (neither nodePools[].version nor currentNodeVersion is set).`,
        evidence: { field: 'nodePools[].version', value: null },
        remediation: remediationFor(ctx),
      };
    }
    const fromCluster = pool.versionSource === 'cluster-current-node-version';
    const field = fromCluster ? 'cluster.currentNodeVersion' : 'nodePools[].version';
    const subject = fromCluster
      ? `${poolLabel(pool)} did not report its own version, so Pullcheck used the cluster's currentNodeVersion ${pool.version} (the oldest node version in the cluster), which is`
      : `${poolLabel(pool)} runs node version ${pool.version},`;
    const b = versionBracket(pool.version);
    switch (b.kind) {
      case 'ok':
        return {
          outcome: 'pass',
          summary: `Node version ${pool.version}${fromCluster ? " (the cluster's currentNodeVersion)" : ''} supports pulls${b.minimum ? ` (minimum ${b.minimum})` : ''}.`,
          evidence: { version: pool.version, field },
        };
      case 'unparseable':
        return {
          outcome: 'undecided',
          summary: `Node version ${pool.version} is not a GKE version string.`,
          message: `The node version "${pool.version}" of ${poolLabel(pool)}${fromCluster ? " (the cluster's currentNodeVersion; the pool did not report its own)" : ''} could not be parsed as MAJOR.MINOR.PATCH-gke.N.`,
          evidence: { field, value: pool.version },
          remediation: remediationFor(ctx),
        };
      case 'below-minimum':
        return {
          outcome: 'fail',
          summary: `Node version ${pool.version} is below ${b.minimum}.`,
          message: `${subject} below ${b.minimum}, the first that pulls from Artifact Registry by default.`,
          evidence: { field, value: pool.version, minimum: b.minimum },
          remediation: remediationFor(ctx),
        };
      case 'needs-pull-secrets':
        return {
          outcome: 'fail',
          summary: `Node version ${pool.version} is below 1.14: only imagePullSecrets work.`,
          message: fromCluster
            ? `${subject} older than 1.14: nodes below 1.14 cannot pull from Artifact Registry without imagePullSecrets.`
            : `${subject} older than 1.14, which cannot pull from Artifact Registry without imagePullSecrets.`,
          evidence: { field, value: pool.version, minimum: '1.14.10-gke.22' },
          remediation: remediationFor(ctx),
        };
    }
  },
};
