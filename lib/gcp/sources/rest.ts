/** The per-resource source: every read is one REST call (or one paged list) through the shared Caller. */
import type {
  RawAncestor,
  RawCluster,
  RawFolder,
  RawMembership,
  RawOrganization,
  RawPolicy,
  RawProject,
  RawRepository,
  RawRole,
  RawRouter,
  RawServerConfig,
  RawServiceAccount,
  RawSubnetwork,
  Readable,
} from '../../inventory/raw';
import type { Caller, CallOutcome, CallTuning } from '../call';
import type { GcpClients } from '../clients';
import type { CallTarget, Failure } from '../gaps';
import type { CoverageLog, EstateSource } from './types';

/** Google's page-size caps per list method (each API's REST reference). */
export const PAGE_CAP = { projects: 500, folders: 100, repositories: 1000, locations: 500, membershipsFull: 500, routers: 500 };

const ok = <T>(value: T): Readable<T> => ({ ok: true, value });
const gapOf = <T>(o: CallOutcome<T>): Readable<never> => ({ ok: false, gapId: (o as { gapId: string | null }).gapId ?? 'gap-unknown' });

/** Every page of a list method through the caller; all-or-nothing (a failed page makes the whole list a gap). */
export async function listAll<R, T>(
  caller: Caller,
  target: CallTarget & { priority?: number },
  page: (token: string | undefined, signal: AbortSignal) => Promise<{ data: R }>,
  items: (r: R) => T[] | null | undefined,
  next: (r: R) => string | null | undefined,
  onPage?: (items: T[], r: R) => void,
): Promise<Readable<T[]>> {
  const all: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const t = token;
    const o = await caller.call<R>({ ...target, keySuffix: t ?? '', run: (signal) => page(t, signal) });
    if (!o.ok) return gapOf(o);
    const got = items(o.value) ?? [];
    all.push(...got);
    onPage?.(got, o.value);
    token = next(o.value) || undefined;
    if (token && seen.has(token)) break;
    if (token) seen.add(token);
  } while (token);
  return ok(all);
}

/** Reads every resource with its own REST method, as Google's per-service APIs offer them. */
export class RestSource implements EstateSource {
  readonly name = 'api' as const;

  constructor(
    private readonly caller: Caller,
    private readonly clients: GcpClients,
    private readonly tuning: CallTuning,
    private readonly coverage: CoverageLog,
  ) {}

  private list<R, T>(
    target: CallTarget & { priority?: number },
    page: (token: string | undefined, signal: AbortSignal) => Promise<{ data: R }>,
    items: (r: R) => T[] | null | undefined,
    next: (r: R) => string | null | undefined,
    onPage?: (items: T[]) => void,
  ): Promise<Readable<T[]>> {
    return listAll(this.caller, target, page, items, next, onPage);
  }

  private listProjects(filter: string, resource: string, onProject: (p: RawProject) => void): Promise<Readable<RawProject[]>> {
    const { crm1 } = this.clients;
    const pageSize = Math.min(this.tuning.pageSize, PAGE_CAP.projects);
    return this.list(
      { api: 'cloudresourcemanager', method: 'projects.list', resource, request: 'GET /v1/projects' },
      (pageToken, signal) => crm1.projects.list({ filter, pageSize, pageToken }, { signal }),
      (r) => r.projects,
      (r) => r.nextPageToken,
      (ps) => ps.filter((p) => !p.lifecycleState || p.lifecycleState === 'ACTIVE').forEach(onProject),
    ).then((r) => {
      this.coverage.add({ what: 'projects', where: resource, source: 'api', items: r.ok ? r.value.length : 0, ...(r.ok ? {} : { gapId: r.gapId }) });
      return r;
    });
  }

  async allProjects(onProject: (p: RawProject) => void): Promise<void> {
    await this.listProjects('lifecycleState:ACTIVE', 'projects', onProject);
  }

