import { describe, expect, it } from 'vitest';
import { classifyPullError, extractImageFromError, pullFailureText } from './classify';

const IMG = 'europe-west1-docker.pkg.dev/shop-prod/containers/web:1.2';
const REF = `"${IMG}"`;
const TOKEN_URL =
  'https://europe-west1-docker.pkg.dev/v2/token?scope=repository%3Ashop-prod%2Fcontainers%2Fweb%3Apull&service=europe-west1-docker.pkg.dev';
const prefix = `Failed to pull image ${REF}: rpc error: code = Unknown desc = failed to pull and unpack image ${REF}`;
const resolve = `${prefix}: failed to resolve reference ${REF}`;

const table: [string, string, string | null, boolean?][] = [
  [
    '403 at /v2/token (containerd)',
    `${resolve}: failed to authorize: failed to fetch oauth token: unexpected status from GET request to ${TOKEN_URL}: 403 Forbidden`,
    'forbidden',
    true,
  ],
  [
    'denied: Permission downloadArtifacts',
    `${resolve}: failed to authorize: failed to fetch oauth token: unexpected status: 403 Forbidden: denied: Permission "artifactregistry.repositories.downloadArtifacts" denied on resource "projects/shop-prod/locations/europe-west1/repositories/containers" (or it may not exist)`,
    'forbidden',
    true,
  ],
  ['bare 403 Forbidden', '403 Forbidden', 'forbidden', true],
  [
    'Docker daemon pull access denied',
    `Failed to pull image ${REF}: rpc error: code = Unknown desc = Error response from daemon: pull access denied for ${IMG.split(':')[0]}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
    'forbidden',
  ],
  [
    '401 from an anonymous token request',
    `${resolve}: failed to authorize: failed to fetch anonymous token: unexpected status from GET request to ${TOKEN_URL}: 401 Unauthorized`,
    'anonymous',
    false,
  ],
  [
    '401 with an oauth token',
    `${resolve}: failed to authorize: failed to fetch oauth token: unexpected status from GET request to ${TOKEN_URL}: 401 Unauthorized`,
    'unauthorized',
    true,
  ],
  [
    'unauthorized: authentication required (docker)',
    `Failed to pull image ${REF}: rpc error: code = Unknown desc = Error response from daemon: Head "https://europe-west1-docker.pkg.dev/v2/shop-prod/containers/web/manifests/1.2": unauthorized: authentication required`,
    'unauthorized',
  ],
  [
    'anonymous 403 "Unauthenticated request"',
    `${resolve}: failed to authorize: failed to fetch anonymous token: unexpected status from GET request to ${TOKEN_URL}: 403 Forbidden: denied: Unauthenticated request. Unauthenticated requests do not have permission "artifactregistry.repositories.downloadArtifacts" on resource "projects/shop-prod/locations/europe-west1/repositories/containers" (or it may not exist)`,
    'anonymous',
  ],
  [
    '404 at /v2/token',
    `${resolve}: failed to authorize: failed to fetch oauth token: unexpected status from GET request to ${TOKEN_URL}: 404 Not Found`,
    'token-not-found',
  ],
  ['tag not found (containerd)', `Failed to pull image ${REF}: rpc error: code = NotFound desc = failed to pull and unpack image ${REF}: failed to resolve reference ${REF}: ${IMG}: not found`, 'manifest-unknown'],
  [
    'manifest unknown (docker)',
    `Failed to pull image ${REF}: rpc error: code = Unknown desc = Error response from daemon: manifest for ${IMG} not found: manifest unknown: Failed to fetch "1.2"`,
    'manifest-unknown',
  ],
  [
    'insufficient_scope',
    `${resolve}: pulling from host europe-west1-docker.pkg.dev failed with status code [manifests 1.2]: 403 Forbidden: insufficient_scope: authorization failed`,
    'insufficient-scope',
  ],
  [
    'DNS server misbehaving',
    `${resolve}: failed to do request: Head "https://europe-west1-docker.pkg.dev/v2/shop-prod/containers/web/manifests/1.2": dial tcp: lookup europe-west1-docker.pkg.dev on 169.254.169.254:53: server misbehaving`,
    'dns',
  ],
  [
    'DNS no such host',
    `${resolve}: failed to do request: Head "https://europe-west1-docker.pkg.dev/v2/shop-prod/containers/web/manifests/1.2": dial tcp: lookup europe-west1-docker.pkg.dev: no such host`,
    'dns',
  ],
  [
    'DNS lookup timing out',
    `${resolve}: failed to do request: Head "https://europe-west1-docker.pkg.dev/v2/x": dial tcp: lookup europe-west1-docker.pkg.dev on 169.254.169.254:53: read udp 10.0.0.5:41234->169.254.169.254:53: i/o timeout`,
    'dns',
  ],
  [
    'restricted VIP timeout',
    `${resolve}: failed to do request: Head "https://europe-west1-docker.pkg.dev/v2/shop-prod/containers/web/manifests/1.2": dial tcp 199.36.153.4:443: i/o timeout`,
    'restricted-vip-timeout',
  ],
  [
    'private VIP timeout',
    `${resolve}: failed to do request: Head "https://europe-west1-docker.pkg.dev/v2/x": dial tcp 199.36.153.9:443: connect: connection timed out`,
    'restricted-vip-timeout',
  ],
  [
    'other i/o timeout',
    `${resolve}: failed to do request: Head "https://europe-west1-docker.pkg.dev/v2/shop-prod/containers/web/manifests/1.2": dial tcp 142.250.102.82:443: i/o timeout`,
    'timeout',
  ],
  [
    'context deadline exceeded',
    `Failed to pull image ${REF}: rpc error: code = DeadlineExceeded desc = failed to pull and unpack image ${REF}: context deadline exceeded`,
    'timeout',
  ],
  [
    '429 Too Many Requests',
    `${resolve}: unexpected status from HEAD request to https://europe-west1-docker.pkg.dev/v2/shop-prod/containers/web/manifests/1.2: 429 Too Many Requests`,
    'rate-limited',
  ],
  [
    'Docker Hub toomanyrequests',
    'Failed to pull image "nginx:1.25": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginx:1.25": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/nginx/manifests/sha256:abc: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.',
    'rate-limited',
  ],
  [
    'no match for platform',
    `${prefix}: failed to unpack image on snapshotter overlayfs: no match for platform in manifest: not found`,
    'architecture',
  ],
  ['exec format error', 'exec /usr/local/bin/web: exec format error', 'architecture'],
  [
    'schema 1 on containerd 2',
    `${prefix}: failed to get converter for "${IMG}": Pulling Schema 1 images have been deprecated and disabled by default since containerd v2.0. As a workaround you may set an environment variable \`CONTAINERD_ENABLE_DEPRECATED_PULL_SCHEMA_1_IMAGE=1\`, but this will be completely removed in containerd v2.1`,
    'schema1',
  ],
  [
    'schema 1 support is disabled',
    `Failed to pull image ${REF}: rpc error: code = Unknown desc = Docker Image Format v1 and Docker Image manifest version 2, schema 1 support is disabled by default`,
    'schema1',
  ],
  [
    'Container Registry shut down',
    'Failed to pull image "gcr.io/shop-prod/web:1": rpc error: code = Unknown desc = failed to pull and unpack image "gcr.io/shop-prod/web:1": failed to resolve reference "gcr.io/shop-prod/web:1": unexpected status from HEAD request to https://gcr.io/v2/shop-prod/web/manifests/1: 412 Precondition Failed',
    'container-registry-retired',
  ],
  [
    'Container Registry deprecation text',
    'Failed to pull image "gcr.io/shop-prod/web:1": rpc error: code = Unknown desc = failed to resolve reference "gcr.io/shop-prod/web:1": denied: Container Registry is deprecated and shutting down, please use the auto migration tool to migrate to Artifact Registry (gcloud artifacts docker upgrade migrate --projects=\'shop-prod\').',
    'container-registry-retired',
  ],
  ['unrecognized text', 'Back-off restarting failed container web in pod web-7d9c_default(1234)', null],
  ['empty text', '', null],
];

