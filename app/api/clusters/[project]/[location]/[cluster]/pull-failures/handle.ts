/**
 * GET /api/clusters/P/L/C/pull-failures?scan=ID: the cluster's failed image pulls of the last 24 hours, read from
 * Cloud Logging on demand with the server's own credentials and endpoint, each classified and joined to its pair.
 * Nothing secret goes back: the failures (message bounded), or the gap (call, resource, status, permission).
 */
import type { Inventory } from '@/lib/inventory/types';
import type { Report, Verdict } from '@/lib/readiness/types';
import { PULL_ERROR_CLASSES } from '@/lib/diagnose/classify';
import type { ClusterFailures, ClusterTarget } from '@/lib/server/pull-failures';

/** What the handler needs of a scan. */
export type ScanForFailures =
  | { kind: 'ready'; id: string; inventory: Inventory; report: Report; live: true }
  | { kind: 'ready'; id: string; inventory: Inventory; report: Report; live: false; why: string }
  | { kind: 'missing'; id: string | null }
  | { kind: 'not-done'; id: string; status: string };

/** One failure as the page shows it. */
export interface PullFailureRow {
  time: string;
  pod: string | null;
  image: string;
  message: string;
  class: string;
  classTitle: string;
  nodePool: string | null;
  repository: string | null;
  /** The pair's verdict in the scan, when the pool and repository are both known and paired. */
  verdict: Verdict | null;
}

export interface PullFailuresBody {
  cluster: string;
  scan: string;
  since: string;
  until: string;
  truncated: boolean;
  failures: PullFailureRow[];
  gap: { api: string; method: string; resource: string; status: number | null; reason: string; permission: string | null; message: string } | null;
}

type Out = { status: number; body: PullFailuresBody | { error: string; field: string | null } };

const fail = (status: number, error: string, field: string | null = null): Out => ({ status, body: { error, field } });

/** Path segments Google allows for project ids, locations and cluster names (letters, digits, hyphens; bounded). */
const SEGMENT = /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/;
const TITLES = new Map<string, string>(PULL_ERROR_CLASSES.map((c) => [c.id, c.title]));

/** Validates, finds the cluster in the scan, reads its failures; never throws for bad input or a refused read. */
export async function handlePullFailures(
  params: { project: string; location: string; cluster: string },
  scanParam: string | null,
  load: (scanId: string | null) => Promise<ScanForFailures>,
  read: (target: ClusterTarget) => Promise<ClusterFailures>,
): Promise<Out> {
  for (const key of ['project', 'location', 'cluster'] as const) {
    if (!SEGMENT.test(params[key])) return fail(400, `The ${key} in the path is not a valid name (lower-case letters, digits and hyphens, at most 100 characters).`, key);
  }
  if (scanParam !== null && (scanParam.length === 0 || scanParam.length > 200)) return fail(400, 'The scan parameter must be a scan id of at most 200 characters.', 'scan');
  const scan = await load(scanParam);
  if (scan.kind === 'missing') return fail(404, scan.id ? 'That scan is not kept any more (or never existed): scan again.' : 'There is no finished scan yet: scan first.', 'scan');
  if (scan.kind === 'not-done') return fail(409, `That scan is ${scan.status}: failed pulls are read for a finished scan's clusters only.`, 'scan');
  const name = `projects/${params.project}/locations/${params.location}/clusters/${params.cluster}`;
  const cluster = scan.inventory.clusters.find((c) => c.name === name);
  if (!cluster) return fail(404, 'That cluster is not in the scan.', 'cluster');
  if (!scan.live) return fail(409, scan.why, 'scan');
  const pools = scan.inventory.nodePools.filter((p) => p.cluster === name).map((p) => ({ name: p.name, shortName: p.shortName }));
  const got = await read({ name, pools });
  const verdicts = new Map<string, Verdict>();
  for (const p of scan.report.pairs) if (p.nodePool.startsWith(`${name}/nodePools/`)) verdicts.set(`${p.nodePool}\n${p.repository}`, p.verdict);
  const failures: PullFailureRow[] = got.failures.map((f) => ({
    time: f.failure.time,
    pod: f.failure.pod,
    image: f.image,
    message: f.failure.message,
    class: f.failure.class,
    classTitle: TITLES.get(f.failure.class) ?? 'Not recognized',
    nodePool: f.nodePool,
    repository: f.repository,
    verdict: f.nodePool && f.repository ? (verdicts.get(`${f.nodePool}\n${f.repository}`) ?? null) : null,
  }));
  const g = got.gap;
  return {
    status: 200,
    body: {
      cluster: name,
      scan: scan.id,
      since: got.since,
      until: got.until,
      truncated: got.truncated,
      failures,
      gap: g ? { api: g.api, method: g.method, resource: g.resource, status: g.status, reason: g.reason, permission: g.permission, message: g.message } : null,
    },
  };
}
