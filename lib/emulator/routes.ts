/** The Google REST methods the emulator answers, routed by path, with Google's JSON shapes. */
import { createHash } from 'node:crypto';
import type { Scenario, ScenarioProject } from '../scenario/schema';
import { apiError, ApiErrorThrown, fail, failWith, groupDeniedError, type ApiError } from './errors';
import { servePolicy } from './policy';
import { Troubleshooter } from './troubleshoot';
import { ARTIFACT_REGISTRY_LOCATIONS, DEFAULT_SERVER_CONFIG, predefinedRole } from './static-data';
import { AssetCatalog, listPermission } from './cloudasset';
import { defineAccessContextRoutes } from './access-context';
import { defineDenyPolicyRoutes } from './iam-v2';
import { defineRepositoryRuleRoutes } from './repository-rules';
import { defineLoggingRoutes } from './logging';

/** The googleapis API names used in the request log, quotas and disabledServices. */
export type ApiName =
  | 'cloudresourcemanager'
  | 'container'
  | 'artifactregistry'
  | 'iam'
  | 'compute'
  | 'cloudidentity'
  | 'serviceusage'
  | 'policytroubleshooter'
  | 'accesscontextmanager'
  | 'cloudasset'
  | 'logging';

/** Default page sizes of the paginated lists (small, so that readers exercise paging). */
export interface PageSizes {
  projects?: number;
  repositories?: number;
  folders?: number;
  memberships?: number;
  routers?: number;
  serviceAccounts?: number;
  /** IAM v2 policies.listPolicies: Google ignores pageSize and pages by 1000; the emulator pages by this. */
  denyPolicies?: number;
  accessPolicies?: number;
  servicePerimeters?: number;
  /** Artifact Registry repositories.rules.list. */
  rules?: number;
}

const SERVICE_TITLES: Record<ApiName, string> = {
  cloudresourcemanager: 'Cloud Resource Manager API',
  container: 'Kubernetes Engine API',
  artifactregistry: 'Artifact Registry API',
  iam: 'Identity and Access Management (IAM) API',
  compute: 'Compute Engine API',
  cloudidentity: 'Cloud Identity API',
  serviceusage: 'Service Usage API',
  policytroubleshooter: 'Policy Troubleshooter API',
  cloudasset: 'Cloud Asset API',
  accesscontextmanager: 'Access Context Manager API',
  logging: 'Cloud Logging API',
};

/** What a handler receives. */
export interface Ctx {
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** The project named in the path, resolved (absent for "-" and for routes without a project). */
  project?: ScenarioProject;
  /** Zones a scenario fault marks unreachable for clusters.list (answered in `missingZones`). */
  missingZones?: string[];
}

interface Route {
  method: 'GET' | 'POST';
  segs: string[];
  verb: string | null;
  api: ApiName;
  /** The IAM permission Google checks, for 403 messages and ErrorInfo metadata. */
  permission: string | null;
  /** True when the path may name project "-" (any project). */
  anyProject: boolean;
  /** A per-method quota metric (Cloud Asset Inventory counts ListAssets, SearchAllResources… apart). */
  metric?: string;
  handle: (ctx: Ctx) => unknown;
}

/** A request matched to a route. */
export interface Matched {
  api: ApiName;
  permission: string | null;
  params: Record<string, string>;
  route: Route;
  /** The route's per-method quota metric, if it has one. */
  metric?: string;
}

