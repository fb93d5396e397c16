/**
 * Declared expectations: a file kept beside the infrastructure code (JSON or YAML) naming, for each GKE cluster
 * or node pool, the Artifact Registry repositories it must pull from and those it must not. Validated strictly:
 * every problem names the file, the field and the line.
 *
 * version: 1
 * clusters:
 *   - cluster: projects/P/locations/L/clusters/C
 *     nodePool: NP                      # optional: one pool instead of every pool of the cluster
 *     mustPull: [projects/P2/locations/L2/repositories/R, europe-west1-docker.pkg.dev/P2/R2]
 *     mustNotPull: [gcr.io/P3]
 */
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { parseImageRef } from '../diagnose/image-ref';
import { isValid } from '../safe/formats';
import { JsonSyntaxError, locateJsonPaths } from '../scenario/json-locate';
import type { Expectation } from './types';

/** Largest expectations file read (a few thousand clusters fit in far less). */
export const MAX_EXPECTATIONS_BYTES = 2 * 1024 * 1024;
/** Most expectations (cluster or pool × repository) one file may declare. */
export const MAX_EXPECTATIONS = 100_000;

const MAX_NAME = 320;
const name = z.string().min(1).max(MAX_NAME);
const entrySchema = z.strictObject({
  cluster: name,
  nodePool: name.optional(),
  mustPull: z.array(name).max(10_000).optional(),
  mustNotPull: z.array(name).max(10_000).optional(),
  description: z.string().max(2_000).optional(),
});
const fileSchema = z.strictObject({
  version: z.literal(1),
  description: z.string().max(10_000).optional(),
  clusters: z.array(entrySchema).max(20_000),
});

/** One problem in an expectations file: file, field (JSON path) and line. */
export interface ExpectationIssue {
  file: string;
  path: string;
  line: number | null;
  message: string;
}

/** An expectations file that could not be read or is not valid. */
export class ExpectationsError extends Error {
  constructor(readonly issues: ExpectationIssue[]) {
    super(formatExpectationIssues(issues));
    this.name = 'ExpectationsError';
  }
}

/** "file:line: $.path: message", one line per issue. */
export function formatExpectationIssues(issues: ExpectationIssue[]): string {
  return issues.map((i) => `${i.file}${i.line !== null ? `:${i.line}` : ''}: ${i.path}: ${i.message}`).join('\n');
}

type Seg = string | number;

