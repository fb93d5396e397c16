/**
 * Recent failed image pulls from Cloud Logging (logging v2 `entries.list`, POST /v2/entries:list): the Kubernetes
 * `Failed` events GKE writes to each cluster project's "events" log (resource type k8s_pod), read for one cluster
 * over a bounded window, newest first, in bounded pages. Each message is classified with the pasted-error
 * classifier (lib/diagnose) and joined to its pair: the cluster's node pool (through the Pod's placement, or the
 * kubelet's node name) and the image's Artifact Registry repository. Read-only.
 * References: cloud.google.com/logging/docs/reference/v2/rest/v2/entries/list; "Logging query language";
 * GKE "Troubleshoot image pulls" (the `Failed to pull image` event); Cloud Logging "Quotas and limits"
 * (entries.list: 60 per minute per project). A refused or failed read is a gap naming roles/logging.viewer.
 */
import { logging_v2 } from 'googleapis/build/src/apis/logging/v2';
import type { Gap } from '../inventory/raw';
import { classifyPullError, extractImageFromError } from '../diagnose/classify';
import { parseImageRef } from '../diagnose/image-ref';
import { matchNodeName } from '../diagnose/paste';
import type { FailureUse } from '../intent/in-use';
import { Caller, DEFAULT_TUNING, type CallTuning } from './call';
import { applyQuotaProject, makeAuth } from './clients';
import type { GcpConfig } from './config';

/** The window a read covers by default: the last 24 hours. */
export const FAILURE_WINDOW_MS = 24 * 3600 * 1000;
/** Cloud Logging's default entries.list quota per project per minute. */
export const LOGGING_LIST_PER_MINUTE = 60;
/** Pages and entries read per cluster at most; past them the read says it was cut. */
export const MAX_PAGES = 5;
export const PAGE_SIZE = 100;
export const MAX_ENTRIES = 200;
/** A kubelet message is kept up to this many characters. */
export const MAX_MESSAGE = 2_000;

/** One cluster to read, with its node pools (for joining an event's node to its pool). */
export interface ClusterTarget {
  /** projects/P/locations/L/clusters/C */
  name: string;
  pools: readonly { name: string; shortName: string }[];
}

/** What was read for one cluster. */
export interface ClusterFailures {
  cluster: string;
  failures: FailureUse[];
  /** The gap when the read was refused or failed (then `failures` holds what was read before it). */
  gap: Gap | null;
  /** True when the pages or entries bound cut the read short. */
  truncated: boolean;
  /** The window read, ISO 8601. */
  since: string;
  until: string;
}

export interface ReadPullFailuresOptions {
  config: GcpConfig;
  client?: logging_v2.Logging;
  tuning?: Partial<CallTuning>;
  signal?: AbortSignal;
  /** The clock (default Date.now): the window ends now, and the quota pacing counts minutes on it. */
  now?: () => number;
  windowMs?: number;
  maxPages?: number;
  pageSize?: number;
  maxEntries?: number;
  /** `${cluster}\n${namespace}/${pod}` → node pool, from the scan's workloads (Pods placed on their nodes). */
  podPools?: ReadonlyMap<string, string>;
  /** Calls per project per minute this read allows itself (default 60, Cloud Logging's quota). */
  perMinute?: number;
}

/** The Logging client, pointed at the emulator when the configuration says so (the same options as lib/gcp/clients). */
export function makeLoggingClient(config: GcpConfig, auth = makeAuth(config)): logging_v2.Logging {
  return new logging_v2.Logging({
    auth,
    retry: false,
    ...(config.apiRoot ? { rootUrl: `${config.apiRoot}/` } : {}),
    ...(config.quotaProject ? { headers: { 'x-goog-user-project': config.quotaProject } } : {}),
  });
}

/** A string as a Logging query language literal: double-quoted, `\` and `"` escaped. */
export function filterString(value: string): string {
  let out = '"';
  for (const c of value) out += c === '\\' || c === '"' ? `\\${c}` : c;
  return `${out}"`;
}

/** The parts of projects/P/locations/L/clusters/C, or null. */
export function clusterParts(name: string): { project: string; location: string; cluster: string } | null {
  const p = name.split('/');
  if (p.length !== 6 || p[0] !== 'projects' || p[2] !== 'locations' || p[4] !== 'clusters' || !p[1] || !p[3] || !p[5]) return null;
  return { project: p[1], location: p[3], cluster: p[5] };
}

