import { describe, expect, it } from 'vitest';
import type { Inventory, NodePool, Repository } from '../inventory/types';
import type { Cause, Category } from '../readiness/types';
import type { PairEvaluation } from '../readiness/engine';
import { diagnose } from './diagnose';
import { makeCluster, makeNodePool, makeRepository } from '../inventory/builders';

const CLUSTER = 'projects/shop-prod/locations/europe-west1/clusters/prod';
const OTHER_CLUSTER = 'projects/shop-prod/locations/europe-west1/clusters/batch';
const REPO = 'projects/registry-prj/locations/europe-west1/repositories/containers';
const IMAGE = 'europe-west1-docker.pkg.dev/registry-prj/containers/web:1.2';
const SA_A = 'nodes-a@shop-prod.iam.gserviceaccount.com';
const TOKEN_URL = 'https://europe-west1-docker.pkg.dev/v2/token?scope=repository%3Aregistry-prj%2Fcontainers%2Fweb%3Apull&service=europe-west1-docker.pkg.dev';
const FORBIDDEN = `Failed to pull image "${IMAGE}": rpc error: code = Unknown desc = failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": failed to authorize: failed to fetch oauth token: unexpected status from GET request to ${TOKEN_URL}: 403 Forbidden`;
const UNAUTHORIZED = FORBIDDEN.replace('403 Forbidden', '401 Unauthorized');
const DNS = `Failed to pull image "${IMAGE}": rpc error: code = Unknown desc = failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": failed to do request: Head "https://europe-west1-docker.pkg.dev/v2/registry-prj/containers/web/manifests/1.2": dial tcp: lookup europe-west1-docker.pkg.dev on 169.254.169.254:53: no such host`;
const NOT_FOUND = `Failed to pull image "${IMAGE}": rpc error: code = NotFound desc = failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": ${IMAGE}: not found`;

/** A node pool of CLUSTER or OTHER_CLUSTER (shop-prod, europe-west1) running as `email`. */
function pool(cluster: string, short: string, email: string): NodePool {
  return makeNodePool({ project: 'shop-prod', cluster: cluster.split('/').pop(), name: short, serviceAccount: email, version: '1.33.4-gke.1000' });
}

function repository(project: string, location: string, id: string, format = 'DOCKER'): Repository {
  return makeRepository({ project, location, id, format });
}

function inventory(over: Partial<Inventory> = {}): Inventory {
  const project = (id: string, number: string) => ({ id, number, displayName: id, ancestry: { status: 'ok' as const, value: ['organizations/1'] } });
  const cluster = (name: string, pools: string[]) =>
    makeCluster({
      project: 'shop-prod',
      location: 'europe-west1',
      shortName: name.split('/').pop()!,
      controlPlaneVersion: '1.33.4-gke.1000',
      currentNodeVersion: '1.33.4-gke.1000',
      subnetwork: 'projects/shop-prod/regions/europe-west1/subnetworks/default',
      nodePoolNames: pools,
    });
  return {
    scope: { kind: 'projects', ids: ['shop-prod', 'registry-prj'] },
    collectedAt: '2026-11-25T16:30:04Z',
    organizations: [],
    folders: [],
    projects: [project('shop-prod', '123456789012'), project('registry-prj', '210987654321')],
    clusters: [cluster(CLUSTER, ['pool-a', 'pool-b']), cluster(OTHER_CLUSTER, ['batch-pool'])],
    nodePools: [pool(CLUSTER, 'pool-a', SA_A), pool(CLUSTER, 'pool-b', 'nodes-b@shop-prod.iam.gserviceaccount.com'), pool(OTHER_CLUSTER, 'batch-pool', SA_A)],
    repositories: [
      repository('registry-prj', 'europe-west1', 'containers'),
      repository('registry-prj', 'us', 'containers'),
      repository('registry-prj', 'europe-west1', 'npm-packages', 'NPM'),
      repository('other-prj', 'asia-east1', 'containers'),
    ],
    policies: {},
    serviceAccounts: {},
    roles: {},
    groups: {},
    subnetworks: {},
    routers: {},
    serverConfigs: {},
    clusterListGaps: [],
    repositoryListGaps: [],
    gaps: [],
    ...over,
  };
}