describe('classifyPullError: one row per class', () => {
  it.each(table)('%s', (_name, text, classId, ambiguous) => {
    const c = classifyPullError(text);
    expect(c.classId).toBe(classId);
    if (classId) {
      expect(c.matched).toBeTruthy();
      expect(text).toContain(c.matched!.replace(/^…|…$/g, ''));
      expect(c.likelyCauses.length).toBeGreaterThan(0);
      expect(c.firstCheck).not.toBe('');
    } else {
      expect(c.title).toBe('Unrecognized');
      expect(c.matched).toBeNull();
      expect(c.alsoMatched).toEqual([]);
    }
    if (ambiguous !== undefined) expect(c.ambiguous).toBe(ambiguous);
  });

  it('covers every documented class', () => {
    const seen = new Set(table.map((r) => classifyPullError(r[1]).classId));
    for (const id of ['forbidden', 'unauthorized', 'anonymous', 'token-not-found', 'manifest-unknown', 'insufficient-scope', 'dns', 'restricted-vip-timeout', 'timeout', 'rate-limited', 'architecture', 'schema1', 'container-registry-retired']) {
      expect(seen.has(id as never), id).toBe(true);
    }
  });
});

describe('classifyPullError: precedence and ambiguity', () => {
  it('a bare 403 names IAM, a blocked IP range and billing', () => {
    const c = classifyPullError('403 Forbidden');
    expect(c.ambiguous).toBe(true);
    expect(c.likelyCauses.join(' ')).toMatch(/IP range/);
    expect(c.likelyCauses.join(' ')).toMatch(/[Bb]illing/);
  });

  it('the denied message says the repository may not exist', () => {
    const c = classifyPullError(table[1][1]);
    expect(c.likelyCauses.join(' ')).toMatch(/does not exist/);
    expect(c.matched).toMatch(/downloadArtifacts/);
  });

  it('keeps the less specific classes in alsoMatched', () => {
    expect(classifyPullError(table.find((r) => r[0] === 'restricted VIP timeout')![1]).alsoMatched).toContain('timeout');
    expect(classifyPullError(table.find((r) => r[0] === '404 at /v2/token')![1]).alsoMatched).toContain('manifest-unknown');
    expect(classifyPullError(table.find((r) => r[0] === 'no match for platform')![1]).alsoMatched).toEqual(['manifest-unknown']);
    expect(classifyPullError(table.find((r) => r[0] === 'anonymous 403 "Unauthenticated request"')![1]).alsoMatched).toContain('forbidden');
  });

  it('the restricted-VIP class mentions VPC Service Controls and the firewall', () => {
    const c = classifyPullError(table.find((r) => r[0] === 'restricted VIP timeout')![1]);
    expect(c.firstCheck).toMatch(/VPC Service Controls/);
    expect(c.firstCheck).toMatch(/firewall/);
  });

  it('a 412 not from gcr.io is not the Container Registry class', () => {
    expect(classifyPullError('unexpected status from HEAD request to https://quay.io/v2/x/manifests/1: 412 Precondition Failed').classId).toBeNull();
  });
});

