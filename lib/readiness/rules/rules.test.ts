import { describe, expect, it } from 'vitest';
import {
  binding,
  bindingIf,
  gapped,
  makeGap,
  makeInventory,
  makeNodePool,
  makePolicy,
  makeRepository,
  makeRouter,
  makeServiceAccount,
  makeSubnetwork,
  NOT_FOUND,
  ok,
  policyGap,
  type InventoryOptions,
} from '../../inventory/builders';
import type { NodePool } from '../../inventory/types';
import { evaluatePair } from '../engine';

const SA = 'nodes@app.iam.gserviceaccount.com';
const REPO = makeRepository();
const READER = makePolicy(REPO.name, [binding('roles/artifactregistry.reader', `serviceAccount:${SA}`)]);
const PUBLIC = makePolicy(REPO.name, [binding('roles/artifactregistry.reader', 'allUsers')]);
const SUBNET = 'projects/app/regions/europe-west1/subnetworks/nodes';

function judge(pool: Partial<Parameters<typeof makeNodePool>[0]>, o: InventoryOptions = {}) {
  const p: NodePool = makeNodePool(pool);
  const inv = makeInventory({ nodePools: [p], repositories: [REPO], policies: [READER], ...o });
  return evaluatePair(inv, p.name, REPO.name);
}

function outcome(pool: Partial<Parameters<typeof makeNodePool>[0]>, rule: string, o: InventoryOptions = {}) {
  const e = judge(pool, o);
  const c = e.checks.find((x) => x.rule === rule);
  if (!c) throw new Error(`no check ${rule}`);
  return { check: c, pair: e, cause: e.causes.find((x) => x.rule === rule) };
}

describe('service-account.deleted', () => {
  it('passes when the account exists', () => {
    expect(outcome({}, 'service-account.deleted').check.outcome).toBe('pass');
  });
  it('fails on a 404, and names the undelete uid from deleted: bindings', () => {
    const r = outcome({}, 'service-account.deleted', {
      serviceAccounts: { [SA]: NOT_FOUND },
      policies: [makePolicy('projects/registry', [binding('roles/viewer', `deleted:serviceAccount:${SA}?uid=123456789012345678901`)])],
    });
    expect(r.check.outcome).toBe('fail');
    expect(r.pair.verdict).toBe('cannot-pull');
    expect(r.cause?.category).toBe('service-account');
    expect(r.cause?.message).toContain(SA);
    expect(r.cause?.remediation.gcloud).toBe('gcloud iam service-accounts undelete 123456789012345678901 --project=app');
  });
  it('is not applicable when the account could not be read', () => {
    expect(outcome({}, 'service-account.deleted', { serviceAccounts: { [SA]: gapped('g1') } }).check.outcome).toBe('not-applicable');
  });
});

describe('service-account.disabled', () => {
  it('passes for an enabled account', () => {
    expect(outcome({}, 'service-account.disabled').check.outcome).toBe('pass');
  });
  it('fails for a disabled account with the enable command', () => {
    const r = outcome({}, 'service-account.disabled', { serviceAccounts: { [SA]: makeServiceAccount(SA, { disabled: true }) } });
    expect(r.pair.verdict).toBe('cannot-pull');
    expect(r.cause?.category).toBe('service-account');
    expect(r.cause?.remediation.gcloud).toBe(`gcloud iam service-accounts enable ${SA} --project=app`);
  });
  it('is not applicable when the account was not read', () => {
    expect(outcome({}, 'service-account.disabled', { serviceAccounts: { [SA]: gapped('g1') } }).check.outcome).toBe('not-applicable');
  });
});

describe('service-account.unreadable', () => {
  it('passes when the account was read', () => {
    expect(outcome({}, 'service-account.unreadable').check.outcome).toBe('pass');
  });
  it('is undecided (audit-access) on a 403, and the pair is unknown', () => {
    const r = outcome({}, 'service-account.unreadable', { serviceAccounts: { [SA]: gapped('g-sa') } });
    expect(r.check.outcome).toBe('undecided');
    expect(r.pair.verdict).toBe('unknown');
    expect(r.cause?.category).toBe('audit-access');
    expect(r.cause?.evidence.gapIds).toEqual(['g-sa']);
    expect(r.cause?.message).toContain('iam.serviceAccounts.get');
  });
});