function cause(category: Category, rule: string, message: string, outcome: Cause['outcome'] = 'fail'): Cause {
  return { category, rule, outcome, message, evidence: { rule }, remediation: { steps: [`fix ${rule}`], gcloud: `gcloud fix ${rule}`, docs: [] } };
}

const IAM_FAIL = cause('iam', 'iam.no-download-permission', `Service account ${SA_A} holds no role with artifactregistry.repositories.downloadArtifacts on ${REPO}.`);
const SCOPE_FAIL = cause('scope', 'scope.no-storage', 'The node pool has no storage access scope.');
const NETWORK_FAIL = cause('network', 'network.no-private-google-access', 'Private nodes without Private Google Access or Cloud NAT.');
const NETWORK_UNREADABLE = cause('audit-access', 'network.unreadable', 'The subnet could not be read.', 'undecided');

/** A stand-in engine: the causes each pool gets for any repository. */
function fakeEngine(byPool: Record<string, Cause[]>, calls: string[] = []) {
  return (_inv: Inventory, nodePool: string, repo: string): PairEvaluation => {
    calls.push(`${nodePool} ${repo}`);
    const causes = byPool[nodePool.split('/').pop()!] ?? [];
    const verdict = causes.some((c) => c.outcome === 'fail') ? 'cannot-pull' : causes.length ? 'unknown' : 'can-pull';
    return { nodePool, repository: repo, verdict, causes, checks: [] };
  };
}

describe('diagnose: forbidden', () => {
  it('with the engine reporting the missing grant: the grant is cause 1, high confidence, and the summary names account and fix', () => {
    const d = diagnose(inventory(), { image: IMAGE, errorText: FORBIDDEN, cluster: CLUSTER, nodePool: 'pool-a' }, { evaluatePair: fakeEngine({ 'pool-a': [IAM_FAIL] }) });
    expect(d.classification.classId).toBe('forbidden');
    expect(d.repositoryInEstate).toBe(true);
    expect(d.verdicts.map((v) => [v.nodePool, v.verdict])).toEqual([[`${CLUSTER}/nodePools/pool-a`, 'cannot-pull']]);
    expect(d.rankedCauses[0]).toMatchObject({ rank: 1, category: 'iam', rule: 'iam.no-download-permission', confidence: 'high' });
    expect(d.rankedCauses[0].remediation?.gcloud).toBe('gcloud fix iam.no-download-permission');
    expect(d.rankedCauses[0].evidence.nodePools).toEqual([`${CLUSTER}/nodePools/pool-a`]);
    expect(d.rankedCauses.slice(1).every((c) => c.confidence !== 'high')).toBe(true);
    expect(d.summary).toBe(
      `The node service account ${SA_A} has no permission to download from repository containers: grant roles/artifactregistry.reader on ${REPO}.`,
    );
  });

  it('with the engine saying can-pull: a missing repository, VPC Service Controls or a deny policy, at medium confidence', () => {
    const d = diagnose(inventory(), { image: IMAGE, errorText: FORBIDDEN, cluster: CLUSTER }, { evaluatePair: fakeEngine({}) });
    expect(d.verdicts.every((v) => v.verdict === 'can-pull')).toBe(true);
    const rules = d.rankedCauses.map((c) => c.rule);
    expect(rules).toEqual(expect.arrayContaining(['diagnose.repository-gone', 'diagnose.vpc-service-controls', 'diagnose.deny-policy']));
    expect(d.rankedCauses.every((c) => c.confidence === 'medium')).toBe(true);
    expect(d.summary).toMatch(/^The error reads as "Permission denied \(403 Forbidden\)"; most likely \(medium confidence\)/);
  });

  it('notes that Workload Identity does not change who pulls', () => {
    const d = diagnose(inventory(), { image: IMAGE, errorText: FORBIDDEN }, { evaluatePair: fakeEngine({}) });
    expect(d.notes.join(' ')).toMatch(/Workload Identity does not change who pulls/);
  });
});

