/**
 * Cloud Asset Inventory v1 as the emulator answers it, derived from the same scenario data as the REST routes:
 * `assets.list` (GET /v1/{parent}/assets), `searchAllResources` and `searchAllIamPolicies` (GET /v1/{scope}:…)
 * at organization, folder or project scope, with Google's full resource names ("Resource names" and "Supported
 * asset types" of the Cloud Asset Inventory documentation), `ancestors`, `readTime` and paging.
 *
 * What the emulator knows of CAI, with its public source:
 * - assets.list: `parent` is organizations/N, folders/N, projects/ID or projects/NUMBER; `assetTypes` may be RE2
 *   regular expressions (one that matches no supported type is INVALID_ARGUMENT); no `contentType` returns names
 *   only; `pageSize` default 100, at most 1,000; `readTime` between now minus 35 days and now
 *   (REST reference, assets.list). The permission depends on the content type: RESOURCE needs
 *   cloudasset.assets.listResource, IAM_POLICY cloudasset.assets.listIamPolicy ("Listing assets", permissions).
 * - searchAllResources / searchAllIamPolicies: `pageSize` capped at 500; each result names its project as
 *   projects/NUMBER, its folders and organization; a policy result carries the policy set on that resource
 *   (REST reference, ResourceSearchResult and IamPolicySearchResult). Searches have no readTime.
 * - ancestors run from the asset's own project (or folder, organization) up to the root, as relative names:
 *   ["projects/123456789", "folders/5432", "organizations/1234"] (Asset.ancestors).
 * - A project whose API is disabled cannot hold that API's resources, so none are listed for it.
 */
import { createHash } from 'node:crypto';
import type { Scenario, ScenarioPolicy, ScenarioProject } from '../scenario/schema';
import { fail } from './errors';

/** A resource as CAI holds it, before it is shaped for one method. */
interface CatalogEntry {
  name: string;
  assetType: string;
  ancestors: string[];
  /** Full name of the immediate parent (IAM hierarchy parent for projects, folders). */
  parent: string | null;
  parentAssetType: string | null;
  location: string | null;
  version: string;
  discoveryName: string | null;
  discoveryDocumentUri: string | null;
  resourceUrl: string | null;
  data: Record<string, unknown>;
  displayName: string | null;
  state: string | null;
  labels: Record<string, string> | null;
  /** The IAM policy set on this resource, if any (only resources that carry one appear in IAM_POLICY answers). */
  policy: ScenarioPolicy | null;
  /** Project number (for search results' `project`), folders and organization from the ancestors. */
  projectNumber: string | null;
}

/** Asset types Google supports that the scenario can hold, the Kubernetes ones included (Supported asset types). */
const KNOWN_TYPES = [
  'cloudresourcemanager.googleapis.com/Organization',
  'cloudresourcemanager.googleapis.com/Folder',
  'cloudresourcemanager.googleapis.com/Project',
  'container.googleapis.com/Cluster',
  'container.googleapis.com/NodePool',
  'artifactregistry.googleapis.com/Repository',
  'artifactregistry.googleapis.com/DockerImage',
  'iam.googleapis.com/ServiceAccount',
  'iam.googleapis.com/Role',
  'compute.googleapis.com/Network',
  'compute.googleapis.com/Subnetwork',
  'compute.googleapis.com/Router',
  'compute.googleapis.com/Instance',
  'k8s.io/Namespace',
  'k8s.io/Node',
  'k8s.io/Pod',
  'k8s.io/Service',
  'apps.k8s.io/Deployment',
  'apps.k8s.io/StatefulSet',
  'apps.k8s.io/DaemonSet',
  'apps.k8s.io/ReplicaSet',
  'batch.k8s.io/Job',
  'batch.k8s.io/CronJob',
  'rbac.authorization.k8s.io/Role',
  'rbac.authorization.k8s.io/RoleBinding',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
];

const CONTENT_PERMISSION: Record<string, string> = {
  CONTENT_TYPE_UNSPECIFIED: 'cloudasset.assets.listResource',
  RESOURCE: 'cloudasset.assets.listResource',
  RELATIONSHIP: 'cloudasset.assets.listResource',
  IAM_POLICY: 'cloudasset.assets.listIamPolicy',
  ORG_POLICY: 'cloudasset.assets.listOrgPolicy',
  ACCESS_POLICY: 'cloudasset.assets.listAccessPolicy',
  OS_INVENTORY: 'cloudasset.assets.listOSInventories',
};

