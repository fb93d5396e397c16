/** Plain view models of clusters and node pools for the Clusters pages (no React, no server-only state). */
import { poolDisplayName } from '@/lib/inventory/pool-label';
import type { Cluster, Gap, Inventory, NodePool, ServiceAccountRef } from '@/lib/inventory/types';
import type { Pair, Report, Verdict } from '@/lib/readiness/types';
import { classifyScopes, scopeUrl, type ScopeClass } from '@/lib/readiness/scopes';
import { versionBracket, type VersionBracket } from '@/lib/readiness/version';
import { networkPath, type NetworkPath } from '@/lib/readiness/network';
import { shortName } from '@/lib/server/dashboard';

const AUTH = 'https://www.googleapis.com/auth/';

/** gcloud's short aliases for the OAuth scopes (gcloud container node-pools create --scopes). */
const SCOPE_ALIASES: Record<string, string> = {
  'devstorage.read_only': 'storage-ro',
  'devstorage.read_write': 'storage-rw',
  'devstorage.full_control': 'storage-full',
  'cloud-platform': 'cloud-platform',
  'cloud-platform.read-only': 'cloud-platform.read-only',
  'logging.write': 'logging-write',
  'logging.read': 'logging-read',
  monitoring: 'monitoring',
  'monitoring.write': 'monitoring-write',
  'monitoring.read': 'monitoring-read',
  servicecontrol: 'service-control',
  'service.management.readonly': 'service-management',
  'service.management': 'service-management-rw',
  'trace.append': 'trace',
  'compute.readonly': 'compute-ro',
  compute: 'compute-rw',
  bigquery: 'bigquery',
  datastore: 'datastore',
  pubsub: 'pubsub',
  'sqlservice.admin': 'sql-admin',
  taskqueue: 'taskqueue',
  'userinfo.email': 'userinfo-email',
  'source.full_control': 'cloud-source-repos',
  'source.read_only': 'cloud-source-repos-ro',
};

/** One access scope as a person reads it, and whether it lets the node's credential helper hand out a token. */
export interface ScopeView {
  url: string;
  name: string;
  pull: 'sufficient' | 'undecided' | 'insufficient';
}

/** A scope URL (or alias) with its gcloud alias and its effect on pulls (GKE "Access scopes"). */
export function describeScope(scope: string): ScopeView {
  const url = scopeUrl(scope);
  const tail = url.startsWith(AUTH) ? url.slice(AUTH.length) : url;
  const name = SCOPE_ALIASES[tail] ?? tail;
  const kind = classifyScopes([url]).kind;
  return { url, name, pull: kind === 'sufficient' ? 'sufficient' : kind === 'read-only-cloud-platform' ? 'undecided' : 'insufficient' };
}

/** A pool's (or auto-provisioning defaults') scopes: each one, and what they add up to. */
export interface ScopesView {
  kind: ScopeClass;
  scopes: ScopeView[];
  summary: string;
}

/** Describes a list of scopes and sums up whether they are enough to pull from private repositories. */
export function describeScopes(scopes: string[]): ScopesView {
  const views = scopes.map(describeScope);
  const { kind, matching } = classifyScopes(scopes);
  const names = matching.map((m) => describeScope(m).name).join(', ');
  const summary =
    kind === 'sufficient'
      ? `${names}: sufficient for pulls from private repositories`
      : kind === 'read-only-cloud-platform'
        ? 'only cloud-platform.read-only: undecided (Google does not document whether Artifact Registry accepts its token)'
        : scopes.length === 0
          ? 'no access scopes: insufficient (only public repositories can be pulled)'
          : 'no storage or cloud-platform scope: insufficient (only public repositories can be pulled)';
  return { kind, scopes: views, summary };
}

/** The state of a node service account as the scan read it. */
export type AccountState =
  | { kind: 'active'; displayName: string | null; project: string | null }
  | { kind: 'disabled'; project: string | null }
  | { kind: 'deleted' }
  | { kind: 'unreadable'; gap: Gap | null }
  | { kind: 'not-read' };