  async enumerate(kind: 'folder' | 'organization', id: string, onProject: (p: RawProject) => void, onFolder: (f: RawFolder) => void): Promise<void> {
    const { crm3 } = this.clients;
    const parent = `${kind}s/${id}`;
    const pageSize = Math.min(this.tuning.pageSize, PAGE_CAP.folders);
    const children: Promise<void>[] = [];
    await Promise.all([
      this.listProjects(`parent.type:${kind} parent.id:${id} lifecycleState:ACTIVE`, parent, onProject),
      this.list(
        { api: 'cloudresourcemanager', method: 'folders.list', resource: parent, request: 'GET /v3/folders' },
        (pageToken, signal) => crm3.folders.list({ parent, pageSize, pageToken }, { signal }),
        (r) => r.folders,
        (r) => r.nextPageToken,
        (folders) => {
          for (const f of folders) {
            const childId = f.name?.replace(/^folders\//, '');
            if (!childId) continue;
            onFolder(f);
            children.push(this.enumerate('folder', childId, onProject, onFolder));
          }
        },
      ).then((r) => this.coverage.add({ what: 'folders', where: parent, source: 'api', items: r.ok ? r.value.length : 0, ...(r.ok ? {} : { gapId: r.gapId }) })),
    ]);
    await Promise.all(children);
  }

  project(id: string): Promise<CallOutcome<RawProject>> {
    return this.caller.call<RawProject>({
      api: 'cloudresourcemanager',
      method: 'projects.get',
      resource: `projects/${id}`,
      request: `GET /v1/projects/${id}`,
      run: (signal) => this.clients.crm1.projects.get({ projectId: id }, { signal }),
    });
  }

  async ancestry(id: string): Promise<CallOutcome<RawAncestor[]>> {
    const o = await this.caller.call({
      api: 'cloudresourcemanager',
      method: 'projects.getAncestry',
      resource: `projects/${id}`,
      request: `POST /v1/projects/${id}:getAncestry`,
      run: (signal) => this.clients.crm1.projects.getAncestry({ projectId: id, requestBody: {} }, { signal }),
    });
    return o.ok ? { ok: true, value: o.value.ancestor ?? [] } : o;
  }

  projectPolicy(id: string): Promise<CallOutcome<RawPolicy>> {
    return this.caller.call<RawPolicy>({
      api: 'cloudresourcemanager',
      method: 'projects.getIamPolicy',
      resource: `projects/${id}`,
      request: `POST /v1/projects/${id}:getIamPolicy`,
      // Without requestedPolicyVersion 3, conditional bindings come back mangled (role "_withcond_" suffix, no condition).
      run: (signal) => this.clients.crm1.projects.getIamPolicy({ resource: id, requestBody: { options: { requestedPolicyVersion: 3 } } }, { signal }),
    });
  }

  folder(id: string): Promise<CallOutcome<RawFolder>> {
    const key = `folders/${id}`;
    return this.caller.call<RawFolder>({
      api: 'cloudresourcemanager',
      method: 'folders.get',
      resource: key,
      request: `GET /v3/${key}`,
      run: (signal) => this.clients.crm3.folders.get({ name: key }, { signal }),
    });
  }

  folderPolicy(id: string): Promise<CallOutcome<RawPolicy>> {
    const key = `folders/${id}`;
    return this.caller.call<RawPolicy>({
      api: 'cloudresourcemanager',
      method: 'folders.getIamPolicy',
      resource: key,
      request: `POST /v3/${key}:getIamPolicy`,
      run: (signal) => this.clients.crm3.folders.getIamPolicy({ resource: key, requestBody: { options: { requestedPolicyVersion: 3 } } }, { signal }),
    });
  }

  organization(id: string): Promise<CallOutcome<RawOrganization>> {
    const name = `organizations/${id}`;
    return this.caller.call<RawOrganization>({
      api: 'cloudresourcemanager',
      method: 'organizations.get',
      resource: name,
      request: `GET /v1/${name}`,
      run: (signal) => this.clients.crm1.organizations.get({ name }, { signal }),
    });
  }

  organizationPolicy(id: string): Promise<CallOutcome<RawPolicy>> {
    const name = `organizations/${id}`;
    return this.caller.call<RawPolicy>({
      api: 'cloudresourcemanager',
      method: 'organizations.getIamPolicy',
      resource: name,
      request: `POST /v1/${name}:getIamPolicy`,
      run: (signal) => this.clients.crm1.organizations.getIamPolicy({ resource: name, requestBody: { options: { requestedPolicyVersion: 3 } } }, { signal }),
    });
  }

  async clusters(id: string): Promise<CallOutcome<{ clusters: RawCluster[]; missingZones: string[] }>> {
    const parent = `projects/${id}/locations/-`;
    const o = await this.caller.call({
      api: 'container',
      method: 'projects.locations.clusters.list',
      resource: parent,
      request: `GET /v1/${parent}/clusters`,
      run: (signal) => this.clients.container.projects.locations.clusters.list({ parent }, { signal }),
    });
    const where = `projects/${id}`;
    if (!o.ok) {
      this.coverage.add({ what: 'clusters', where, source: 'api', items: 0, gapId: o.gapId ?? 'gap-unknown' });
      return o;
    }
    const clusters = o.value.clusters ?? [];
    this.coverage.add({ what: 'clusters', where, source: 'api', items: clusters.length });
    // ListClustersResponse.missingZones: zones GKE could not reach; clusters there may be missing from the list.
    const missingZones = [...new Set((o.value.missingZones ?? []).filter((z): z is string => typeof z === 'string' && z.length > 0 && z.length <= 64))].sort();
    return { ok: true, value: { clusters, missingZones } };
  }

  async repositories(id: string): Promise<{ items: RawRepository[]; gapIds: string[] }> {
    const { artifactregistry } = this.clients;
    const name = `projects/${id}`;
    // Artifact Registry has no location wildcard for repositories.list: walk every location it offers.
    const locations = await this.list(
      { api: 'artifactregistry', method: 'projects.locations.list', resource: name, request: `GET /v1/${name}/locations` },
      (pageToken, signal) => artifactregistry.projects.locations.list({ name, pageSize: Math.min(this.tuning.pageSize, PAGE_CAP.locations), pageToken }, { signal }),
      (r) => r.locations,
      (r) => r.nextPageToken,
    );
    if (!locations.ok) {
      this.coverage.add({ what: 'repositories', where: name, source: 'api', items: 0, gapId: locations.gapId });
      return { items: [], gapIds: [locations.gapId] };
    }
    const ids = locations.value.map((l) => l.locationId ?? l.name?.split('/').pop()).filter((l): l is string => !!l);
    const perLocation = await Promise.all(
      ids.map(async (loc) => {
        const parent = `${name}/locations/${loc}`;
        const repos = await this.list(
          // The widest fan-out (every location of every project, mostly empty): queued behind calls that lead somewhere.
          { api: 'artifactregistry', method: 'projects.locations.repositories.list', resource: parent, request: `GET /v1/${parent}/repositories`, priority: 0 },
          (pageToken, signal) =>
            artifactregistry.projects.locations.repositories.list({ parent, pageSize: Math.min(this.tuning.pageSize, PAGE_CAP.repositories), pageToken }, { signal }),
          (r) => r.repositories,
          (r) => r.nextPageToken,
        );
        return repos.ok ? { items: repos.value, gapId: null } : { items: [] as RawRepository[], gapId: repos.gapId };
      }),
    );
    const items = perLocation.flatMap((p) => p.items);
    const gapIds = perLocation.map((p) => p.gapId).filter((g): g is string => !!g);
    this.coverage.add({ what: 'repositories', where: name, source: 'api', items: items.length, ...(gapIds.length ? { gapId: gapIds[0] } : {}), ...(gapIds.length > 1 ? { gapIds } : {}) });
    return { items, gapIds };
  }

  repositoryPolicy(resource: string): Promise<CallOutcome<RawPolicy>> {
    return this.caller.call<RawPolicy>({
      api: 'artifactregistry',
      method: 'projects.locations.repositories.getIamPolicy',
      resource,
      request: `GET /v1/${resource}:getIamPolicy`,
      run: (signal) => this.clients.artifactregistry.projects.locations.repositories.getIamPolicy({ resource, 'options.requestedPolicyVersion': 3 }, { signal }),
    });
  }

  serverConfig(id: string, location: string): Promise<CallOutcome<RawServerConfig>> {
    const name = `projects/${id}/locations/${location}`;
    return this.caller.call<RawServerConfig>({
      api: 'container',
      method: 'projects.locations.getServerConfig',
      resource: name,
      request: `GET /v1/${name}/serverConfig`,
      run: (signal) => this.clients.container.projects.locations.getServerConfig({ name }, { signal }),
    });
  }

  knownAccount(): undefined {
    return undefined;
  }

  serviceAccount(email: string, isAnswer: (f: Failure) => boolean): Promise<CallOutcome<RawServiceAccount>> {
    const name = `projects/-/serviceAccounts/${email}`;
    return this.caller.call<RawServiceAccount>({
      api: 'iam',
      method: 'projects.serviceAccounts.get',
      resource: name,
      request: `GET /v1/${name}`,
      // A 404, where Google gives one, also means deleted: an answer, not a gap.
      notFoundIsAnswer: true,
      isAnswer,
      run: (signal) => this.clients.iam.projects.serviceAccounts.get({ name }, { signal }),
    });
  }

  serviceAccountList(project: string): Promise<Readable<RawServiceAccount[]>> {
    const name = `projects/${project}`;
    return this.list<{ accounts?: RawServiceAccount[]; nextPageToken?: string | null }, RawServiceAccount>(
      { api: 'iam', method: 'projects.serviceAccounts.list', resource: name, request: `GET /v1/${name}/serviceAccounts` },
      (pageToken, signal) => this.clients.iam.projects.serviceAccounts.list({ name, pageSize: 100, pageToken }, { signal }),
      (r) => r.accounts,
      (r) => r.nextPageToken,
    ).then((r) => {
      this.coverage.add({ what: 'serviceAccounts', where: name, source: 'api', items: r.ok ? r.value.length : 0, ...(r.ok ? {} : { gapId: r.gapId }) });
      return r;
    });
  }

  subnetwork(path: string): Promise<CallOutcome<RawSubnetwork>> {
    const [, project, , region, , subnetwork] = path.split('/');
    return this.caller.call<RawSubnetwork>({
      api: 'compute',
      method: 'subnetworks.get',
      resource: path,
      request: `GET /compute/v1/${path}`,
      run: (signal) => this.clients.compute.subnetworks.get({ project, region, subnetwork }, { signal }),
    });
  }

  routers(project: string, region: string): Promise<Readable<RawRouter[]>> {
    const key = `projects/${project}/regions/${region}`;
    return this.list<{ items?: RawRouter[]; nextPageToken?: string | null }, RawRouter>(
      { api: 'compute', method: 'routers.list', resource: key, request: `GET /compute/v1/${key}/routers` },
      (pageToken, signal) => this.clients.compute.routers.list({ project, region, maxResults: Math.min(this.tuning.pageSize, PAGE_CAP.routers), pageToken }, { signal }),
      (res) => res.items,
      (res) => res.nextPageToken,
    ).then((r) => {
      this.coverage.add({ what: 'routers', where: key, source: 'api', items: r.ok ? r.value.length : 0, ...(r.ok ? {} : { gapId: r.gapId }) });
      return r;
    });
  }

  role(name: string): Promise<CallOutcome<RawRole>> {
    const { iam } = this.clients;
    const method = name.startsWith('projects/') ? 'projects.roles.get' : name.startsWith('organizations/') ? 'organizations.roles.get' : 'roles.get';
    return this.caller.call<RawRole>({
      api: 'iam',
      method,
      resource: name,
      request: `GET /v1/${name}`,
      notFoundIsAnswer: true,
      run: (signal) =>
        method === 'projects.roles.get'
          ? iam.projects.roles.get({ name }, { signal })
          : method === 'organizations.roles.get'
            ? iam.organizations.roles.get({ name }, { signal })
            : iam.roles.get({ name }, { signal }),
    });
  }

  groupLookup(email: string, definite: boolean): Promise<CallOutcome<{ name?: string | null }>> {
    const quietly = definite ? {} : { isAnswer: () => true, keySuffix: 'possible-group' };
    return this.caller.call<{ name?: string | null }>({
      api: 'cloudidentity',
      method: 'groups.lookup',
      resource: `groups/${email}`,
      request: 'GET /v1/groups:lookup',
      ...quietly,
      run: (signal) => this.clients.cloudidentity.groups.lookup({ 'groupKey.id': email }, { signal }),
    });
  }

  /**
   * Every page of memberships.list in the FULL view (the default BASIC view leaves out each membership's type, so
   * a nested group would look like a user: Cloud Identity groups.memberships.list, `view`); at most 500 per page.
   */
  memberships(name: string): Promise<Readable<RawMembership[]>> {
    const pageSize = Math.min(this.tuning.pageSize, PAGE_CAP.membershipsFull);
    return this.list<{ memberships?: RawMembership[]; nextPageToken?: string | null }, RawMembership>(
      { api: 'cloudidentity', method: 'groups.memberships.list', resource: name, request: `GET /v1/${name}/memberships` },
      (pageToken, signal) => this.clients.cloudidentity.groups.memberships.list({ parent: name, view: 'FULL', pageSize, pageToken }, { signal }),
      (r) => r.memberships,
      (r) => r.nextPageToken,
    );
  }
}