/** The permission assets.list checks for a content type (the one a 403 names). */
export function listPermission(contentType: string | null): string {
  return CONTENT_PERMISSION[contentType ?? 'CONTENT_TYPE_UNSPECIFIED'] ?? 'cloudasset.assets.listResource';
}

const MAX_QUERY = 2048;
const MAX_TYPES = 100;
const READ_TIME_WINDOW_MS = 35 * 24 * 3600 * 1000;

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function lastSegment(url: string | undefined | null): string {
  return (url ?? '').split('/').pop() ?? '';
}

function hasBindings(p: ScenarioPolicy | undefined): p is ScenarioPolicy {
  return !!p && (p.bindings ?? []).some((b) => (b.members ?? []).length > 0);
}

/** A policy as CAI stores it: the whole policy (version 3 when it holds conditions), etag included. */
function storedPolicy(p: ScenarioPolicy): Record<string, unknown> {
  const copy = clone(p) as Record<string, unknown> & { bindings?: Array<Record<string, unknown>> };
  if (copy.etag === undefined) copy.etag = 'ACAB';
  if ((copy.bindings ?? []).some((b) => b.condition)) copy.version = 3;
  else if (copy.version === undefined) copy.version = 1;
  return copy;
}

/** A stable numeric id (21 digits) for a service account the scenario gave no uniqueId. */
function syntheticUniqueId(email: string): string {
  const hex = createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 16);
  return `1${BigInt(`0x${hex}`).toString().padStart(20, '0')}`.slice(0, 21);
}

/** Scenario `assets` entries are typed by wt-a's schema; read them defensively until then. */
interface ScenarioAsset {
  name?: unknown;
  assetType?: unknown;
  resource?: unknown;
  ancestors?: unknown;
  updateTime?: unknown;
}

/** One element of an asset type pattern: a character, any one character ("."), or any run (".*"). */
type WildToken = { kind: 'char'; c: string } | { kind: 'any'; dotLiteral: boolean } | { kind: 'star' };

/**
 * The subset of RE2 the documented assetTypes examples use ("compute.googleapis.com.*", ".*Instance",
 * ".*Instance.*"): literal characters, "\\." for a dot, "." for any character and ".*" for any run. Null for
 * other syntax. Matched without building a RegExp from the request (linear tokens, quadratic match on ≤256 chars).
 */
function wildcardTokens(p: string): WildToken[] | null {
  const out: WildToken[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && p[i + 1] === '.') {
      out.push({ kind: 'char', c: '.' });
      i++;
    } else if (c === '.' && p[i + 1] === '*') {
      out.push({ kind: 'star' });
      i++;
    } else if (c === '.') {
      // An unescaped dot matches any character; in a type name it is usually meant literally.
      out.push({ kind: 'any', dotLiteral: true });
    } else if ('*+?()[]{}|^$\\'.includes(c)) {
      return null;
    } else out.push({ kind: 'char', c });
  }
  return out;
}

/** Whole-string match of wildcard tokens (dynamic programming over positions). */
function wildcardMatch(tokens: WildToken[], s: string): boolean {
  let reach = new Array<boolean>(s.length + 1).fill(false);
  reach[0] = true;
  for (const t of tokens) {
    const next = new Array<boolean>(s.length + 1).fill(false);
    if (t.kind === 'star') {
      let any = false;
      for (let i = 0; i <= s.length; i++) {
        any = any || reach[i];
        next[i] = any;
      }
    } else {
      for (let i = 0; i < s.length; i++) if (reach[i] && (t.kind === 'any' || s[i] === t.c)) next[i + 1] = true;
    }
    reach = next;
  }
  return reach[s.length];
}

/** A scope as a relative name: organizations/N, folders/N or projects/NUMBER (a project id resolved to its number). */
export type AssetScope = string;

/** Parsed assets.list / search parameters. */
interface ListParams {
  assetTypes: string[];
  pageSize: number;
  offset: number;
  readTime: string;
  /** Digest of the request a page token continues (a token from another request is refused). */
  digest: string;
}

/** One scenario's resources as Cloud Asset Inventory answers them. */
export class AssetCatalog {
  private readonly entries: CatalogEntry[] = [];
  private readonly updateTime: string;

  constructor(
    private readonly scenario: Scenario,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.updateTime = new Date(this.now() - 3600_000).toISOString();
    this.build();
  }

  /** Every asset type this catalog could answer (for validating assetTypes patterns). */
  private supportedTypes(): string[] {
    return [...new Set([...KNOWN_TYPES, ...this.entries.map((e) => e.assetType)])];
  }