/** A node service account: resolved email, default or custom, and its state. */
export interface AccountView {
  email: string;
  configured: string;
  isDefault: boolean;
  state: AccountState;
}

/** Resolves a service account reference against the inventory's lookups. */
export function describeAccount(inv: Inventory, ref: ServiceAccountRef): AccountView {
  const found = inv.serviceAccounts[ref.email.toLowerCase()];
  let state: AccountState;
  if (!found) state = { kind: 'not-read' };
  else if (found.status === 'not-found') state = { kind: 'deleted' };
  else if (found.status === 'gap') state = { kind: 'unreadable', gap: gapById(inv, found.gapId) };
  else if (found.value.disabled) state = { kind: 'disabled', project: found.value.project };
  else state = { kind: 'active', displayName: found.value.displayName, project: found.value.project };
  return { email: ref.email, configured: ref.configured, isDefault: ref.isDefault, state };
}

/** A gap of the inventory by id, or null. */
export function gapById(inv: Inventory, id: string): Gap | null {
  return inv.gaps.find((g) => g.id === id) ?? null;
}

/** A node version: whether GKE still offers it and whether it meets the Artifact Registry minimum (Artifact Registry "Deploy to Google Kubernetes Engine"). */
export interface VersionView {
  version: string | null;
  /** null when the server config was not read. */
  offered: boolean | null;
  bracket: VersionBracket | null;
  belowMinimum: boolean;
  minimum: string | null;
}

/** Judges a pool's node version against the server config of its cluster's location and the minimum-version table of Artifact Registry "Deploy to Google Kubernetes Engine". */
export function describeVersion(inv: Inventory, pool: NodePool): VersionView {
  const version = pool.version;
  const sc = inv.serverConfigs[`projects/${pool.project}/locations/${pool.location}`];
  let offered: boolean | null = null;
  if (version && sc?.status === 'ok') offered = sc.value.validNodeVersions.includes(version);
  const bracket = version ? versionBracket(version) : null;
  const belowMinimum = bracket?.kind === 'below-minimum' || bracket?.kind === 'needs-pull-secrets';
  const minimum = bracket?.kind === 'below-minimum' ? bracket.minimum : bracket?.kind === 'needs-pull-secrets' ? '1.14.10-gke.22' : null;
  return { version, offered, bracket, belowMinimum, minimum };
}

/** The network path of a pool's nodes to *-docker.pkg.dev. */
export interface NetworkView {
  privateNodes: boolean;
  privateNodesSource: NodePool['privateNodesSource'];
  subnetwork: string | null;
  subnetworkShort: string | null;
  hostProject: string | null;
  sharedVpc: boolean;
  privateGoogleAccess: boolean | null;
  nat: string | null;
  reachable: boolean | null;
  summary: string;
  path: NetworkPath;
}

