/**
 * The Cloud Asset Inventory source: one snapshot of the scope (cloudasset v1 `assets.list`, content RESOURCE for
 * projects, folders, the organization, clusters, repositories, service accounts, subnetworks and routers, and
 * content IAM_POLICY for project, folder, organization and repository policies), each asset type paged in
 * parallel, every page at the first page's `readTime` so the whole estate is one point in time ("Listing assets";
 * REST reference assets.list). Each asset's `resource.data` is the resource as its own REST API returns it
 * ("Supported asset types"), so the planner reads the same shapes as from the per-resource source.
 *
 * What the snapshot does not hold is read per resource through the REST source: GKE server config, custom roles,
 * group memberships, and anything outside the scope (a Shared VPC host project or a node account's project in
 * another folder, the folders and organization above a folder scope).
 */
import type {
  Lookup,
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
import type { Failure } from '../gaps';
import { accountProject } from '../plan/rules';
import { listAll } from './rest';
import { answered, type CoverageLog, type EstateSource } from './types';

/** assets.list pages hold at most 1,000 assets (REST reference, `pageSize`). */
const LIST_PAGE_CAP = 1000;

/** Resource types read from the snapshot, and the coverage name each is recorded under. */
export const RESOURCE_TYPES: ReadonlyArray<{ type: string; what: string }> = [
  { type: 'cloudresourcemanager.googleapis.com/Organization', what: 'organizations' },
  { type: 'cloudresourcemanager.googleapis.com/Folder', what: 'folders' },
  { type: 'cloudresourcemanager.googleapis.com/Project', what: 'projects' },
  { type: 'container.googleapis.com/Cluster', what: 'clusters' },
  { type: 'artifactregistry.googleapis.com/Repository', what: 'repositories' },
  { type: 'iam.googleapis.com/ServiceAccount', what: 'serviceAccounts' },
  { type: 'compute.googleapis.com/Subnetwork', what: 'subnetworks' },
  { type: 'compute.googleapis.com/Router', what: 'routers' },
];

/** Types whose allow policies the engine reads. */
export const POLICY_TYPES: readonly string[] = [
  'cloudresourcemanager.googleapis.com/Organization',
  'cloudresourcemanager.googleapis.com/Folder',
  'cloudresourcemanager.googleapis.com/Project',
  'artifactregistry.googleapis.com/Repository',
];

interface Asset {
  name?: string | null;
  assetType?: string | null;
  resource?: { data?: Record<string, unknown> | null } | null;
  iamPolicy?: RawPolicy | null;
  ancestors?: string[] | null;
}

/** The scope's resources as one Cloud Asset Inventory snapshot, indexed the way the planner asks for them. */
export class AssetSnapshot {
  readTime = '';
  /** Projects by id and by number. */
  readonly projects = new Map<string, RawProject>();
  /** project id → ancestors as CAI names them (projects/NUMBER, folders/F, organizations/O). */
  readonly ancestors = new Map<string, string[]>();
  readonly folders = new Map<string, RawFolder>();
  readonly organizations = new Map<string, RawOrganization>();
  /** Keyed by full resource name. */
  readonly policies = new Map<string, RawPolicy>();
  readonly clusters = new Map<string, RawCluster[]>();
  readonly repositories = new Map<string, RawRepository[]>();
  /** Lower-case email → account; and project id → accounts. */
  readonly accounts = new Map<string, RawServiceAccount>();
  readonly accountsByProject = new Map<string, RawServiceAccount[]>();
  /** "projects/P/regions/R/subnetworks/S" → subnet. */
  readonly subnetworks = new Map<string, RawSubnetwork>();
  /** "projects/P/regions/R" → routers. */
  readonly routers = new Map<string, RawRouter[]>();

  /** The project id of a project named by id or number, when the snapshot covers it. */
  projectId(idOrNumber: string): string | null {
    return this.projects.get(idOrNumber)?.projectId ?? null;
  }

  covers(idOrNumber: string): boolean {
    return this.projects.has(idOrNumber);
  }

  add(asset: Asset, kind: 'resource' | 'policy'): void {
    const name = asset.name ?? '';
    const type = asset.assetType ?? '';
    if (kind === 'policy') {
      if (asset.iamPolicy) this.policies.set(name, asset.iamPolicy);
      return;
    }
    const data = (asset.resource?.data ?? {}) as Record<string, unknown>;
    const push = <T>(m: Map<string, T[]>, k: string, v: T) => {
      const l = m.get(k);
      if (l) l.push(v);
      else m.set(k, [v]);
    };
    const projectOfName = /^\/\/[a-z.]+\/projects\/([^/]+)\//.exec(name)?.[1];
    switch (type) {
      case 'cloudresourcemanager.googleapis.com/Organization': {
        const org = data as RawOrganization;
        if (org.name) this.organizations.set(org.name, org);
        break;
      }
      case 'cloudresourcemanager.googleapis.com/Folder': {
        // CAI holds folders in Resource Manager v2's shape (lifecycleState); the planner reads v3's (state).
        const { lifecycleState, ...rest } = data as RawFolder & { lifecycleState?: string };
        const folder: RawFolder = { ...rest, state: rest.state ?? lifecycleState ?? 'ACTIVE' };
        if (folder.name && folder.state === 'ACTIVE') this.folders.set(folder.name, folder);
        break;
      }
      case 'cloudresourcemanager.googleapis.com/Project': {
        const p = data as RawProject;
        if (!p.projectId || (p.lifecycleState && p.lifecycleState !== 'ACTIVE')) break;
        const project: RawProject = { ...p, projectNumber: p.projectNumber != null ? String(p.projectNumber) : p.projectNumber };
        this.projects.set(p.projectId, project);
        if (project.projectNumber) this.projects.set(project.projectNumber, project);
        this.ancestors.set(p.projectId, asset.ancestors ?? []);
        break;
      }
      case 'container.googleapis.com/Cluster':
        if (projectOfName) push(this.clusters, projectOfName, data as RawCluster);
        break;
      case 'artifactregistry.googleapis.com/Repository':
        if (projectOfName) push(this.repositories, projectOfName, data as RawRepository);
        break;
      case 'iam.googleapis.com/ServiceAccount': {
        const sa = data as RawServiceAccount;
        if (sa.email) this.accounts.set(sa.email.toLowerCase(), sa);
        if (projectOfName) push(this.accountsByProject, projectOfName, sa);
        break;
      }
      case 'compute.googleapis.com/Subnetwork': {
        const m = /^\/\/compute\.googleapis\.com\/(projects\/[^/]+\/regions\/[^/]+\/subnetworks\/[^/]+)$/.exec(name);
        if (m) this.subnetworks.set(m[1], data as RawSubnetwork);
        break;
      }
      case 'compute.googleapis.com/Router': {
        const m = /^\/\/compute\.googleapis\.com\/(projects\/[^/]+\/regions\/[^/]+)\/routers\/[^/]+$/.exec(name);
        if (m) push(this.routers, m[1], data as RawRouter);
        break;
      }
      default:
        break;
    }
  }
}

/** The outcome of loading a snapshot: it, or the gap of the first list that failed. */
export type SnapshotLoad = { ok: true; snapshot: AssetSnapshot } | { ok: false; gapId: string };

/**
 * Lists the scopes' assets: one paged assets.list per resource type and one for the policies, all in parallel.
 * All or nothing: a list that fails (403 without cloudasset.assets.listResource, the API disabled on the quota
 * project, a quota that outlasts the retries) fails the snapshot, and the planner reads per resource instead.
 */
export async function loadAssetSnapshot(opts: { caller: Caller; clients: GcpClients; tuning: CallTuning; coverage: CoverageLog; parents: string[] }): Promise<SnapshotLoad> {
  const { caller, clients, tuning, coverage } = opts;
  const snapshot = new AssetSnapshot();
  const pageSize = Math.min(Math.max(tuning.pageSize, 1), LIST_PAGE_CAP);
  // The first answer's readTime pins every other list to the same snapshot.
  let readTime: string | undefined;
  const jobs: Array<{ parent: string; types: string[]; contentType: 'RESOURCE' | 'IAM_POLICY'; what: string }> = [];
  for (const parent of opts.parents) {
    for (const t of RESOURCE_TYPES) jobs.push({ parent, types: [t.type], contentType: 'RESOURCE', what: t.what });
    jobs.push({ parent, types: [...POLICY_TYPES], contentType: 'IAM_POLICY', what: 'iamPolicies' });
  }
  const run = async (job: (typeof jobs)[number]) => {
    const at = readTime;
    const r = await listAll<{ assets?: Asset[]; nextPageToken?: string | null; readTime?: string | null }, Asset>(
      caller,
      {
        api: 'cloudasset',
        method: 'assets.list',
        resource: `${job.parent}/assets/${job.contentType === 'IAM_POLICY' ? 'iamPolicies' : job.types[0]}`,
        request: `GET /v1/${job.parent}/assets`,
        priority: 2,
      },
      (pageToken, signal) =>
        clients.cloudasset.assets.list({ parent: job.parent, assetTypes: job.types, contentType: job.contentType, pageSize, pageToken, ...(at ? { readTime: at } : {}) }, { signal }),
      (res) => res.assets,
      (res) => res.nextPageToken,
      (items, res) => {
        if (!readTime && res.readTime) readTime = res.readTime;
        for (const a of items) snapshot.add(a, job.contentType === 'IAM_POLICY' ? 'policy' : 'resource');
      },
    );
    coverage.add({ what: job.what, where: job.parent, source: 'asset-inventory', items: r.ok ? r.value.length : 0, ...(r.ok ? {} : { gapId: r.gapId }) });
    return r;
  };
  // One list first: a refused or disabled Cloud Asset API answers once, not once per type.
  const first = await run(jobs[0]);
  if (!first.ok) return { ok: false, gapId: first.gapId };
  const rest = await Promise.all(jobs.slice(1).map(run));
  const failed = rest.find((r): r is { ok: false; gapId: string } => !r.ok);
  if (failed) return { ok: false, gapId: failed.gapId };
  snapshot.readTime = readTime ?? '';
  return { ok: true, snapshot };
}

const folderKey = (id: string) => `folders/${id}`;

/** Answers from the snapshot what it covers, and through the REST source everything else. */
export class AssetInventorySource implements EstateSource {
  readonly name = 'asset-inventory' as const;

  constructor(
    private readonly snap: AssetSnapshot,
    private readonly rest: EstateSource,
    private readonly parents: string[],
  ) {}

  async enumerate(kind: 'folder' | 'organization', id: string, onProject: (p: RawProject) => void, onFolder: (f: RawFolder) => void): Promise<void> {
    const root = `${kind}s/${id}`;
    for (const f of this.snap.folders.values()) if (f.name !== root) onFolder(f);
    for (const [key, p] of this.snap.projects) if (key === p.projectId && (this.snap.ancestors.get(key) ?? []).includes(root)) onProject(p);
  }

  allProjects(onProject: (p: RawProject) => void): Promise<void> {
    return this.rest.allProjects(onProject);
  }

  project(id: string): Promise<CallOutcome<RawProject>> {
    const p = this.snap.projects.get(id);
    return p ? Promise.resolve(answered(p)) : this.rest.project(id);
  }

  ancestry(id: string): Promise<CallOutcome<RawAncestor[]>> {
    const a = this.snap.ancestors.get(id);
    if (!a) return this.rest.ancestry(id);
    const out: RawAncestor[] = a.map((rel) => {
      const [kind, rid] = rel.split('/');
      if (kind === 'projects') return { resourceId: { type: 'project', id } };
      return { resourceId: { type: kind === 'folders' ? 'folder' : 'organization', id: rid } };
    });
    return Promise.resolve(answered(out));
  }

  /** A policy of a resource the snapshot covers: the one set on it, or an empty one (CAI lists only resources with a policy). */
  private policy(fullName: string, covered: boolean, fallback: () => Promise<CallOutcome<RawPolicy>>): Promise<CallOutcome<RawPolicy>> {
    if (!covered) return fallback();
    return Promise.resolve(answered(this.snap.policies.get(fullName) ?? {}));
  }

  projectPolicy(id: string): Promise<CallOutcome<RawPolicy>> {
    const p = this.snap.projects.get(id);
    return this.policy(`//cloudresourcemanager.googleapis.com/projects/${p?.projectNumber}`, !!p?.projectNumber, () => this.rest.projectPolicy(id));
  }

  folder(id: string): Promise<CallOutcome<RawFolder>> {
    const f = this.snap.folders.get(folderKey(id));
    return f ? Promise.resolve(answered(f)) : this.rest.folder(id);
  }

  folderPolicy(id: string): Promise<CallOutcome<RawPolicy>> {
    return this.policy(`//cloudresourcemanager.googleapis.com/folders/${id}`, this.snap.folders.has(folderKey(id)), () => this.rest.folderPolicy(id));
  }

  organization(id: string): Promise<CallOutcome<RawOrganization>> {
    const o = this.snap.organizations.get(`organizations/${id}`);
    return o ? Promise.resolve(answered(o)) : this.rest.organization(id);
  }

  organizationPolicy(id: string): Promise<CallOutcome<RawPolicy>> {
    return this.policy(`//cloudresourcemanager.googleapis.com/organizations/${id}`, this.snap.organizations.has(`organizations/${id}`), () => this.rest.organizationPolicy(id));
  }

  clusters(id: string): Promise<CallOutcome<{ clusters: RawCluster[]; missingZones: string[] }>> {
    if (!this.snap.covers(id)) return this.rest.clusters(id);
    return Promise.resolve(answered({ clusters: this.snap.clusters.get(id) ?? [], missingZones: [] }));
  }

  repositories(id: string): Promise<{ items: RawRepository[]; gapIds: string[] }> {
    if (!this.snap.covers(id)) return this.rest.repositories(id);
    return Promise.resolve({ items: this.snap.repositories.get(id) ?? [], gapIds: [] });
  }

  repositoryPolicy(name: string): Promise<CallOutcome<RawPolicy>> {
    const project = /^projects\/([^/]+)\//.exec(name)?.[1] ?? '';
    return this.policy(`//artifactregistry.googleapis.com/${name}`, this.snap.covers(project), () => this.rest.repositoryPolicy(name));
  }

  serverConfig(id: string, location: string): Promise<CallOutcome<RawServerConfig>> {
    return this.rest.serverConfig(id, location);
  }

  /** An account whose own project the snapshot covers: present, or deleted (absent from that project's accounts). */
  knownAccount(email: string): Lookup<RawServiceAccount> | undefined {
    const sa = this.snap.accounts.get(email);
    if (sa) return { ok: true, value: sa };
    const project = accountProject(email);
    return project && this.snap.covers(project) ? { ok: false, notFound: true } : undefined;
  }

  serviceAccount(email: string, isAnswer: (f: Failure) => boolean): Promise<CallOutcome<RawServiceAccount>> {
    return this.rest.serviceAccount(email, isAnswer);
  }

  serviceAccountList(project: string): Promise<Readable<RawServiceAccount[]>> {
    const id = this.snap.projectId(project);
    return id ? Promise.resolve({ ok: true, value: this.snap.accountsByProject.get(id) ?? [] }) : this.rest.serviceAccountList(project);
  }

  subnetwork(path: string): Promise<CallOutcome<RawSubnetwork>> {
    const project = path.split('/')[1] ?? '';
    if (!this.snap.covers(project)) return this.rest.subnetwork(path);
    const sn = this.snap.subnetworks.get(path);
    // Absent from a covered project: what subnetworks.get answers 404 for.
    return Promise.resolve(sn ? answered(sn) : { ok: false, status: 404, notFound: true, gapId: null });
  }

  routers(project: string, region: string): Promise<Readable<RawRouter[]>> {
    if (!this.snap.covers(project)) return this.rest.routers(project, region);
    return Promise.resolve({ ok: true, value: this.snap.routers.get(`projects/${project}/regions/${region}`) ?? [] });
  }

  role(name: string): Promise<CallOutcome<RawRole>> {
    return this.rest.role(name);
  }

  groupLookup(email: string, definite: boolean): Promise<CallOutcome<{ name?: string | null }>> {
    return this.rest.groupLookup(email, definite);
  }

  memberships(groupName: string): Promise<Readable<RawMembership[]>> {
    return this.rest.memberships(groupName);
  }

  /** The parents the snapshot was listed under. */
  scopes(): string[] {
    return [...this.parents];
  }
}
