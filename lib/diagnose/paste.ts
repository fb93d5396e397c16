/**
 * Reading a pasted pull error in bounded, linear time: the paste is split into lines, each line cut to
 * MAX_LINE characters, JSON-escaped quotes undone without a regular expression, and the facts a runtime prints
 * (the image, the repository resource name, a deleted project, the node) are read with patterns that have no
 * two unbounded runs over the same characters.
 *
 * The shapes follow what the runtimes print: kubelet events ("Failed to pull image"), containerd
 * ("failed to resolve reference", "/v2/token?scope=repository:PATH:pull"), the Docker daemon
 * ("Head \"https://HOST/v2/PATH/manifests/REF\"", "manifest for IMAGE not found", "pull access denied for IMAGE")
 * and Artifact Registry ("denied on resource \"projects/P/locations/L/repositories/R\""): see "Troubleshoot
 * image pulls" (https://cloud.google.com/kubernetes-engine/docs/troubleshooting/image-pulls) and
 * "Troubleshooting container images" (https://cloud.google.com/artifact-registry/docs/docker/troubleshoot).
 */

/** Longest line read; the rest of a longer line is ignored (and the diagnosis says so). */
export const MAX_LINE = 4096;
/** Longest wrapped message rebuilt from several lines. */
export const MAX_BLOCK = 2 * MAX_LINE;
/** Longest image reference read from a paste. */
const MAX_IMAGE = 1024;

/** A paste split into bounded lines. */
export interface PreparedPaste {
  lines: string[];
  /** How many lines were longer than MAX_LINE and were cut. */
  cutLines: number;
}

/** Splits a paste into lines of at most MAX_LINE characters, with `\"` (JSON, logs) read as `"`. */
export function preparePaste(text: string): PreparedPaste {
  const raw = String(text ?? '').split('\n');
  const lines: string[] = [];
  let cutLines = 0;
  let blank = false;
  for (let line of raw) {
    // A run of blank lines reads as one: it only ever ends a message, and this bounds the work on "\n\n\n…".
    const isBlank = line.length === 0 || (line.length < 256 && line.trim() === '');
    if (isBlank && blank) continue;
    blank = isBlank;
    if (line.length > MAX_LINE) {
      line = line.slice(0, MAX_LINE);
      cutLines++;
    }
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.includes('\\')) line = unescapeQuotes(line);
    // Curly quotes (a paste that went through a word processor or chat) read as straight ones.
    if (line.includes('\u201c') || line.includes('\u201d')) line = line.replaceAll('\u201c', '"').replaceAll('\u201d', '"');
    lines.push(line);
  }
  return { lines, cutLines };
}

/** `\"`, `\\\"` … → `"` (a message quoted once or twice in JSON); other backslashes are kept. One pass. */
export function unescapeQuotes(line: string): string {
  let out = '';
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    if (ch !== '\\') {
      out += ch;
      i++;
      continue;
    }
    let j = i;
    while (j < line.length && line[j] === '\\') j++;
    if (line[j] === '"') {
      out += '"';
      i = j + 1;
    } else {
      out += line.slice(i, j);
      i = j;
    }
  }
  return out;
}

/** Which printed shape the image (or repository) was read from. */
export type ImageShape =
  | 'kubelet'
  | 'containerd-reference'
  | 'docker-manifest-url'
  | 'docker-manifest-not-found'
  | 'docker-pull-access-denied'
  | 'token-scope'
  | 'extracting-from-registry'
  | 'image-field'
  | 'resource-name';

/** What a paste names, as far as text alone can tell. */
export interface PasteFacts {
  /** An image reference as printed (tag or digest when the shape carries one), or null. */
  image: string | null;
  imageShape: ImageShape | null;
  /** projects/P/locations/L/repositories/R, when an Artifact Registry resource name is printed. */
  repository: string | null;
  /** A project the error says is deleted or unknown (`Project 'project:P' not found or deleted`). */
  missingProject: string | null;
  /** GKE node names (gke-CLUSTER-POOL-HASH-SUFFIX) found in the paste, first seen first. */
  nodes: string[];
}

