/**
 * The demo estate (data/demo-estate.json, Northwind Voyages) scanned end to end through bin/pullcheck. The table
 * below restates each situation of readiness-rules.md and the verdict it must give; it is written here on purpose,
 * independently of the file's own `expect` block (test/scenarios.test.ts checks that one).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Cause, Pair, Report } from '../lib/readiness/types';
import { scanReport } from './run-cli';

const pool = (project: string, location: string, cluster: string, np: string) =>
  `projects/${project}/locations/${location}/clusters/${cluster}/nodePools/${np}`;
const P = {
  api: pool('nwv-booking-prod', 'europe-west1', 'booking-prod', 'api'),
  batch: pool('nwv-booking-prod', 'europe-west1', 'booking-prod', 'batch'),
  payments: pool('nwv-booking-prod', 'europe-west1', 'booking-prod', 'payments'),
  autopilot: pool('nwv-booking-prod', 'us-central1', 'storefront', 'nap-e2-standard-2-1hq4kx7c'),
  /** The pools the Autopilot cluster will create on demand, judged from its autoprovisioning defaults. */
  autopilotOnDemand: pool('nwv-booking-prod', 'us-central1', 'storefront', '-'),
  stagingDefault: pool('nwv-booking-staging', 'europe-west1-b', 'booking-staging', 'default-pool'),
  web: pool('nwv-booking-staging', 'europe-west1-b', 'booking-staging', 'web'),
  qa: pool('nwv-booking-staging', 'europe-west1-b', 'booking-staging', 'qa-tools'),
  spark: pool('nwv-data-analytics', 'us-central1', 'analytics', 'spark-workers'),
  notebooks: pool('nwv-data-analytics', 'us-central1', 'analytics', 'notebooks'),
  legacyDefault: pool('nwv-legacy-tools', 'us-central1-a', 'ci-legacy', 'default-pool'),
  runners: pool('nwv-legacy-tools', 'us-central1-a', 'ci-legacy', 'runners-115'),
  buildCache: pool('nwv-legacy-tools', 'us-central1-a', 'ci-legacy', 'build-cache'),
};
const R = {
  booking: 'projects/nwv-registry/locations/europe-west1/repositories/booking-images',
  gcr: 'projects/nwv-registry/locations/us/repositories/gcr.io',
  publicBase: 'projects/nwv-registry/locations/europe-west1/repositories/public-base',
  storefront: 'projects/nwv-registry/locations/us-central1/repositories/storefront',
  partner: 'projects/nwv-registry/locations/europe-west1/repositories/partner-sdk',
  staging: 'projects/nwv-booking-staging/locations/europe-west1/repositories/staging-images',
  data: 'projects/nwv-data-analytics/locations/us-central1/repositories/data-images',
  legacy: 'projects/nwv-legacy-tools/locations/us-central1/repositories/legacy-builds',
};
const NON_DOCKER = [
  'projects/nwv-registry/locations/europe-west1/repositories/web-packages',
  'projects/nwv-data-analytics/locations/us/repositories/ml-wheels',
];
const EMAIL = {
  stagingDefault: '826350741269-compute@developer.gserviceaccount.com',
  legacyDefault: '148572963481-compute@developer.gserviceaccount.com',
  batch: 'gke-batch-nodes@nwv-node-identities.iam.gserviceaccount.com',
  deleted: 'ci-builder@nwv-legacy-tools.iam.gserviceaccount.com',
  notebook: 'notebook-nodes@nwv-data-analytics.iam.gserviceaccount.com',
};

type Row = [situation: string, nodePool: string, repository: string, verdict: Pair['verdict'], categories: Cause['category'][]];

