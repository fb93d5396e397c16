/**
 * Figures the benchmark derives from a scenario and the emulator's request log: calls by API, calls per
 * resource, quota keys, the critical-path depth of a scan, and the lower bound it implies.
 */
import { isCustomRole, predefinedRoleGrantsDownload } from '../inventory/predefined-roles';
import type { Scenario } from '../scenario/schema';
import type { RecordedRequest } from '../emulator/server';

/**
 * Google's documented default read quotas as the emulator's quota option takes them: per API per minute, and
 * Cloud Asset Inventory's per-method metrics per consumer project (Cloud Asset Inventory "Quotas and limits":
 * ListAssets 100, SearchAllResources 400, SearchAllIamPolicies 400 per minute; the per-organization limits,
 * 800 / 1,500 / 3,000, are higher and never bind for one consumer).
 */
export const DOCUMENTED_QUOTAS = {
  perMinute: { cloudresourcemanager: 600, container: 3000, artifactregistry: 60000, iam: 6000, compute: 1500 },
  scope: {
    cloudresourcemanager: 'consumer',
    container: 'project',
    artifactregistry: 'project',
    iam: 'project',
    compute: 'project',
    cloudidentity: 'consumer',
    cloudasset: 'consumer',
  },
  perMethod: { 'cloudasset/ListAssets': 100, 'cloudasset/SearchAllResources': 400, 'cloudasset/SearchAllIamPolicies': 400 },
} as const satisfies { perMinute: Record<string, number>; scope: Record<string, 'project' | 'consumer'>; perMethod: Record<string, number> };

/** Cloud Asset Inventory's quota metric of a request path, or null for another API. */
export function cloudAssetMetric(path: string): string | null {
  if (/^\/v1\/(projects|folders|organizations)\/[^/]+\/assets$/.test(path)) return 'cloudasset/ListAssets';
  if (/^\/v1\/(projects|folders|organizations)\/[^/]+:searchAllResources$/.test(path)) return 'cloudasset/SearchAllResources';
  if (/^\/v1\/(projects|folders|organizations)\/[^/]+:searchAllIamPolicies$/.test(path)) return 'cloudasset/SearchAllIamPolicies';
  return null;
}

/** One entry of the emulator's request log. */
export type LoggedRequest = RecordedRequest;

/** What the request log says about one scan. */
export interface RequestAnalysis {
  total: number;
  byApi: Record<string, number>;
  /** Answers 429 (quota), retried by the scanner. */
  throttled: number;
  /** Distinct resources (method + path + page token). */
  resources: number;
  /** Most requests any one resource received (429 retries included). */
  maxCallsPerResource: number;
  /** Resources answered more than once with something other than 429 (fetched twice). */
  fetchedTwice: string[];
  /** Accepted (non-429) requests per quota key ("api:projects/P" or "api:consumer"). */
  byQuotaKey: Record<string, number>;
  /** Wall time between the first and the last request arrival (ms). */
  spanMs: number;
}

const projectOfPath = (path: string): string | null => /^\/(?:compute\/)?v\d\/projects\/([^/:]+)/.exec(path)?.[1] ?? null;

/** The quota key a request is charged to, as the emulator (and Google) counts it. */
export function quotaKey(api: string, path: string): string {
  const metric = api === 'cloudasset' ? cloudAssetMetric(path) : null;
  if (metric) return `${metric}:consumer`;
  const scope = (DOCUMENTED_QUOTAS.scope as Record<string, string>)[api] ?? 'consumer';
  const project = projectOfPath(path);
  return scope === 'project' && project && project !== '-' ? `${api}:projects/${project}` : `${api}:consumer`;
}

const NOT_IDENTITY = new Set(['pageSize', 'maxResults', 'alt', '$alt', 'prettyPrint', 'options.requestedPolicyVersion']);

/** What makes two requests ask for the same thing: method, path and the query that selects (filter, parent, page token, group key). */
export function resourceKey(r: Pick<LoggedRequest, 'method' | 'path' | 'query'>): string {
  const q = Object.entries(r.query)
    .filter(([k]) => !NOT_IDENTITY.has(k))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return q ? `${r.method} ${r.path}?${q}` : `${r.method} ${r.path}`;
}

/** Counts calls by API and by resource and finds resources fetched twice. */
export function analyzeRequests(log: LoggedRequest[]): RequestAnalysis {
  const byApi: Record<string, number> = {};
  const byQuotaKey: Record<string, number> = {};
  const perResource = new Map<string, { all: number; answered: number }>();
  let throttled = 0;
  let first = Infinity, last = -Infinity;
  for (const r of log) {
    byApi[r.api] = (byApi[r.api] ?? 0) + 1;
    if (r.status === 429) throttled++;
    else {
      const k = quotaKey(r.api, r.path);
      byQuotaKey[k] = (byQuotaKey[k] ?? 0) + 1;
    }
    const key = resourceKey(r);
    const e = perResource.get(key) ?? { all: 0, answered: 0 };
    e.all++;
    if (r.status !== 429) e.answered++;
    perResource.set(key, e);
    first = Math.min(first, r.at);
    last = Math.max(last, r.at);
  }
  let max = 0;
  const twice: string[] = [];
  for (const [k, e] of perResource) {
    max = Math.max(max, e.all);
    if (e.answered > 1) twice.push(k);
  }
  return { total: log.length, byApi, throttled, resources: perResource.size, maxCallsPerResource: max, fetchedTwice: twice, byQuotaKey, spanMs: log.length ? last - first : 0 };
}