describe('diagnose: ranking follows the error class', () => {
  const engine = fakeEngine({ 'pool-a': [IAM_FAIL, SCOPE_FAIL, NETWORK_FAIL] });

  it('unauthorized puts the scope first and the grant after it', () => {
    const d = diagnose(inventory(), { image: IMAGE, errorText: UNAUTHORIZED, cluster: CLUSTER, nodePool: 'pool-a' }, { evaluatePair: engine });
    expect(d.classification.classId).toBe('unauthorized');
    expect(d.rankedCauses[0]).toMatchObject({ category: 'scope', confidence: 'high' });
    const iam = d.rankedCauses.find((c) => c.category === 'iam')!;
    expect(iam.confidence).toBe('medium');
    expect(iam.rank).toBeGreaterThan(1);
  });

  it('dns puts the network first; the grant is low', () => {
    const d = diagnose(inventory(), { image: IMAGE, errorText: DNS, cluster: CLUSTER, nodePool: 'pool-a' }, { evaluatePair: engine });
    expect(d.classification.classId).toBe('dns');
    expect(d.rankedCauses[0]).toMatchObject({ category: 'network', rule: 'network.no-private-google-access', confidence: 'high' });
    expect(d.rankedCauses.find((c) => c.category === 'iam')!.confidence).toBe('low');
  });

  it('an unreadable subnet counts as a network cause for a timeout, undecided so medium', () => {
    const d = diagnose(
      inventory(),
      { image: IMAGE, errorText: FORBIDDEN.replace(/unexpected status.*$/, 'dial tcp 142.250.1.1:443: i/o timeout'), cluster: CLUSTER, nodePool: 'pool-a' },
      { evaluatePair: fakeEngine({ 'pool-a': [NETWORK_UNREADABLE] }) },
    );
    expect(d.classification.classId).toBe('timeout');
    expect(d.rankedCauses[0]).toMatchObject({ rule: 'network.unreadable', confidence: 'medium' });
  });

  it('a missing tag is the top cause for manifest unknown, with the tags list command', () => {
    const d = diagnose(inventory(), { image: IMAGE, errorText: NOT_FOUND, cluster: CLUSTER }, { evaluatePair: fakeEngine({}) });
    expect(d.rankedCauses[0]).toMatchObject({ rule: 'diagnose.tag-not-found', confidence: 'high' });
    expect(d.rankedCauses[0].message).toMatch(/tag 1\.2 of web does not exist/);
    expect(d.rankedCauses[0].remediation?.gcloud).toBe('gcloud artifacts docker tags list europe-west1-docker.pkg.dev/registry-prj/containers/web');
  });
});

describe('diagnose: which pools are judged', () => {
  it('the chosen pool, every pool of the cluster, or every pool in scope', () => {
    const calls: string[] = [];
    const engine = fakeEngine({}, calls);
    expect(diagnose(inventory(), { image: IMAGE, errorText: FORBIDDEN, cluster: CLUSTER, nodePool: 'pool-b' }, { evaluatePair: engine }).verdicts).toHaveLength(1);
    expect(diagnose(inventory(), { image: IMAGE, errorText: FORBIDDEN, cluster: CLUSTER }, { evaluatePair: engine }).verdicts).toHaveLength(2);
    expect(diagnose(inventory(), { image: IMAGE, errorText: FORBIDDEN }, { evaluatePair: engine }).verdicts).toHaveLength(3);
    expect(calls.every((c) => c.endsWith(` ${REPO}`))).toBe(true);
  });

  it('groups one cause shared by several pools', () => {
    const d = diagnose(inventory(), { image: IMAGE, errorText: FORBIDDEN }, { evaluatePair: fakeEngine({ 'pool-a': [IAM_FAIL], 'batch-pool': [IAM_FAIL] }) });
    const iam = d.rankedCauses.filter((c) => c.rule === 'iam.no-download-permission');
    expect(iam).toHaveLength(1);
    expect(iam[0].evidence.nodePools).toEqual([`${CLUSTER}/nodePools/pool-a`, `${OTHER_CLUSTER}/nodePools/batch-pool`]);
    expect(d.summary).toMatch(`The node service account ${SA_A} has no permission`);
    expect(d.summary).toMatch(/^Of the 3 node pools judged, 2 cannot pull, 1 can pull \(name the cluster and node pool for a precise answer\)\. /);
    const one = diagnose(inventory(), { image: IMAGE, errorText: FORBIDDEN, cluster: CLUSTER, nodePool: 'pool-a' }, { evaluatePair: fakeEngine({ 'pool-a': [IAM_FAIL] }) });
    expect(one.summary).toMatch(/^The node service account/);
  });

  it('an unknown cluster or pool is a note, not a crash', () => {
    const d = diagnose(inventory(), { image: IMAGE, errorText: FORBIDDEN, cluster: 'projects/shop-prod/locations/europe-west1/clusters/nope' }, { evaluatePair: fakeEngine({}) });
    expect(d.verdicts).toEqual([]);
    expect(d.notes.join(' ')).toMatch(/clusters\/nope is not in the scanned estate/);
    const d2 = diagnose(inventory(), { image: IMAGE, errorText: FORBIDDEN, cluster: CLUSTER, nodePool: 'nope' }, { evaluatePair: fakeEngine({}) });
    expect(d2.notes.join(' ')).toMatch(/Node pool nope is not in .*its pools: pool-a, pool-b/);
  });

  it('an engine that throws leaves a note for that pool', () => {
    const d = diagnose(inventory(), { image: IMAGE, errorText: FORBIDDEN, cluster: CLUSTER, nodePool: 'pool-a' }, {
      evaluatePair: () => {
        throw new Error('boom');
      },
    });
    expect(d.verdicts).toEqual([]);
    expect(d.notes.join(' ')).toMatch(/could not judge .*pool-a: boom/);
  });
});

