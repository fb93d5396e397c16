/** The planner's rules: what each read leads to, whichever source answered it. */
import { describe, expect, it } from 'vitest';
import { accountProject, clusterReads, policyReads, subnetNeedsRouters } from './rules';

describe('clusterReads', () => {
  it('leads from node pools to their accounts, the default account, private subnets and the server config', () => {
    const r = clusterReads('shop-app', {
      name: 'web',
      location: 'europe-west2',
      networkConfig: { subnetwork: 'projects/net-host/regions/europe-west2/subnetworks/nodes' },
      privateClusterConfig: { enablePrivateNodes: true },
      nodePools: [
        { name: 'a', config: { serviceAccount: 'Web-Nodes@shop-app.iam.gserviceaccount.com' } },
        { name: 'b', config: { serviceAccount: 'default' } },
        { name: 'c', config: { serviceAccount: 'web-nodes@shop-app.iam.gserviceaccount.com' } },
      ],
    });
    expect(r.accounts).toEqual(['web-nodes@shop-app.iam.gserviceaccount.com']);
    expect(r.defaultAccount).toBe(true);
    expect(r.subnets).toEqual(['projects/net-host/regions/europe-west2/subnetworks/nodes']);
    expect(r.serverConfigLocation).toBe('europe-west2');
  });

  it('reads no subnet for public nodes', () => {
    expect(clusterReads('p', { name: 'c', location: 'us-east1', nodePools: [{ name: 'a' }] }).subnets).toEqual([]);
  });
});

describe('subnetNeedsRouters', () => {
  it('reads routers unless the subnet has Private Google Access (or could not be read)', () => {
    expect(subnetNeedsRouters({ privateIpGoogleAccess: true })).toBe(false);
    expect(subnetNeedsRouters({ privateIpGoogleAccess: false })).toBe(true);
    expect(subnetNeedsRouters(null)).toBe(true);
  });
});

describe('policyReads', () => {
  it('keeps bindings that may grant the download: groups to resolve, custom roles to read', () => {
    const reads = policyReads({
      bindings: [
        { role: 'roles/artifactregistry.reader', members: ['group:Devs@example.org', 'user:a@example.org'] },
        { role: 'roles/compute.viewer', members: ['group:ops@example.org'] },
        { role: 'projects/p/roles/puller', members: ['serviceAccount:x@p.iam.gserviceaccount.com'] },
      ],
    });
    expect(reads).toEqual([
      { role: 'roles/artifactregistry.reader', groups: ['devs@example.org'], grants: true },
      { role: 'projects/p/roles/puller', groups: [], grants: null },
    ]);
  });
});

describe('accountProject', () => {
  it('tells the project whose list holds an account from its email', () => {
    expect(accountProject('nodes@shop-app.iam.gserviceaccount.com')).toBe('shop-app');
    expect(accountProject('123456789012-compute@developer.gserviceaccount.com')).toBe('123456789012');
    expect(accountProject('someone@example.org')).toBeNull();
  });
});
