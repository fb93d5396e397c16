/** googleapis clients for the APIs Pullcheck reads, each through its own deep import. */
import { GoogleAuth } from 'google-auth-library';
import { accesscontextmanager_v1 } from 'googleapis/build/src/apis/accesscontextmanager/v1';
import { artifactregistry_v1 } from 'googleapis/build/src/apis/artifactregistry/v1';
import { cloudasset_v1 } from 'googleapis/build/src/apis/cloudasset/v1';
import { cloudidentity_v1 } from 'googleapis/build/src/apis/cloudidentity/v1';
import { cloudresourcemanager_v1 } from 'googleapis/build/src/apis/cloudresourcemanager/v1';
import { cloudresourcemanager_v3 } from 'googleapis/build/src/apis/cloudresourcemanager/v3';
import { compute_v1 } from 'googleapis/build/src/apis/compute/v1';
import { container_v1 } from 'googleapis/build/src/apis/container/v1';
import { iam_v1 } from 'googleapis/build/src/apis/iam/v1';
import { iam_v2 } from 'googleapis/build/src/apis/iam/v2';
import { serviceusage_v1 } from 'googleapis/build/src/apis/serviceusage/v1';
import type { GcpConfig } from './config';

/** Read-only scope is not enough for every API (Cloud Identity, IAM): use cloud-platform and call read methods only. */
export const SCOPES = ['https://www.googleapis.com/auth/cloud-platform'];

/** One client per API, sharing one auth. */
export interface GcpClients {
  auth: GoogleAuth;
  crm1: cloudresourcemanager_v1.Cloudresourcemanager;
  crm3: cloudresourcemanager_v3.Cloudresourcemanager;
  container: container_v1.Container;
  artifactregistry: artifactregistry_v1.Artifactregistry;
  iam: iam_v1.Iam;
  /** IAM v2: deny policies (policies.listPolicies, policies.get). */
  iam2: iam_v2.Iam;
  /** Access Context Manager v1: access policies and service perimeters (VPC Service Controls). */
  accesscontextmanager: accesscontextmanager_v1.Accesscontextmanager;
  compute: compute_v1.Compute;
  cloudidentity: cloudidentity_v1.Cloudidentity;
  /** Read-only use: services.batchGet on the quota project, in the preflight. */
  serviceusage: serviceusage_v1.Serviceusage;
  /** Cloud Asset Inventory (assets.list), the organization- and folder-scope source. */
  cloudasset: cloudasset_v1.Cloudasset;
}

/** ADC (or the configured credentials file) with the cloud-platform scope. */
export function makeAuth(config: GcpConfig): GoogleAuth {
  return new GoogleAuth({
    scopes: SCOPES,
    ...(config.credentialsFile ? { keyFile: config.credentialsFile } : {}),
    ...(config.quotaProject ? { clientOptions: { quotaProjectId: config.quotaProject } } : {}),
  });
}

/**
 * Makes PULLCHECK_QUOTA_PROJECT the quota project of the credential itself, and answers which quota project
 * the calls will carry. google-auth-library sets x-goog-user-project from the credential's quotaProjectId (the
 * ADC file's quota_project_id) over any header the client set itself (AuthClient.addUserProjectAndAuthHeaders),
 * and user credentials read quota_project_id after the constructor options; so the setting goes on the client.
 */
export async function applyQuotaProject(auth: GoogleAuth, config: GcpConfig): Promise<string | null> {
  const client = await auth.getClient();
  if (config.quotaProject) client.quotaProjectId = config.quotaProject;
  return client.quotaProjectId ?? null;
}

/** Builds the clients; rootUrl points every one at the emulator when apiRoot is set. */
export function makeClients(config: GcpConfig, auth: GoogleAuth = makeAuth(config)): GcpClients {
  // googleapis' own retry is off (retry: false): lib/gcp/call.ts retries with its own budget and progress.
  // rootUrl must be set per client: googleapis ignores a path inside it and resolves "/v1/..." against the origin.
  const options = {
    auth,
    retry: false,
    ...(config.apiRoot ? { rootUrl: `${config.apiRoot}/` } : {}),
    ...(config.quotaProject ? { headers: { 'x-goog-user-project': config.quotaProject } } : {}),
  };
  return {
    auth,
    crm1: new cloudresourcemanager_v1.Cloudresourcemanager(options),
    crm3: new cloudresourcemanager_v3.Cloudresourcemanager(options),
    container: new container_v1.Container(options),
    artifactregistry: new artifactregistry_v1.Artifactregistry(options),
    iam: new iam_v1.Iam(options),
    iam2: new iam_v2.Iam(options),
    accesscontextmanager: new accesscontextmanager_v1.Accesscontextmanager(options),
    compute: new compute_v1.Compute(options),
    cloudidentity: new cloudidentity_v1.Cloudidentity(options),
    serviceusage: new serviceusage_v1.Serviceusage(options),
    cloudasset: new cloudasset_v1.Cloudasset(options),
  };
}