function formatPath(path: readonly Seg[]): string {
  let out = '$';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v).slice(0, 80)}`;
}

const CLUSTER = /^projects\/([^/]+)\/locations\/([^/]+)\/clusters\/([^/]+)$/;
const POOL = /^projects\/([^/]+)\/locations\/([^/]+)\/clusters\/([^/]+)\/nodePools\/([^/]+)$/;
const REPOSITORY = /^projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([^/]+)$/;

/** A project as a resource name writes it: an id, or a domain-scoped id (example.com:my-project). */
function projectOk(p: string): boolean {
  const colon = p.lastIndexOf(':');
  return isValid('projectId', colon > 0 ? p.slice(colon + 1) : p);
}

/** `projects/P/locations/L/clusters/C` checked against Google's formats; an error sentence otherwise. */
function checkCluster(text: string): string | null {
  const m = CLUSTER.exec(text);
  if (!m) return `"${text.slice(0, 120)}" is not a cluster resource name: write projects/PROJECT/locations/LOCATION/clusters/CLUSTER`;
  if (!projectOk(m[1])) return `"${m[1]}" is not a project ID`;
  if (!isValid('location', m[2])) return `"${m[2]}" is not a GKE location (a region or a zone)`;
  if (!isValid('clusterName', m[3])) return `"${m[3]}" is not a GKE cluster name`;
  return null;
}

/**
 * A repository as `projects/P/locations/L/repositories/R`, `LOCATION-docker.pkg.dev/PROJECT/REPOSITORY` or
 * `gcr.io/PROJECT` (Artifact Registry "Repository and image names"; gcr.io hosts are served by repositories named after the host).
 */
export function repositoryName(text: string): { ok: true; name: string } | { ok: false; error: string } {
  const m = REPOSITORY.exec(text);
  if (m) {
    if (!projectOk(m[1])) return { ok: false, error: `"${m[1]}" is not a project ID` };
    if (!isValid('location', m[2])) return { ok: false, error: `"${m[2]}" is not an Artifact Registry location` };
    if (!isValid('repositoryId', m[3]) && !/^(?:[a-z]+\.)?gcr\.io$/.test(m[3])) return { ok: false, error: `"${m[3]}" is not a repository ID` };
    return { ok: true, name: text };
  }
  if (text.startsWith('projects/')) {
    return { ok: false, error: `"${text.slice(0, 120)}" is not a repository resource name: write projects/PROJECT/locations/LOCATION/repositories/REPOSITORY` };
  }
  const parsed = parseImageRef(`${trimTrailingSlashes(text)}/image`);
  if (parsed.ok && parsed.ref.kind === 'artifact-registry') return { ok: true, name: parsed.ref.repositoryName };
  return {
    ok: false,
    error: `"${text.slice(0, 120)}" is not an Artifact Registry repository: write projects/PROJECT/locations/LOCATION/repositories/REPOSITORY or LOCATION-docker.pkg.dev/PROJECT/REPOSITORY`,
  };
}

interface RawIssue {
  path: Seg[];
  message: string;
}

function zodIssues(error: z.ZodError): RawIssue[] {
  const out: RawIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const input = (issue as { input?: unknown }).input;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: `unknown key "${key}" (expected one of: ${knownKeys(path)})` });
    } else if (input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
      out.push({ path, message: `missing required field "${String(path[path.length - 1] ?? '')}"` });
    } else if (issue.code === 'invalid_type') {
      out.push({ path, message: `expected ${issue.expected === 'array' ? 'a list' : issue.expected}, found ${describe(input)}` });
    } else if (issue.code === 'invalid_value' && path.length === 1 && path[0] === 'version') {
      out.push({ path, message: `version must be 1, found ${describe(input)}` });
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

function knownKeys(path: Seg[]): string {
  return path.length === 0 ? 'version, description, clusters' : 'cluster, nodePool, mustPull, mustNotPull, description';
}

/** Parses and validates an expectations file's text (JSON or YAML); issues carry the file, field and line. */
export function parseExpectations(text: string, file: string): { ok: true; expectations: Expectation[] } | { ok: false; issues: ExpectationIssue[] } {
  const fail = (path: Seg[], line: number | null, message: string) => ({ ok: false as const, issues: [{ file, path: formatPath(path), line, message }] });
  if (text.length > MAX_EXPECTATIONS_BYTES) return fail([], null, `the file is larger than ${MAX_EXPECTATIONS_BYTES} bytes`);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/\.json$/i.test(file)) {
    // A .json file is held to JSON itself (YAML would accept `{"a": }`).
    try {
      JSON.parse(body);
    } catch (err) {
      try {
        locateJsonPaths(body);
      } catch (syntax) {
        if (syntax instanceof JsonSyntaxError) return fail([], syntax.line, `not valid JSON: ${syntax.message} (line ${syntax.line}, column ${syntax.column})`);
      }
      return fail([], null, `not valid JSON: ${(err as Error).message}`);
    }
  }
  const lineCounter = new LineCounter();
  // JSON is YAML 1.2: one parser for both, with positions. Aliases are bounded (no "billion laughs").
  const doc = parseDocument(body, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    return fail([], pos.line, `not valid JSON or YAML: ${e.message.split('\n')[0]} (line ${pos.line}, column ${pos.col})`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return fail([], null, `not valid JSON or YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return fail([], 1, `an expectations file is a mapping with "version: 1" and "clusters", found ${describe(data)}`);
  }
  const lineOf = (path: Seg[]): number | null => {
    for (let k = path.length; k >= 0; k--) {
      const node = k === 0 ? doc.contents : doc.getIn(path.slice(0, k), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return null;
  };
  const located = (raw: RawIssue[]) => ({ ok: false as const, issues: raw.map((r) => ({ file, path: formatPath(r.path), line: lineOf(r.path), message: r.message })) });

  const parsed = fileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) return located(zodIssues(parsed.error));

  const issues: RawIssue[] = [];
  const out: Expectation[] = [];
  const seen = new Map<string, { want: Expectation['want']; path: Seg[] }>();
  parsed.data.clusters.forEach((entry, i) => {
    const clusterError = checkCluster(entry.cluster);
    if (clusterError) {
      issues.push({ path: ['clusters', i, 'cluster'], message: clusterError });
      return;
    }
    let nodePool: string | undefined;
    if (entry.nodePool !== undefined) {
      const pm = POOL.exec(entry.nodePool);
      if (pm) {
        if (`projects/${pm[1]}/locations/${pm[2]}/clusters/${pm[3]}` !== entry.cluster) {
          issues.push({ path: ['clusters', i, 'nodePool'], message: `node pool "${entry.nodePool.slice(0, 160)}" is not in cluster ${entry.cluster}` });
          return;
        }
        nodePool = entry.nodePool;
      } else if (isValid('nodePoolName', entry.nodePool)) {
        nodePool = `${entry.cluster}/nodePools/${entry.nodePool}`;
      } else {
        issues.push({ path: ['clusters', i, 'nodePool'], message: `"${entry.nodePool.slice(0, 120)}" is not a node pool name (or projects/P/locations/L/clusters/C/nodePools/NP)` });
        return;
      }
    }
    if (!entry.mustPull?.length && !entry.mustNotPull?.length) {
      issues.push({ path: ['clusters', i], message: 'names no repository: give mustPull, mustNotPull or both' });
      return;
    }
    for (const [key, want] of [['mustPull', 'pull'], ['mustNotPull', 'no-pull']] as const) {
      (entry[key] ?? []).forEach((text, j) => {
        const path: Seg[] = ['clusters', i, key, j];
        const r = repositoryName(text);
        if (!r.ok) {
          issues.push({ path, message: r.error });
          return;
        }
        const id = `${nodePool ?? entry.cluster}\n${r.name}`;
        const prev = seen.get(id);
        if (prev) {
          issues.push({
            path,
            message:
              prev.want === want
                ? `${r.name} is already declared at ${formatPath(prev.path)}`
                : `${r.name} is both must-pull and must-not-pull for ${nodePool ?? entry.cluster} (see ${formatPath(prev.path)})`,
          });
          return;
        }
        seen.set(id, { want, path });
        if (out.length >= MAX_EXPECTATIONS) return;
        const line = lineOf(path);
        out.push({ cluster: entry.cluster, ...(nodePool ? { nodePool } : {}), repository: r.name, want, source: `${file}${line !== null ? `:${line}` : ''}` });
      });
    }
  });
  if (out.length >= MAX_EXPECTATIONS) issues.push({ path: ['clusters'], message: `more than ${MAX_EXPECTATIONS} expectations` });
  if (issues.length) return located(issues);
  return { ok: true, expectations: out };
}

/** Reads and validates an expectations file; throws ExpectationsError (unreadable file, bad syntax, invalid content). */
export async function loadExpectationsFile(path: string, shownAs = path): Promise<Expectation[]> {
  const { readFile, stat } = await import('node:fs/promises');
  let text: string;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (st.size > MAX_EXPECTATIONS_BYTES) {
      throw new ExpectationsError([{ file: shownAs, path: '$', line: null, message: `the file is larger than ${MAX_EXPECTATIONS_BYTES} bytes` }]);
    }
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof ExpectationsError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new ExpectationsError([{ file: shownAs, path: '$', line: null, message: `cannot read the expectations file: ${why}` }]);
  }
  const r = parseExpectations(text, shownAs);
  if (!r.ok) throw new ExpectationsError(r.issues);
  return r.expectations;
}

/** `text` without its trailing slashes (a loop: linear whatever the input). */
function trimTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x2f) end--;
  return text.slice(0, end);
}
