import { describe, expect, it } from 'vitest';
import {
  binding,
  bindingIf,
  gapped,
  makeGap,
  makeGroup,
  makeInventory,
  makeNodePool,
  makePolicy,
  makeProject,
  makeRepository,
  makeRole,
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
  it("says when the version is the cluster's currentNodeVersion, not the pool's own", () => {
    const r = outcome({ version: '1.13.12-gke.30', versionSource: 'cluster-current-node-version' }, 'version.below-minimum');
    expect(r.cause?.evidence).toEqual({ field: 'cluster.currentNodeVersion', value: '1.13.12-gke.30', minimum: '1.14.10-gke.22' });
    expect(r.cause?.message).toBe(
      "node pool pool of cluster c1 (project app, europe-west1) did not report its own version, so Pullcheck used the cluster's currentNodeVersion 1.13.12-gke.30 (the oldest node version in the cluster), which is older than 1.14: nodes below 1.14 cannot pull from Artifact Registry without imagePullSecrets.",
    );
    expect(r.cause?.message).not.toContain('runs node version');
    const own = outcome({ version: '1.15.9-gke.7', versionSource: 'node-pool' }, 'version.below-minimum');
    expect(own.cause?.evidence.field).toBe('nodePools[].version');
    expect(own.cause?.message).toContain('runs node version 1.15.9-gke.7, below 1.15.9-gke.8');
  });
  const offered = (validNodeVersions: string[]) => ({
    serverConfigs: { 'projects/app/locations/europe-west1': { status: 'ok' as const, value: { validNodeVersions, validMasterVersions: validNodeVersions } } },
  });
  it('upgrades to the newest offered node version that the control plane allows, never to an unsupported pin', () => {
    // makeCluster's control plane runs 1.30.5-gke.1000: 1.31 is offered but newer than the control plane.
    const r = outcome({ version: '1.15.9-gke.7' }, 'version.below-minimum', offered(['1.31.1-gke.1', '1.30.5-gke.1000', '1.29.9-gke.5']));
    expect(r.cause?.remediation.gcloud).toBe('gcloud container clusters upgrade c1 --node-pool=pool --cluster-version=1.30.5-gke.1000 --location=europe-west1 --project=app');
    expect(r.cause?.remediation.terraform).toContain('  version  = "1.30.5-gke.1000" # newest node version europe-west1 offers');
    expect(r.cause?.remediation.terraform).not.toContain('1.16.0');
    expect(r.cause?.remediation.steps[0]).toBe(
      "Upgrade node pool pool (cluster c1) to 1.30.5-gke.1000, the newest node version europe-west1 currently offers up to the control plane's 1.30.5-gke.1000.",
    );
  });
  it('omits the version when no offered version is known, relying on the control plane and release channel', () => {
    const r = outcome({ version: '1.15.9-gke.7' }, 'version.below-minimum');
    expect(r.cause?.remediation.gcloud).not.toContain('--cluster-version');
    expect(r.cause?.remediation.terraform).not.toMatch(/version\s*=/);
    expect(r.cause?.remediation.terraform).toContain("# version omitted: no offered version is known here; the pool takes the control plane's version and the release channel's auto-upgrade keeps it on an offered one");
  });
  it('asks for a control-plane upgrade first when the control plane is older than every offered node version', () => {
    const r = outcome({ version: '1.13.12-gke.30' }, 'version.below-minimum', offered(['1.34.1-gke.1431000', '1.33.5-gke.1308000']));
    expect(r.cause?.remediation.gcloud).toBe('gcloud container clusters upgrade c1 --node-pool=pool --location=europe-west1 --project=app');
    expect(r.cause?.remediation.steps[0]).toContain('Upgrade the control plane of cluster c1 first: it runs 1.30.5-gke.1000, older than every node version europe-west1 offers');
    expect(r.cause?.remediation.steps[0]).toContain('gcloud container clusters upgrade c1 --master --location=europe-west1 --project=app');
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
  it('names the near misses: roles bound to the account that lack the permission', () => {
    const r = outcome({}, 'iam.no-download-permission', {
      policies: [makePolicy(REPO.name), makePolicy('projects/registry', [binding('roles/container.defaultNodeServiceAccount', `serviceAccount:${SA}`)])],
    });
    expect(r.pair.verdict).toBe('cannot-pull');
    expect(r.cause?.evidence.boundWithoutPermission).toEqual([
      { resource: 'projects/registry', role: 'roles/container.defaultNodeServiceAccount', member: `serviceAccount:${SA}` },
    ]);
    expect(r.cause?.message).toBe(
      `The service account ${SA} holds no role with artifactregistry.repositories.downloadArtifacts on repository images (project registry, europe-west1), its project or their ancestors. ` +
        'It holds roles/container.defaultNodeServiceAccount on projects/registry, which does not include the permission.',
    );
  });
  it('lists near misses held through groups and custom roles, and none for unrelated members', () => {
    const r = outcome({}, 'iam.no-download-permission', {
      projects: [makeProject('registry', ['organizations/9'])],
      policies: [
        makePolicy(REPO.name, [binding('roles/browser', 'group:eng@example.com'), binding('roles/artifactregistry.reader', 'user:alice@example.com')]),
        makePolicy('organizations/9', [binding('organizations/9/roles/lister', `serviceAccount:${SA}`, 'domain:example.com')]),
      ],
      groups: { 'eng@example.com': makeGroup('eng@example.com', [`serviceAccount:${SA}`]) },
      roles: { 'organizations/9/roles/lister': makeRole('organizations/9/roles/lister', ['artifactregistry.repositories.list']) },
    });
    expect(r.cause?.evidence.boundWithoutPermission).toEqual([
      { resource: REPO.name, role: 'roles/browser', member: 'group:eng@example.com', groupPath: ['eng@example.com'] },
      { resource: 'organizations/9', role: 'organizations/9/roles/lister', member: `serviceAccount:${SA}` },
    ]);
    expect(r.cause?.message).toContain(
      `It holds roles/browser on ${REPO.name} (through group:eng@example.com) and organizations/9/roles/lister on organizations/9, none of which includes the permission.`,
    );
  });
  it('adds no near-miss clause when the account holds nothing', () => {
    const r = outcome({}, 'iam.no-download-permission', { policies: [makePolicy(REPO.name)] });
    expect(r.cause?.evidence.boundWithoutPermission).toEqual([]);
    expect(r.cause?.message).not.toContain('It holds');
  });
});

describe('iam.conditional-only', () => {
  const cond = { title: 'office hours', expression: "request.time.getHours('Europe/Paris') < 18 && destination.port == 443" };
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
  const ORG = [makeProject('registry', ['organizations/600000000001'])];
  it('builds the message from whole clauses, links the 404 group gap, and blames no Groups Reader for a 404', () => {
    const r = outcome({}, 'iam.unreadable-evidence', {
      projects: ORG,
      policies: [makePolicy(REPO.name), makePolicy('projects/registry', [binding('roles/artifactregistry.admin', 'group:sre@ops.example')]), policyGap('organizations/600000000001', 'g-org')],
      groups: { 'sre@ops.example': { status: 'not-found', gapId: 'g-grp' } },
      gaps: [makeGap('g-org', { permission: 'resourcemanager.organizations.getIamPolicy' }), makeGap('g-grp', { status: 404, permission: 'cloudidentity.groups.get' })],
    });
    expect(r.pair.verdict).toBe('unknown');
    expect(r.cause?.message).toBe(
      'Pullcheck could not read the IAM policy of organizations/600000000001 (needs resourcemanager.organizations.getIamPolicy). ' +
        'Pullcheck could not resolve the members of group sre@ops.example bound to roles/artifactregistry.admin on projects/registry: ' +
        "Cloud Identity answered 404, so the group was not found in the directory Pullcheck can see (it may live outside the organization's directory, or have been deleted). " +
        `No grant was found elsewhere, so whether ${SA} can download from repository images is unknown.`,
    );
    expect(r.cause?.evidence.gapIds).toEqual(['g-org', 'g-grp']);
    const undecided = r.cause?.evidence.undecidedBindings as { reason: string; gapIds: string[] }[];
    expect(undecided[0]).toMatchObject({ reason: 'group-not-found', gapIds: ['g-grp'] });
    const steps = r.cause?.remediation.steps ?? [];
    expect(steps[0]).toBe('Let the identity running Pullcheck read organizations/600000000001 (resourcemanager.organizations.getIamPolicy; roles/iam.securityReviewer contains it).');
    expect(steps[1]).toMatch(/^Check that group sre@ops\.example still exists and that the directory of the identity running Pullcheck can see it/);
    expect(steps.join(' ')).not.toContain('roles/browser');
    expect(steps.join(' ')).not.toContain('Groups Reader');
    expect(r.cause?.remediation.gcloud).toBe('gcloud organizations add-iam-policy-binding 600000000001 --member=user:AUDITOR_EMAIL --role=roles/iam.securityReviewer');
  });
  it('keeps Groups Reader advice for a refused (403) group', () => {
    const r = outcome({}, 'iam.unreadable-evidence', {
      policies: [makePolicy(REPO.name, [binding('roles/artifactregistry.reader', 'group:ops@example.com')])],
      groups: { 'ops@example.com': gapped('g-403') },
    });
    expect(r.cause?.message).toContain(
      'Pullcheck could not resolve the members of group ops@example.com bound to roles/artifactregistry.reader on projects/registry/locations/europe-west1/repositories/images: its members could not be read (needs Groups Reader, Cloud Identity groups.memberships.list).',
    );
    expect(r.cause?.evidence.gapIds).toEqual(['g-403']);
    expect(r.cause?.remediation.steps[0]).toBe('Let the identity running Pullcheck read the members of group ops@example.com (Groups Reader in the Google Workspace / Cloud Identity directory).');
  });
  it('names a custom role that could not be read in a clause of its own', () => {
    const r = outcome({}, 'iam.unreadable-evidence', {
      policies: [makePolicy('projects/registry', [binding('projects/registry/roles/puller', `serviceAccount:${SA}`)])],
      roles: { 'projects/registry/roles/puller': gapped('g-role') },
    });
    expect(r.cause?.message).toMatch(/^Pullcheck could not read custom role projects\/registry\/roles\/puller bound on projects\/registry \(needs iam\.roles\.get\)\. No grant was found elsewhere/);
    expect(r.cause?.remediation.steps[0]).toBe('Let the identity running Pullcheck read role projects/registry/roles/puller (iam.roles.get; roles/iam.roleViewer or roles/iam.securityReviewer contains it).');
  });
  it.each([
    ['folders/7', 'resourcemanager.folders.getIamPolicy', 'roles/iam.securityReviewer contains it'],
    ['projects/registry', 'resourcemanager.projects.getIamPolicy', 'roles/iam.securityReviewer or roles/browser contains it'],
    [REPO.name, 'artifactregistry.repositories.getIamPolicy', 'roles/iam.securityReviewer, roles/artifactregistry.repoAdmin or roles/artifactregistry.admin contains it'],
  ])('names only roles that contain the permission to read %s', (resource, permission, roles) => {
    const r = outcome({}, 'iam.unreadable-evidence', {
      projects: [makeProject('registry', ['folders/7'])],
      policies: [policyGap(resource, 'g1')],
      gaps: [makeGap('g1', { permission })],
    });
    expect(r.cause?.remediation.steps[0]).toBe(`Let the identity running Pullcheck read ${resource} (${permission}; ${roles}).`);
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