describe('diagnose: the repository side', () => {
  it('a repository absent from the estate is the top cause, with did-you-mean suggestions', () => {
    const image = 'europe-west1-docker.pkg.dev/registry-prj/containerz/web:1.2';
    const d = diagnose(inventory(), { image, errorText: FORBIDDEN }, { evaluatePair: fakeEngine({}) });
    expect(d.repositoryInEstate).toBe(false);
    expect(d.verdicts).toEqual([]);
    expect(d.rankedCauses[0]).toMatchObject({ rule: 'diagnose.repository-absent', category: 'repository', confidence: 'high' });
    expect(d.rankedCauses[0].evidence.didYouMean).toEqual([
      'europe-west1-docker.pkg.dev/registry-prj/containers',
      'us-docker.pkg.dev/registry-prj/containers',
      'europe-west1-docker.pkg.dev/registry-prj/npm-packages',
    ]);
    expect(d.summary).toMatch(/does not exist in the scanned estate/);
  });

  it('suggests the closest repository name first, and a missing repository outranks a missing tag', () => {
    const inv = inventory();
    inv.repositories.push(repository('registry-prj', 'europe-west1', 'web-images'));
    const image = 'europe-west1-docker.pkg.dev/registry-prj/web-imgs/web:1.2';
    const d = diagnose(inv, { image, errorText: NOT_FOUND.replaceAll(IMAGE, image) }, { evaluatePair: fakeEngine({}) });
    expect((d.rankedCauses[0].evidence.didYouMean as string[])[0]).toBe('europe-west1-docker.pkg.dev/registry-prj/web-images');
    expect(d.rankedCauses[0]).toMatchObject({ rule: 'diagnose.repository-absent', confidence: 'high' });
    expect(d.rankedCauses.find((c) => c.rule === 'diagnose.tag-not-found')?.confidence).toBe('medium');
  });

  it('a wrong location suggests the same repository id elsewhere', () => {
    const d = diagnose(inventory(), { image: 'asia-docker.pkg.dev/registry-prj/containers/web', errorText: '404 Not Found at https://asia-docker.pkg.dev/v2/token?scope=x' }, { evaluatePair: fakeEngine({}) });
    expect(d.classification.classId).toBe('token-not-found');
    expect(d.rankedCauses[0].message).toMatch(/did you mean europe-west1-docker\.pkg\.dev\/registry-prj\/containers/);
  });

  it('a project outside the scan or an unreadable repository list leaves the question open', () => {
    const outside = diagnose(inventory(), { image: 'europe-west1-docker.pkg.dev/elsewhere-prj/r/web', errorText: FORBIDDEN }, { evaluatePair: fakeEngine({}) });
    expect(outside.repositoryInEstate).toBeNull();
    expect(outside.notes.join(' ')).toMatch(/elsewhere-prj is not in the scanned scope/);
    const gap = diagnose(
      inventory({ repositoryListGaps: [{ project: 'registry-prj', gapId: 'gap-1' }] }),
      { image: 'europe-west1-docker.pkg.dev/registry-prj/containerz/web', errorText: FORBIDDEN },
      { evaluatePair: fakeEngine({}) },
    );
    expect(gap.repositoryInEstate).toBeNull();
    expect(gap.notes.join(' ')).toMatch(/could not list the repositories of project registry-prj \(gap gap-1\)/);
  });

  it('a non-Docker repository is said to hold no container images', () => {
    const d = diagnose(inventory(), { image: 'europe-west1-docker.pkg.dev/registry-prj/npm-packages/web', errorText: FORBIDDEN }, { evaluatePair: fakeEngine({}) });
    expect(d.rankedCauses[0]).toMatchObject({ rule: 'diagnose.not-docker-repository', confidence: 'high' });
    expect(d.verdicts).toEqual([]);
  });

  it('a gcr.io image whose project has no gcr.io repository points at the retired Container Registry', () => {
    const d = diagnose(inventory(), { image: 'gcr.io/registry-prj/web:1', errorText: 'Failed to pull image "gcr.io/registry-prj/web:1": 412 Precondition Failed from https://gcr.io/v2/registry-prj/web/manifests/1' }, { evaluatePair: fakeEngine({}) });
    expect(d.classification.classId).toBe('container-registry-retired');
    expect(d.rankedCauses[0]).toMatchObject({ rule: 'diagnose.container-registry', confidence: 'high' });
    expect(d.rankedCauses[0].remediation?.gcloud).toBe('gcloud artifacts docker upgrade migrate --projects=registry-prj');
  });
});