/** Which API a path belongs to, for logging requests that match no route (e.g. refused writes). */
export function apiOfPath(path: string): ApiName | 'unknown' {
  if (/^\/v1\/(projects|folders|organizations)\/[^/]+(\/assets|:searchAllResources|:searchAllIamPolicies)$/.test(path)) return 'cloudasset';
  if (/^\/v1\/projects\/[^/]+\/services([/:]|$)/.test(path)) return 'serviceusage';
  if (path.startsWith('/compute/')) return 'compute';
  if (/^\/v2\/entries([/:]|$)/.test(path)) return 'logging';
  if (path === '/v3/iam:troubleshoot') return 'policytroubleshooter';
  if (/^\/v2\/policies([/:]|$)/.test(path)) return 'iam';
  if (/^\/v1\/accessPolicies([/:]|$)/.test(path)) return 'accesscontextmanager';
  if (path.startsWith('/v3/')) return 'cloudresourcemanager';
  if (/^\/v1\/groups([/:]|$)/.test(path)) return 'cloudidentity';
  if (/^\/v1\/roles([/:]|$)/.test(path) || /^\/v1\/(projects|organizations)\/[^/]+\/roles([/:]|$)/.test(path)) return 'iam';
  if (/^\/v1\/projects\/[^/]+\/serviceAccounts([/:]|$)/.test(path)) return 'iam';
  if (/^\/v1\/projects\/[^/]+\/locations\/[^/]+\/(clusters|serverConfig|operations)([/:]|$)/.test(path)) return 'container';
  if (/^\/v1\/projects\/[^/]+\/(zones|aggregated)\//.test(path)) return 'container';
  if (/^\/v1\/projects\/[^/]+\/locations([/:]|$)/.test(path)) return 'artifactregistry';
  if (/^\/v1\/(projects|organizations)([/:]|$)/.test(path)) return 'cloudresourcemanager';
  return 'unknown';
}

function splitPath(path: string): { segs: string[]; verb: string | null } {
  const segs = path.split('/').slice(1);
  const last = segs[segs.length - 1] ?? '';
  const colon = last.lastIndexOf(':');
  if (colon > 0) {
    segs[segs.length - 1] = last.slice(0, colon);
    return { segs, verb: last.slice(colon + 1) };
  }
  return { segs, verb: null };
}

export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Pages a list with an opaque token; Google omits empty lists and a token on the last page. */
export function paginate<T>(items: T[], query: URLSearchParams, defaultSize: number, maxSize: number, sizeParam = 'pageSize'): { items: T[]; next?: string } {
  const rawSize = query.get(sizeParam);
  let size = defaultSize;
  if (rawSize !== null && rawSize !== '') {
    const n = Number(rawSize);
    if (!Number.isInteger(n) || n < 0) fail(400, `Invalid value for ${sizeParam}: "${rawSize}".`, { reason: 'INVALID_ARGUMENT' });
    if (n > 0) size = Math.min(n, maxSize);
  }
  let offset = 0;
  const token = query.get('pageToken');
  if (token) {
    const m = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!m) fail(400, `Invalid page token "${token}".`, { reason: 'INVALID_ARGUMENT' });
    offset = Number(m![1]);
  }
  const slice = items.slice(offset, offset + size);
  const end = offset + slice.length;
  return { items: slice, next: end < items.length ? Buffer.from(`o${end}`).toString('base64url') : undefined };
}

export function listBody(field: string, page: { items: unknown[]; next?: string }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = { ...extra };
  if (page.items.length) out[field] = page.items;
  if (page.next) out.nextPageToken = page.next;
  return out;
}

function requestedVersion(ctx: Ctx): number | undefined {
  const q = ctx.query.get('options.requestedPolicyVersion');
  if (q !== null) return Number(q);
  const opts = ctx.body.options as { requestedPolicyVersion?: unknown } | undefined;
  return typeof opts?.requestedPolicyVersion === 'number' ? opts.requestedPolicyVersion : undefined;
}

/** Parses a Resource Manager v1 filter ("parent.type:folder parent.id:123 lifecycleState:ACTIVE") into terms. */
function filterTerms(filter: string): Array<[string, string]> {
  const terms: Array<[string, string]> = [];
  const re = /(?<![A-Za-z_.])([A-Za-z_.]+)\s*[:=]\s*("([^"]*)"|'([^']*)'|\S+)/g;
  for (let m = re.exec(filter); m; m = re.exec(filter)) terms.push([m[1], m[3] ?? m[4] ?? m[2]]);
  return terms;
}

function lastSegment(url: string | undefined): string {
  return (url ?? '').split('/').pop() ?? '';
}

/** What the route files of lib/emulator (iam-v2, access-context, repository-rules) use from Routes. */
export interface RouteKit {
  scenario: Scenario;
  sizes: Required<PageSizes>;
  add(spec: string, api: ApiName, permission: string | null, handle: (ctx: Ctx) => unknown): void;
  /** Throws Google's 403 "Permission '…' denied on resource '…' (or it may not exist)". */
  denied(m: { permission: string | null; api: ApiName }, resource: string): never;
  notFound(m: { api: ApiName }, resource: string, message?: string): never;
  /** Throws Google's 403 SERVICE_DISABLED for an API off on a project (by number). */
  serviceDisabled(api: ApiName, projectNumber: string): never;
  /** A scenario project by id or number. */
  project(id: string): ScenarioProject | undefined;
  organization(id: string): NonNullable<Scenario['organizations']>[number] | undefined;
  folder(id: string): NonNullable<Scenario['folders']>[number] | undefined;
}

/** Every route, built over one scenario. */
export class Routes {
  private readonly routes: Route[] = [];
  private readonly projects = new Map<string, ScenarioProject>();
  private readonly orgs = new Map<string, NonNullable<Scenario['organizations']>[number]>();
  private readonly folders = new Map<string, NonNullable<Scenario['folders']>[number]>();
  /** Keyed by lower-case email and by uniqueId. */
  private readonly accounts = new Map<string, NonNullable<ScenarioProject['serviceAccounts']>[number]>();
  private readonly sizes: Required<PageSizes>;