describe('scope.no-storage', () => {
  it('passes with devstorage.read_only', () => {
    expect(outcome({ scopes: ['https://www.googleapis.com/auth/devstorage.read_only'] }, 'scope.no-storage').check.outcome).toBe('pass');
  });
  it('fails with only logging and monitoring scopes, warning that scopes cannot change in place', () => {
    const r = outcome({ scopes: ['https://www.googleapis.com/auth/logging.write', 'https://www.googleapis.com/auth/monitoring'] }, 'scope.no-storage');
    expect(r.pair.verdict).toBe('cannot-pull');
    expect(r.cause?.category).toBe('scope');
    expect(r.cause?.remediation.warning).toMatch(/cannot be changed/);
    expect(r.cause?.remediation.gcloud).toBe(
      `gcloud container node-pools create pool-v2 --cluster=c1 --location=europe-west1 --project=app --service-account=${SA} --scopes=cloud-platform`,
    );
    expect(r.cause?.remediation.terraform).toContain('google_container_node_pool');
  });
  it('is not applicable when only cloud-platform.read-only is set', () => {
    expect(outcome({ scopes: ['https://www.googleapis.com/auth/cloud-platform.read-only'] }, 'scope.no-storage').check.outcome).toBe('not-applicable');
  });
  it('is satisfied for a public repository', () => {
    const r = outcome({ scopes: [] }, 'scope.no-storage', { policies: [PUBLIC] });
    expect(r.check.outcome).toBe('pass');
    expect(r.pair.verdict).toBe('can-pull');
  });
});

describe('scope.read-only-cloud-platform', () => {
  it('passes with cloud-platform', () => {
    expect(outcome({}, 'scope.read-only-cloud-platform').check.outcome).toBe('pass');
  });
  it('is undecided (scope) with only cloud-platform.read-only', () => {
    const r = outcome({ scopes: ['https://www.googleapis.com/auth/cloud-platform.read-only'] }, 'scope.read-only-cloud-platform');
    expect(r.check.outcome).toBe('undecided');
    expect(r.pair.verdict).toBe('unknown');
    expect(r.cause?.category).toBe('scope');
  });
  it('is not applicable without any cloud-platform scope', () => {
    expect(outcome({ scopes: [] }, 'scope.read-only-cloud-platform').check.outcome).toBe('not-applicable');
  });
});

describe('version.below-minimum', () => {
  it('passes at 1.14.10-gke.1504 (numeric, not textual, comparison)', () => {
    expect(outcome({ version: '1.14.10-gke.1504' }, 'version.below-minimum').check.outcome).toBe('pass');
  });
  it('fails at 1.15.9-gke.7 with an upgrade command', () => {
    const r = outcome({ version: '1.15.9-gke.7' }, 'version.below-minimum');
    expect(r.pair.verdict).toBe('cannot-pull');
    expect(r.cause?.category).toBe('version');
    expect(r.cause?.message).toContain('1.15.9-gke.8');
    expect(r.cause?.remediation.gcloud).toBe('gcloud container clusters upgrade c1 --node-pool=pool --location=europe-west1 --project=app');
  });
  it('fails below 1.14 and mentions imagePullSecrets', () => {
    const r = outcome({ version: '1.13.12-gke.30' }, 'version.below-minimum');
    expect(r.cause?.message).toContain('imagePullSecrets');
  });
  it('is undecided when the version is unknown', () => {
    expect(outcome({ version: null }, 'version.below-minimum').pair.verdict).toBe('unknown');
  });
  it('is satisfied for a public repository', () => {
    expect(outcome({ version: '1.13.12-gke.30' }, 'version.below-minimum', { policies: [PUBLIC] }).pair.verdict).toBe('can-pull');
  });
});

describe('iam.no-download-permission', () => {
  it('passes with a reader grant on the repository', () => {
    expect(outcome({}, 'iam.no-download-permission').check.outcome).toBe('pass');
  });
  it('fails with no grant, with the narrowest grant as the fix', () => {
    const r = outcome({}, 'iam.no-download-permission', { policies: [makePolicy(REPO.name)] });
    expect(r.pair.verdict).toBe('cannot-pull');
    expect(r.cause?.category).toBe('iam');
    expect(r.cause?.remediation.gcloud).toBe(
      `gcloud artifacts repositories add-iam-policy-binding images --project=registry --location=europe-west1 --member=serviceAccount:${SA} --role=roles/artifactregistry.reader`,
    );
    expect(r.cause?.remediation.terraform).toContain('google_artifact_registry_repository_iam_member');
  });
  it('is not applicable when an unreadable policy might hold the grant', () => {
    const r = outcome({}, 'iam.no-download-permission', { policies: [policyGap(REPO.name, 'g1')] });
    expect(r.check.outcome).toBe('not-applicable');
  });
});

