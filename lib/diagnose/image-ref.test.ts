import { describe, expect, it } from 'vitest';
import { formatImageRef, parseImageRef, type ImageRef } from './image-ref';

const DIGEST = 'sha256:' + 'ab12'.repeat(16);

function ok(input: string): ImageRef {
  const r = parseImageRef(input);
  if (!r.ok) throw new Error(`expected ${input} to parse, got: ${r.error}`);
  return r.ref;
}

function err(input: string): string {
  const r = parseImageRef(input);
  if (r.ok) throw new Error(`expected ${input} to fail, got ${JSON.stringify(r.ref)}`);
  return r.error;
}

describe('parseImageRef: Artifact Registry', () => {
  it('parses LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE:TAG', () => {
    expect(ok('europe-west1-docker.pkg.dev/shop-prod/containers/web:1.2.3')).toEqual({
      kind: 'artifact-registry',
      raw: 'europe-west1-docker.pkg.dev/shop-prod/containers/web:1.2.3',
      host: 'europe-west1-docker.pkg.dev',
      location: 'europe-west1',
      project: 'shop-prod',
      repository: 'containers',
      image: 'web',
      tag: '1.2.3',
      digest: null,
      repositoryName: 'projects/shop-prod/locations/europe-west1/repositories/containers',
    });
  });

  it('ignores an explicit :443 on an Artifact Registry or gcr.io host', () => {
    expect(ok('europe-docker.pkg.dev:443/shop-prod/containers/web:1')).toMatchObject({ kind: 'artifact-registry', host: 'europe-docker.pkg.dev', repositoryName: 'projects/shop-prod/locations/europe/repositories/containers' });
    expect(ok('eu.gcr.io:443/shop-prod/web')).toMatchObject({ kind: 'artifact-registry', repositoryName: 'projects/shop-prod/locations/europe/repositories/eu.gcr.io' });
    expect(ok('registry.local:443/team/app')).toMatchObject({ kind: 'other-registry', host: 'registry.local:443' });
  });

  it('defaults the tag to latest and keeps nested image paths', () => {
    const ref = ok('us-docker.pkg.dev/shop-prod/containers/team/backend/api');
    expect(ref).toMatchObject({ location: 'us', image: 'team/backend/api', tag: 'latest', digest: null });
  });

  it('parses a digest, and a tag with a digest', () => {
    expect(ok(`us-central1-docker.pkg.dev/p-one1/r/app@${DIGEST}`)).toMatchObject({ tag: null, digest: DIGEST, image: 'app' });
    expect(ok(`us-central1-docker.pkg.dev/p-one1/r/app:v2@${DIGEST}`)).toMatchObject({ tag: 'v2', digest: DIGEST });
  });

  it('rejects a bad digest and says why', () => {
    expect(err('us-central1-docker.pkg.dev/p-one1/r/app@sha256:abc')).toMatch(/digest "@sha256:abc" is not valid.*64 hexadecimal.*has 3/);
    expect(err('us-central1-docker.pkg.dev/p-one1/r/app@md5:abcd')).toMatch(/digest .*is not valid/);
    expect(err(`us-central1-docker.pkg.dev/p-one1/r/app@sha256:${'z'.repeat(64)}`)).toMatch(/not hexadecimal/);
  });

  it('reads a domain-scoped project written with a slash', () => {
    const ref = ok('europe-west1-docker.pkg.dev/example.com/my-project/containers/web:1');
    expect(ref).toMatchObject({
      project: 'example.com:my-project',
      repository: 'containers',
      image: 'web',
      repositoryName: 'projects/example.com:my-project/locations/europe-west1/repositories/containers',
    });
    expect(formatImageRef(ref)).toBe('europe-west1-docker.pkg.dev/example.com/my-project/containers/web:1');
  });

  it.each([
    ['gcr.io/shop-prod/web:1', 'us', 'gcr.io'],
    ['us.gcr.io/shop-prod/web:1', 'us', 'us.gcr.io'],
    ['eu.gcr.io/shop-prod/web:1', 'europe', 'eu.gcr.io'],
    ['asia.gcr.io/shop-prod/web:1', 'asia', 'asia.gcr.io'],
  ])('maps %s to the Artifact Registry repository named after the host', (input, location, host) => {
    expect(ok(input)).toMatchObject({
      kind: 'artifact-registry',
      location,
      repository: host,
      gcrHost: host,
      image: 'web',
      repositoryName: `projects/shop-prod/locations/${location}/repositories/${host}`,
    });
  });

  it('keeps nested paths under gcr.io and domain-scoped gcr.io projects', () => {
    expect(ok('gcr.io/shop-prod/team/web')).toMatchObject({ image: 'team/web', tag: 'latest' });
    expect(ok('eu.gcr.io/example.com/my-project/web')).toMatchObject({ project: 'example.com:my-project', image: 'web' });
  });

  it('says what is missing from a docker.pkg.dev reference and shows the expected shape', () => {
    expect(err('europe-west1-docker.pkg.dev/shop-prod/web')).toBe(
      'The reference "europe-west1-docker.pkg.dev/shop-prod/web" is missing the image name: Artifact Registry images look like LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE[:TAG].',
    );
    expect(err('europe-west1-docker.pkg.dev/shop-prod')).toMatch(/missing the repository and the image.*LOCATION-docker\.pkg\.dev\/PROJECT\/REPOSITORY\/IMAGE/);
    expect(err('europe-west1-docker.pkg.dev')).toMatch(/missing the project, the repository and the image/);
    expect(err('gcr.io/shop-prod')).toMatch(/missing the image name.*gcr\.io\/PROJECT\/IMAGE/);
    expect(err('docker.pkg.dev/shop-prod/r/web')).toMatch(/not an Artifact Registry Docker host/);
  });
});