  constructor(
    private readonly scenario: Scenario,
    sizes: PageSizes = {},
  ) {
    this.sizes = {
      projects: 2,
      repositories: 2,
      folders: 2,
      memberships: 2,
      routers: 2,
      serviceAccounts: 2,
      denyPolicies: 2,
      accessPolicies: 2,
      servicePerimeters: 2,
      rules: 2,
      ...sizes,
    };
    for (const p of scenario.projects) {
      this.projects.set(p.project.projectId, p);
      this.projects.set(String(p.project.projectNumber), p);
      for (const a of p.serviceAccounts ?? []) {
        if (!this.accounts.has(a.email.toLowerCase())) this.accounts.set(a.email.toLowerCase(), a);
        if (a.uniqueId && !this.accounts.has(a.uniqueId)) this.accounts.set(a.uniqueId, a);
      }
    }
    for (const o of scenario.organizations ?? []) if (o.organization.name) this.orgs.set(o.organization.name, o);
    for (const f of scenario.folders ?? []) if (f.folder.name) this.folders.set(f.folder.name, f);
    this.define();
  }

  /** Finds the route for a request, or null. */
  match(method: string, path: string): Matched | null {
    const { segs, verb } = splitPath(path);
    for (const r of this.routes) {
      if (r.method !== method || r.verb !== verb || r.segs.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segs.length && ok; i++) {
        const p = r.segs[i];
        if (p.startsWith('{')) params[p.slice(1, -1)] = segs[i];
        else ok = p === segs[i];
      }
      if (ok) return { api: r.api, permission: r.permission, params, route: r, ...(r.metric ? { metric: r.metric } : {}) };
    }
    return null;
  }

  /** The project a matched request is about (its projectId), or null. */
  projectOf(m: Matched, body: Record<string, unknown> = {}): string | null {
    // Cloud Logging names its projects in the body (resourceNames), not the path: the first one is charged.
    if (m.api === 'logging') {
      const names = Array.isArray(body.resourceNames) ? body.resourceNames : Array.isArray(body.projectIds) ? (body.projectIds as unknown[]).map((x) => `projects/${String(x)}`) : [];
      const first = names.find((n): n is string => typeof n === 'string' && n.startsWith('projects/'));
      const id = first ? first.split('/')[1] : null;
      return id ? (this.projects.get(id)?.project.projectId ?? id) : null;
    }
    const p = m.params.project;
    if (!p || p === '-') return null;
    return this.projects.get(p)?.project.projectId ?? p;
  }

  /** Runs a matched route: quota project checks, unknown project → 403, disabled service → 403 SERVICE_DISABLED, else the handler. */
  run(m: Matched, query: URLSearchParams, body: Record<string, unknown>, extra: { missingZones?: string[] } = {}): { status: number; body: unknown } | ApiError {
    const ctx: Ctx = { params: m.params, query, body, ...(extra.missingZones ? { missingZones: extra.missingZones } : {}) };
    try {
      this.checkQuotaProject(m);
      const id = m.params.project;
      if (id !== undefined && !(id === '-' && m.route.anyProject)) {
        const project = this.projects.get(id);
        if (!project) this.denied(m, `projects/${id}`);
        ctx.project = project;
        const disabled = project!.disabledServices ?? [];
        const service = `${m.api}.googleapis.com`;
        // The API must also be enabled on the project the call names; Google names that project as the consumer.
        if (disabled.includes(service) || disabled.includes(m.api)) {
          this.serviceDisabled(m.api, String(project!.project.projectNumber));
        }
      }
      return { status: 200, body: m.route.handle(ctx) };
    } catch (err) {
      if (err instanceof ApiErrorThrown) return err.error;
      throw err;
    }
  }

  /**
   * The quota project (x-goog-user-project, or the credentials' quota_project_id) is the consumer Google checks
   * for every call, whatever project the path names: USER_PROJECT_DENIED when the caller lacks
   * serviceusage.services.use on it, SERVICE_DISABLED naming it in `metadata.consumer` when the API is off there
   * (ErrorInfo reasons; "Troubleshoot Application Default Credentials", client-based APIs).
   */
  private checkQuotaProject(m: Matched): void {
    const qp = this.scenario.quotaProject;
    if (!qp) return;
    const service = `${m.api}.googleapis.com`;
    const num = String(qp.projectNumber);
    if (qp.callerCanUse === false) {
      fail(
        403,
        `Caller does not have required permission to use project ${qp.projectId}. Grant the caller the roles/serviceusage.serviceUsageConsumer role, or a custom role with the serviceusage.services.use permission, by visiting https://console.developers.google.com/iam-admin/iam/admin?project=${qp.projectId} and then retry. Propagation of the new permission may take a few minutes.`,
        { reason: 'USER_PROJECT_DENIED', metadata: { service, consumer: `projects/${qp.projectId}` }, compute: m.api === 'compute' },
      );
    }
    if (qp.enabledServices && !qp.enabledServices.includes(service)) this.serviceDisabled(m.api, num);
    // A project of the scenario that is also the quota project keeps its own disabledServices.
    const own = this.projects.get(qp.projectId) ?? this.projects.get(num);
    if (!qp.enabledServices && own?.disabledServices?.includes(service)) this.serviceDisabled(m.api, num);
  }