/** Describes the network path (VPC "Configure Private Google Access", Cloud NAT "NAT overview") in the words a person reads. */
export function describeNetwork(inv: Inventory, pool: NodePool): NetworkView {
  const path = networkPath(inv, pool);
  const hostProject = pool.subnetwork ? (/^projects\/([^/]+)\//.exec(pool.subnetwork)?.[1] ?? null) : null;
  const s = pool.subnetwork ? inv.subnetworks[pool.subnetwork] : undefined;
  const privateGoogleAccess = s?.status === 'ok' ? s.value.privateIpGoogleAccess : null;
  let reachable: boolean | null;
  let summary: string;
  let nat: string | null = null;
  switch (path.kind) {
    case 'public-nodes':
      reachable = true;
      summary = 'Public nodes: they reach Artifact Registry directly.';
      break;
    case 'private-google-access':
      reachable = true;
      summary = 'Private nodes, Private Google Access on the subnet.';
      break;
    case 'cloud-nat':
      reachable = true;
      nat = `${shortName(path.router)}/${path.nat}`;
      summary = `Private nodes, through Cloud NAT ${nat} (${path.coverage}).`;
      break;
    case 'blocked':
      reachable = false;
      summary = 'Private nodes with no Private Google Access and no Cloud NAT: no path to Artifact Registry.';
      break;
    case 'unreadable':
      reachable = null;
      summary =
        path.reason === 'no-subnetwork'
          ? 'Private nodes, but the scan found no node subnet.'
          : path.reason === 'subnetwork-not-found'
            ? 'Private nodes on a subnet that does not exist.'
            : path.reason === 'routers-unreadable'
              ? `Private nodes, no Private Google Access, and the Cloud Routers could not be read (needs ${path.permission}).`
              : `Private nodes, and the subnet could not be read (needs ${path.permission}).`;
      break;
  }
  return {
    privateNodes: pool.privateNodes,
    privateNodesSource: pool.privateNodesSource,
    subnetwork: pool.subnetwork,
    subnetworkShort: pool.subnetwork ? shortName(pool.subnetwork) : null,
    hostProject,
    sharedVpc: hostProject !== null && hostProject !== pool.project,
    privateGoogleAccess,
    nat,
    reachable,
    summary,
    path,
  };
}

/** Pairs counted by verdict. */
export interface VerdictCounts {
  'can-pull': number;
  'cannot-pull': number;
  unknown: number;
  total: number;
}

/** Counts pairs by verdict. */
export function countVerdicts(pairs: Pick<Pair, 'verdict'>[]): VerdictCounts {
  const c: VerdictCounts = { 'can-pull': 0, 'cannot-pull': 0, unknown: 0, total: 0 };
  for (const p of pairs) {
    c[p.verdict] += 1;
    c.total += 1;
  }
  return c;
}

/** Groups a report's pairs by a key (node pool or repository name). */
export function pairsBy(report: Report, key: 'nodePool' | 'repository'): Map<string, Pair[]> {
  const m = new Map<string, Pair[]>();
  for (const p of report.pairs) {
    const list = m.get(p[key]);
    if (list) list.push(p);
    else m.set(p[key], [p]);
  }
  return m;
}

/** Everything the Clusters pages show about one node pool. */
export interface PoolView {
  name: string;
  shortName: string;
  status: string | null;
  version: VersionView;
  account: AccountView;
  scopes: ScopesView;
  network: NetworkView;
  imageType: string | null;
  windows: boolean;
  autoprovisioned: boolean;
  /** The pools the cluster will create on demand (nodePools/-), judged from its auto-provisioning defaults. */
  onDemand: boolean;
  /** The name shown: the short name, or "auto-provisioned pools" for nodePools/-. */
  displayName: string;
  counts: VerdictCounts;
}

/** Everything the Clusters pages show about one cluster. */
export interface ClusterView {
  name: string;
  project: string;
  location: string;
  shortName: string;
  mode: 'Autopilot' | 'Standard';
  controlPlaneVersion: string | null;
  status: string | null;
  network: string | null;
  subnetwork: string | null;
  workloadPool: string | null;
  autoprovisioning: { account: AccountView; scopes: ScopesView } | null;
  pools: PoolView[];
  counts: VerdictCounts;
  href: string;
}

/** The drill-down URL of a cluster. */
export function clusterHref(c: Pick<Cluster, 'project' | 'location' | 'shortName'>): string {
  return `/clusters/${encodeURIComponent(c.project)}/${encodeURIComponent(c.location)}/${encodeURIComponent(c.shortName)}`;
}

/** Builds one pool's view. */
export function buildPoolView(inv: Inventory, pool: NodePool, pairs: Pair[]): PoolView {
  return {
    name: pool.name,
    shortName: pool.shortName,
    status: pool.status,
    version: describeVersion(inv, pool),
    account: describeAccount(inv, pool.serviceAccount),
    scopes: describeScopes(pool.oauthScopes),
    network: describeNetwork(inv, pool),
    imageType: pool.imageType,
    windows: /WINDOWS/i.test(pool.imageType ?? ''),
    autoprovisioned: pool.autoprovisioned,
    onDemand: pool.autoProvisioned === true,
    displayName: poolDisplayName(pool),
    counts: countVerdicts(pairs),
  };
}

/** Builds the view of every cluster of the scan, sorted by project, location and name. */
export function buildClusterViews(inv: Inventory, report: Report): ClusterView[] {
  const byPool = pairsBy(report, 'nodePool');
  const poolsByCluster = new Map<string, NodePool[]>();
  for (const p of inv.nodePools) {
    const list = poolsByCluster.get(p.cluster);
    if (list) list.push(p);
    else poolsByCluster.set(p.cluster, [p]);
  }
  return [...inv.clusters]
    .sort((a, b) => a.project.localeCompare(b.project) || a.location.localeCompare(b.location) || a.shortName.localeCompare(b.shortName))
    .map((c) => {
      const pools = (poolsByCluster.get(c.name) ?? [])
        .slice()
        .sort((a, b) => a.shortName.localeCompare(b.shortName))
        .map((p) => buildPoolView(inv, p, byPool.get(p.name) ?? []));
      const allPairs = pools.flatMap((p) => byPool.get(p.name) ?? []);
      return {
        name: c.name,
        project: c.project,
        location: c.location,
        shortName: c.shortName,
        mode: c.autopilot ? 'Autopilot' : 'Standard',
        controlPlaneVersion: c.controlPlaneVersion,
        status: c.status,
        network: c.network,
        subnetwork: c.subnetwork,
        workloadPool: c.workloadPool ?? null,
        autoprovisioning: c.autoprovisioning
          ? { account: describeAccount(inv, c.autoprovisioning.serviceAccount), scopes: describeScopes(c.autoprovisioning.oauthScopes) }
          : null,
        pools,
        counts: countVerdicts(allPairs),
        href: clusterHref(c),
      } satisfies ClusterView;
    });
}

/** The Clusters page filters, as they appear in the URL. */
export interface ClusterFilters {
  project: string | null;
  mode: 'Autopilot' | 'Standard' | null;
  q: string | null;
}

/** Reads the filters from URL search params; unknown values are ignored. */
export function readClusterFilters(sp: Record<string, string | string[] | undefined>): ClusterFilters {
  const one = (k: string) => {
    const v = sp[k];
    const s = (Array.isArray(v) ? v[0] : v)?.trim();
    return s ? s : null;
  };
  const mode = one('mode');
  return { project: one('project'), mode: mode === 'Autopilot' || mode === 'Standard' ? mode : null, q: one('q') };
}

/** Keeps the clusters matching every filter; the search matches cluster, pool, location, project and service account. */
export function filterClusters(views: ClusterView[], f: ClusterFilters): ClusterView[] {
  const q = f.q?.toLowerCase() ?? null;
  return views.filter((c) => {
    if (f.project && c.project !== f.project) return false;
    if (f.mode && c.mode !== f.mode) return false;
    if (!q) return true;
    const hay = [c.shortName, c.name, c.location, c.project, ...c.pools.flatMap((p) => [p.shortName, p.account.email])].join(' ').toLowerCase();
    return hay.includes(q);
  });
}

/** The pair detail URL of the readiness pages. */
export { pairHref } from '@/app/readiness/_lib/filters';

/** Adds `?scan=` to an internal link when the page shows a named scan (before any `#fragment`, where a query belongs). */
export function withScan(href: string, scan?: string | null): string {
  if (!scan) return href;
  const hash = href.indexOf('#');
  const path = hash < 0 ? href : href.slice(0, hash);
  const fragment = hash < 0 ? '' : href.slice(hash);
  return `${path}${path.includes('?') ? '&' : '?'}scan=${encodeURIComponent(scan)}${fragment}`;
}

/** Counts of verdicts as a sentence fragment, e.g. "2 can pull, 1 cannot pull, 0 unknown". */
export function countsText(c: VerdictCounts): string {
  return `${c['can-pull']} can pull, ${c['cannot-pull']} cannot pull, ${c.unknown} unknown`;
}

/** The verdict shown for a set of pairs: the worst one. */
export function worstVerdict(c: VerdictCounts): Verdict | null {
  if (c['cannot-pull']) return 'cannot-pull';
  if (c.unknown) return 'unknown';
  if (c['can-pull']) return 'can-pull';
  return null;
}
