import { describe, expect, it } from 'vitest';
import { binding, makeCluster, makeInventory, makeNodePool, makePolicy, makeRepository, makeServiceAccount, NOT_FOUND } from '../../inventory/builders';
import type { Cluster } from '../../inventory/types';
import { evaluate } from '../engine';
import type { Cause } from '../types';

const NOW = new Date('2026-11-25T16:30:04Z');
const SA = 'auto@app.iam.gserviceaccount.com';
const REPO = makeRepository();
const GRANT = makePolicy(REPO.name, [binding('roles/artifactregistry.reader', `serviceAccount:${SA}`)]);

function onDemandCauses(autopilot: boolean, scopes: string[], account: ReturnType<typeof makeServiceAccount> | typeof NOT_FOUND = makeServiceAccount(SA), version?: string): { cluster: Cluster; causes: Cause[] } {
  const cluster = makeCluster({
    project: 'app',
    shortName: 'auto',
    autopilot,
    autoprovisioning: { serviceAccount: { configured: SA, email: SA, isDefault: false }, oauthScopes: scopes },
  });
  const pool = makeNodePool({ project: 'app', cluster: 'auto', autoProvisioned: true, serviceAccount: SA, scopes, ...(version ? { version } : {}) });
  const inv = makeInventory({ clusters: [cluster], nodePools: [pool], repositories: [REPO], policies: [GRANT], serviceAccounts: { [SA]: account } });
  const pairs = evaluate(inv, { now: NOW }).pairs;
  expect(pairs.map((p) => p.nodePool)).toEqual([`${cluster.name}/nodePools/-`]);
  return { cluster, causes: pairs[0].causes };
}

const LOGGING = ['https://www.googleapis.com/auth/logging.write'];

describe('remediation of the pools a cluster creates on demand (nodePools/-)', () => {
  it('Autopilot with no storage scope: a cluster-level command, never a node-pools create, and says the account is set at creation', () => {
    const { causes } = onDemandCauses(true, LOGGING);
    const scope = causes.find((c) => c.rule === 'scope.no-storage');
    expect(scope?.message).toContain('the node pools auto-provisioned in cluster auto (project app, europe-west1)');
    expect(scope?.remediation.gcloud).toBe(
      `gcloud container clusters create-auto NEW_CLUSTER_NAME --location=europe-west1 --project=app --service-account=${SA} --scopes=https://www.googleapis.com/auth/cloud-platform`,
    );
    expect(scope?.remediation.gcloud).not.toContain('node-pools');
    expect(scope?.remediation.terraform).toBeUndefined();
    expect(scope?.remediation.steps.join(' ')).toContain('Google documents no way to change them on an existing Autopilot cluster');
  });

  it('Standard with node auto-provisioning: updates the auto-provisioning defaults of the cluster', () => {
    const { causes } = onDemandCauses(false, LOGGING);
    const scope = causes.find((c) => c.rule === 'scope.no-storage');
    expect(scope?.remediation.gcloud).toBe(
      `gcloud container clusters update auto --location=europe-west1 --project=app --enable-autoprovisioning --autoprovisioning-service-account=${SA} --autoprovisioning-scopes=https://www.googleapis.com/auth/cloud-platform`,
    );
  });

  it('a deleted auto-provisioning account: the defaults, with a placeholder for a working account, not a new pool named --v2', () => {
    const { causes } = onDemandCauses(false, ['https://www.googleapis.com/auth/cloud-platform'], NOT_FOUND);
    const deleted = causes.find((c) => c.rule === 'service-account.deleted');
    expect(deleted?.remediation.gcloud).toContain('gcloud container clusters update auto ');
    expect(deleted?.remediation.gcloud).toContain('--autoprovisioning-service-account=WORKING_SERVICE_ACCOUNT_EMAIL');
    expect(deleted?.remediation.gcloud).not.toContain('-v2');
  });

  it('a node version below the minimum: upgrade the control plane, not a pool named -', () => {
    const { causes } = onDemandCauses(false, ['https://www.googleapis.com/auth/cloud-platform'], makeServiceAccount(SA), '1.14.1-gke.1');
    const version = causes.find((c) => c.rule === 'version.below-minimum');
    expect(version?.remediation.gcloud).toBe('gcloud container clusters upgrade auto --master --location=europe-west1 --project=app');
    expect(version?.remediation.terraform).toBeUndefined();
  });
});
