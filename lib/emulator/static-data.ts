/** Data the emulator answers that a scenario does not carry: Artifact Registry locations, GKE server config, predefined roles. */
import { DOWNLOAD_PERMISSION, predefinedRoleGrantsDownload } from '../inventory/predefined-roles';
import type { Scenario } from '../scenario/schema';

/**
 * Artifact Registry locations: every Google Cloud region plus the multi-regions us, europe and asia.
 * Google: repositories.list has no "-" wildcard for the location, so a reader must walk all of these.
 */
export const ARTIFACT_REGISTRY_LOCATIONS: readonly string[] = [
  'africa-south1',
  'asia-east1',
  'asia-east2',
  'asia-northeast1',
  'asia-northeast2',
  'asia-northeast3',
  'asia-south1',
  'asia-south2',
  'asia-southeast1',
  'asia-southeast2',
  'asia-southeast3',
  'australia-southeast1',
  'australia-southeast2',
  'europe-central2',
  'europe-north1',
  'europe-north2',
  'europe-southwest1',
  'europe-west1',
  'europe-west2',
  'europe-west3',
  'europe-west4',
  'europe-west6',
  'europe-west8',
  'europe-west9',
  'europe-west10',
  'europe-west12',
  'me-central1',
  'me-central2',
  'me-west1',
  'northamerica-northeast1',
  'northamerica-northeast2',
  'northamerica-south1',
  'southamerica-east1',
  'southamerica-west1',
  'us-central1',
  'us-east1',
  'us-east4',
  'us-east5',
  'us-south1',
  'us-west1',
  'us-west2',
  'us-west3',
  'us-west4',
  'us',
  'europe',
  'asia',
];

const VERSIONS = {
  rapid: ['1.34.1-gke.1431000', '1.34.0-gke.1662000', '1.33.5-gke.1308000'],
  regular: ['1.33.5-gke.1201000', '1.33.4-gke.1350000', '1.32.9-gke.1108000'],
  stable: ['1.32.8-gke.1134000', '1.31.13-gke.1008000'],
  extended: ['1.31.12-gke.1265000', '1.31.13-gke.1008000', '1.32.8-gke.1134000'],
};

/** Control-plane versions on offer; nodes may also stay one patch older than the oldest of them. */
const MASTER_VERSIONS = [
  '1.34.1-gke.1431000',
  '1.34.0-gke.1662000',
  '1.33.5-gke.1308000',
  '1.33.5-gke.1201000',
  '1.33.4-gke.1350000',
  '1.32.9-gke.1108000',
  '1.32.8-gke.1134000',
  '1.31.13-gke.1008000',
];

/** A current-looking ServerConfig (GKE 1.31 to 1.34) for scenarios that do not give one. */
export const DEFAULT_SERVER_CONFIG = {
  defaultClusterVersion: VERSIONS.regular[0],
  validNodeVersions: [...MASTER_VERSIONS, '1.31.12-gke.1265000'],
  defaultImageType: 'COS_CONTAINERD',
  validImageTypes: ['COS_CONTAINERD', 'UBUNTU_CONTAINERD', 'WINDOWS_LTSC_CONTAINERD'],
  validMasterVersions: MASTER_VERSIONS,
  channels: [
    { channel: 'RAPID', defaultVersion: VERSIONS.rapid[0], validVersions: VERSIONS.rapid },
    { channel: 'REGULAR', defaultVersion: VERSIONS.regular[0], validVersions: VERSIONS.regular },
    { channel: 'STABLE', defaultVersion: VERSIONS.stable[0], validVersions: VERSIONS.stable },
    { channel: 'EXTENDED', defaultVersion: VERSIONS.extended[0], validVersions: VERSIONS.extended },
  ],
};

function titleOf(role: string): string {
  const last = role.replace(/^roles\//, '').split('.').pop() ?? role;
  return last.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

/**
 * A predefined role as IAM roles.get returns it: the scenario's `predefinedRoles` first, then the bundled
 * list (a role that grants the download gets that permission among a few plausible others). Null = unknown.
 */
export function predefinedRole(scenario: Scenario, name: string): Record<string, unknown> | null {
  const own = scenario.predefinedRoles?.find((r) => r.name === name);
  if (own) return own;
  const grants = predefinedRoleGrantsDownload(name);
  if (grants === null) return null;
  const service = name.replace(/^roles\//, '').split('.')[0];
  const perms = grants
    ? [DOWNLOAD_PERMISSION, 'artifactregistry.repositories.get', 'artifactregistry.repositories.list', 'artifactregistry.dockerimages.get']
    : [`${service}.operations.get`, `${service}.operations.list`, 'resourcemanager.projects.get'];
  return {
    name,
    title: titleOf(name),
    description: `Predefined role ${name}.`,
    includedPermissions: [...new Set(perms)].sort(),
    stage: 'GA',
    etag: 'AA==',
  };
}