/** The filter for one cluster's failed pulls in a window. */
export function failedPullFilter(cluster: { location: string; cluster: string }, since: string, until: string): string {
  return [
    'log_id("events")',
    'resource.type="k8s_pod"',
    `resource.labels.cluster_name=${filterString(cluster.cluster)}`,
    `resource.labels.location=${filterString(cluster.location)}`,
    'jsonPayload.reason="Failed"',
    'jsonPayload.message:"Failed to pull image"',
    `timestamp>=${filterString(since)}`,
    `timestamp<=${filterString(until)}`,
  ].join(' AND ');
}

/**
 * Keeps each project's calls within its per-minute quota on the caller's side: at most `limit` calls in any
 * 60-second window, waiting (with the Caller's sleep) for the oldest to age out. Pacing first means the quota's
 * 429s are the exception (another client on the same project), not the plan.
 */
export class QuotaPacer {
  private readonly calls = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>,
  ) {}

  async take(project: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      const t = this.now();
      const recent = (this.calls.get(project) ?? []).filter((x) => t - x < 60_000);
      if (recent.length < this.limit) {
        recent.push(t);
        this.calls.set(project, recent);
        return;
      }
      this.calls.set(project, recent);
      await this.sleep(Math.max(1, recent[0] + 60_000 - t), signal);
    }
  }
}

const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const text = (v: unknown, max = 512): string | null => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null);

/** One logged event as a failure joined to its pair; null when it is not a failed pull. */
export function failureFromEntry(entry: logging_v2.Schema$LogEntry, target: ClusterTarget, podPools?: ReadonlyMap<string, string>): FailureUse | null {
  const payload = obj(entry.jsonPayload);
  const full = text(payload?.message, 64_000) ?? text(entry.textPayload, 64_000);
  if (!full) return null;
  const message = full.length > MAX_MESSAGE ? `${full.slice(0, MAX_MESSAGE)}…` : full;
  const labels = obj(entry.resource?.labels) ?? {};
  const involved = obj(payload?.involvedObject);
  const ns = text(labels.namespace_name, 253) ?? text(involved?.namespace, 253);
  const podName = text(labels.pod_name, 253) ?? text(involved?.name, 253);
  const pod = ns && podName ? `${ns}/${podName}` : podName;
  const image = extractImageFromError(full.slice(0, 8_192));
  const parsed = image ? parseImageRef(image) : null;
  const repository = parsed?.ok && parsed.ref.kind === 'artifact-registry' ? parsed.ref.repositoryName : null;
  const cls = classifyPullError(full.slice(0, 8_192)).classId ?? 'unrecognized';
  let nodePool: string | null = pod ? (podPools?.get(`${target.name}\n${pod}`) ?? null) : null;
  const host = text(obj(payload?.source)?.host, 253);
  if (!nodePool && host) {
    const short = target.name.slice(target.name.lastIndexOf('/') + 1);
    const matches = matchNodeName(host, target.pools.map((p) => ({ name: p.name, cluster: target.name, shortName: p.shortName, clusterShortName: short })));
    if (matches.length === 1) nodePool = matches[0].nodePool;
  }
  return {
    cluster: target.name,
    nodePool,
    repository,
    image: image ?? '',
    failure: { time: text(entry.timestamp, 64) ?? '', image: image ?? '', message, class: cls, pod },
  };
}

/**
 * Reads the recent failed pulls of each cluster, one cluster at a time per project (at most `perMinute` calls
 * per project per minute), and returns them newest first with a gap for each cluster that could not be read.
 */