describe('diagnose: images Pullcheck cannot judge', () => {
  it('another registry: said plainly, nothing judged, plain crictl pull', () => {
    const d = diagnose(inventory(), { image: 'nginx:1.25', errorText: 'Failed to pull image "nginx:1.25": 429 Too Many Requests - Server message: toomanyrequests' }, { evaluatePair: fakeEngine({}) });
    expect(d.image?.kind).toBe('other-registry');
    expect(d.repositoryInEstate).toBeNull();
    expect(d.verdicts).toEqual([]);
    expect(d.notes.join(' ')).toMatch(/docker\.io is not Artifact Registry: Pullcheck judges only Artifact Registry/);
    expect(d.rankedCauses[0]).toMatchObject({ rule: 'diagnose.rate-limited', confidence: 'high' });
    expect(d.onNodeCheck.linux).toBe('sudo crictl pull docker.io/library/nginx:1.25');
  });

  it('an unreadable image reference is reported, and the error still classified', () => {
    const d = diagnose(inventory(), { image: 'europe-west1-docker.pkg.dev/registry-prj/Containers/web', errorText: FORBIDDEN }, { evaluatePair: fakeEngine({}) });
    expect(d.image).toBeNull();
    expect(d.imageError).toMatch(/must be lower case.*"Containers"/);
    expect(d.classification.classId).toBe('forbidden');
    expect(d.summary).toMatch(/the image reference could not be read/);
  });

  it('no image given: the one the error names is used', () => {
    const d = diagnose(inventory(), { image: '', errorText: FORBIDDEN }, { evaluatePair: fakeEngine({}) });
    expect(d.image?.kind === 'artifact-registry' && d.image.repositoryName).toBe(REPO);
    expect(d.notes[0]).toMatch(/using .*web:1\.2, the image the error names/);
  });

  it('an error about another image is pointed out', () => {
    const d = diagnose(inventory(), { image: 'europe-west1-docker.pkg.dev/registry-prj/containers/api:2', errorText: FORBIDDEN }, { evaluatePair: fakeEngine({}) });
    expect(d.notes.join(' ')).toMatch(/The error is about .*web:1\.2, not .*api:2/);
  });
});