// Each pattern starts with a literal and its runs are classes that exclude what follows them.
const KUBELET_IMAGE: readonly [RegExp, ImageShape][] = [
  [/Failed to pull image "([^"\s]+)"/i, 'kubelet'],
  [/Back-off pulling image "([^"\s]+)"/i, 'kubelet'],
  [/Pulling image "([^"\s]+)"/i, 'kubelet'],
  [/PullImage "([^"\s]+)"/, 'kubelet'],
  [/image pull failed for ([^"\s,]+)/i, 'kubelet'],
  [/failed to pull and unpack image "([^"\s]+)"/i, 'containerd-reference'],
  [/failed to resolve reference "([^"\s]+)"/i, 'containerd-reference'],
];
const MANIFEST_FOR = /manifest for ([^\s"',]+) not found/i;
const PULL_ACCESS_DENIED = /pull access denied for ([^\s"',]+)/i;
const EXTRACTING = /extracting from registry "?([^\s"',]+)/i;
const REGISTRY_URL = /https?:\/\/([^\s"'/<>]+)(\/v2\/[^\s"'<>]*)/gi;
const RESOURCE = /projects\/([a-z][a-z0-9.:-]*)\/locations\/([a-z0-9-]+)\/repositories\/([a-z0-9][a-z0-9._-]*)/g;
const PROJECT_GONE: readonly RegExp[] = [
  /Project '?project:([a-z][a-z0-9.:-]*[a-z0-9])'? not found or deleted/i,
  /Project '?#?([a-z0-9][a-z0-9.:-]*[a-z0-9])'? has been deleted/i,
];
const NODE = /\bgke-[a-z0-9-]+/g;

/** Reads the image, repository, deleted project and node names a paste names; linear in the paste's length. */
export function readPaste(prepared: PreparedPaste): PasteFacts {
  const text = prepared.lines.join('\n');
  const found = findImage(text, prepared.lines);
  const repository = firstResource(text);
  let missingProject: string | null = null;
  for (const re of PROJECT_GONE) {
    const m = re.exec(text);
    if (m) {
      missingProject = m[1].replace(/^project:/, '');
      break;
    }
  }
  return {
    image: found?.image ?? null,
    imageShape: found?.shape ?? (repository ? 'resource-name' : null),
    repository,
    missingProject,
    nodes: nodeNames(text),
  };
}

function findImage(text: string, lines: string[]): { image: string; shape: ImageShape } | null {
  for (const [re, shape] of KUBELET_IMAGE) {
    const m = re.exec(text);
    if (m && m[1].length <= MAX_IMAGE) return { image: m[1], shape };
  }
  const url = registryUrlImage(text);
  if (url) return url;
  for (const [re, shape] of [
    [MANIFEST_FOR, 'docker-manifest-not-found'],
    [PULL_ACCESS_DENIED, 'docker-pull-access-denied'],
    [EXTRACTING, 'extracting-from-registry'],
  ] as const) {
    const m = re.exec(text);
    if (m && m[1].length <= MAX_IMAGE) return { image: m[1], shape };
  }
  const token = registryUrlImage(text, true);
  if (token) return token;
  for (const line of lines) {
    const t = line.trim();
    if (!t.startsWith('Image:')) continue;
    const value = t.slice('Image:'.length).trim();
    if (value && value.length <= MAX_IMAGE && !/\s/.test(value)) return { image: value, shape: 'image-field' };
  }
  return null;
}

/**
 * The image of a `https://HOST/v2/PATH/manifests/REF` URL (Docker's `Head "…"`, containerd's `HEAD request to …`),
 * or, with `token`, the repository path of a `https://HOST/v2/token?scope=repository:PATH:pull` URL.
 */
function registryUrlImage(text: string, token = false): { image: string; shape: ImageShape } | null {
  REGISTRY_URL.lastIndex = 0;
  for (let m = REGISTRY_URL.exec(text); m; m = REGISTRY_URL.exec(text)) {
    const host = m[1].toLowerCase().replace(/:443$/, '');
    const path = trimPunctuation(m[2]);
    if (token) {
      if (!path.startsWith('/v2/token')) continue;
      const q = path.indexOf('?');
      if (q < 0) continue;
      let params: URLSearchParams;
      try {
        params = new URLSearchParams(path.slice(q + 1));
      } catch {
        continue;
      }
      const scope = params.get('scope') ?? '';
      if (!scope.startsWith('repository:')) continue;
      const repoPath = scope.slice('repository:'.length, scope.lastIndexOf(':') > 'repository:'.length ? scope.lastIndexOf(':') : undefined);
      const service = (params.get('service') ?? host).toLowerCase();
      if (repoPath && repoPath.length <= MAX_IMAGE) return { image: `${service}/${repoPath}`, shape: 'token-scope' };
      continue;
    }
    const at = path.lastIndexOf('/manifests/');
    if (at <= '/v2'.length) continue;
    const repoPath = path.slice('/v2/'.length, at);
    const ref = path.slice(at + '/manifests/'.length);
    if (!repoPath || !ref || ref.includes('/') || repoPath.length + ref.length > MAX_IMAGE) continue;
    return { image: `${host}/${repoPath}${ref.includes(':') ? '@' : ':'}${ref}`, shape: 'docker-manifest-url' };
  }
  return null;
}

function firstResource(text: string): string | null {
  RESOURCE.lastIndex = 0;
  const m = RESOURCE.exec(text);
  return m ? `projects/${m[1]}/locations/${m[2]}/repositories/${m[3]}` : null;
}

/** GKE node names: gke-CLUSTER-POOL-HASH-SUFFIX, HASH 8 hexadecimal characters, SUFFIX 4 letters or digits. */
function nodeNames(text: string): string[] {
  const out: string[] = [];
  NODE.lastIndex = 0;
  for (let m = NODE.exec(text); m; m = NODE.exec(text)) {
    if (m[0].length > 70) continue;
    const name = trimPunctuation(m[0], '-');
    if (name.length > 63 || out.includes(name)) continue;
    const parts = name.split('-');
    if (parts.length < 5) continue;
    const suffix = parts[parts.length - 1];
    const hash = parts[parts.length - 2];
    if (!/^[0-9a-f]{8}$/.test(hash) || !/^[a-z0-9]{4}$/.test(suffix)) continue;
    out.push(name);
    if (out.length >= 20) break;
  }
  return out;
}

function trimPunctuation(s: string, chars = ':,;.)]'): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1])) end--;
  return s.slice(0, end);
}

/** One node pool a GKE node name can belong to. */
export interface NodeMatch {
  cluster: string;
  nodePool: string;
  /** True when the names appear in full in the node name (not truncated). */
  exact: boolean;
}

/**
 * The node pools a GKE node name (gke-CLUSTER-POOL-HASH-SUFFIX) can belong to. GKE shortens long cluster and
 * node pool names inside the node name, so each part of the name is matched as a prefix of a known cluster and
 * node pool name; when some candidates match in full, only those are kept.
 */
export function matchNodeName(
  node: string,
  pools: readonly { name: string; cluster: string; shortName: string; clusterShortName: string }[],
): NodeMatch[] {
  const parts = node.split('-');
  if (parts.length < 5 || parts[0] !== 'gke') return [];
  const middle = parts.slice(1, -2).join('-');
  const out: NodeMatch[] = [];
  for (const p of pools) {
    let exact = false;
    let fits = false;
    // Every place the middle can be cut into CLUSTER-POOL.
    for (let i = middle.indexOf('-'); i > 0; i = middle.indexOf('-', i + 1)) {
      const c = middle.slice(0, i);
      const np = middle.slice(i + 1);
      if (!np || !p.clusterShortName.startsWith(c) || !p.shortName.startsWith(np)) continue;
      fits = true;
      if (c === p.clusterShortName && np === p.shortName) exact = true;
    }
    if (fits) out.push({ cluster: p.cluster, nodePool: p.name, exact });
  }
  return out.some((m) => m.exact) ? out.filter((m) => m.exact) : out;
}