/** The quota part of the lower bound for the accepted calls of a scan. */
export interface RateBound {
  /** Issue 7's definition: the largest of each quota key's calls ÷ its allowed rate (ms). */
  averageMs: number;
  /** With Google's per-minute windows a burst of `limit` calls is allowed at once: (⌈calls ÷ limit⌉ − 1) full minutes (ms). */
  windowedMs: number;
  /** The quota key that sets the bound. */
  key: string | null;
}

/** Each quota key's calls against its per-minute limit. */
export function rateBound(
  byQuotaKey: Record<string, number>,
  perMinute: Record<string, number> = { ...DOCUMENTED_QUOTAS.perMinute, ...DOCUMENTED_QUOTAS.perMethod },
): RateBound {
  let averageMs = 0, windowedMs = 0, key: string | null = null;
  for (const [k, calls] of Object.entries(byQuotaKey)) {
    const limit = perMinute[k.split(':')[0]];
    if (!limit) continue;
    const avg = (calls / limit) * 60_000;
    if (avg > averageMs) {
      averageMs = avg;
      key = k;
    }
    windowedMs = Math.max(windowedMs, (Math.ceil(calls / limit) - 1) * 60_000);
  }
  return { averageMs, windowedMs, key };
}

type Policy = { bindings?: { role?: string; members?: string[] }[] } | undefined;

/** How many sequential reads a policy's download-granting bindings lead to (custom role: 1; groups: lookup + memberships per level). */
function policyDepthOf(s: Scenario): (p: Policy) => number {
  const groups = new Map((s.groups ?? []).map((g) => [g.group.groupKey.id.toLowerCase(), g]));
  const groupDepth = (email: string, path: Set<string>): number => {
    const g = groups.get(email);
    if (!g) return 1;
    if (path.has(email)) return 0;
    path.add(email);
    let nested = 0;
    for (const m of g.members ?? []) if (m.type === 'GROUP' && m.preferredMemberKey?.id) nested = Math.max(nested, groupDepth(m.preferredMemberKey.id.toLowerCase(), path));
    path.delete(email);
    return 2 + nested;
  };
  const policyDepth = (p: Policy): number => {
    let d = 0;
    for (const b of p?.bindings ?? []) {
      const role = b.role ?? '';
      const custom = isCustomRole(role);
      if (!custom && predefinedRoleGrantsDownload(role) === false) continue;
      if (custom || predefinedRoleGrantsDownload(role) === null) d = Math.max(d, 1);
      for (const m of b.members ?? []) if (m.startsWith('group:')) d = Math.max(d, groupDepth(m.slice(6).toLowerCase(), new Set()));
    }
    return d;
  };
  return policyDepth;
}

/**
 * The longest chain of calls in which each needs the answer of the one before, for an organization-scope
 * scan of the scenario: folders.list level by level, projects.list under the folder, then per project the
 * longest of (locations.list → repositories.list → getIamPolicy → group lookups), (project policy → group
 * lookups), (clusters.list → subnetworks.get → routers.list), and the ancestors' policies → group lookups.
 * Groups: groups.lookup then memberships.list per nesting level; a group outside the directory is one lookup.
 */