const describePod = `Name:             web-7d9c6bdfb4-x2x8q
Namespace:        shop
Priority:         0
Service Account:  web
Node:             gke-prod-pool-a-1a2b3c4d-x7k2/10.128.0.17
Start Time:       Wed, 25 Nov 2026 16:20:01 +0000
Labels:           app=web
Status:           Pending
IP:               10.52.1.14
Containers:
  web:
    Container ID:
    Image:          ${IMG}
    Image ID:
    Port:           8080/TCP
    State:          Waiting
      Reason:       ImagePullBackOff
    Ready:          False
    Restart Count:  0
    Environment:
      CONFIG_PATH:  /etc/web/config.yaml (not found in cache)
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-9x7dl (ro)
Conditions:
  Type              Status
  Initialized       True
  Ready             False
Volumes:
  config:
    Type:      ConfigMap (a volume populated by a ConfigMap)
    Name:      web-config
QoS Class:                   BestEffort
Events:
  Type     Reason       Age                From               Message
  ----     ------       ----               ----               -------
  Normal   Scheduled    2m                 default-scheduler  Successfully assigned shop/web-7d9c6bdfb4-x2x8q to gke-prod-pool-a-1a2b3c4d-x7k2
  Warning  FailedMount  2m                 kubelet            MountVolume.SetUp failed for volume "config" : configmap "web-config" not found
  Normal   Pulling      60s (x4 over 2m)   kubelet            Pulling image "${IMG}"
  Warning  Failed       60s (x4 over 2m)   kubelet            Failed to pull image "${IMG}": rpc error: code = Unknown desc = failed to pull and unpack image "${IMG}": failed to resolve reference "${IMG}": failed to authorize: failed to fetch oauth token: unexpected status from GET request to ${TOKEN_URL}: 403 Forbidden
  Warning  Failed       60s (x4 over 2m)   kubelet            Error: ErrImagePull
  Normal   BackOff      35s (x6 over 2m)   kubelet            Back-off pulling image "${IMG}"
  Warning  Failed       35s (x6 over 2m)   kubelet            Error: ImagePullBackOff
`;