const situations: Row[] = [
  ['a custom node account in a central project pulls through a folder-level reader grant (platform folder)', P.api, R.booking, 'can-pull', []],
  ['a folder-level grant still stands when the repository policy itself is unreadable', P.api, R.partner, 'can-pull', []],
  ['a custom organization role that includes downloadArtifacts grants the pull', P.api, R.legacy, 'can-pull', []],
  ['private nodes on a Shared VPC subnet without Private Google Access pull through Cloud NAT listing the subnet', P.api, R.storefront, 'can-pull', []],
  ['no grant anywhere on a repository in another project: cannot pull (iam)', P.api, R.staging, 'cannot-pull', ['iam']],
  ['a disabled node service account cannot pull even with a grant', P.batch, R.booking, 'cannot-pull', ['service-account']],
  ['a disabled node service account cannot pull from a public repository either', P.batch, R.publicBase, 'cannot-pull', ['service-account']],
  ['a disabled account without a grant lists both causes', P.batch, R.staging, 'cannot-pull', ['service-account', 'iam']],
  ['only the cloud-platform.read-only scope, with a repository grant: unknown (scope)', P.payments, R.booking, 'unknown', ['scope']],
  ['only cloud-platform.read-only and no grant: cannot pull, both causes listed', P.payments, R.storefront, 'cannot-pull', ['scope', 'iam']],
  ['a custom organization role without downloadArtifacts (on the product folder) grants nothing', P.payments, R.staging, 'cannot-pull', ['scope', 'iam']],
  ['an Autopilot auto-provisioned pool is an ordinary pool: reader on the registry project', P.autopilot, R.booking, 'can-pull', []],
  ['project-level grant stands despite the unreadable repository policy', P.autopilot, R.partner, 'can-pull', []],
  ['the default account of an org-policy-era project holds only roles/container.defaultNodeServiceAccount, which does not grant: cannot pull even from its own project', P.stagingDefault, R.staging, 'cannot-pull', ['iam']],
  ['the default account has no grant in the registry project', P.stagingDefault, R.booking, 'cannot-pull', ['iam']],
  ['allAuthenticatedUsers on a gcr.io repository in location us lets any node with a storage scope pull', P.stagingDefault, R.gcr, 'can-pull', []],
  ['an unreadable repository policy and no grant elsewhere: unknown (audit-access)', P.stagingDefault, R.partner, 'unknown', ['audit-access']],
  ['a group bound to reader that cannot be looked up is the only possible grant: unknown (audit-access)', P.stagingDefault, R.legacy, 'unknown', ['audit-access']],
  ['roles/viewer on a folder grants the pull', P.web, R.staging, 'can-pull', []],
  ['a cross-project grant on the repository itself', P.web, R.booking, 'can-pull', []],
  ['an expired temporary grant (request.time before 2026-07-01) as the only grant: cannot pull (iam)', P.web, R.storefront, 'cannot-pull', ['iam']],
  ['the pools Autopilot will create (nodePools/-) pull with the autoprovisioning account: reader on the registry project', P.autopilotOnDemand, R.booking, 'can-pull', []],
  ['the pools Autopilot will create have no grant on the staging repository', P.autopilotOnDemand, R.staging, 'cannot-pull', ['iam']],
  ['no storage scope: the kubelet pulls anonymously, a private repository fails even with a grant', P.qa, R.staging, 'cannot-pull', ['scope']],
  ['no storage scope with allAuthenticatedUsers: still needs a scope', P.qa, R.gcr, 'cannot-pull', ['scope']],
  ['no storage scope with a public repository: can pull', P.qa, R.publicBase, 'can-pull', []],
  ['no storage scope and no grant: both causes', P.qa, R.data, 'cannot-pull', ['scope', 'iam']],
  ['private nodes on a subnet without Private Google Access or Cloud NAT in its region cannot pull', P.spark, R.data, 'cannot-pull', ['network']],
  ['a public repository still needs a network path', P.spark, R.publicBase, 'cannot-pull', ['network']],
  ['a network failure and a missing grant are both listed', P.spark, R.booking, 'cannot-pull', ['network', 'iam']],
  ['nested groups (data-image-readers > ml-platform > the node account) grant the pull; the pool overrides private nodes off', P.notebooks, R.data, 'can-pull', []],
  ['roles/browser and a custom project role without the permission (both on the registry project) do not grant', P.notebooks, R.booking, 'cannot-pull', ['iam']],
  ['the legacy default account pulls from its own project only through roles/editor', P.legacyDefault, R.legacy, 'can-pull', []],
  ['1.14.10-gke.1504 passes the 1.14.10-gke.22 minimum (versions compare as numbers)', P.legacyDefault, R.gcr, 'can-pull', []],
  ['the Editor grant does not reach another project', P.legacyDefault, R.booking, 'cannot-pull', ['iam']],
  ['1.15.9-gke.7 is below the 1.15.9-gke.8 minimum', P.runners, R.legacy, 'cannot-pull', ['version']],
  ['below the minimum version and no grant: both causes', P.runners, R.booking, 'cannot-pull', ['version', 'iam']],
  ['a public repository needs no credentials, so an old version pulls from it', P.runners, R.publicBase, 'can-pull', []],
  ['a deleted node service account: cannot pull, and its IAM check fails too', P.buildCache, R.booking, 'cannot-pull', ['service-account', 'iam']],
  ['a deleted node service account cannot pull from a public repository', P.buildCache, R.publicBase, 'cannot-pull', ['service-account']],
];

