/** network.no-private-google-access: private nodes whose subnet has neither Private Google Access nor a Cloud NAT. */
import { DOCS } from '../docs';
import { command, resourceName, terraformResource, v } from '../../safe/command';
import { poolLabel, remedy } from '../remediation';
import type { PoolContext, PoolRule, RuleOutcome } from '../rule';
import { natsNotServingSentence } from '../network-text';

const docs = [DOCS.privateGoogleAccess, DOCS.imagePulls];

const SOURCE_FIELD = {
  'node-pool': 'nodePools[].networkConfig.enablePrivateNodes',
  'cluster-default': 'cluster.networkConfig.defaultEnablePrivateNodes',
  'private-cluster-config': 'cluster.privateClusterConfig.enablePrivateNodes',
  unset: 'unset',
} as const;

/** Fails when private nodes have no route to *-docker.pkg.dev. */
export const networkNoPrivateGoogleAccess: PoolRule = {
  id: 'network.no-private-google-access',
  title: 'Private nodes reach Artifact Registry',
  category: 'network',
  severity: 'high',
  step: 'network',
  level: 'pool',
  requires: ['clusters', 'subnetworks', 'routers'],
  publicRepositorySatisfies: false,
  docs,
  description: 'Nodes without external IPs reach *-docker.pkg.dev only through Private Google Access on their subnet or a Cloud NAT serving it.',
  check(ctx: PoolContext): RuleOutcome {
    const n = ctx.network;
    switch (n.kind) {
      case 'public-nodes':
        return { outcome: 'not-applicable', summary: 'The nodes have public IP addresses.', evidence: { privateNodes: false, decidedBy: SOURCE_FIELD[n.privateNodesSource] } };
      case 'unreadable':
        return { outcome: 'not-applicable', summary: 'The network path could not be read (see network.unreadable).' };
      case 'private-google-access':
        return { outcome: 'pass', summary: `Subnet ${n.subnetwork.name} has Private Google Access.`, evidence: { subnetwork: n.subnetwork.name, privateIpGoogleAccess: true } };
      case 'cloud-nat':
        return { outcome: 'pass', summary: `Cloud NAT ${n.nat} on router ${n.router} serves subnet ${n.subnetwork.name}.`, evidence: { subnetwork: n.subnetwork.name, router: n.router, nat: n.nat, sourceSubnetworkIpRangesToNat: n.coverage } };
      case 'blocked': {
        const s = n.subnetwork;
        const subnetId = s.name.split('/').pop() as string;
        const gcloud = command([
          'gcloud', 'compute', 'networks', 'subnets', 'update', v('subnetName', subnetId),
          ['--project=', v('projectId', s.project)], ['--region=', v('region', s.region)], '--enable-private-ip-google-access',
        ]);
        const terraform = terraformResource('google_compute_subnetwork', resourceName(subnetId, s.name), [
          { attr: 'name', value: v('subnetName', subnetId) },
          { attr: 'project', value: v('projectId', s.project) },
          { attr: 'region', value: v('region', s.region) },
          { attr: 'network', value: v('networkResource', s.network) },
          { attr: 'private_ip_google_access', value: true },
          { comment: '... keep the existing ip_cidr_range and secondary ranges' },
        ]);
        return {
          outcome: 'fail',
          summary: `Subnet ${s.name} has no Private Google Access and no Cloud NAT serves it.`,
          message: `${poolLabel(ctx.pool)} has private nodes on subnet ${subnetId} (project ${s.project}, ${s.region}), which has neither Private Google Access nor a Cloud NAT, so its nodes cannot reach *-docker.pkg.dev.${natsNotServingSentence(n.natsNotServing)}`,
          evidence: {
            privateNodes: true,
            decidedBy: SOURCE_FIELD[ctx.pool.privateNodesSource],
            subnetwork: s.name,
            privateIpGoogleAccess: false,
            network: s.network,
            routersChecked: n.routersChecked,
            ...(n.natsNotServing ? { natsNotServing: n.natsNotServing } : {}),
          },
          remediation: remedy(
            {
              steps: [
              `Enable Private Google Access on subnet ${subnetId} in project ${s.project}${s.project !== ctx.pool.project ? ' (the Shared VPC host project)' : ''}.`,
              `Or add a Cloud NAT on a router in network ${s.network.split('/').pop()} and region ${s.region} that serves this subnet.`,
              ],
              docs,
            },
            gcloud,
            terraform,
          ),
        };
      }
    }
  },
};
