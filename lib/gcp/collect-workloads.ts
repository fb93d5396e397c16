/**
 * Collects the Kubernetes assets of a scan's scope from Cloud Asset Inventory (cloudasset v1 assets.list,
 * content type RESOURCE, the workload and Node asset types), paged. Read-only. A refused or failed list is a
 * gap naming roles/cloudasset.viewer; the scan goes on without those workloads.
 * Reference: cloud.google.com/asset-inventory/docs/reference/rest/v1/assets/list (page size up to 1,000).
 */
import { cloudasset_v1 } from 'googleapis/build/src/apis/cloudasset/v1';
import type { RawAsset, RawEstate, Readable } from '../inventory/raw';
import { WORKLOAD_ASSET_TYPES } from '../workloads/assets';
import { Caller, DEFAULT_TUNING, type CallTuning } from './call';
import { applyQuotaProject, makeAuth } from './clients';
import type { GcpConfig } from './config';

/** The raw estate's optional hook: assets.list answers keyed by parent (organizations/ID, folders/ID, projects/ID). */
export type RawKubernetesAssets = Record<string, Readable<RawAsset[]>>;

const PAGE_SIZE = 1000;
/** Pages read per parent at most (a million assets); past it the list is cut and says so in a gap. */
const MAX_PAGES = 1000;

/** The client, pointed at the emulator when the configuration says so (the same options as lib/gcp/clients). */
export function makeCloudAssetClient(config: GcpConfig, auth = makeAuth(config)): cloudasset_v1.Cloudasset {
  return new cloudasset_v1.Cloudasset({
    auth,
    retry: false,
    ...(config.apiRoot ? { rootUrl: `${config.apiRoot}/` } : {}),
    ...(config.quotaProject ? { headers: { 'x-goog-user-project': config.quotaProject } } : {}),
  });
}

/**
 * Where to list: the organization or folder a scan is scoped to; for projects, each project; for every
 * project the credentials see (and scenarios), each organization the projects sit under and the projects
 * under none. One organization-level list replaces hundreds of per-project calls (ListAssets: 100 per
 * minute per consumer project, 800 per minute per organization: Cloud Asset Inventory "Quotas").
 */
export function assetParents(raw: Pick<RawEstate, 'scope' | 'projects'>): { parents: string[]; fallback: Map<string, string[]> } {
  const scope = raw.scope;
  if (scope.kind === 'organization') return { parents: scope.ids.map((id) => `organizations/${id}`), fallback: new Map() };
  if (scope.kind === 'folder') return { parents: scope.ids.map((id) => `folders/${id}`), fallback: new Map() };
  if (scope.kind === 'projects') return { parents: Object.keys(raw.projects).map((id) => `projects/${id}`), fallback: new Map() };
  const fallback = new Map<string, string[]>();
  const loose: string[] = [];
  for (const [id, entry] of Object.entries(raw.projects)) {
    const org = entry.ancestry.ok ? entry.ancestry.value.find((a) => a.resourceId?.type === 'organization')?.resourceId?.id : undefined;
    if (org) fallback.set(`organizations/${org}`, [...(fallback.get(`organizations/${org}`) ?? []), `projects/${id}`]);
    else loose.push(`projects/${id}`);
  }
  return { parents: [...fallback.keys(), ...loose], fallback };
}

export interface CollectWorkloadsOptions {
  config: GcpConfig;
  signal?: AbortSignal;
  client?: cloudasset_v1.Cloudasset;
  tuning?: Partial<CallTuning>;
}

/** Lists the Kubernetes assets of the estate's scope; gaps go into the returned list (append them to the estate's). */
export async function collectKubernetesAssets(
  raw: Pick<RawEstate, 'scope' | 'projects'>,
  opts: CollectWorkloadsOptions,
): Promise<{ assets: RawKubernetesAssets; gaps: RawEstate['gaps'] }> {
  const config = opts.config;
  let client = opts.client;
  if (!client) {
    const auth = makeAuth(config);
    await applyQuotaProject(auth, config).catch(() => null);
    client = makeCloudAssetClient(config, auth);
  }
  const assetClient = client;
  const tuning = { ...DEFAULT_TUNING, ...opts.tuning };
  // assets.list takes pages of up to 1,000; a test's smaller page size exercises the paging.
  const pageSize = opts.tuning?.pageSize ?? PAGE_SIZE;
  const caller = new Caller({ concurrency: Math.min(config.concurrency, 8), timeoutMs: config.timeoutMs, maxRetries: config.maxRetries }, tuning, opts.signal);
  const { parents, fallback } = assetParents(raw);
  const assets: RawKubernetesAssets = {};

  const list = async (parent: string): Promise<Readable<RawAsset[]>> => {
    const out: RawAsset[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const o = await caller.call({
        api: 'cloudasset',
        method: 'assets.list',
        resource: parent,
        request: `GET /v1/${parent}/assets`,
        keySuffix: pageToken ?? '',
        run: (signal) =>
          assetClient.assets.list({ parent, assetTypes: [...WORKLOAD_ASSET_TYPES], contentType: 'RESOURCE', pageSize, pageToken }, { signal }),
      });
      if (!o.ok) return { ok: false, gapId: o.gapId ?? 'gap-unknown' };
      for (const a of o.value.assets ?? []) out.push({ name: a.name, assetType: a.assetType, ...(a.resource ? { resource: { data: a.resource.data } } : {}) });
      pageToken = o.value.nextPageToken ?? undefined;
      if (!pageToken) return { ok: true, value: out };
    }
    return { ok: true, value: out };
  };

  await Promise.all(
    parents.map(async (parent) => {
      const r = await list(parent);
      const projects = fallback.get(parent);
      if (r.ok || !projects) {
        assets[parent] = r;
        return;
      }
      // The organization-level list was refused: each project may still be readable on its own.
      await Promise.all(projects.map(async (p) => (assets[p] = await list(p))));
    }),
  );
  const sorted = Object.fromEntries(Object.entries(assets).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { assets: sorted, gaps: caller.gaps };
}