describe('parseImageRef: other registries', () => {
  it('expands a Docker Hub short name', () => {
    expect(ok('nginx:1.25')).toEqual({ kind: 'other-registry', raw: 'nginx:1.25', host: 'docker.io', image: 'library/nginx', tag: '1.25', digest: null });
    expect(ok('bitnami/redis')).toMatchObject({ host: 'docker.io', image: 'bitnami/redis', tag: 'latest' });
  });

  it('keeps a registry port apart from the tag', () => {
    expect(ok('registry.local:5000/team/app')).toMatchObject({ kind: 'other-registry', host: 'registry.local:5000', image: 'team/app', tag: 'latest' });
    expect(ok('registry.local:5000/team/app:2.0')).toMatchObject({ host: 'registry.local:5000', image: 'team/app', tag: '2.0' });
    expect(ok('localhost/app')).toMatchObject({ host: 'localhost', image: 'app' });
  });

  it('treats ghcr.io, docker.io and the old k8s gcr host as other registries', () => {
    expect(ok('ghcr.io/org/tool:v1').kind).toBe('other-registry');
    expect(ok('docker.io/library/busybox').kind).toBe('other-registry');
    expect(ok('k8s.gcr.io/pause:3.9').kind).toBe('other-registry');
  });
});

describe('parseImageRef: input hygiene', () => {
  it('trims whitespace and quotes', () => {
    expect(ok('  "europe-west1-docker.pkg.dev/shop-prod/containers/web:1"\n')).toMatchObject({ raw: 'europe-west1-docker.pkg.dev/shop-prod/containers/web:1', tag: '1' });
    expect(ok("'gcr.io/shop-prod/web'").kind).toBe('artifact-registry');
  });

  it('accepts an upper-case host but names an upper-case path part', () => {
    expect(ok('Europe-West1-Docker.PKG.dev/shop-prod/containers/web').host).toBe('europe-west1-docker.pkg.dev');
    expect(err('europe-west1-docker.pkg.dev/shop-prod/Containers/web')).toBe(
      'Image references must be lower case, but "Containers" in "europe-west1-docker.pkg.dev/shop-prod/Containers/web" has upper-case letters; write "containers".',
    );
    expect(ok('europe-west1-docker.pkg.dev/shop-prod/containers/web:V1-Beta').tag).toBe('V1-Beta');
  });

  it('rejects empty input, inner whitespace, bad tags and empty path parts', () => {
    expect(err('   ')).toMatch(/empty/);
    expect(err('nginx 1.25')).toMatch(/whitespace/);
    expect(err('nginx:-bad')).toMatch(/tag "-bad".*not valid/);
    expect(err('nginx:')).toMatch(/gives no tag/);
    expect(err('europe-west1-docker.pkg.dev/shop-prod//web')).toMatch(/empty part/);
    expect(err('europe-west1-docker.pkg.dev/shop-prod/con$tainers/web')).toMatch(/"con\$tainers".*not a valid image path part/);
  });
});
