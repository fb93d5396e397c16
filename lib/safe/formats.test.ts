import { describe, expect, it } from 'vitest';
import { FORMATS, isValid, refusalSentence, type FormatKind } from './formats';

const VALID: Record<FormatKind, string[]> = {
  projectId: ['my-project', 'nwv-registry', 'app', 'a1', 'example.com:my-project', 'google.com:pullcheck-test', 'p'.repeat(30)],
  projectNumber: ['123456789012', '1'],
  location: ['us', 'europe', 'asia', 'global', 'europe-west1', 'us-central1', 'northamerica-northeast2', 'us-central1-a', 'europe-west2-c', 'me-central2'],
  region: ['europe-west1', 'us-central1', 'asia-southeast2'],
  repositoryId: ['images', 'booking-images', 'a', 'r'.repeat(63), 'gcr.io', 'us.gcr.io', 'eu.gcr.io', 'asia.gcr.io'],
  clusterName: ['c1', 'booking-staging', 'c'.repeat(40)],
  nodePoolName: ['pool', 'default-pool', 'pool-v2'],
  email: ['alice@example.com', 'a.b+c_d%e-f@sub.example.co.uk', 'sa@p.iam.gserviceaccount.com', 'Group.Team@Example.COM'],
  serviceAccountEmail: [
    'nodes@app.iam.gserviceaccount.com',
    '148572963481-compute@developer.gserviceaccount.com',
    'my-app@appspot.gserviceaccount.com',
    'service-123@gcp-sa-artifactregistry.iam.gserviceaccount.com',
  ],
  serviceAccountId: ['pool-nodes', 'gke-nodes', 'a'.repeat(30)],
  serviceAccountUid: ['123456789012345678901'],
  role: ['roles/artifactregistry.reader', 'roles/viewer', 'roles/iam.securityReviewer', 'projects/my-project/roles/puller', 'organizations/123/roles/custom.puller_2'],
  member: [
    'serviceAccount:sa@p.iam.gserviceaccount.com',
    'user:alice@example.com',
    'group:team@example.com',
    'domain:example.com',
    'allUsers',
    'allAuthenticatedUsers',
    'deleted:serviceAccount:sa@p.iam.gserviceaccount.com?uid=123456789012345678901',
    'principalSet://cloudresourcemanager.googleapis.com/projects/123/type/ServiceAccount',
    'principal://iam.googleapis.com/locations/global/workforcePools/pool/subject/alice@example.com',
    'projectViewer:my-project',
  ],
  subnetName: ['nodes', 'analytics-us-central1'],
  networkName: ['default', 'shared-vpc'],
  networkResource: ['projects/host-project/global/networks/shared-vpc'],
  routerName: ['router-1'],
  folderId: ['111', '123456789012'],
  organizationId: ['600000000001'],
  gkeVersion: ['1.30.5-gke.1000', '1.15.9-gke.8', '1.30', '1.30.5'],
};

/** Strings an attacker would try in any field. */
const HOSTILE = ['', ' ', 'a b', "a'b", 'a"b', '$(id)', '`id`', 'a;b', 'a|b', 'a&b', 'a\nb', 'a\rb', 'a\tb', '-rf', '--help', '*', '~', '${x}', '%{x}', 'a\\b', 'é', '\u0000', 'x'.repeat(400)];

const INVALID: Record<FormatKind, string[]> = {
  projectId: ['My-Project', '1project', 'project-', 'p'.repeat(31), 'example.com:', ':proj', 'a_b', 'a.b', 'projects/p'],
  projectNumber: ['0', '01', '12a', '-1'],
  location: ['Europe-west1', 'europe_west1', 'europe-west', 'europe-west1-', 'europe-west1-ab', 'us-central1-a-b'],
  region: ['us', 'global', 'us-central1-a'],
  repositoryId: ['Images', '1images', 'images-', 'r'.repeat(64), 'images.io', 'xx.gcr.io', 'gcr.io.evil'],
  clusterName: ['C1', 'c_1', 'c-', 'c'.repeat(41)],
  nodePoolName: ['Pool', 'pool_1', 'pool-'],
  email: ['alice', '@example.com', 'alice@', 'alice@example', 'alice@@example.com', '"a"@example.com', 'a b@example.com', '.a@example.com', '-a@example.com', 'a@-example.com'],
  serviceAccountEmail: ['alice@example.com', 'sa@gserviceaccount.com.evil.com', 'sa@p.iam.gserviceaccount.com.'],
  serviceAccountId: ['nodes', 'a'.repeat(31), 'Pool-nodes', 'pool-'],
  serviceAccountUid: ['12a', '-1'],
  role: ['roles/', 'roles/a b', 'role/viewer', 'projects/P!/roles/x', 'projects/p/roles/', 'folders/1/roles/x', 'organizations/abc/roles/x', 'projects/p/roles/x/y'],
  member: ['alice@example.com', 'user:', 'user:alice', 'bogus:alice@example.com', 'domain:', 'deleted:serviceAccount:sa@p.iam.gserviceaccount.com', 'principal://a b', 'principalSet://x$(id)'],
  subnetName: ['Nodes', '1nodes', 'nodes-'],
  networkName: ['Default'],
  networkResource: ['shared-vpc', 'projects/h/regions/r/networks/n', 'projects/H/global/networks/n', 'projects/h/global/networks/n/x'],
  routerName: ['router_1'],
  folderId: ['folders/1', 'abc'],
  organizationId: ['organizations/1'],
  gkeVersion: ['latest', '1.30.5-gke', 'v1.30', '1.30.5-gke.1000;id'],
};

describe('Google formats', () => {
  for (const kind of Object.keys(FORMATS) as FormatKind[]) {
    it(`${kind}: accepts Google's own values`, () => {
      for (const value of VALID[kind]) expect(isValid(kind, value), `${kind} ${value}`).toBe(true);
    });
    it(`${kind}: refuses malformed and hostile values`, () => {
      for (const value of [...INVALID[kind], ...HOSTILE]) expect(isValid(kind, value), `${kind} ${JSON.stringify(value)}`).toBe(false);
      // A valid value with anything a shell or HCL would act on appended is refused too.
      for (const value of VALID[kind]) for (const tail of ['$(id)', ' x', '\n', '"', "'", ';']) expect(isValid(kind, value + tail), `${kind} ${value}${tail}`).toBe(false);
    });
  }

  it('answers in linear time on long near-misses', () => {
    const start = performance.now();
    for (const kind of Object.keys(FORMATS) as FormatKind[]) {
      for (const body of ['a'.repeat(300), 'a-'.repeat(150), 'a.'.repeat(150), `${'a'.repeat(64)}@${'a.'.repeat(120)}`, `projects/${'a'.repeat(300)}/roles/x`]) isValid(kind, `${body}!`);
    }
    expect(performance.now() - start).toBeLessThan(200);
  });

  it('explains a refusal with the value JSON-quoted, the field and its Google page, once per value', () => {
    const s = refusalSentence([
      { kind: 'projectId', value: 'p$(id)\n' },
      { kind: 'projectId', value: 'p$(id)\n' },
      { kind: 'location', value: 'x'.repeat(200) },
    ]);
    expect(s).toContain('"p$(id)\\n" does not look like a valid project ID (https://cloud.google.com/resource-manager/docs/creating-managing-projects)');
    expect(s.match(/p\$\(id\)/g)).toHaveLength(1);
    expect(s).toContain(`"${'x'.repeat(80)}…" does not look like a valid location`);
    expect(s).not.toContain('\n');
    expect(s).toMatch(/^Pullcheck prints no command for this fix: .* make the change by hand/);
  });
});
