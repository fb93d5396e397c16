/** Parsing of container image references, with Artifact Registry's paths resolved to repository names. */

/** A parsed image reference: an Artifact Registry image (with its repository's resource name) or any other registry's. */
export type ImageRef =
  | {
      kind: 'artifact-registry';
      raw: string;
      host: string;
      location: string;
      project: string;
      repository: string;
      image: string;
      tag: string | null;
      digest: string | null;
      /** projects/P/locations/L/repositories/R */
      repositoryName: string;
      /** Set for gcr.io, us.gcr.io, eu.gcr.io and asia.gcr.io: served by an Artifact Registry repository named after the host. */
      gcrHost?: string;
    }
  | { kind: 'other-registry'; raw: string; host: string; image: string; tag: string | null; digest: string | null };

export type ImageRefResult = { ok: true; ref: ImageRef } | { ok: false; error: string };

/** gcr.io hosts and the multi-region of the Artifact Registry repository that serves them. */
export const GCR_HOSTS: Record<string, string> = { 'gcr.io': 'us', 'us.gcr.io': 'us', 'eu.gcr.io': 'europe', 'asia.gcr.io': 'asia' };

const AR_SHAPE = 'LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE[:TAG]';
const GCR_SHAPE = 'gcr.io/PROJECT/IMAGE[:TAG]';
const AR_HOST = /^([a-z0-9]+(?:-[a-z0-9]+)*)-docker\.pkg\.dev$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/;
const DIGEST_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 };

/** Parses IMAGE[:TAG][@DIGEST]; errors are one sentence saying what is wrong and what was expected. */
export function parseImageRef(input: string): ImageRefResult {
  const text = clean(input);
  if (!text) return fail('The image reference is empty: expected something like ' + AR_SHAPE + '.');
  if (/\s/.test(text)) return fail(`The image reference "${text}" contains whitespace, which an image reference cannot hold.`);

  let rest = text;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const bad = checkDigest(digest);
    if (bad) return fail(bad);
  }

  let tag: string | null = null;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      return fail(
        tag === ''
          ? `The image reference "${text}" ends its name with ":" but gives no tag.`
          : `The tag "${tag}" in "${text}" is not valid: a tag is up to 128 letters, digits, "_", "." and "-", not starting with "." or "-".`,
      );
    }
  }
  if (tag === null && digest === null) tag = 'latest';

  const parts = rest.split('/');
  let host = 'docker.io';
  const first = parts[0];
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first.toLowerCase() === 'localhost')) {
    host = first.toLowerCase();
    parts.shift();
    if (!HOST.test(host)) return fail(`The registry host "${first}" in "${text}" is not a valid host name.`);
  } else if (parts.length === 1) {
    const lone = first.toLowerCase();
    if (AR_HOST.test(lone) || GCR_HOSTS[lone]) {
      return fail(missing(text, GCR_HOSTS[lone] ? 'the project and the image' : 'the project, the repository and the image', GCR_HOSTS[lone] ? lone : null));
    }
    parts.unshift('library');
  }
  if (host === 'index.docker.io' || host === 'registry-1.docker.io') host = 'docker.io';
  // HTTPS's own port changes nothing: europe-docker.pkg.dev:443 is europe-docker.pkg.dev.
  const bare = host.replace(/:443$/, '');
  if (AR_HOST.test(bare) || GCR_HOSTS[bare]) host = bare;

  for (const part of parts) {
    if (part === '') return fail(`The image path in "${text}" has an empty part (a doubled or trailing "/").`);
    if (PATH_COMPONENT.test(part)) continue;
    if (PATH_COMPONENT.test(part.toLowerCase())) {
      return fail(`Image references must be lower case, but "${part}" in "${text}" has upper-case letters; write "${part.toLowerCase()}".`);
    }
    return fail(
      `"${part}" in "${text}" is not a valid image path part: use lower-case letters and digits, separated by ".", "_", "__" or "-".`,
    );
  }

  const m = AR_HOST.exec(host);
  if (m) return artifactRegistry(text, host, m[1], parts, tag, digest, null);
  if (GCR_HOSTS[host]) return artifactRegistry(text, host, GCR_HOSTS[host], parts, tag, digest, host);
  if (host === 'docker.pkg.dev' || /(^|\.)pkg\.dev$/.test(host)) {
    return fail(`"${host}" is not an Artifact Registry Docker host: container images are pulled from ${AR_SHAPE}, for example europe-west1-docker.pkg.dev.`);
  }
  return { ok: true, ref: { kind: 'other-registry', raw: text, host, image: parts.join('/'), tag, digest } };
}