  private folderAncestors(folderName: string): string[] {
    const chain: string[] = [];
    const seen = new Set<string>();
    let cur: string | undefined = folderName;
    while (cur && !seen.has(cur)) {
      seen.add(cur);
      chain.push(cur);
      if (cur.startsWith('organizations/')) break;
      const f = (this.scenario.folders ?? []).find((x) => x.folder.name === cur);
      cur = f?.folder.parent;
    }
    return chain;
  }

  private projectAncestors(p: ScenarioProject): string[] {
    const self = `projects/${p.project.projectNumber}`;
    const parent = p.project.parent;
    if (!parent?.type || !parent.id) return [self];
    const rel = parent.type === 'folder' ? `folders/${parent.id}` : parent.type === 'organization' ? `organizations/${parent.id}` : null;
    return rel ? [self, ...this.folderAncestors(rel)] : [self];
  }

  private add(e: Omit<CatalogEntry, 'projectNumber'>): void {
    const proj = e.ancestors.find((a) => a.startsWith('projects/'));
    this.entries.push({ ...e, projectNumber: proj ? proj.slice('projects/'.length) : null });
  }

  private build(): void {
    const s = this.scenario;
    const crmDoc = (v: string) => `https://cloudresourcemanager.googleapis.com/$discovery/rest?version=${v}`;
    for (const o of s.organizations ?? []) {
      const name = o.organization.name;
      if (!name) continue;
      this.add({
        name: `//cloudresourcemanager.googleapis.com/${name}`,
        assetType: 'cloudresourcemanager.googleapis.com/Organization',
        ancestors: [name],
        parent: null,
        parentAssetType: null,
        location: 'global',
        version: 'v1',
        discoveryName: 'Organization',
        discoveryDocumentUri: crmDoc('v1'),
        resourceUrl: `https://cloudresourcemanager.googleapis.com/v1/${name}`,
        data: clone(o.organization) as Record<string, unknown>,
        displayName: o.organization.displayName ?? null,
        state: o.organization.lifecycleState ?? 'ACTIVE',
        labels: null,
        policy: hasBindings(o.iamPolicy) ? o.iamPolicy : null,
      });
    }
    for (const f of s.folders ?? []) {
      const name = f.folder.name;
      if (!name) continue;
      const state = f.folder.state ?? 'ACTIVE';
      if (state !== 'ACTIVE') continue;
      // CAI holds folders in Resource Manager v2's shape (lifecycleState), not v3's (state).
      const { state: _s, ...rest } = clone(f.folder) as Record<string, unknown> & { state?: unknown };
      void _s;
      this.add({
        name: `//cloudresourcemanager.googleapis.com/${name}`,
        assetType: 'cloudresourcemanager.googleapis.com/Folder',
        ancestors: this.folderAncestors(name),
        parent: f.folder.parent ? `//cloudresourcemanager.googleapis.com/${f.folder.parent}` : null,
        parentAssetType: f.folder.parent?.startsWith('folders/') ? 'cloudresourcemanager.googleapis.com/Folder' : 'cloudresourcemanager.googleapis.com/Organization',
        location: 'global',
        version: 'v2',
        discoveryName: 'Folder',
        discoveryDocumentUri: crmDoc('v2'),
        resourceUrl: `https://cloudresourcemanager.googleapis.com/v2/${name}`,
        data: { ...rest, lifecycleState: state },
        displayName: f.folder.displayName ?? null,
        state,
        labels: null,
        policy: hasBindings(f.iamPolicy) ? f.iamPolicy : null,
      });
    }
    for (const o of s.organizationRoles ?? []) {
      const m = /^(organizations\/[^/]+)\/roles\/[^/]+$/.exec(o.name ?? '');
      if (!m) continue;
      this.add({
        name: `//iam.googleapis.com/${o.name}`,
        assetType: 'iam.googleapis.com/Role',
        ancestors: [m[1]],
        parent: `//cloudresourcemanager.googleapis.com/${m[1]}`,
        parentAssetType: 'cloudresourcemanager.googleapis.com/Organization',
        location: 'global',
        version: 'v1',
        discoveryName: 'Role',
        discoveryDocumentUri: 'https://iam.googleapis.com/$discovery/rest',
        resourceUrl: `https://iam.googleapis.com/v1/${o.name}`,
        data: clone(o) as Record<string, unknown>,
        displayName: o.title ?? null,
        state: o.stage ?? null,
        labels: null,
        policy: null,
      });
    }
    for (const p of s.projects) this.buildProject(p);
    this.entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private buildProject(p: ScenarioProject): void {
    const pr = p.project;
    if ((pr.lifecycleState ?? 'ACTIVE') !== 'ACTIVE') return;
    const id = pr.projectId;
    const num = String(pr.projectNumber);
    const ancestors = this.projectAncestors(p);
    const projectName = `//cloudresourcemanager.googleapis.com/projects/${num}`;
    const disabled = new Set((p.disabledServices ?? []).map((x) => (x.includes('.') ? x : `${x}.googleapis.com`)));
    const enabled = (service: string) => !disabled.has(service);
    const parentRel = ancestors[1];
    const inProject = { ancestors, parent: projectName, parentAssetType: 'cloudresourcemanager.googleapis.com/Project' };
    this.add({
      name: projectName,
      assetType: 'cloudresourcemanager.googleapis.com/Project',
      ancestors,
      parent: parentRel ? `//cloudresourcemanager.googleapis.com/${parentRel}` : null,
      parentAssetType: parentRel?.startsWith('folders/') ? 'cloudresourcemanager.googleapis.com/Folder' : parentRel ? 'cloudresourcemanager.googleapis.com/Organization' : null,
      location: 'global',
      version: 'v1',
      discoveryName: 'Project',
      discoveryDocumentUri: 'https://cloudresourcemanager.googleapis.com/$discovery/rest?version=v1',
      resourceUrl: `https://cloudresourcemanager.googleapis.com/v1/projects/${id}`,
      data: { ...clone(pr), projectNumber: num, lifecycleState: pr.lifecycleState ?? 'ACTIVE' },
      displayName: pr.name ?? id,
      state: pr.lifecycleState ?? 'ACTIVE',
      labels: pr.labels ?? null,
      policy: hasBindings(p.iamPolicy) ? p.iamPolicy : null,
    });
    if (enabled('container.googleapis.com')) {
      for (const c of p.clusters ?? []) {
        const rel = `projects/${id}/locations/${c.location}/clusters/${c.name}`;
        const data = clone(c) as Record<string, unknown>;
        this.add({
          ...inProject,
          name: `//container.googleapis.com/${rel}`,
          assetType: 'container.googleapis.com/Cluster',
          location: c.location,
          version: 'v1',
          discoveryName: 'Cluster',
          discoveryDocumentUri: 'https://container.googleapis.com/$discovery/rest',
          resourceUrl: `https://container.googleapis.com/v1/${rel}`,
          data,
          displayName: c.name,
          state: typeof data.status === 'string' ? data.status : 'RUNNING',
          labels: (data.resourceLabels as Record<string, string> | undefined) ?? null,
          policy: null,
        });
        for (const np of c.nodePools ?? []) {
          this.add({
            ...inProject,
            name: `//container.googleapis.com/${rel}/nodePools/${np.name}`,
            assetType: 'container.googleapis.com/NodePool',
            parent: `//container.googleapis.com/${rel}`,
            parentAssetType: 'container.googleapis.com/Cluster',
            location: c.location,
            version: 'v1',
            discoveryName: 'NodePool',
            discoveryDocumentUri: 'https://container.googleapis.com/$discovery/rest',
            resourceUrl: `https://container.googleapis.com/v1/${rel}/nodePools/${np.name}`,
            data: clone(np) as Record<string, unknown>,
            displayName: np.name,
            state: 'RUNNING',
            labels: null,
            policy: null,
          });
        }
      }
    }
    if (enabled('artifactregistry.googleapis.com')) {
      for (const r of p.repositories ?? []) {
        const rel = r.repository.name;
        this.add({
          ...inProject,
          name: `//artifactregistry.googleapis.com/${rel}`,
          assetType: 'artifactregistry.googleapis.com/Repository',
          location: rel.split('/')[3] ?? null,
          version: 'v1',
          discoveryName: 'Repository',
          discoveryDocumentUri: 'https://artifactregistry.googleapis.com/$discovery/rest',
          resourceUrl: `https://artifactregistry.googleapis.com/v1/${rel}`,
          data: clone(r.repository) as Record<string, unknown>,
          displayName: lastSegment(rel),
          state: null,
          labels: (r.repository.labels as Record<string, string> | undefined) ?? null,
          policy: hasBindings(r.iamPolicy) ? r.iamPolicy : null,
        });
      }
    }
    if (enabled('iam.googleapis.com')) {
      for (const sa of p.serviceAccounts ?? []) {
        const unique = sa.uniqueId ?? syntheticUniqueId(sa.email);
        this.add({
          ...inProject,
          name: `//iam.googleapis.com/projects/${id}/serviceAccounts/${unique}`,
          assetType: 'iam.googleapis.com/ServiceAccount',
          location: 'global',
          version: 'v1',
          discoveryName: 'ServiceAccount',
          discoveryDocumentUri: 'https://iam.googleapis.com/$discovery/rest',
          resourceUrl: `https://iam.googleapis.com/v1/projects/${id}/serviceAccounts/${sa.email}`,
          data: { name: `projects/${id}/serviceAccounts/${sa.email}`, projectId: id, uniqueId: unique, ...clone(sa) },
          displayName: (sa.displayName as string | undefined) ?? null,
          state: sa.disabled ? 'DISABLED' : 'ENABLED',
          labels: null,
          policy: null,
        });
      }
      for (const role of p.roles ?? []) {
        if (!role.name) continue;
        this.add({
          ...inProject,
          name: `//iam.googleapis.com/${role.name}`,
          assetType: 'iam.googleapis.com/Role',
          location: 'global',
          version: 'v1',
          discoveryName: 'Role',
          discoveryDocumentUri: 'https://iam.googleapis.com/$discovery/rest',
          resourceUrl: `https://iam.googleapis.com/v1/${role.name}`,
          data: clone(role) as Record<string, unknown>,
          displayName: role.title ?? null,
          state: role.stage ?? null,
          labels: null,
          policy: null,
        });
      }
    }
    if (enabled('compute.googleapis.com')) {
      for (const sn of p.subnetworks ?? []) {
        const region = lastSegment(sn.region);
        const rel = `projects/${id}/regions/${region}/subnetworks/${sn.name}`;
        this.add({
          ...inProject,
          name: `//compute.googleapis.com/${rel}`,
          assetType: 'compute.googleapis.com/Subnetwork',
          location: region,
          version: 'v1',
          discoveryName: 'Subnetwork',
          discoveryDocumentUri: 'https://www.googleapis.com/discovery/v1/apis/compute/v1/rest',
          resourceUrl: `https://www.googleapis.com/compute/v1/${rel}`,
          data: clone(sn) as Record<string, unknown>,
          displayName: sn.name ?? null,
          state: null,
          labels: null,
          policy: null,
        });
      }
      for (const r of p.routers ?? []) {
        const region = lastSegment(r.region);
        const rel = `projects/${id}/regions/${region}/routers/${r.name}`;
        this.add({
          ...inProject,
          name: `//compute.googleapis.com/${rel}`,
          assetType: 'compute.googleapis.com/Router',
          location: region,
          version: 'v1',
          discoveryName: 'Router',
          discoveryDocumentUri: 'https://www.googleapis.com/discovery/v1/apis/compute/v1/rest',
          resourceUrl: `https://www.googleapis.com/compute/v1/${rel}`,
          data: clone(r) as Record<string, unknown>,
          displayName: r.name ?? null,
          state: null,
          labels: null,
          policy: null,
        });
      }
    }
    // Kubernetes objects (and any other asset) the scenario states as CAI holds them.
    const own = (p as ScenarioProject & { assets?: unknown }).assets;
    for (const a of Array.isArray(own) ? (own as ScenarioAsset[]) : []) {
      if (typeof a?.name !== 'string' || typeof a.assetType !== 'string') continue;
      const res = a.resource && typeof a.resource === 'object' ? (a.resource as Record<string, unknown>) : {};
      const data = res.data && typeof res.data === 'object' ? (res.data as Record<string, unknown>) : {};
      const meta = (data.metadata ?? {}) as { name?: unknown; labels?: unknown; namespace?: unknown };
      this.add({
        ancestors: Array.isArray(a.ancestors) && a.ancestors.every((x) => typeof x === 'string') ? (a.ancestors as string[]) : ancestors,
        parent: typeof res.parent === 'string' ? res.parent : projectName,
        parentAssetType: null,
        location: typeof res.location === 'string' ? res.location : null,
        name: a.name,
        assetType: a.assetType,
        version: typeof res.version === 'string' ? res.version : 'v1',
        discoveryName: typeof res.discoveryName === 'string' ? res.discoveryName : null,
        discoveryDocumentUri: typeof res.discoveryDocumentUri === 'string' ? res.discoveryDocumentUri : null,
        resourceUrl: typeof res.resourceUrl === 'string' ? res.resourceUrl : null,
        data: clone(data),
        displayName: typeof meta.name === 'string' ? meta.name : null,
        state: null,
        labels: meta.labels && typeof meta.labels === 'object' ? (meta.labels as Record<string, string>) : null,
        policy: null,
      });
    }
  }

  // ---- request parsing ----

  /** The entries under a scope, whose ancestors name it. */
  private inScope(scope: AssetScope): CatalogEntry[] {
    return this.entries.filter((e) => e.ancestors.includes(scope));
  }

  /** assetTypes: literal types, or RE2 patterns matched against the whole type; one matching nothing supported is INVALID_ARGUMENT. */
  private typeFilter(patterns: string[]): ((t: string) => boolean) | null {
    if (!patterns.length) return null;
    if (patterns.length > MAX_TYPES) fail(400, `Request contains an invalid argument: at most ${MAX_TYPES} asset types may be given.`, { reason: 'INVALID_ARGUMENT' });
    const supported = this.supportedTypes();
    const tests = patterns.map((p) => {
      if (p.length > 256) fail(400, 'Request contains an invalid argument: asset type too long.', { reason: 'INVALID_ARGUMENT' });
      const tokens = wildcardTokens(p);
      if (!tokens) {
        fail(400, `Request contains an invalid argument: asset type "${p}" uses regular expression syntax the emulator does not serve (literal types, "." and ".*" only).`, { reason: 'INVALID_ARGUMENT' });
      }
      const literal = tokens!.every((t) => t.kind === 'char' || (t.kind === 'any' && t.dotLiteral));
      if (literal) {
        // Literal: a type outside the catalog is fine as long as it is shaped like one (Google supports hundreds).
        if (!supported.includes(p) && !/^[a-z0-9.-]+\/[A-Za-z0-9]+$/.test(p)) {
          fail(400, `Request contains an invalid argument: asset type "${p}" is not a supported asset type.`, { reason: 'INVALID_ARGUMENT' });
        }
        return (t: string) => t === p || wildcardMatch(tokens!, t);
      }
      if (!supported.some((t) => wildcardMatch(tokens!, t))) {
        fail(400, `Request contains an invalid argument: the regular expression "${p}" does not match any supported asset type.`, { reason: 'INVALID_ARGUMENT' });
      }
      return (t: string) => wildcardMatch(tokens!, t);
    });
    return (t) => tests.some((f) => f(t));
  }

  private pageSize(query: URLSearchParams, def: number, max: number, capSilently: boolean): number {
    const raw = query.get('pageSize');
    if (raw === null || raw === '') return def;
    const n = Number(raw);
    if (!Number.isInteger(n)) fail(400, `Invalid value for pageSize: "${raw.slice(0, 40)}".`, { reason: 'INVALID_ARGUMENT' });
    if (n <= 0) return def;
    if (n > max && !capSilently) fail(400, `Request contains an invalid argument: page_size must be at most ${max}.`, { reason: 'INVALID_ARGUMENT' });
    return Math.min(n, max);
  }

  private readTime(query: URLSearchParams): string {
    const raw = query.get('readTime');
    const now = this.now();
    if (raw === null || raw === '') return new Date(now).toISOString();
    const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(raw) ? Date.parse(raw) : NaN;
    if (Number.isNaN(t)) fail(400, `Invalid value at 'read_time' (type.googleapis.com/google.protobuf.Timestamp), Field 'readTime', Illegal timestamp format; timestamps must end with 'Z' or have a valid timezone offset.`, { reason: 'INVALID_ARGUMENT' });
    if (t > now + 1000) fail(400, 'Request contains an invalid argument: read_time must not be in the future.', { reason: 'INVALID_ARGUMENT' });
    if (t < now - READ_TIME_WINDOW_MS) fail(400, 'Request contains an invalid argument: read_time must be within the last 35 days.', { reason: 'INVALID_ARGUMENT' });
    return new Date(t).toISOString();
  }

  /** Page tokens carry the offset, the snapshot time and a digest of the request they continue. */
  private decodeToken(token: string | null, digest: string): { offset: number; readTime: string | null } {
    if (!token) return { offset: 0, readTime: null };
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    } catch {
      parsed = null;
    }
    const p = parsed as { o?: unknown; t?: unknown; d?: unknown } | null;
    if (!p || typeof p.o !== 'number' || !Number.isInteger(p.o) || p.o < 0 || p.d !== digest) {
      fail(400, `Request contains an invalid argument: invalid page token "${token.slice(0, 80)}".`, { reason: 'INVALID_ARGUMENT' });
    }
    return { offset: p!.o as number, readTime: typeof p!.t === 'string' ? p!.t : null };
  }