export function criticalPathDepth(s: Scenario): number {
  const folderParent = new Map((s.folders ?? []).map((f) => [f.folder.name!, f.folder.parent ?? '']));
  const folderDepth = (name: string): number => {
    let d = 0;
    for (let cur = name; cur.startsWith('folders/') && d < 50; cur = folderParent.get(cur) ?? '') d++;
    return d;
  };
  const policyDepth = policyDepthOf(s);

  let depth = 0;
  for (const o of s.organizations ?? []) depth = Math.max(depth, 1 + policyDepth(o.iamPolicy));
  for (const f of s.folders ?? []) depth = Math.max(depth, folderDepth(f.folder.name!) + 1 + policyDepth(f.iamPolicy));

  const subnets = new Map<string, boolean>();
  for (const p of s.projects) for (const sn of p.subnetworks ?? []) {
    const m = /projects\/[^/]+\/regions\/[^/]+\/subnetworks\/[^/]+$/.exec(String(sn.selfLink ?? ''));
    if (m) subnets.set(m[0], sn.privateIpGoogleAccess === true);
  }
  for (const p of s.projects) {
    const parent = p.project.parent;
    const start = parent?.type === 'folder' ? folderDepth(`folders/${parent.id}`) + 1 : 1;
    const off = new Set(p.disabledServices ?? []);
    let chain = 1 + Math.max(1, policyDepth(p.iamPolicy));
    if (off.has('container.googleapis.com')) chain = Math.max(chain, 1);
    else {
      let after = 0;
      for (const c of p.clusters ?? []) {
        after = Math.max(after, 1);
        const cl = c as { networkConfig?: { subnetwork?: string; defaultEnablePrivateNodes?: boolean }; privateClusterConfig?: { enablePrivateNodes?: boolean } };
        for (const np of c.nodePools ?? []) {
          const pool = np as { networkConfig?: { enablePrivateNodes?: boolean } };
          const priv = pool.networkConfig?.enablePrivateNodes ?? cl.networkConfig?.defaultEnablePrivateNodes ?? cl.privateClusterConfig?.enablePrivateNodes ?? false;
          if (!priv) continue;
          const pga = subnets.get(cl.networkConfig?.subnetwork ?? '');
          after = Math.max(after, pga === false ? 2 : 1);
        }
      }
      chain = Math.max(chain, 1 + after);
    }
    if (!off.has('artifactregistry.googleapis.com')) {
      let repoChain = 2;
      for (const r of p.repositories ?? []) if (r.repository.format === 'DOCKER') repoChain = Math.max(repoChain, 3 + policyDepth(r.iamPolicy));
      chain = Math.max(chain, repoChain);
    }
    depth = Math.max(depth, start + chain);
  }
  return depth;
}

/**
 * The critical path of a Cloud Asset Inventory scan at organization scope: the longest paged assets.list (one
 * type, `pageSize` per page, each page waiting for the last one's token), then what the snapshot does not hold,
 * per resource: the GKE server config (1 call), and each download-granting binding's custom role (1) or groups
 * (lookup then memberships per nesting level). Nothing waits on projects, ancestry, policies or accounts.
 */
export function criticalPathDepthAssetInventory(s: Scenario, pageSize = 1000): number {
  const counts: Record<string, number> = { projects: s.projects.length, folders: (s.folders ?? []).length };
  const add = (k: string, n: number) => (counts[k] = (counts[k] ?? 0) + n);
  let policies = 0;
  for (const p of s.projects) {
    const off = new Set(p.disabledServices ?? []);
    if (!off.has('container.googleapis.com')) add('clusters', (p.clusters ?? []).length);
    if (!off.has('artifactregistry.googleapis.com')) add('repositories', (p.repositories ?? []).length);
    if (!off.has('iam.googleapis.com')) add('serviceAccounts', (p.serviceAccounts ?? []).length);
    if (!off.has('compute.googleapis.com')) {
      add('subnetworks', (p.subnetworks ?? []).length);
      add('routers', (p.routers ?? []).length);
    }
    if (p.iamPolicy?.bindings?.length) policies++;
    if (!off.has('artifactregistry.googleapis.com')) for (const r of p.repositories ?? []) if (r.iamPolicy?.bindings?.length) policies++;
  }
  for (const f of s.folders ?? []) if (f.iamPolicy?.bindings?.length) policies++;
  for (const o of s.organizations ?? []) if (o.iamPolicy?.bindings?.length) policies++;
  add('iamPolicies', policies);
  const pages = Math.max(1, ...Object.values(counts).map((n) => Math.max(1, Math.ceil(n / pageSize))));
  // After the snapshot, per resource: the server config (1 call), and each policy's custom roles and groups.
  const policyDepth = policyDepthOf(s);
  const all: Policy[] = [
    ...(s.organizations ?? []).map((o) => o.iamPolicy),
    ...(s.folders ?? []).map((f) => f.iamPolicy),
    ...s.projects.flatMap((p) => [p.iamPolicy, ...(p.repositories ?? []).map((r) => r.iamPolicy)]),
  ];
  const policyChains = Math.max(0, ...all.map(policyDepth));
  return pages + Math.max(1, policyChains);
}

/** Issue 7's lower bound and its parts (ms). */
export interface LowerBound {
  criticalPathDepth: number;
  criticalPathMs: number;
  rate: RateBound;
  /** max(critical path × latency, calls ÷ rate): issue 7's definition. */
  issueMs: number;
  /** max(critical path × latency, windowed quota bound): what a scan that bursts each minute's allowance could reach. */
  windowedMs: number;
}

/** Lower bound of a scan from its estate, its accepted calls and the per-call latency; `assetInventory` for the CAI path. */
export function lowerBound(s: Scenario, byQuotaKey: Record<string, number>, latencyMs: number, source: 'api' | 'asset-inventory' = 'api'): LowerBound {
  const depth = source === 'asset-inventory' ? criticalPathDepthAssetInventory(s) : criticalPathDepth(s);
  const rate = rateBound(byQuotaKey);
  const cp = depth * latencyMs;
  return { criticalPathDepth: depth, criticalPathMs: cp, rate, issueMs: Math.max(cp, rate.averageMs), windowedMs: Math.max(cp, rate.windowedMs + latencyMs) };
}