describe('the demo estate (Northwind Voyages)', () => {
  let report: Report;
  let pairs: Map<string, Pair>;
  const pair = (np: string, repo: string) => {
    const p = pairs.get(`${np}|${repo}`);
    if (!p) throw new Error(`pair missing from the report: ${np} × ${repo}`);
    return p;
  };
  const cause = (np: string, repo: string, category: Cause['category']) => {
    const c = pair(np, repo).causes.find((x) => x.category === category);
    if (!c) throw new Error(`no ${category} cause on ${np} × ${repo}`);
    return c;
  };

  beforeAll(() => {
    report = scanReport('data/demo-estate.json');
    pairs = new Map(report.pairs.map((p) => [`${p.nodePool}|${p.repository}`, p]));
  }, 120_000);

  it.each(situations)('%s', (_situation, np, repo, verdict, categories) => {
    const p = pair(np, repo);
    expect({ verdict: p.verdict, categories: [...new Set(p.causes.map((c) => c.category))].sort() }).toEqual({
      verdict,
      categories: [...categories].sort(),
    });
  });

  it('pairs every node pool with every Docker repository, and nothing else', () => {
    const expected = Object.values(P).flatMap((np) => Object.values(R).map((repo) => `${np}|${repo}`)).sort();
    expect(report.pairs.map((p) => `${p.nodePool}|${p.repository}`).sort()).toEqual(expected);
  });

  it('leaves the npm and Python repositories out', () => {
    expect(report.pairs.filter((p) => NON_DOCKER.includes(p.repository))).toEqual([]);
  });

  it('gives can-pull pairs no causes, and every other pair at least one', () => {
    for (const p of report.pairs) {
      if (p.verdict === 'can-pull') expect(p.causes, `${p.nodePool} × ${p.repository}`).toEqual([]);
      else expect(p.causes.length, `${p.nodePool} × ${p.repository}`).toBeGreaterThan(0);
    }
  });

  it('names the narrowest grant, with the real names, for a missing permission', () => {
    expect(cause(P.stagingDefault, R.staging, 'iam').remediation.gcloud).toContain(
      `gcloud artifacts repositories add-iam-policy-binding staging-images --project=nwv-booking-staging --location=europe-west1 --member=serviceAccount:${EMAIL.stagingDefault} --role=roles/artifactregistry.reader`,
    );
    expect(cause(P.notebooks, R.booking, 'iam').remediation.gcloud).toContain(
      `gcloud artifacts repositories add-iam-policy-binding booking-images --project=nwv-registry --location=europe-west1 --member=serviceAccount:${EMAIL.notebook} --role=roles/artifactregistry.reader`,
    );
  });

  it('tells how to give the subnet Private Google Access', () => {
    expect(cause(P.spark, R.data, 'network').remediation.gcloud).toContain(
      'gcloud compute networks subnets update analytics-us-central1 --project=nwv-data-analytics --region=us-central1 --enable-private-ip-google-access',
    );
  });

  it('tells how to enable the disabled account', () => {
    expect(cause(P.batch, R.booking, 'service-account').remediation.gcloud).toContain(`gcloud iam service-accounts enable ${EMAIL.batch}`);
  });

  it('names the deleted account', () => {
    const c = cause(P.buildCache, R.booking, 'service-account');
    expect(`${c.message} ${JSON.stringify(c.remediation)}`).toContain(EMAIL.deleted);
    expect(JSON.stringify(c.remediation)).toMatch(/undelete|node-pools create/);
  });

  it('fixes a missing scope with a new node pool, never by editing scopes in place', () => {
    const r = cause(P.qa, R.staging, 'scope').remediation;
    expect(r.gcloud).toContain('gcloud container node-pools create');
    expect(r.gcloud).toContain('--cluster=booking-staging');
    expect(r.warning ?? '').not.toBe('');
  });

  it('explains that the only grant is an expired temporary one, quoting its condition', () => {
    const c = cause(P.web, R.storefront, 'iam');
    expect(JSON.stringify(c)).toContain('request.time < timestamp(\\"2026-07-01T00:00:00Z\\")');
    expect(c.message).toContain('expired on 2026-07-01');
  });

  it('names the group that could not be looked up', () => {
    expect(JSON.stringify(cause(P.stagingDefault, R.legacy, 'audit-access'))).toContain('ci-contractors@partner-agency.example');
  });

  it('reports the Editor-only pull as a least-privilege finding', () => {
    const f = report.findings.find((x) => /editor|basic-role|least-privilege/i.test(x.rule) && JSON.stringify(x).includes(EMAIL.legacyDefault));
    expect(f, JSON.stringify(report.findings.map((x) => [x.rule, x.subject]))).toBeDefined();
    expect(`${f!.message} ${JSON.stringify(f!.remediation)}`).toContain('roles/artifactregistry.reader');
    expect(f!.message).toContain('roles/editor');
  });

  it('reports the pools on a default service account as findings', () => {
    const subjects = report.findings.filter((x) => /default-service-account/.test(x.rule)).map((x) => `${x.subject} ${x.message}`).join('\n');
    for (const np of [P.stagingDefault, P.legacyDefault, P.runners]) expect(subjects).toContain(np.split('/').pop());
    expect(subjects).toContain(EMAIL.legacyDefault);
    expect(subjects).toContain(EMAIL.stagingDefault);
  });

  it('reports what the Autopilot defaults would do for future pools', () => {
    expect(report.findings.some((x) => /autoprovisioning|autopilot/i.test(x.rule) && JSON.stringify(x).includes('storefront'))).toBe(true);
  });

  it('reports the unreadable repository policy as a 403 gap naming the permission', () => {
    const gap = report.gaps.find((g) => g.resource.includes('repositories/partner-sdk'));
    expect(gap).toMatchObject({ status: 403, permission: 'artifactregistry.repositories.getIamPolicy' });
  });

  it('retries the transient 503 away: no gap, and both booking-prod clusters are there', () => {
    expect(report.gaps.filter((g) => g.status === 503 || (g.status !== 403 && g.resource.includes('nwv-booking-prod')))).toEqual([]);
    expect(report.pairs.some((p) => p.nodePool === P.autopilot)).toBe(true);
    expect(report.pairs.some((p) => p.nodePool === P.api)).toBe(true);
  });

  it('says what it scanned', () => {
    expect(report.schemaVersion).toBe(1);
    expect(report.scope.kind).toBe('scenario');
    expect(Number.isNaN(Date.parse(report.scannedAt))).toBe(false);
  });
});
