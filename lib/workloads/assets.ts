/**
 * Workloads from Cloud Asset Inventory's Kubernetes assets (assets.list, content type RESOURCE): each
 * container and init container image, joined to its cluster and, where Pullcheck can tell, its node pool.
 * Asset names: "Asset names" (cloud.google.com/asset-inventory/docs/asset-names), e.g.
 * //container.googleapis.com/projects/P/locations/L/clusters/C/k8s/namespaces/NS/pods/POD.
 * A Pod is placed on its pool through spec.nodeName and the Node's `cloud.google.com/gke-nodepool` label
 * (GKE "About node pools"); a controller through its template's nodeSelector on that label, else the whole cluster.
 */
import { formatImageRef, parseImageRef } from '../diagnose/image-ref';
import type { ImageUse } from '../intent/in-use';

/** The Kubernetes asset types Pullcheck reads (Cloud Asset Inventory "Supported asset types"). */
export const WORKLOAD_ASSET_TYPES = ['k8s.io/Pod', 'k8s.io/Node', 'apps.k8s.io/Deployment', 'apps.k8s.io/StatefulSet', 'apps.k8s.io/DaemonSet', 'batch.k8s.io/CronJob', 'batch.k8s.io/Job'] as const;

/** The GKE node label naming a node's pool. */
export const NODE_POOL_LABEL = 'cloud.google.com/gke-nodepool';

/** The shape of a Cloud Asset Inventory v1 Asset this module reads (everything else is ignored). */
export interface K8sAsset {
  name?: string | null;
  assetType?: string | null;
  resource?: { data?: Record<string, unknown> | null } | null;
}

/** One image of one workload. */
export interface WorkloadImage {
  /** As the workload names it (bounded). */
  image: string;
  /** Artifact Registry image, another registry (Docker Hub, ghcr.io, …), or a reference that does not parse. */
  registry: 'artifact-registry' | 'other' | 'invalid';
  /** projects/P/locations/L/repositories/R for an Artifact Registry image. */
  repository: string | null;
  /** The other registry's host (docker.io, ghcr.io, …). */
  host: string | null;
  init: boolean;
}

/** A Pod or controller with its images. */
export interface Workload {
  kind: 'Pod' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'CronJob' | 'Job';
  cluster: string;
  namespace: string;
  name: string;
  /** The pool the workload runs (or is pinned) on; null when not known (then any pool of the cluster). */
  nodePool: string | null;
  images: WorkloadImage[];
}

const MAX_TEXT = 1_000;
const MAX_CONTAINERS = 100;

const KINDS: Record<string, Workload['kind']> = {
  'k8s.io/Pod': 'Pod',
  'apps.k8s.io/Deployment': 'Deployment',
  'apps.k8s.io/StatefulSet': 'StatefulSet',
  'apps.k8s.io/DaemonSet': 'DaemonSet',
  'batch.k8s.io/CronJob': 'CronJob',
  'batch.k8s.io/Job': 'Job',
};

/** The cluster and the Kubernetes path of an asset name; zonal names (`zones/Z`) become `locations/Z`. */
export function parseAssetName(name: string): { cluster: string; path: string[] } | null {
  if (name.length > MAX_TEXT) return null;
  const prefix = '//container.googleapis.com/';
  if (!name.startsWith(prefix)) return null;
  const parts = name.slice(prefix.length).split('/');
  if (parts.length < 8 || parts[0] !== 'projects' || (parts[2] !== 'locations' && parts[2] !== 'zones') || parts[4] !== 'clusters' || parts[6] !== 'k8s') return null;
  if (!parts[1] || !parts[3] || !parts[5]) return null;
  return { cluster: `projects/${parts[1]}/locations/${parts[3]}/clusters/${parts[5]}`, path: parts.slice(7) };
}

const obj = (v: unknown): Record<string, unknown> | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT ? v : null);