  private static encodeToken(offset: number, readTime: string | null, digest: string): string {
    return Buffer.from(JSON.stringify({ o: offset, t: readTime, d: digest })).toString('base64url');
  }

  private static digest(parts: unknown[]): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
  }

  private parseList(query: URLSearchParams, scope: string, method: string, def: number, max: number, capSilently: boolean, withReadTime: boolean): ListParams {
    const assetTypes = query.getAll('assetTypes');
    const digest = AssetCatalog.digest([method, scope, assetTypes, query.get('contentType'), query.get('query'), query.get('orderBy')]);
    const tok = this.decodeToken(query.get('pageToken'), digest);
    const pageSize = this.pageSize(query, def, max, capSilently);
    // A continued listing keeps the snapshot time of its first page, whatever readTime the next call sends.
    const readTime = withReadTime ? (tok.readTime ?? this.readTime(query)) : new Date(this.now()).toISOString();
    return { assetTypes, pageSize, offset: tok.offset, readTime, digest };
  }

  private page<T>(items: T[], params: ListParams, keepReadTime: boolean): { items: T[]; next?: string } {
    const slice = items.slice(params.offset, params.offset + params.pageSize);
    const end = params.offset + slice.length;
    return {
      items: slice,
      next: end < items.length ? AssetCatalog.encodeToken(end, keepReadTime ? params.readTime : null, params.digest) : undefined,
    };
  }

  // ---- the three methods ----

  /** assets.list under `scope` (organizations/N, folders/N or projects/NUMBER). */
  listAssets(scope: AssetScope, query: URLSearchParams): Record<string, unknown> {
    const contentType = query.get('contentType') ?? 'CONTENT_TYPE_UNSPECIFIED';
    if (!(contentType in CONTENT_PERMISSION)) {
      fail(400, `Invalid value at 'content_type' (type.googleapis.com/google.cloud.asset.v1.ContentType), "${contentType.slice(0, 60)}"`, { reason: 'INVALID_ARGUMENT' });
    }
    const params = this.parseList(query, scope, 'list', 100, 1000, false, true);
    const filter = this.typeFilter(params.assetTypes);
    let items = this.inScope(scope).filter((e) => !filter || filter(e.assetType));
    if (contentType === 'IAM_POLICY') items = items.filter((e) => e.policy);
    // Org policies, access policies and OS inventories are not part of a scenario: none are listed.
    if (contentType === 'ORG_POLICY' || contentType === 'ACCESS_POLICY' || contentType === 'OS_INVENTORY' || contentType === 'RELATIONSHIP') items = [];
    const page = this.page(items, params, true);
    const assets = page.items.map((e) => {
      const a: Record<string, unknown> = { name: e.name, assetType: e.assetType };
      if (contentType === 'RESOURCE') a.resource = this.resourceOf(e);
      if (contentType === 'IAM_POLICY' && e.policy) a.iamPolicy = storedPolicy(e.policy);
      a.ancestors = [...e.ancestors];
      a.updateTime = this.updateTime;
      return a;
    });
    const out: Record<string, unknown> = { readTime: params.readTime };
    if (assets.length) out.assets = assets;
    if (page.next) out.nextPageToken = page.next;
    return out;
  }

  private resourceOf(e: CatalogEntry): Record<string, unknown> {
    const r: Record<string, unknown> = { version: e.version };
    if (e.discoveryDocumentUri) r.discoveryDocumentUri = e.discoveryDocumentUri;
    if (e.discoveryName) r.discoveryName = e.discoveryName;
    if (e.resourceUrl) r.resourceUrl = e.resourceUrl;
    if (e.parent) r.parent = e.parent;
    r.data = clone(e.data);
    if (e.location) r.location = e.location;
    return r;
  }

  private hierarchy(e: CatalogEntry): { project?: string; folders?: string[]; organization?: string } {
    const out: { project?: string; folders?: string[]; organization?: string } = {};
    if (e.projectNumber) out.project = `projects/${e.projectNumber}`;
    const folders = e.ancestors.filter((a) => a.startsWith('folders/'));
    if (folders.length) out.folders = folders;
    const org = e.ancestors.find((a) => a.startsWith('organizations/'));
    if (org) out.organization = org;
    return out;
  }

  /** searchAllResources under `scope`: a simple query language subset (field:value terms ANDed, free text on names). */
  searchAllResources(scope: AssetScope, query: URLSearchParams): Record<string, unknown> {
    const params = this.parseList(query, scope, 'searchAllResources', 100, 500, true, false);
    const filter = this.typeFilter(params.assetTypes);
    const match = this.queryMatcher(query.get('query') ?? '', (e, field) => {
      switch (field) {
        case 'name':
          return [e.name];
        case 'displayname':
          return e.displayName ? [e.displayName] : [];
        case 'location':
          return e.location ? [e.location] : [];
        case 'state':
          return e.state ? [e.state] : [];
        case 'project':
          return e.projectNumber ? [e.projectNumber, `projects/${e.projectNumber}`] : [];
        case 'parentfullresourcename':
          return e.parent ? [e.parent] : [];
        case 'labels':
          return Object.entries(e.labels ?? {}).flat();
        default:
          return null;
      }
    });
    const items = this.inScope(scope).filter((e) => (!filter || filter(e.assetType)) && match(e));
    const readMask = (query.get('readMask') ?? '').split(',').map((x) => x.trim());
    const versioned = readMask.includes('*') || readMask.includes('versionedResources');
    const page = this.page(items, params, false);
    const results = page.items.map((e) => {
      const r: Record<string, unknown> = { name: e.name, assetType: e.assetType, ...this.hierarchy(e) };
      if (e.displayName) r.displayName = e.displayName;
      if (e.location) r.location = e.location;
      if (e.labels && Object.keys(e.labels).length) r.labels = clone(e.labels);
      if (e.state) r.state = e.state;
      r.updateTime = this.updateTime;
      if (e.parent) r.parentFullResourceName = e.parent;
      if (e.parentAssetType) r.parentAssetType = e.parentAssetType;
      if (versioned) r.versionedResources = [{ version: e.version, resource: clone(e.data) }];
      return r;
    });
    const out: Record<string, unknown> = {};
    if (results.length) out.results = results;
    if (page.next) out.nextPageToken = page.next;
    return out;
  }

  /** searchAllIamPolicies under `scope`: every policy set on a resource there (`policy:` and `resource:` terms filter). */
  searchAllIamPolicies(scope: AssetScope, query: URLSearchParams): Record<string, unknown> {
    const params = this.parseList(query, scope, 'searchAllIamPolicies', 100, 500, true, false);
    const filter = this.typeFilter(params.assetTypes);
    const match = this.queryMatcher(query.get('query') ?? '', (e, field) => {
      switch (field) {
        case 'resource':
          return [e.name];
        case 'policy':
          return (e.policy?.bindings ?? []).flatMap((b) => [b.role ?? '', ...(b.members ?? [])]);
        default:
          return null;
      }
    });
    const items = this.inScope(scope).filter((e) => e.policy && (!filter || filter(e.assetType)) && match(e));
    const page = this.page(items, params, false);
    const results = page.items.map((e) => {
      const h = this.hierarchy(e);
      // "If an IAM policy is set on a folder or organization, this field will be empty" (IamPolicySearchResult.project).
      if (e.assetType === 'cloudresourcemanager.googleapis.com/Folder' || e.assetType === 'cloudresourcemanager.googleapis.com/Organization') delete h.project;
      return { resource: e.name, assetType: e.assetType, ...h, policy: storedPolicy(e.policy!) };
    });
    const out: Record<string, unknown> = {};
    if (results.length) out.results = results;
    if (page.next) out.nextPageToken = page.next;
    return out;
  }

  /**
   * A subset of the CAI query syntax ("Search query syntax"): whitespace-separated terms, ANDed; `field:value`
   * (contains, case-insensitive) or `field=value` (exact); a bare word matches the name or display name. `*` and
   * quotes are accepted around values. Unknown fields are INVALID_ARGUMENT.
   */
  private queryMatcher(q: string, fieldValues: (e: CatalogEntry, field: string) => string[] | null): (e: CatalogEntry) => boolean {
    if (q.length > MAX_QUERY) fail(400, `Request contains an invalid argument: query longer than ${MAX_QUERY} characters.`, { reason: 'INVALID_ARGUMENT' });
    const terms = q.split(/\s+/).filter((t) => t && t.toUpperCase() !== 'AND');
    const tests = terms.map((term) => {
      const i = term.search(/[:=]/);
      const field = i > 0 ? term.slice(0, i).toLowerCase() : null;
      const exact = i > 0 && term[i] === '=';
      const value = (i > 0 ? term.slice(i + 1) : term).replace(/^["']|["']$/g, '').replace(/\*/g, '').toLowerCase();
      return (e: CatalogEntry) => {
        const values = field ? fieldValues(e, field) : [e.name, e.displayName ?? ''];
        if (values === null) fail(400, `Request contains an invalid argument: unsupported field "${field!.slice(0, 60)}" in query.`, { reason: 'INVALID_ARGUMENT' });
        return values!.some((v) => (exact ? v.toLowerCase() === value : v.toLowerCase().includes(value)));
      };
    });
    return (e) => tests.every((t) => t(e));
  }
}