  /** 403 SERVICE_DISABLED naming the consumer project by number, as Google words it (Compute: legacy accessNotConfigured). */
  private serviceDisabled(api: ApiName, num: string): never {
    const service = `${api}.googleapis.com`;
    const activationUrl = `https://console.developers.google.com/apis/api/${service}/overview?project=${num}`;
    return fail(
      403,
      `${SERVICE_TITLES[api]} has not been used in project ${num} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`,
      {
        reason: 'SERVICE_DISABLED',
        metadata: { service, consumer: `projects/${num}`, serviceTitle: SERVICE_TITLES[api], activationUrl, containerInfo: num },
        compute: api === 'compute',
        extendedHelp: activationUrl,
      },
    );
  }

  /** Whether a service is enabled on a project, as Service Usage reports it to the quota project's owner. */
  private serviceState(project: string, service: string): 'ENABLED' | 'DISABLED' {
    const qp = this.scenario.quotaProject;
    if (qp && (project === qp.projectId || project === String(qp.projectNumber)) && qp.enabledServices) {
      return qp.enabledServices.includes(service) ? 'ENABLED' : 'DISABLED';
    }
    const p = this.projects.get(project);
    const api = service.replace(/\.googleapis\.com$/, '');
    return p?.disabledServices?.includes(service) || p?.disabledServices?.includes(api) ? 'DISABLED' : 'ENABLED';
  }

  /** The project number Service Usage names a project by, or null when the scenario does not know it. */
  private projectNumberOf(project: string): string | null {
    const qp = this.scenario.quotaProject;
    if (qp && (project === qp.projectId || project === String(qp.projectNumber))) return String(qp.projectNumber);
    const p = this.projects.get(project);
    return p ? String(p.project.projectNumber) : null;
  }

  /** The 403 Google gives for a resource the caller cannot see (or that does not exist). */
  private denied(m: { permission: string | null; api: ApiName }, resource: string): never {
    const msg = m.permission
      ? `Permission '${m.permission}' denied on resource '${resource}' (or it may not exist).`
      : `The caller does not have permission on '${resource}' (or it may not exist).`;
    return fail(403, msg, {
      reason: 'IAM_PERMISSION_DENIED',
      domain: `${m.api}.googleapis.com`,
      metadata: m.permission ? { permission: m.permission, resource } : { resource },
      compute: m.api === 'compute',
    });
  }

  private notFound(m: { api: ApiName }, resource: string, message?: string): never {
    return fail(404, message ?? (m.api === 'compute' ? `The resource '${resource}' was not found` : `Requested entity was not found: ${resource}`), {
      reason: 'NOT_FOUND',
      metadata: { resource },
      compute: m.api === 'compute',
    });
  }

  private add(spec: string, api: ApiName, permission: string | null, handle: (ctx: Ctx) => unknown, anyProject = false): void {
    const [method, path] = spec.split(' ');
    const { segs, verb } = splitPath(path);
    this.routes.push({ method: method as Route['method'], segs, verb, api, permission, anyProject, handle });
  }

  private org(id: string) {
    return this.orgs.get(`organizations/${id}`);
  }

  private folder(id: string) {
    return this.folders.get(`folders/${id}`);
  }