export async function readPullFailures(
  targets: readonly ClusterTarget[],
  opts: ReadPullFailuresOptions,
): Promise<{ clusters: ClusterFailures[]; gaps: Gap[]; calls: number }> {
  const config = opts.config;
  let client = opts.client;
  if (!client) {
    const auth = makeAuth(config);
    await applyQuotaProject(auth, config).catch(() => null);
    client = makeLoggingClient(config, auth);
  }
  const logging = client;
  const tuning = { ...DEFAULT_TUNING, ...opts.tuning };
  const signal = opts.signal ?? new AbortController().signal;
  const caller = new Caller({ concurrency: Math.min(config.concurrency, 4), timeoutMs: config.timeoutMs, maxRetries: config.maxRetries }, tuning, signal);
  const now = opts.now ?? (() => Date.now());
  const pacer = new QuotaPacer(opts.perMinute ?? LOGGING_LIST_PER_MINUTE, now, tuning.sleep);
  const maxPages = opts.maxPages ?? MAX_PAGES;
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const maxEntries = opts.maxEntries ?? MAX_ENTRIES;
  let calls = 0;

  const readOne = async (target: ClusterTarget): Promise<ClusterFailures> => {
    const until = new Date(now()).toISOString();
    const since = new Date(now() - (opts.windowMs ?? FAILURE_WINDOW_MS)).toISOString();
    const out: ClusterFailures = { cluster: target.name, failures: [], gap: null, truncated: false, since, until };
    const parts = clusterParts(target.name);
    if (!parts) return out;
    const filter = failedPullFilter(parts, since, until);
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      await pacer.take(parts.project, signal);
      calls++;
      const o = await caller.call({
        api: 'logging',
        method: 'entries.list',
        resource: target.name,
        request: 'POST /v2/entries:list',
        keySuffix: `${since} ${pageToken ?? ''}`,
        run: (s) =>
          logging.entries.list({ requestBody: { resourceNames: [`projects/${parts.project}`], filter, orderBy: 'timestamp desc', pageSize, ...(pageToken ? { pageToken } : {}) } }, { signal: s }),
      });
      if (!o.ok) {
        out.gap = caller.gaps.find((g) => g.id === o.gapId) ?? null;
        return out;
      }
      for (const e of o.value.entries ?? []) {
        const id = e.insertId ?? `${e.timestamp ?? ''} ${out.failures.length}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const f = failureFromEntry(e, target, opts.podPools);
        if (!f) continue;
        if (out.failures.length >= maxEntries) {
          out.truncated = true;
          return out;
        }
        out.failures.push(f);
      }
      pageToken = o.value.nextPageToken ?? undefined;
      if (!pageToken) return out;
    }
    out.truncated = true;
    return out;
  };

  // Clusters of one project go one after another (they share its quota); projects go side by side.
  const byProject = new Map<string, ClusterTarget[]>();
  for (const t of targets) {
    const p = clusterParts(t.name)?.project ?? '';
    byProject.set(p, [...(byProject.get(p) ?? []), t]);
  }
  const results = new Map<string, ClusterFailures>();
  await Promise.all(
    [...byProject.values()].map(async (list) => {
      for (const t of list) results.set(t.name, await readOne(t));
    }),
  );
  return { clusters: targets.map((t) => results.get(t.name)!), gaps: caller.gaps, calls };
}

/** Clusters a whole scan reads at most with `--pull-failures` (the default when no number is given, and the ceiling). */
export const DEFAULT_SCAN_CLUSTERS = 20;
export const MAX_SCAN_CLUSTERS = 1000;

/** `${cluster}\n${namespace}/${pod}` → node pool, for the Pods the scan's workloads placed on a pool. */
export function podPoolsOf(workloads: readonly { kind: string; cluster: string; namespace: string; name: string; nodePool: string | null }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const w of workloads) if (w.kind === 'Pod' && w.nodePool) out.set(`${w.cluster}\n${w.namespace}/${w.name}`, w.nodePool);
  return out;
}

/**
 * A whole scan's opt-in read: the first `maxClusters` clusters (by name) of the inventory, each read as
 * `readPullFailures` reads one, within each project's quota. The failures go beside their pairs (InUseIndex); the
 * gaps into the report.
 */
export async function scanPullFailures(
  inv: { clusters: readonly { name: string }[]; nodePools: readonly { name: string; cluster: string; shortName: string }[] },
  workloads: Parameters<typeof podPoolsOf>[0],
  maxClusters: number,
  opts: ReadPullFailuresOptions,
): Promise<{ failures: FailureUse[]; gaps: Gap[]; calls: number; read: number; skipped: number }> {
  const names = [...new Set(inv.clusters.map((c) => c.name))].sort();
  const chosen = names.slice(0, Math.max(0, Math.min(maxClusters, MAX_SCAN_CLUSTERS)));
  const targets = chosen.map((name) => ({ name, pools: inv.nodePools.filter((p) => p.cluster === name).map((p) => ({ name: p.name, shortName: p.shortName })) }));
  const r = await readPullFailures(targets, { ...opts, podPools: opts.podPools ?? podPoolsOf(workloads) });
  return { failures: r.clusters.flatMap((c) => c.failures), gaps: r.gaps, calls: r.calls, read: chosen.length, skipped: names.length - chosen.length };
}
