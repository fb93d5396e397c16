/** version.not-offered: the pool's node version is no longer in getServerConfig's validNodeVersions. */
import type { NodePool } from '../../inventory/types';
import { DOCS } from '../docs';
import { command, v } from '../../safe/command';
import { clusterShortName, poolLabel, remedy } from '../remediation';
import type { FindingMeta } from '../rule';
import type { Finding } from '../types';

/** Metadata of the finding. */
export const versionNotOfferedMeta: FindingMeta = {
  id: 'version.not-offered',
  title: 'Node version is no longer offered',
  severity: 'medium',
  docs: [DOCS.gkeReleaseNotes],
  description: 'The location no longer offers the node version (projects.locations.getServerConfig validNodeVersions): the pool is at or near end of life.',
};

/** One finding per pool whose version the location no longer offers. */
export function versionNotOfferedFinding(pool: NodePool, offered: string[]): Finding {
  return {
    rule: versionNotOfferedMeta.id,
    severity: versionNotOfferedMeta.severity,
    subject: pool.name,
    message:
      pool.versionSource === 'cluster-current-node-version'
        ? `${poolLabel(pool)} did not report its own version; the cluster's currentNodeVersion ${pool.version} (the oldest node version in the cluster) is no longer offered in ${pool.location}; upgrade it.`
        : `${poolLabel(pool)} runs node version ${pool.version}, which ${pool.location} no longer offers; upgrade it.`,
    evidence: {
      version: pool.version,
      field: pool.versionSource === 'cluster-current-node-version' ? 'cluster.currentNodeVersion' : 'nodePools[].version',
      newestOffered: offered[0] ?? null,
      offeredCount: offered.length,
    },
    remediation: remedy(
      { steps: [`Upgrade node pool ${pool.shortName} to an offered version${offered[0] ? ` such as ${offered[0]}` : ''}.`], docs: versionNotOfferedMeta.docs },
      command([
        'gcloud', 'container', 'clusters', 'upgrade', v('clusterName', clusterShortName(pool.cluster)), ['--node-pool=', v('nodePoolName', pool.shortName)],
        ['--location=', v('location', pool.location)], ['--project=', v('projectId', pool.project)],
      ]),
    ),
  };
}