/** Formats a parsed reference back into its canonical string (host/path[:tag][@digest]). */
export function formatImageRef(ref: ImageRef): string {
  const path = ref.kind === 'artifact-registry' ? artifactPath(ref) : ref.image;
  return `${ref.host}/${path}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

function artifactPath(ref: Extract<ImageRef, { kind: 'artifact-registry' }>): string {
  const project = ref.project.replace(':', '/');
  return ref.gcrHost ? `${project}/${ref.image}` : `${project}/${ref.repository}/${ref.image}`;
}

function artifactRegistry(
  raw: string,
  host: string,
  location: string,
  parts: string[],
  tag: string | null,
  digest: string | null,
  gcrHost: string | null,
): ImageRefResult {
  const path = [...parts];
  let project = path.shift() ?? '';
  // Domain-scoped project ids (example.com:my-project) appear with the colon written as a slash; plain ids hold no dot.
  if (project.includes('.')) {
    const second = path.shift();
    if (!second) return fail(missing(raw, 'the project id after the domain', gcrHost));
    project = `${project}:${second}`;
  }
  let repository: string;
  if (gcrHost) {
    repository = gcrHost;
  } else {
    const r = path.shift();
    if (!r) return fail(missing(raw, 'the repository and the image', null));
    repository = r;
  }
  if (path.length === 0) return fail(missing(raw, 'the image name', gcrHost));
  const ref: ImageRef = {
    kind: 'artifact-registry',
    raw,
    host,
    location,
    project,
    repository,
    image: path.join('/'),
    tag,
    digest,
    repositoryName: `projects/${project}/locations/${location}/repositories/${repository}`,
  };
  if (gcrHost) ref.gcrHost = gcrHost;
  return { ok: true, ref };
}

function missing(raw: string, what: string, gcrHost: string | null): string {
  return `The reference "${raw}" is missing ${what}: Artifact Registry images look like ${gcrHost ? GCR_SHAPE.replace('gcr.io', gcrHost) : AR_SHAPE}.`;
}

function checkDigest(digest: string): string | null {
  const m = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):(.*)$/.exec(digest);
  const algorithm = m?.[1];
  const hex = m?.[2] ?? '';
  const expected = algorithm ? DIGEST_LENGTH[algorithm] : undefined;
  if (!m || !expected) {
    return `The digest "@${digest}" is not valid: a digest is "sha256:" followed by 64 hexadecimal characters.`;
  }
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length !== expected) {
    return `The digest "@${digest}" is not valid: ${algorithm} needs exactly ${expected} hexadecimal characters, this one has ${hex.length}${/^[0-9a-fA-F]*$/.test(hex) ? '' : ' and some are not hexadecimal'}.`;
  }
  if (/[A-F]/.test(hex)) return `The digest "@${digest}" is not valid: its hexadecimal characters must be lower case.`;
  return null;
}

function clean(input: string): string {
  let s = String(input ?? '').trim();
  for (let i = 0; i < 3; i++) {
    const q = /^(["'`])(.*)\1$/s.exec(s);
    if (!q) break;
    s = q[2].trim();
  }
  return s.replace(/^(?:docker|https?):\/\//i, '');
}

function fail(error: string): ImageRefResult {
  return { ok: false, error };
}