describe('iam.conditional-only', () => {
  const cond = { title: 'office hours', expression: 'request.time.getHours("Europe/Paris") < 18' };
  it('passes when an unconditional grant exists', () => {
    expect(outcome({}, 'iam.conditional-only').check.outcome).toBe('pass');
  });
  it('is undecided (iam) when the only grant is conditional, quoting title and expression', () => {
    const r = outcome({}, 'iam.conditional-only', { policies: [makePolicy(REPO.name, [bindingIf(cond, 'roles/artifactregistry.reader', `serviceAccount:${SA}`)])] });
    expect(r.pair.verdict).toBe('unknown');
    expect(r.cause?.category).toBe('iam');
    expect(r.cause?.message).toContain('office hours');
    expect(r.cause?.message).toContain(cond.expression);
  });
  it('is not applicable without conditional grants', () => {
    expect(outcome({}, 'iam.conditional-only', { policies: [makePolicy(REPO.name)] }).check.outcome).toBe('not-applicable');
  });
});

describe('iam.unreadable-evidence', () => {
  it('passes when a grant exists, even with an unreadable folder policy', () => {
    const r = outcome({}, 'iam.unreadable-evidence', { policies: [READER, policyGap('projects/registry', 'g1')] });
    expect(r.check.outcome).toBe('pass');
    expect(r.pair.verdict).toBe('can-pull');
  });
  it('is undecided (audit-access) naming the permission the auditor lacks', () => {
    const r = outcome({}, 'iam.unreadable-evidence', {
      policies: [policyGap(REPO.name, 'g-repo')],
      gaps: [makeGap('g-repo', { permission: 'artifactregistry.repositories.getIamPolicy' })],
    });
    expect(r.pair.verdict).toBe('unknown');
    expect(r.cause?.category).toBe('audit-access');
    expect(r.cause?.message).toContain('artifactregistry.repositories.getIamPolicy');
    expect(r.cause?.evidence.gapIds).toEqual(['g-repo']);
  });
  it('is not applicable when everything was read', () => {
    expect(outcome({}, 'iam.unreadable-evidence', { policies: [makePolicy(REPO.name)] }).check.outcome).toBe('not-applicable');
  });
});

describe('network.no-private-google-access', () => {
  const priv = { privateNodes: true, subnetwork: SUBNET };
  it('passes with Private Google Access', () => {
    expect(outcome(priv, 'network.no-private-google-access', { subnetworks: { [SUBNET]: makeSubnetwork(SUBNET, { privateIpGoogleAccess: true }) } }).check.outcome).toBe('pass');
  });
  it('passes with a Cloud NAT listing the subnet', () => {
    const r = outcome(priv, 'network.no-private-google-access', {
      subnetworks: { [SUBNET]: makeSubnetwork(SUBNET) },
      routers: { 'projects/app/regions/europe-west1': ok([makeRouter('app', 'europe-west1', [{ sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS', subnetworks: [SUBNET] }])]) },
    });
    expect(r.check.outcome).toBe('pass');
  });
  it('fails with neither, with the subnet update command', () => {
    const r = outcome(priv, 'network.no-private-google-access', {
      subnetworks: { [SUBNET]: makeSubnetwork(SUBNET) },
      routers: { 'projects/app/regions/europe-west1': ok([makeRouter('app', 'europe-west1', [{ sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS', subnetworks: ['projects/app/regions/europe-west1/subnetworks/other'] }])]) },
    });
    expect(r.pair.verdict).toBe('cannot-pull');
    expect(r.cause?.category).toBe('network');
    expect(r.cause?.remediation.gcloud).toBe('gcloud compute networks subnets update nodes --project=app --region=europe-west1 --enable-private-ip-google-access');
  });
  it('is not applicable to public nodes', () => {
    expect(outcome({}, 'network.no-private-google-access').check.outcome).toBe('not-applicable');
  });
});

describe('network.unreadable', () => {
  const priv = { privateNodes: true, subnetwork: SUBNET };
  it('passes when the subnet was read', () => {
    expect(outcome(priv, 'network.unreadable', { subnetworks: { [SUBNET]: makeSubnetwork(SUBNET, { privateIpGoogleAccess: true }) } }).check.outcome).toBe('pass');
  });
  it('is undecided when the subnet is unreadable', () => {
    const r = outcome(priv, 'network.unreadable', { subnetworks: { [SUBNET]: gapped('g-sub') } });
    expect(r.pair.verdict).toBe('unknown');
    expect(r.cause?.category).toBe('audit-access');
  });
  it('is undecided when routers are unreadable and the subnet lacks Private Google Access', () => {
    const r = outcome(priv, 'network.unreadable', { subnetworks: { [SUBNET]: makeSubnetwork(SUBNET) }, routers: { 'projects/app/regions/europe-west1': gapped('g-r') } });
    expect(r.cause?.evidence.reason).toBe('routers-unreadable');
    expect(r.pair.verdict).toBe('unknown');
  });
  it('is not applicable to public nodes', () => {
    expect(outcome({}, 'network.unreadable').check.outcome).toBe('not-applicable');
  });
});