  private groupId(g: NonNullable<Scenario['groups']>[number]): string {
    return g.group.name?.replace(/^groups\//, '') ?? `0${createHash('sha1').update(g.group.groupKey.id.toLowerCase()).digest('hex').slice(0, 14)}`;
  }

  private define(): void {
    const s = this.scenario;
    const crm = 'cloudresourcemanager' as const;

    // Resource Manager v1
    this.add('GET /v1/projects', crm, 'resourcemanager.projects.list', ({ query }) => {
      const terms = filterTerms(query.get('filter') ?? '');
      const items = s.projects
        .map((p) => p.project)
        .filter((p) =>
          terms.every(([k, v]) => {
            const key = k.toLowerCase();
            if (key === 'parent.type') return p.parent?.type === v;
            if (key === 'parent.id') return p.parent?.id === v;
            if (key === 'id' || key === 'projectid') return p.projectId === v;
            if (key === 'lifecyclestate') return (p.lifecycleState ?? 'ACTIVE') === v;
            if (key === 'projectnumber') return String(p.projectNumber) === v;
            return true;
          }),
        );
      const page = paginate(items, query, this.sizes.projects, 1000);
      return listBody('projects', { ...page, items: clone(page.items) });
    });
    this.add('GET /v1/projects/{project}', crm, 'resourcemanager.projects.get', ({ project }) => clone(project!.project));
    this.add('POST /v1/projects/{project}:getAncestry', crm, 'resourcemanager.projects.get', ({ project }) => {
      const ancestor: Array<{ resourceId: { type: string; id: string } }> = [{ resourceId: { type: 'project', id: project!.project.projectId } }];
      let parent = project!.project.parent;
      const seen = new Set<string>();
      while (parent?.type && parent.id && !seen.has(`${parent.type}/${parent.id}`)) {
        seen.add(`${parent.type}/${parent.id}`);
        ancestor.push({ resourceId: { type: parent.type, id: parent.id } });
        if (parent.type !== 'folder') break;
        const f = this.folder(parent.id)?.folder.parent;
        const m = f ? /^(organizations|folders)\/(.+)$/.exec(f) : null;
        parent = m ? { type: m[1] === 'folders' ? 'folder' : 'organization', id: m[2] } : undefined;
      }
      return { ancestor };
    });
    this.add('POST /v1/projects/{project}:getIamPolicy', crm, 'resourcemanager.projects.getIamPolicy', (ctx) =>
      servePolicy(ctx.project!.iamPolicy, requestedVersion(ctx)),
    );
    this.add('GET /v1/organizations/{org}', crm, 'resourcemanager.organizations.get', ({ params }) => {
      const o = this.org(params.org);
      if (!o) this.denied({ permission: 'resourcemanager.organizations.get', api: crm }, `organizations/${params.org}`);
      return clone(o!.organization);
    });
    this.add('POST /v1/organizations/{org}:getIamPolicy', crm, 'resourcemanager.organizations.getIamPolicy', (ctx) => {
      const o = this.org(ctx.params.org);
      if (!o) this.denied({ permission: 'resourcemanager.organizations.getIamPolicy', api: crm }, `organizations/${ctx.params.org}`);
      return servePolicy(o!.iamPolicy, requestedVersion(ctx));
    });

    // Resource Manager v3
    this.add('GET /v3/folders', crm, 'resourcemanager.folders.list', ({ query }) => {
      const parent = query.get('parent');
      if (!parent) fail(400, 'Request contains an invalid argument: parent is required.', { reason: 'INVALID_ARGUMENT' });
      const m = /^(organizations|folders)\/([^/]+)$/.exec(parent!);
      if (!m) fail(400, `Invalid parent "${parent}": expected folders/ID or organizations/ID.`, { reason: 'INVALID_ARGUMENT' });
      const known = m![1] === 'folders' ? this.folder(m![2]) : this.org(m![2]);
      if (!known) this.denied({ permission: 'resourcemanager.folders.list', api: crm }, parent!);
      const showDeleted = query.get('showDeleted') === 'true';
      const items = (s.folders ?? [])
        .map((f) => f.folder)
        .filter((f) => f.parent === parent && (showDeleted || (f.state ?? 'ACTIVE') === 'ACTIVE'));
      return listBody('folders', paginate(clone(items), query, this.sizes.folders, 1000));
    });
    this.add('GET /v3/folders/{folder}', crm, 'resourcemanager.folders.get', ({ params }) => {
      const f = this.folder(params.folder);
      if (!f) this.denied({ permission: 'resourcemanager.folders.get', api: crm }, `folders/${params.folder}`);
      return clone(f!.folder);
    });
    this.add('POST /v3/folders/{folder}:getIamPolicy', crm, 'resourcemanager.folders.getIamPolicy', (ctx) => {
      const f = this.folder(ctx.params.folder);
      if (!f) this.denied({ permission: 'resourcemanager.folders.getIamPolicy', api: crm }, `folders/${ctx.params.folder}`);
      return servePolicy(f!.iamPolicy, requestedVersion(ctx));
    });

    // GKE
    const gke = 'container' as const;
    const findCluster = (ctx: Ctx) => {
      const { location, cluster } = ctx.params;
      const c = (ctx.project!.clusters ?? []).find((x) => x.name === cluster && (location === '-' || x.location === location));
      if (!c) this.notFound({ api: gke }, `projects/${ctx.params.project}/locations/${location}/clusters/${cluster}`, `Not found: projects/${ctx.params.project}/locations/${location}/clusters/${cluster}.`);
      return c!;
    };
    this.add('GET /v1/projects/{project}/locations/{location}/clusters', gke, 'container.clusters.list', ({ project, params, missingZones }) => {
      // ListClustersResponse.missingZones: zones that could not be reached; their clusters are left out of the list.
      const missing = new Set(missingZones ?? []);
      const items = (project!.clusters ?? []).filter((c) => (params.location === '-' || c.location === params.location) && !missing.has(c.location));
      const out: Record<string, unknown> = {};
      if (items.length) out.clusters = clone(items);
      if (missing.size) out.missingZones = [...missing];
      return out;
    });
    this.add('GET /v1/projects/{project}/locations/{location}/clusters/{cluster}', gke, 'container.clusters.get', (ctx) => clone(findCluster(ctx)));
    this.add('GET /v1/projects/{project}/locations/{location}/clusters/{cluster}/nodePools', gke, 'container.clusters.get', (ctx) => {
      const pools = findCluster(ctx).nodePools ?? [];
      return pools.length ? { nodePools: clone(pools) } : {};
    });
    this.add('GET /v1/projects/{project}/locations/{location}/clusters/{cluster}/nodePools/{nodePool}', gke, 'container.clusters.get', (ctx) => {
      const pool = (findCluster(ctx).nodePools ?? []).find((p) => p.name === ctx.params.nodePool);
      if (!pool) this.notFound({ api: gke }, `projects/${ctx.params.project}/locations/${ctx.params.location}/clusters/${ctx.params.cluster}/nodePools/${ctx.params.nodePool}`);
      return clone(pool);
    });
    this.add('GET /v1/projects/{project}/locations/{location}/serverConfig', gke, 'container.clusters.list', () =>
      clone(s.serverConfig ?? DEFAULT_SERVER_CONFIG),
    );

    // Artifact Registry
    const ar = 'artifactregistry' as const;
    const repoPrefix = (ctx: Ctx) => `projects/${ctx.project!.project.projectId}/locations/${ctx.params.location}/repositories/`;
    const findRepo = (ctx: Ctx) => {
      const name = repoPrefix(ctx) + ctx.params.repository;
      const r = (ctx.project!.repositories ?? []).find((e) => e.repository.name === name);
      if (!r) this.notFound({ api: ar }, name);
      return r!;
    };
    this.add('GET /v1/projects/{project}/locations', ar, 'artifactregistry.locations.list', ({ project, query }) => {
      const all = ARTIFACT_REGISTRY_LOCATIONS.map((l) => ({ name: `projects/${project!.project.projectId}/locations/${l}`, locationId: l }));
      return listBody('locations', paginate(all, query, all.length, 1000));
    });
    this.add('GET /v1/projects/{project}/locations/{location}/repositories', ar, 'artifactregistry.repositories.list', (ctx) => {
      const prefix = repoPrefix(ctx);
      const items = (ctx.project!.repositories ?? []).map((e) => e.repository).filter((r) => r.name.startsWith(prefix));
      return listBody('repositories', paginate(clone(items), ctx.query, this.sizes.repositories, 1000));
    });
    this.add('GET /v1/projects/{project}/locations/{location}/repositories/{repository}', ar, 'artifactregistry.repositories.get', (ctx) =>
      clone(findRepo(ctx).repository),
    );
    this.add('GET /v1/projects/{project}/locations/{location}/repositories/{repository}:getIamPolicy', ar, 'artifactregistry.repositories.getIamPolicy', (ctx) =>
      servePolicy(findRepo(ctx).iamPolicy, requestedVersion(ctx)),
    );

    // Issue 11's guards: IAM v2 deny policies, Access Context Manager perimeters, repository download rules.
    const kit: RouteKit = {
      scenario: s,
      sizes: this.sizes,
      add: (spec, api, permission, handle) => this.add(spec, api, permission, handle),
      denied: (m, resource) => this.denied(m, resource),
      notFound: (m, resource, message) => this.notFound(m, resource, message),
      serviceDisabled: (api, num) => this.serviceDisabled(api, num),
      project: (id) => this.projects.get(id),
      organization: (id) => this.org(id),
      folder: (id) => this.folder(id),
    };
    defineDenyPolicyRoutes(kit);
    defineAccessContextRoutes(kit);
    defineRepositoryRuleRoutes(kit, findRepo);
    // Cloud Logging v2 entries.list (lib/emulator/logging.ts): Kubernetes events from scenario logEntries.
    defineLoggingRoutes(kit);

    // IAM
    const iam = 'iam' as const;
    this.add('GET /v1/projects/{project}/serviceAccounts', iam, 'iam.serviceAccounts.list', ({ project, query }) => {
      return listBody('accounts', paginate(clone(project!.serviceAccounts ?? []), query, this.sizes.serviceAccounts, 100));
    });
    this.add(
      'GET /v1/projects/{project}/serviceAccounts/{account}',
      iam,
      'iam.serviceAccounts.get',
      ({ params }) => {
        const sa = this.accounts.get(params.account.toLowerCase()) ?? this.accounts.get(params.account);
        if (sa) return clone(sa);
        // Google answers a missing (deleted) account with 403, not 404, to every caller, Owners included; the
        // ErrorInfo names the permission only (public reports: crossplane-contrib/provider-upjet-gcp issue 411,
        // hashicorp/terraform-provider-google issues 11208 and 3349).
        return fail(403, "Permission 'iam.serviceAccounts.get' denied on resource (or it may not exist).", {
          reason: 'IAM_PERMISSION_DENIED',
          domain: 'iam.googleapis.com',
          metadata: { permission: 'iam.serviceAccounts.get' },
        });
      },
      true,
    );
    this.add('GET /v1/projects/{project}/roles/{role}', iam, 'iam.roles.get', ({ project, params }) => {
      const name = `projects/${project!.project.projectId}/roles/${params.role}`;
      const r = (project!.roles ?? []).find((x) => x.name === name || x.name === `projects/${params.project}/roles/${params.role}`);
      if (!r) this.notFound({ api: iam }, name, `The role named ${name} was not found.`);
      return clone(r);
    });
    this.add('GET /v1/organizations/{org}/roles/{role}', iam, 'iam.roles.get', ({ params }) => {
      const name = `organizations/${params.org}/roles/${params.role}`;
      const r = (s.organizationRoles ?? []).find((x) => x.name === name);
      if (r) return clone(r);
      if (!this.org(params.org)) this.denied({ permission: 'iam.roles.get', api: iam }, `organizations/${params.org}`);
      return this.notFound({ api: iam }, name, `The role named ${name} was not found.`);
    });
    this.add('GET /v1/roles/{role}', iam, null, ({ params }) => {
      const r = predefinedRole(s, `roles/${params.role}`);
      if (!r) this.notFound({ api: iam }, `roles/${params.role}`, `The role named roles/${params.role} was not found.`);
      return clone(r);
    });

    // Compute
    const ce = 'compute' as const;
    const base = 'https://www.googleapis.com/compute/v1';
    this.add('GET /compute/v1/projects/{project}/regions/{region}/subnetworks/{subnetwork}', ce, 'compute.subnetworks.get', ({ project, params }) => {
      const sn = (project!.subnetworks ?? []).find((x) => x.name === params.subnetwork && lastSegment(x.region) === params.region);
      const path = `projects/${params.project}/regions/${params.region}/subnetworks/${params.subnetwork}`;
      if (!sn) this.notFound({ api: ce }, path);
      return { kind: 'compute#subnetwork', ...clone(sn) };
    });
    this.add('GET /compute/v1/projects/{project}/regions/{region}/routers', ce, 'compute.routers.list', ({ project, params, query }) => {
      const items = (project!.routers ?? []).filter((r) => lastSegment(r.region) === params.region).map((r) => ({ kind: 'compute#router', ...clone(r) }));
      const path = `projects/${params.project}/regions/${params.region}/routers`;
      return listBody('items', paginate(items, query, this.sizes.routers, 500, 'maxResults'), { kind: 'compute#routerList', id: path, selfLink: `${base}/${path}` });
    });

    // Cloud Identity
    const ci = 'cloudidentity' as const;
    const findGroup = (id: string) => {
      const g = (s.groups ?? []).find((x) => this.groupId(x) === id);
      // A group the caller cannot see, or that does not exist: 403 Error(2028) with a ResourceInfo detail, not 404.
      if (!g) failWith(groupDeniedError(`groups/${id}`));
      return g!;
    };
    const groupKeys = new Set((s.groups ?? []).map((g) => g.group.groupKey.id.toLowerCase()));
    /** The membership type Google knows for a member the scenario wrote without one (FULL view always has it). */
    const inferredType = (id: string | undefined): string => {
      const key = (id ?? '').toLowerCase();
      if (groupKeys.has(key)) return 'GROUP';
      if (key.endsWith('.gserviceaccount.com')) return 'SERVICE_ACCOUNT';
      return 'USER';
    };
    this.add('GET /v1/groups:lookup', ci, null, ({ query }) => {
      const email = (query.get('groupKey.id') ?? '').toLowerCase();
      if (!email) fail(400, 'Request contains an invalid argument: groupKey.id is required.', { reason: 'INVALID_ARGUMENT' });
      const g = (s.groups ?? []).find((x) => x.group.groupKey.id.toLowerCase() === email);
      if (!g) failWith(groupDeniedError(`groups/${email}`));
      return { name: `groups/${this.groupId(g!)}` };
    });
    this.add('GET /v1/groups/{group}', ci, null, ({ params }) => {
      const g = findGroup(params.group);
      return { ...clone(g.group), name: `groups/${this.groupId(g)}` };
    });
    this.add('GET /v1/groups/{group}/memberships', ci, null, ({ params, query }) => {
      const g = findGroup(params.group);
      const id = this.groupId(g);
      // The default BASIC view leaves out each membership's type; FULL carries it, at most 500 per page
      // (Cloud Identity groups.memberships.list reference, `view` and `pageSize`).
      const full = query.get('view') === 'FULL';
      const size = Number(query.get('pageSize') ?? '0');
      if (full && size > 500) fail(400, 'Request contains an invalid argument: page_size must not be greater than 500 for the FULL view.', { reason: 'INVALID_ARGUMENT' });
      const members = (g.members ?? []).map((m, i) => {
        const { type, ...rest } = clone(m);
        const out: Record<string, unknown> = {
          name: `groups/${id}/memberships/${createHash('sha1').update(`${id}/${m.preferredMemberKey?.id ?? i}`).digest('hex').slice(0, 16)}`,
          ...rest,
        };
        if (full) out.type = type ?? inferredType(m.preferredMemberKey?.id);
        return out;
      });
      return listBody('memberships', paginate(members, query, this.sizes.memberships, full ? 500 : 1000));
    });

    // Service Usage (read-only): whether an API is enabled on a project, for the scan's preflight.
    const su = 'serviceusage' as const;
    const serviceBody = (project: string, service: string) => {
      const num = this.projectNumberOf(project);
      if (num === null) this.denied({ permission: 'serviceusage.services.get', api: su }, `projects/${project}`);
      const api = service.replace(/\.googleapis\.com$/, '') as ApiName;
      return {
        name: `projects/${num}/services/${service}`,
        parent: `projects/${num}`,
        config: { name: service, title: SERVICE_TITLES[api] ?? service },
        state: this.serviceState(project, service),
      };
    };
    this.add('GET /v1/projects/{qp}/services/{service}', su, 'serviceusage.services.get', ({ params }) => serviceBody(params.qp, params.service));
    this.add('GET /v1/projects/{qp}/services:batchGet', su, 'serviceusage.services.get', ({ params, query }) => {
      const names = query.getAll('names');
      if (!names.length || names.length > 30) fail(400, 'Request contains an invalid argument: between 1 and 30 names are required.', { reason: 'INVALID_ARGUMENT' });
      return {
        services: names.map((n) => {
          const m = /^projects\/([^/]+)\/services\/([^/]+)$/.exec(n);
          if (!m || m[1] !== params.qp) fail(400, `Request contains an invalid argument: "${n.slice(0, 200)}" is not a service of projects/${params.qp}.`, { reason: 'INVALID_ARGUMENT' });
          return serviceBody(params.qp, m![2]);
        }),
      };
    });

    // Cloud Asset Inventory v1 (lib/emulator/cloudasset.ts), from the same resources.
    const catalog = new AssetCatalog(s);
    const cai = (spec: string, permission: string, metric: string, handle: (ctx: Ctx) => unknown) => {
      this.add(spec, 'cloudasset', permission, handle);
      this.routes[this.routes.length - 1].metric = metric;
    };
    const caiScope = (ctx: Ctx, permission: string): string => {
      const { org, folder } = ctx.params;
      if (org !== undefined) {
        if (!this.org(org)) this.denied({ permission, api: 'cloudasset' }, `organizations/${org}`);
        return `organizations/${org}`;
      }
      if (folder !== undefined) {
        if (!this.folder(folder)) this.denied({ permission, api: 'cloudasset' }, `folders/${folder}`);
        return `folders/${folder}`;
      }
      return `projects/${ctx.project!.project.projectNumber}`;
    };
    for (const parent of ['organizations/{org}', 'folders/{folder}', 'projects/{project}']) {
      cai(`GET /v1/${parent}/assets`, 'cloudasset.assets.listResource', 'ListAssets', (ctx) =>
        catalog.listAssets(caiScope(ctx, listPermission(ctx.query.get('contentType'))), ctx.query),
      );
      cai(`GET /v1/${parent}:searchAllResources`, 'cloudasset.assets.searchAllResources', 'SearchAllResources', (ctx) =>
        catalog.searchAllResources(caiScope(ctx, 'cloudasset.assets.searchAllResources'), ctx.query),
      );
      cai(`GET /v1/${parent}:searchAllIamPolicies`, 'cloudasset.assets.searchAllIamPolicies', 'SearchAllIamPolicies', (ctx) =>
        catalog.searchAllIamPolicies(caiScope(ctx, 'cloudasset.assets.searchAllIamPolicies'), ctx.query),
      );
    }

    // Policy Troubleshooter v3 (lib/emulator/troubleshoot.ts)
    const troubleshooter = new Troubleshooter(s);
    this.add('POST /v3/iam:troubleshoot', 'policytroubleshooter', null, ({ body }) => troubleshooter.answer(body));
  }
}

/** The error answer for a request that matched no route: writes are refused (405), unknown reads 404. */
export function unrouted(method: string, path: string, api: ApiName | 'unknown'): ApiError {
  if (method !== 'GET') {
    return apiError(405, `The Pullcheck emulator is read-only: ${method} ${path} is not a read method it serves.`, {
      reason: 'METHOD_NOT_ALLOWED',
      compute: api === 'compute',
    });
  }
  return apiError(404, `The requested URL ${path} was not found on this server.`, { reason: 'NOT_FOUND', compute: api === 'compute' });
}
