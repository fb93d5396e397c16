/** network.unreadable: private nodes, and the subnet (or, without Private Google Access, the routers) could not be read. */
import { DOCS } from '../docs';
import { AUDITOR, iamBindingBuilt, poolLabel, remedy } from '../remediation';
import type { PoolContext, PoolRule, RuleOutcome } from '../rule';

const docs = [DOCS.privateGoogleAccess];

/** Undecided (audit-access) when the evidence for the network path is missing. */
export const networkUnreadable: PoolRule = {
  id: 'network.unreadable',
  title: 'Network path evidence is readable',
  category: 'audit-access',
  severity: 'medium',
  step: 'network',
  level: 'pool',
  requires: ['clusters', 'subnetworks', 'routers'],
  publicRepositorySatisfies: false,
  docs,
  description: 'For private nodes, the subnet (compute.subnetworks.get) and, without Private Google Access, the routers (compute.routers.list) must be readable.',
  check(ctx: PoolContext): RuleOutcome {
    const n = ctx.network;
    if (n.kind === 'public-nodes') return { outcome: 'not-applicable', summary: 'The nodes have public IP addresses.' };
    if (n.kind !== 'unreadable') return { outcome: 'pass', summary: 'The subnet and routers were read.' };
    const host = /^projects\/([^/]+)/.exec(n.subnetwork ?? '')?.[1] ?? ctx.pool.project;
    const what =
      n.reason === 'no-subnetwork'
        ? 'no subnet is named for its nodes'
        : n.reason === 'subnetwork-not-found'
          ? `its subnet ${n.subnetwork} was not found (404)`
          : n.reason === 'subnetwork-unreadable'
            ? `its subnet ${n.subnetwork} could not be read (the auditor lacks compute.subnetworks.get)`
            : `subnet ${n.subnetwork} has no Private Google Access and the Cloud Routers of its region could not be read (the auditor lacks compute.routers.list)`;
    return {
      outcome: 'undecided',
      summary: `Network path unknown: ${what}.`,
      message: `${poolLabel(ctx.pool)} has private nodes, but ${what}, so whether its nodes reach *-docker.pkg.dev is unknown.`,
      evidence: { privateNodes: true, subnetwork: n.subnetwork, reason: n.reason, gapIds: n.gapIds, permission: n.permission },
      remediation: remedy(
        {
          steps: [`Grant the identity running Pullcheck roles/compute.networkViewer on project ${host}${host !== ctx.pool.project ? ' (the Shared VPC host project)' : ''}, then scan again.`],
          docs,
        },
        iamBindingBuilt('add', `projects/${host}`, AUDITOR, 'roles/compute.networkViewer'),
      ),
    };
  },
};