describe('classifyPullError: noisy pastes', () => {
  it('finds the pull failure in a whole kubectl describe pod and ignores the unrelated "not found"', () => {
    const c = classifyPullError(describePod);
    expect(c.classId).toBe('forbidden');
    expect(c.alsoMatched).toEqual([]);
    expect(c.matched).toMatch(/403 Forbidden/);
  });

  it('joins a message the terminal wrapped onto several lines', () => {
    const wrapped = `  Warning  Failed  1m  kubelet  Failed to pull image "${IMG}": rpc error: code = Unknown desc = failed to pull and unpack image "${IMG}": failed to resolve reference "${IMG}": failed to do request: Head "https://europe-west1-docker.pkg.dev/v2/x": dial tcp
199.36.153.5:443: i/o timeout
  Warning  Failed  1m  kubelet  Error: ErrImagePull`;
    expect(classifyPullError(wrapped).classId).toBe('restricted-vip-timeout');
  });

  it('reads kubectl get events output and escaped quotes from JSON', () => {
    const events = `LAST SEEN   TYPE      REASON    OBJECT                     MESSAGE
3m          Normal    Pulling   pod/web-7d9c6bdfb4-x2x8q   Pulling image "${IMG}"
3m          Warning   Failed    pod/web-7d9c6bdfb4-x2x8q   Failed to pull image "${IMG}": rpc error: code = NotFound desc = failed to pull and unpack image "${IMG}": failed to resolve reference "${IMG}": ${IMG}: not found
3m          Warning   Failed    pod/web-7d9c6bdfb4-x2x8q   Error: ErrImagePull`;
    expect(classifyPullError(events).classId).toBe('manifest-unknown');
    const json = `{"message": "Failed to pull image \\"${IMG}\\": rpc error: code = Unknown desc = failed to pull and unpack image \\"${IMG}\\": 429 Too Many Requests"}`;
    expect(classifyPullError(json).classId).toBe('rate-limited');
    expect(extractImageFromError(json)).toBe(IMG);
  });

  it('does not force a describe output without a classifiable pull failure into a class', () => {
    const onlyBackoff = describePod.split('\n').filter((l) => !l.includes('Failed to pull image')).join('\n');
    expect(pullFailureText(onlyBackoff).focused).toBe(true);
    expect(classifyPullError(onlyBackoff).classId).toBeNull();
  });
});

describe('extractImageFromError', () => {
  it('takes the image of "Failed to pull image"', () => {
    expect(extractImageFromError(describePod)).toBe(IMG);
  });
  it('falls back to Back-off pulling image, then the Image: field', () => {
    expect(extractImageFromError('Normal BackOff 1m kubelet Back-off pulling image "gcr.io/p-one1/app:3"')).toBe('gcr.io/p-one1/app:3');
    expect(extractImageFromError('    Image:          nginx:1.25\n')).toBe('nginx:1.25');
  });
  it('returns null when no image is named', () => {
    expect(extractImageFromError('403 Forbidden')).toBeNull();
  });
});