/** Parses one image reference of a workload. */
export function workloadImage(text: string, init: boolean): WorkloadImage {
  const parsed = parseImageRef(text);
  if (!parsed.ok) return { image: text.slice(0, MAX_TEXT), registry: 'invalid', repository: null, host: null, init };
  const ref = parsed.ref;
  if (ref.kind === 'artifact-registry') return { image: formatImageRef(ref), registry: 'artifact-registry', repository: ref.repositoryName, host: ref.host, init };
  return { image: formatImageRef(ref), registry: 'other', repository: null, host: ref.host, init };
}

function podSpecImages(spec: Record<string, unknown> | null): WorkloadImage[] {
  if (!spec) return [];
  const out: WorkloadImage[] = [];
  for (const [key, init] of [['initContainers', true], ['containers', false]] as const) {
    const list = spec[key];
    if (!Array.isArray(list)) continue;
    for (const c of list.slice(0, MAX_CONTAINERS)) {
      const image = str(obj(c)?.image);
      if (image) out.push(workloadImage(image, init));
    }
  }
  return out;
}

/** The pod template spec of a controller (CronJob: spec.jobTemplate.spec.template.spec). */
function templateSpec(kind: Workload['kind'], data: Record<string, unknown>): Record<string, unknown> | null {
  const spec = obj(data.spec);
  if (!spec) return null;
  if (kind === 'Pod') return spec;
  if (kind === 'CronJob') return obj(obj(obj(obj(spec.jobTemplate)?.spec)?.template)?.spec);
  return obj(obj(spec.template)?.spec);
}

/** Every workload in the assets, joined to its pool where the Node's label or a nodeSelector says which. */
export function workloadsFromAssets(assets: Iterable<K8sAsset>): Workload[] {
  const nodePools = new Map<string, string>();
  const items: { kind: Workload['kind']; cluster: string; path: string[]; data: Record<string, unknown> }[] = [];
  for (const a of assets) {
    const name = str(a.name);
    const type = str(a.assetType);
    if (!name || !type) continue;
    const parsed = parseAssetName(name);
    const data = obj(a.resource?.data);
    if (!parsed || !data) continue;
    if (type === 'k8s.io/Node') {
      const node = parsed.path[0] === 'nodes' ? parsed.path[1] : null;
      const pool = str(obj(obj(data.metadata)?.labels)?.[NODE_POOL_LABEL]);
      if (node && pool) nodePools.set(`${parsed.cluster}\n${node}`, `${parsed.cluster}/nodePools/${pool}`);
      continue;
    }
    const kind = KINDS[type];
    if (kind) items.push({ kind, cluster: parsed.cluster, path: parsed.path, data });
  }
  const out: Workload[] = [];
  for (const { kind, cluster, path, data } of items) {
    const meta = obj(data.metadata);
    const namespace = str(meta?.namespace) ?? (path[0] === 'namespaces' ? path[1] : '') ?? '';
    const name = str(meta?.name) ?? path[path.length - 1] ?? '';
    const spec = templateSpec(kind, data);
    let nodePool: string | null = null;
    const nodeName = kind === 'Pod' ? str(spec?.nodeName) : null;
    if (nodeName) nodePool = nodePools.get(`${cluster}\n${nodeName}`) ?? null;
    const pinned = str(obj(spec?.nodeSelector)?.[NODE_POOL_LABEL]);
    if (!nodePool && pinned) nodePool = `${cluster}/nodePools/${pinned}`;
    const images = podSpecImages(spec);
    if (images.length) out.push({ kind, cluster, namespace, name, nodePool, images });
  }
  return out;
}

/** The image uses intent joins to pairs (one per workload image; other registries keep repository null). */
export function imageUses(workloads: readonly Workload[]): ImageUse[] {
  const out: ImageUse[] = [];
  for (const w of workloads) {
    for (const i of w.images) {
      out.push({ cluster: w.cluster, nodePool: w.nodePool, repository: i.repository, image: i.image, host: i.host, workload: `${w.kind} ${w.namespace}/${w.name}` });
    }
  }
  return out;
}