describe('diagnose: unrecognized text and the on-node check', () => {
  it('unrecognized with nothing wrong in the estate: no invented cause', () => {
    const d = diagnose(inventory(), { image: IMAGE, errorText: 'something odd happened', cluster: CLUSTER }, { evaluatePair: fakeEngine({}) });
    expect(d.classification.classId).toBeNull();
    expect(d.rankedCauses).toEqual([]);
    expect(d.summary).toMatch(/not one Pullcheck recognizes, and nothing in the estate stops these node pools/);
  });

  it('unrecognized with an engine failure ranks it medium', () => {
    const d = diagnose(inventory(), { image: IMAGE, errorText: 'something odd happened', cluster: CLUSTER, nodePool: 'pool-a' }, { evaluatePair: fakeEngine({ 'pool-a': [IAM_FAIL] }) });
    expect(d.rankedCauses).toHaveLength(1);
    expect(d.rankedCauses[0]).toMatchObject({ rule: 'iam.no-download-permission', confidence: 'medium' });
  });

  it('fills the real image into the Linux and Windows checks', () => {
    const d = diagnose(inventory(), { image: IMAGE, errorText: FORBIDDEN }, { evaluatePair: fakeEngine({}) });
    expect(d.onNodeCheck.linux).toMatch(/^sudo crictl pull --creds "oauth2accesstoken:\$\(curl -s -H 'Metadata-Flavor: Google' http:\/\/metadata\.google\.internal\/computeMetadata\/v1\/instance\/service-accounts\/default\/token/);
    expect(d.onNodeCheck.linux.endsWith(` ${IMAGE}`)).toBe(true);
    expect(d.onNodeCheck.windows).toContain('C:\\etc\\kubernetes\\logs\\containerd.log');
    expect(d.onNodeCheck.windows).toContain(IMAGE);
  });

  it('the diagnosis is plain JSON', () => {
    const d = diagnose(inventory(), { image: IMAGE, errorText: FORBIDDEN }, { evaluatePair: fakeEngine({ 'pool-a': [IAM_FAIL] }) });
    expect(JSON.parse(JSON.stringify(d))).toEqual(JSON.parse(JSON.stringify(d)));
    expect(d.rankedCauses.map((c) => c.rank)).toEqual(d.rankedCauses.map((_, i) => i + 1));
  });
});

describe('diagnose with the real engine', () => {
  const okPolicy = (resource: string, bindings: { role: string; members: string[] }[] = []) => ({
    status: 'ok' as const,
    value: { resource, bindings: bindings.map((b) => ({ ...b, condition: null })) },
  });
  const sa = (email: string) => ({ status: 'ok' as const, value: { email, project: 'shop-prod', uniqueId: '101234567890123456789', displayName: null, disabled: false } });
  const SA_B = 'nodes-b@shop-prod.iam.gserviceaccount.com';
  const noScope = { ...pool(CLUSTER, 'pool-c', SA_A), oauthScopes: ['https://www.googleapis.com/auth/logging.write'] };
  const real = () =>
    inventory({
      nodePools: [pool(CLUSTER, 'pool-a', SA_A), pool(CLUSTER, 'pool-b', SA_B), noScope],
      policies: {
        [REPO]: okPolicy(REPO, [{ role: 'roles/artifactregistry.reader', members: [`serviceAccount:${SA_B}`] }]),
        'projects/registry-prj': okPolicy('projects/registry-prj'),
        'projects/shop-prod': okPolicy('projects/shop-prod'),
        'organizations/1': okPolicy('organizations/1'),
      },
      serviceAccounts: { [SA_A]: sa(SA_A), [SA_B]: sa(SA_B) },
    });

  it('forbidden on a pool without a grant: the missing grant, high, with the engine\'s gcloud fix', () => {
    const d = diagnose(real(), { image: IMAGE, errorText: FORBIDDEN, cluster: CLUSTER, nodePool: 'pool-a' });
    expect(d.verdicts[0].verdict).toBe('cannot-pull');
    expect(d.rankedCauses[0]).toMatchObject({ rank: 1, category: 'iam', confidence: 'high' });
    expect(d.rankedCauses[0].remediation?.gcloud).toContain('gcloud artifacts repositories add-iam-policy-binding containers');
    expect(d.summary).toBe(`The node service account ${SA_A} has no permission to download from repository containers: grant roles/artifactregistry.reader on ${REPO}.`);
  });

  it('forbidden on a pool that can pull: medium-confidence causes outside the estate', () => {
    const d = diagnose(real(), { image: IMAGE, errorText: FORBIDDEN, cluster: CLUSTER, nodePool: 'pool-b' });
    expect(d.verdicts.map((v) => v.verdict)).toEqual(['can-pull']);
    expect(d.rankedCauses[0].confidence).toBe('medium');
    expect(d.rankedCauses.map((c) => c.rule)).toContain('diagnose.vpc-service-controls');
  });

  it('unauthorized on a pool without a storage scope: the scope first', () => {
    const d = diagnose(real(), { image: IMAGE, errorText: UNAUTHORIZED, cluster: CLUSTER, nodePool: 'pool-c' });
    expect(d.verdicts[0].verdict).toBe('cannot-pull');
    expect(d.rankedCauses[0]).toMatchObject({ category: 'scope', confidence: 'high' });
    expect(d.rankedCauses.find((c) => c.category === 'iam')?.confidence).toBe('medium');
  });
});
