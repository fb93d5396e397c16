/** A small estate for the collector tests: nested folders, Shared VPC, nested and cyclic groups, custom roles. */
import { parseScenarioOrThrow, type Scenario } from '../../scenario/schema';
import { startEmulator, type Emulator } from '../../emulator';
import { readGcpConfig, type GcpConfig } from '../config';

export const DOWNLOAD = 'artifactregistry.repositories.downloadArtifacts';
export const APP_SA = '111111111111-compute@developer.gserviceaccount.com';
export const CENTRAL_SA = 'nodes@central-sa.iam.gserviceaccount.com';
export const GONE_SA = 'gone@central-sa.iam.gserviceaccount.com';
export const SUBNET = 'projects/net-host/regions/europe-west2/subnetworks/gke-nodes';

const project = (projectId: string, projectNumber: string, parent: { type: string; id: string }) => ({
  projectId,
  projectNumber,
  name: projectId,
  lifecycleState: 'ACTIVE',
  parent,
});

const pool = (name: string, serviceAccount: string, extra: Record<string, unknown> = {}) => ({
  name,
  version: '1.33.5-gke.1201000',
  config: { serviceAccount, oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'] },
  ...extra,
});

const repo = (p: string, loc: string, r: string, format = 'DOCKER') => ({
  name: `projects/${p}/locations/${loc}/repositories/${r}`,
  format,
  mode: 'STANDARD_REPOSITORY',
});

/** The base estate (a plain object so tests can tweak it before parsing). */
export function baseEstate(): Record<string, unknown> {
  return {
    scenario: 1,
    description: 'collector test estate',
    organizations: [
      {
        organization: { name: 'organizations/100', displayName: 'example.org', lifecycleState: 'ACTIVE' },
        iamPolicy: {
          version: 1,
          etag: 'BwOrg',
          bindings: [
            { role: 'roles/viewer', members: ['group:everyone@example.org'] },
            { role: 'roles/browser', members: ['group:browsers@example.org'] },
            { role: 'organizations/100/roles/puller', members: ['group:pullers@example.org'] },
          ],
        },
      },
    ],
    folders: [
      {
        folder: { name: 'folders/200', parent: 'organizations/100', displayName: 'prod', state: 'ACTIVE' },
        iamPolicy: {
          version: 3,
          etag: 'BwF200',
          bindings: [
            {
              role: 'roles/artifactregistry.reader',
              members: [`serviceAccount:${CENTRAL_SA}`, 'user:alice@example.org'],
              condition: { title: 'temporary, asked by alice@example.org', expression: 'request.time < timestamp("2027-01-01T00:00:00Z")' },
            },
          ],
        },
      },
      { folder: { name: 'folders/201', parent: 'folders/200', displayName: 'apps', state: 'ACTIVE' } },
    ],
    projects: [
      {
        project: project('shop-app', '111111111111', { type: 'folder', id: '201' }),
        iamPolicy: {
          version: 1,
          etag: 'BwApp',
          bindings: [
            { role: 'projects/shop-app/roles/imagePuller', members: ['group:devs@example.org'] },
            { role: 'roles/artifactregistry.futureReader', members: ['group:future@example.org'] },
          ],
        },
        clusters: [
          {
            name: 'web',
            location: 'europe-west2',
            networkConfig: {
              network: 'projects/net-host/global/networks/shared',
              subnetwork: SUBNET,
              defaultEnablePrivateNodes: true,
            },
            nodePools: [
              pool('default-pool', 'default'),
              pool('frontend', CENTRAL_SA),
              pool('legacy', GONE_SA, { networkConfig: { enablePrivateNodes: false } }),
            ],
          },
          {
            name: 'auto',
            location: 'us-central1',
            autopilot: { enabled: true },
            autoscaling: { autoprovisioningNodePoolDefaults: { serviceAccount: 'default' } },
          },
        ],
        repositories: [{ repository: repo('shop-app', 'europe-west2', 'local'), iamPolicy: {} }],
        serviceAccounts: [
          { email: APP_SA, name: `projects/shop-app/serviceAccounts/${APP_SA}`, projectId: 'shop-app', uniqueId: '1001' },
        ],
        roles: [{ name: 'projects/shop-app/roles/imagePuller', title: 'Image puller', includedPermissions: [DOWNLOAD] }],
      },
      {
        project: project('shop-registry', '222222222222', { type: 'folder', id: '200' }),
        repositories: [
          {
            repository: repo('shop-registry', 'europe-west2', 'images'),
            iamPolicy: {
              version: 1,
              etag: 'BwImg',
              bindings: [{ role: 'roles/artifactregistry.reader', members: ['group:devs@example.org', 'user:alice@example.org'] }],
            },
          },
          { repository: repo('shop-registry', 'us', 'base') },
          { repository: repo('shop-registry', 'us', 'tools') },
          { repository: repo('shop-registry', 'europe-west2', 'jars', 'MAVEN') },
        ],
      },
      {
        project: project('central-sa', '333333333333', { type: 'organization', id: '100' }),
        serviceAccounts: [{ email: CENTRAL_SA, name: `projects/central-sa/serviceAccounts/${CENTRAL_SA}`, projectId: 'central-sa', uniqueId: '3001' }],
      },
      {
        project: project('net-host', '444444444444', { type: 'organization', id: '100' }),
        subnetworks: [
          {
            name: 'gke-nodes',
            region: 'https://www.googleapis.com/compute/v1/projects/net-host/regions/europe-west2',
            network: 'https://www.googleapis.com/compute/v1/projects/net-host/global/networks/shared',
            selfLink: 'https://www.googleapis.com/compute/v1/projects/net-host/regions/europe-west2/subnetworks/gke-nodes',
            privateIpGoogleAccess: false,
          },
        ],
        routers: [
          {
            name: 'edge',
            region: 'https://www.googleapis.com/compute/v1/projects/net-host/regions/europe-west2',
            network: 'https://www.googleapis.com/compute/v1/projects/net-host/global/networks/shared',
          },
          {
            name: 'nat',
            region: 'https://www.googleapis.com/compute/v1/projects/net-host/regions/europe-west2',
            network: 'https://www.googleapis.com/compute/v1/projects/net-host/global/networks/shared',
            nats: [{ name: 'nat-all', sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES' }],
          },
        ],
      },
    ],
    organizationRoles: [{ name: 'organizations/100/roles/puller', title: 'Puller', includedPermissions: [DOWNLOAD] }],
    predefinedRoles: [{ name: 'roles/artifactregistry.futureReader', title: 'Future reader', includedPermissions: [DOWNLOAD] }],
    groups: [
      {
        group: { name: 'groups/devs01', groupKey: { id: 'devs@example.org' }, displayName: 'Developers' },
        members: [
          { preferredMemberKey: { id: 'alice@example.org' }, type: 'USER', roles: [{ name: 'MEMBER' }] },
          { preferredMemberKey: { id: 'platform@example.org' }, type: 'GROUP', roles: [{ name: 'MEMBER' }] },
          { preferredMemberKey: { id: CENTRAL_SA }, type: 'SERVICE_ACCOUNT', roles: [{ name: 'MEMBER' }] },
        ],
      },
      {
        group: { name: 'groups/platform01', groupKey: { id: 'platform@example.org' } },
        members: [
          { preferredMemberKey: { id: 'devs@example.org' }, type: 'GROUP', roles: [{ name: 'MEMBER' }] },
          { preferredMemberKey: { id: 'bob@example.org' }, type: 'USER', roles: [{ name: 'MEMBER' }] },
        ],
      },
      {
        group: { name: 'groups/everyone01', groupKey: { id: 'everyone@example.org' } },
        members: [{ preferredMemberKey: { id: 'carol@example.org' }, type: 'USER', roles: [{ name: 'MEMBER' }] }],
      },
      {
        group: { name: 'groups/pullers01', groupKey: { id: 'pullers@example.org' } },
        members: [{ preferredMemberKey: { id: CENTRAL_SA }, type: 'SERVICE_ACCOUNT', roles: [{ name: 'MEMBER' }] }],
      },
      {
        group: { name: 'groups/browsers01', groupKey: { id: 'browsers@example.org' } },
        members: [{ preferredMemberKey: { id: 'dave@example.org' }, type: 'USER' }],
      },
    ],
  };
}

/** Parses a scenario object through the real schema. */
export function scenarioOf(obj: Record<string, unknown>): Scenario {
  return parseScenarioOrThrow(JSON.stringify(obj), 'test-estate.json');
}

/** Starts an emulator on the scenario and the collector config that points at it. */
export async function emulate(obj: Record<string, unknown> | Scenario, env: Record<string, string> = {}): Promise<{ emulator: Emulator; config: GcpConfig }> {
  const scenario = 'scenario' in obj && typeof obj.projects === 'object' ? scenarioOf(obj as Record<string, unknown>) : (obj as Scenario);
  const emulator = await startEmulator({ scenario, port: 0 });
  const config = readGcpConfig({ PULLCHECK_API_ROOT: emulator.url, GOOGLE_APPLICATION_CREDENTIALS: emulator.credentialsFile, PULLCHECK_CONCURRENCY: '8', ...env });
  return { emulator, config };
}
