/**
 * Collects the raw estate of a scope: the planner. It decides what to read next from what was read (rules in
 * plan/rules.ts) and asks a source for each read: per-resource REST calls (sources/rest.ts) or, at organization
 * or folder scope, a Cloud Asset Inventory snapshot with REST for what it does not hold
 * (sources/asset-inventory.ts). Both answer in the REST resources' shapes, so the RawEstate is the same.
 */
import type {
  CollectionInfo,
  Gap,
  RawAncestor,
  RawCluster,
  RawEstate,
  RawFolder,
  RawGroupEntry,
  Lookup,
  RawPolicy,
  RawRole,
  RawProject,
  RawProjectEntry,
  RawRepository,
  RawRepositoryEntry,
  RawServerConfig,
  RawServiceAccount,
  Readable,
  Scope,
} from '../inventory/raw';
import { emptyRawEstate } from '../inventory/raw';
import { resolveServiceAccount } from '../inventory/normalize';
import { accountProjectsOutsideScope, isResourcePrincipalSet } from '../inventory/account-owner';
import { DOWNLOAD_PERMISSION, isCustomRole, predefinedRoleGrantsDownload } from '../inventory/predefined-roles';
import { Caller, DEFAULT_TUNING, type CallEvent, type CallOutcome, type CallTuning } from './call';
import { applyQuotaProject, makeClients, type GcpClients } from './clients';
import type { GcpConfig } from './config';
import { serviceDisabledMessage, type CallTarget, type Failure } from './gaps';
import { preflight, PreflightError } from './preflight';
import { collectGuards } from './collect-guards';
import { accountProject, clusterReads, policyReads, subnetNeedsRouters } from './plan/rules';
import { AssetInventorySource, loadAssetSnapshot } from './sources/asset-inventory';
import { RestSource } from './sources/rest';
import { CoverageLog, type EstateSource } from './sources/types';

/** What the scan reports while it runs. */
export interface CollectProgress {
  phase: string;
  projectsDone: number;
  projectsTotal: number;
  calls: number;
  gaps: number;
  waiting?: { ms: number; reason: string };
}

/** Which collection path: `auto` (Cloud Asset Inventory for an organization or folder scope, when it answers), or forced. */
export type SourceChoice = 'auto' | 'api' | 'asset-inventory';

/** Options of one collection. `tuning` and `clients` are for tests and the benchmark. */
export interface CollectOptions {
  scope: Scope;
  config: GcpConfig;
  /** Default `auto`. */
  source?: SourceChoice;
  signal?: AbortSignal;
  onProgress?: (p: CollectProgress) => void;
  tuning?: Partial<CallTuning>;
  clients?: GcpClients;
}

/** No usable credentials (or the token endpoint is unreachable): the scan cannot start. */
export class CredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsError';
  }
}

/** Collects everything the readiness engine needs for the scope; failed calls become gaps, never exceptions. */
export async function collectEstate(opts: CollectOptions): Promise<RawEstate> {
  return new Collector(opts).run();
}

const ok = <T>(value: T): Readable<T> => ({ ok: true, value });
const gapOf = <T>(o: CallOutcome<T>): Readable<never> => ({ ok: false, gapId: (o as { gapId: string | null }).gapId ?? 'gap-unknown' });
const readable = <T>(o: CallOutcome<T>): Readable<T> => (o.ok ? ok(o.value) : gapOf(o));

/** Runs fire-and-forget work and waits for all of it (work spawned while waiting included). */
class TaskGroup {
  private pending = new Set<Promise<void>>();
  private failed = false;
  private error: unknown;

  spawn(fn: () => Promise<unknown>): void {
    const p: Promise<void> = fn()
      .then(() => {}, (e) => {
        if (!this.failed) {
          this.failed = true;
          this.error = e;
        }
      })
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  async wait(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.failed) throw this.error;
  }
}

function sortRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The planner: what to read, once each, from whichever source answers. */
class Collector {
  private readonly clients: GcpClients;
  private readonly caller: Caller;
  private readonly tuning: CallTuning;
  private readonly tasks = new TaskGroup();
  private readonly estate: RawEstate;
  private readonly coverage = new CoverageLog();
  private readonly rest: RestSource;
  private source: EstateSource;
  private collection: Omit<CollectionInfo, 'coverage'>;
  private readonly startedFolders = new Set<string>();
  private readonly startedOrgs = new Set<string>();
  private readonly startedProjects = new Set<string>();
  private readonly roleMemo = new Map<string, Promise<boolean | null>>();
  private readonly startedSubnets = new Set<string>();
  private readonly startedSas = new Set<string>();
  private readonly missingZoneGaps = new Map<string, string[]>();
  /** Groups looked up only because a member without a type might be one: email → definite. */
  private readonly groupModes = new Map<string, boolean>();
  private readonly saLists = new Map<string, Promise<Readable<RawServiceAccount[]>>>();
  private readonly folderPromises = new Map<string, Promise<RawFolder | null>>();
  private readonly ancestryMemo = new Map<string, Promise<CallOutcome<RawAncestor[]>>>();
  private readonly signal: AbortSignal;
  private phase = 'starting';
  private projectsDone = 0;
  private waiting: { ms: number; reason: string } | undefined;

  constructor(private readonly opts: CollectOptions) {
    this.clients = opts.clients ?? makeClients(opts.config);
    this.tuning = { ...DEFAULT_TUNING, ...opts.tuning };
    this.signal = opts.signal ?? new AbortController().signal;
    this.caller = new Caller(
      { concurrency: opts.config.concurrency, timeoutMs: opts.config.timeoutMs, maxRetries: opts.config.maxRetries },
      this.tuning,
      this.signal,
      (e) => this.onEvent(e),
    );
    this.estate = emptyRawEstate(opts.scope, new Date().toISOString());
    this.rest = new RestSource(this.caller, this.clients, this.tuning, this.coverage);
    this.source = this.rest;
    this.collection = { source: 'api', requested: opts.source ?? 'auto' };
  }

  async run(): Promise<RawEstate> {
    await this.preflight();
    await this.chooseSource();
    this.setPhase('projects');
    const scope = this.opts.scope;
    if (scope.kind === 'projects') {
      for (const id of scope.ids) this.startProjectById(id);
    } else if (scope.kind === 'folder' || scope.kind === 'organization') {
      const type = scope.kind;
      for (const id of scope.ids) {
        if (type === 'folder') this.tasks.spawn(() => this.collectFolder(id));
        else this.tasks.spawn(() => this.collectOrganization(id));
        this.tasks.spawn(() =>
          this.source.enumerate(
            type,
            id,
            (p) => this.startListedProject(p),
            (f) => {
              const childId = f.name?.replace(/^folders\//, '');
              if (childId) this.tasks.spawn(() => this.collectFolder(childId, f));
            },
          ),
        );
      }
    } else {
      this.tasks.spawn(() => this.source.allProjects((p) => this.startListedProject(p)));
    }
    await this.tasks.wait();
    this.caller.checkCancelled();
    await this.accountProjectAncestries();
    this.caller.checkCancelled();
    // Deny policies, perimeters and download rules (lib/gcp/collect-guards.ts), once the chain and repositories are known.
    this.setPhase('deny policies, perimeters, download rules');
    await collectGuards({
      estate: this.estate,
      clients: this.clients,
      call: (s) => this.caller.call(s),
      recordGap: (t, f, m) => this.caller.recordGap(t, f, m),
      pageSize: this.tuning.pageSize,
      resolveGroups: (emails) => {
        for (const g of emails) this.spawnGroup(g);
        return this.tasks.wait();
      },
    });
    this.caller.checkCancelled();
    this.setPhase('done');
    const e = this.estate;
    const gaps: Gap[] = [...this.caller.gaps].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.explainServiceDisabled(gaps);
    return {
      ...e,
      finishedAt: new Date().toISOString(),
      organizations: sortRecord(e.organizations),
      folders: sortRecord(e.folders),
      projects: sortRecord(e.projects),
      serviceAccounts: sortRecord(e.serviceAccounts),
      ...(e.serviceAccountLists ? { serviceAccountLists: sortRecord(e.serviceAccountLists) } : {}),
      roles: sortRecord(e.roles),
      groups: sortRecord(e.groups),
      subnetworks: sortRecord(e.subnetworks),
      routers: sortRecord(e.routers),
      collection: { ...this.collection, coverage: this.coverage.sorted() },
      gaps,
    };
  }

  /**
   * Cloud Asset Inventory for an organization or folder scope (or any scope when forced): one snapshot of the
   * scope's resources and policies. Unreadable, the scan falls back to per-resource calls and says so with a gap.
   */
  private async chooseSource(): Promise<void> {
    const requested = this.opts.source ?? 'auto';
    const scope = this.opts.scope;
    if (requested === 'api') return;
    const parents =
      scope.kind === 'organization' ? scope.ids.map((id) => `organizations/${id}`)
      : scope.kind === 'folder' ? scope.ids.map((id) => `folders/${id}`)
      : scope.kind === 'projects' && requested === 'asset-inventory' ? scope.ids.map((id) => `projects/${id}`)
      : [];
    if (!parents.length) {
      if (requested === 'asset-inventory') {
        this.collection.fallback = {
          gapId: null,
          message: 'Cloud Asset Inventory lists assets under an organization, a folder or a project; this scope names none, so the scan read each resource with its own API.',
        };
      }
      return;
    }
    this.setPhase('assets');
    const load = await loadAssetSnapshot({ caller: this.caller, clients: this.clients, tuning: this.tuning, coverage: this.coverage, parents });
    this.caller.checkCancelled();
    if (load.ok) {
      this.source = new AssetInventorySource(load.snapshot, this.rest, parents);
      this.collection = { ...this.collection, source: 'asset-inventory', assetsReadTime: load.snapshot.readTime };
      return;
    }
    const gap = this.caller.gaps.find((g) => g.id === load.gapId);
    this.collection.fallback = {
      gapId: load.gapId,
      message: `Cloud Asset Inventory could not be read${gap ? ` (${gap.status ?? 'no answer'} ${gap.reason} on ${gap.request})` : ''}: the scan read each resource with its own API instead, which is slower at this size. Grant roles/cloudasset.viewer on the scope and enable cloudasset.googleapis.com on the quota project to use it.`,
    };
  }
  /**
   * Before fanning out: a token (a credentials problem stops the scan instead of becoming N gaps), the quota
   * project set on the credential itself, and the preflight's verdict on it (shared with the CLI, run once).
   */
  private async preflight(): Promise<void> {
    this.caller.checkCancelled();
    const config = this.opts.config;
    const report = await (this.opts.clients ? preflight(config, { clients: this.opts.clients }) : preflight(config));
    this.caller.checkCancelled();
    if (!report.credentials.ok) {
      const where = config.credentialsFile ? ` from ${config.credentialsFile}` : ' (Application Default Credentials)';
      throw new CredentialsError(
        `could not get a Google access token${where}: ${report.credentials.detail}. Run "gcloud auth application-default login" or set GOOGLE_APPLICATION_CREDENTIALS to a credentials file.`,
      );
    }
    if (report.fatal) throw new PreflightError(report);
    // The preflight may have used other clients: the quota project goes on this scan's credential too.
    await applyQuotaProject(this.clients.auth, config).catch(() => null);
    this.caller.gapContext.quotaProject = report.quotaProject ? { id: report.quotaProject.id, number: report.quotaProject.number } : null;
    this.caller.checkCancelled();
  }

  /** SERVICE_DISABLED names its consumer: now that project numbers are known, say whether that was the quota project. */
  private explainServiceDisabled(gaps: Gap[]): void {
    const projectNumbers: Record<string, string> = {};
    for (const [id, e] of Object.entries(this.estate.projects)) if (e.project.projectNumber) projectNumbers[id] = e.project.projectNumber;
    for (const g of gaps) {
      if (g.reason !== 'SERVICE_DISABLED') continue;
      const f = this.caller.failureOf(g.id);
      if (f?.kind !== 'http') continue;
      g.message = serviceDisabledMessage(g as CallTarget, f.service, f.consumer, { ...this.caller.gapContext, projectNumbers });
    }
  }

  private onEvent(e: CallEvent): void {
    if (e.type === 'wait') this.waiting = e.waiting;
    else if (e.type === 'call') this.waiting = undefined;
    this.report();
  }

  private setPhase(phase: string): void {
    this.phase = phase;
    this.report();
  }

  private report(): void {
    if (!this.opts.onProgress) return;
    const p: CollectProgress = {
      phase: this.phase,
      projectsDone: this.projectsDone,
      projectsTotal: this.startedProjects.size,
      calls: this.caller.stats.calls,
      gaps: this.caller.stats.gaps,
    };
    if (this.waiting) p.waiting = this.waiting;
    this.opts.onProgress(p);
  }

  // ---- scope enumeration ----

  private startProjectById(id: string): void {
    if (this.startedProjects.has(id)) return;
    this.startedProjects.add(id);
    const projectP = this.source.project(id).then((o) => (o.ok ? o.value : null));
    this.tasks.spawn(() => this.collectProject(id, projectP));
  }

  private startListedProject(p: RawProject): void {
    const id = p.projectId;
    if (!id || this.startedProjects.has(id)) return;
    this.startedProjects.add(id);
    this.tasks.spawn(() => this.collectProject(id, Promise.resolve(p)));
  }

  // ---- per project ----

  /** Every per-project read starts at once; only the default service account waits for the project number. */
  private async collectProject(id: string, projectP: Promise<RawProject | null>): Promise<void> {
    this.report();
    const [project, ancestry, iamPolicy, clusters, repositories] = await Promise.all([
      projectP,
      this.projectAncestry(id, projectP),
      this.projectPolicy(id),
      this.projectClusters(id, projectP),
      this.projectRepositories(id),
    ]);
    this.projectsDone++;
    this.report();
    // projects.get may be refused while clusters.list and repositories.list succeed: keep what was listed
    // (the project number, hence the default node account, stays unknown and those checks undecided).
    const listedSomething = (clusters.ok && clusters.value.length > 0) || repositories.items.length > 0;
    if (!project && !listedSomething) return;
    const serverConfigs: Record<string, Readable<RawServerConfig>> = {};
    if (clusters.ok) {
      const locations = [...new Set(clusters.value.map((c) => c.location).filter((l): l is string => !!l))].sort();
      const outcomes = await Promise.all(locations.map((l) => this.serverConfig(id, l)));
      locations.forEach((l, i) => (serverConfigs[l] = readable(outcomes[i])));
    }
    const entry: RawProjectEntry = { project: project ?? { projectId: id }, ancestry, iamPolicy, clusters, repositories, serverConfigs };
    const zoneGaps = this.missingZoneGaps.get(id);
    if (zoneGaps?.length) entry.clusterGapIds = zoneGaps;
    this.estate.projects[id] = entry;
  }

  /** The caller memoizes REST calls; the planner memoizes what each source answered, so nothing is asked twice. */
  private serverConfigMemo = new Map<string, Promise<CallOutcome<RawServerConfig>>>();

  private serverConfig(id: string, location: string): Promise<CallOutcome<RawServerConfig>> {
    const key = `${id}/${location}`;
    let p = this.serverConfigMemo.get(key);
    if (!p) {
      p = this.source.serverConfig(id, location);
      this.serverConfigMemo.set(key, p);
    }
    return p;
  }

  /** One ancestry read per project (the project and its folders and organization, nearest first). */
  private getAncestry(id: string): Promise<CallOutcome<RawAncestor[]>> {
    let p = this.ancestryMemo.get(id);
    if (!p) {
      p = this.source.ancestry(id);
      this.ancestryMemo.set(id, p);
    }
    return p;
  }

  private async projectAncestry(id: string, projectP: Promise<RawProject | null>): Promise<Readable<RawAncestor[]>> {
    const o = await this.getAncestry(id);
    if (o.ok) {
      for (const a of o.value) {
        const rid = a.resourceId;
        if (!rid?.id) continue;
        if (rid.type === 'folder') this.tasks.spawn(() => this.collectFolder(rid.id!));
        else if (rid.type === 'organization') this.tasks.spawn(() => this.collectOrganization(rid.id!));
      }
      return ok(o.value);
    }
    // Without the ancestry, still walk up through the parents we can read: their policies may hold the grant.
    const project = await projectP;
    const parent = project?.parent;
    if (parent?.id && parent.type === 'folder') this.tasks.spawn(() => this.walkUp(parent.id!));
    else if (parent?.id && parent.type === 'organization') this.tasks.spawn(() => this.collectOrganization(parent.id!));
    return gapOf(o);
  }

  private async walkUp(folderId: string): Promise<void> {
    const folder = await this.collectFolder(folderId);
    const parent = folder?.parent;
    if (!parent) return;
    const [kind, pid] = parent.split('/');
    if (kind === 'folders' && pid) await this.walkUp(pid);
    else if (kind === 'organizations' && pid) await this.collectOrganization(pid);
  }

  private async projectPolicy(id: string): Promise<Readable<RawPolicy>> {
    const o = await this.source.projectPolicy(id);
    if (o.ok) this.tasks.spawn(() => this.handlePolicy(o.value));
    return readable(o);
  }

  private async projectClusters(id: string, projectP: Promise<RawProject | null>): Promise<Readable<RawCluster[]>> {
    const o = await this.source.clusters(id);
    if (!o.ok) return gapOf(o);
    const { clusters, missingZones } = o.value;
    for (const c of clusters) this.spawnClusterReads(id, c, projectP);
    if (missingZones.length) {
      const parent = `projects/${id}/locations/-`;
      const gapIds = missingZones.map((zone) => {
        const resource = `projects/${id}/locations/${zone}`;
        const gap = this.caller.recordGap(
          { api: 'container', method: 'projects.locations.clusters.list', resource, request: `GET /v1/${parent}/clusters` },
          { kind: 'http', status: 200, reason: 'MISSING_ZONES', googleMessage: '', service: null, attempts: 1 },
          `GKE could not reach zone ${zone} while listing the clusters of project ${id} (missingZones in the clusters.list answer): clusters in that zone may be missing from this scan; rescan later.`,
        );
        gap.permission = null;
        return gap.id;
      });
      this.missingZoneGaps.set(id, gapIds);
    }
    return ok(clusters);
  }

  private spawnClusterReads(projectId: string, cluster: RawCluster, projectP: Promise<RawProject | null>): void {
    const next = clusterReads(projectId, cluster);
    if (next.serverConfigLocation) void this.serverConfig(projectId, next.serverConfigLocation);
    for (const email of next.accounts) this.spawnServiceAccount(email);
    if (next.defaultAccount) {
      this.tasks.spawn(async () => {
        const project = await projectP;
        if (project?.projectNumber) this.spawnServiceAccount(resolveServiceAccount('default', project.projectNumber).email);
      });
    }
    for (const subnet of next.subnets) this.spawnSubnet(subnet);
  }

  private async projectRepositories(id: string): Promise<RawProjectEntry['repositories']> {
    const listed = await this.source.repositories(id);
    const items = await Promise.all(listed.items.map((r) => this.repositoryEntry(r)));
    return {
      items: items.sort((a, b) => ((a.repository.name ?? '') < (b.repository.name ?? '') ? -1 : 1)),
      gapIds: listed.gapIds,
    };
  }

  /** Only Docker repositories are paired, so only their policies are read; others carry an empty policy. */
  private async repositoryEntry(repository: RawRepository): Promise<RawRepositoryEntry> {
    const resource = repository.name;
    if (repository.format !== 'DOCKER' || !resource) return { repository, iamPolicy: ok({}) };
    const o = await this.source.repositoryPolicy(resource);
    if (o.ok) this.tasks.spawn(() => this.handlePolicy(o.value));
    return { repository, iamPolicy: readable(o) };
  }

  // ---- hierarchy ----

  private collectFolder(id: string, known?: RawFolder): Promise<RawFolder | null> {
    const key = `folders/${id}`;
    if (this.startedFolders.has(id)) {
      return this.folderPromises.get(id) ?? Promise.resolve(null);
    }
    this.startedFolders.add(id);
    const p = (async () => {
      const folderP: Promise<CallOutcome<RawFolder>> = known ? Promise.resolve({ ok: true, value: known }) : this.source.folder(id);
      const policyP = this.source.folderPolicy(id).then((o) => {
        if (o.ok) this.tasks.spawn(() => this.handlePolicy(o.value));
        return o;
      });
      const [folder, policy] = await Promise.all([folderP, policyP]);
      this.estate.folders[key] = { folder: readable(folder), iamPolicy: readable(policy) };
      return folder.ok ? folder.value : null;
    })();
    this.folderPromises.set(id, p);
    return p;
  }

  private async collectOrganization(id: string): Promise<void> {
    if (this.startedOrgs.has(id)) return;
    this.startedOrgs.add(id);
    const name = `organizations/${id}`;
    const [org, policy] = await Promise.all([
      this.source.organization(id),
      this.source.organizationPolicy(id).then((o) => {
        if (o.ok) this.tasks.spawn(() => this.handlePolicy(o.value));
        return o;
      }),
    ]);
    this.estate.organizations[name] = { organization: readable(org), iamPolicy: readable(policy) };
  }

  // ---- identities: roles and groups ----

  /**
   * Reads the roles a policy binds and resolves the groups bound to roles that may grant the download.
   * Groups bound to a custom or unlisted role are resolved while the role is read, not after: a few extra
   * lookups when the role turns out not to grant, one round trip less on the critical path.
   */
  private async handlePolicy(policy: RawPolicy): Promise<void> {
    await Promise.all(
      policyReads(policy).map(async (b) => {
        for (const g of b.groups) this.spawnGroup(g);
        if (b.grants === null) await this.roleGrants(b.role);
      }),
    );
  }

  /** true / false when known, null when the role could not be read (its groups are resolved anyway). */
  private roleGrants(role: string): Promise<boolean | null> {
    let p = this.roleMemo.get(role);
    if (p) return p;
    const custom = isCustomRole(role);
    if (!custom) {
      const known = predefinedRoleGrantsDownload(role);
      if (known !== null) return Promise.resolve(known);
    }
    p = this.fetchRole(role).then((r) => {
      this.estate.roles[role] = r;
      if (r.ok) return (r.value.includedPermissions ?? []).includes(DOWNLOAD_PERMISSION);
      return r.notFound ? false : null;
    });
    this.roleMemo.set(role, p);
    return p;
  }

  private async fetchRole(name: string): Promise<Lookup<RawRole>> {
    const o = await this.source.role(name);
    if (o.ok) return { ok: true, value: o.value };
    if (o.notFound && !o.gapId) return { ok: false, notFound: true };
    return { ok: false, gapId: o.gapId ?? 'gap-unknown' };
  }

  /**
   * Resolves a group once per scan. `definite` false: a member without a membership type that is not a service
   * account, looked up in case it is a group; a failed lookup then means "not a group we can read", not a gap.
   */
  private spawnGroup(email: string, definite = true): void {
    const had = this.groupModes.get(email);
    if (had === true || (had === false && !definite)) return;
    this.groupModes.set(email, definite);
    this.tasks.spawn(() => this.resolveGroup(email, definite));
  }

  /** groups.lookup then every page of memberships.list; member groups are resolved as their own tasks (cycles end at the memo). */
  private async resolveGroup(email: string, definite: boolean): Promise<void> {
    const lookup = await this.source.groupLookup(email, definite);
    if (!definite && this.groupModes.get(email) === true) return;
    if (!lookup.ok || !lookup.value.name) {
      if (!definite) return;
      // A 404 here means a group outside the directory: the binding stays undecided, hence a gap as well.
      this.estate.groups[email] = lookup.ok
        ? { ok: false, notFound: true }
        : lookup.notFound
          ? { ok: false, notFound: true, gapId: lookup.gapId ?? undefined }
          : { ok: false, gapId: lookup.gapId ?? 'gap-unknown' };
      return;
    }
    const name = lookup.value.name;
    const members = await this.source.memberships(name);
    if (!definite && this.groupModes.get(email) === true && email in this.estate.groups) return;
    if (!members.ok) {
      this.estate.groups[email] = { ok: false, gapId: members.gapId };
      return;
    }
    const entry: RawGroupEntry = { group: { name, groupKey: { id: email } }, members: members.value };
    this.estate.groups[email] = { ok: true, value: entry };
    for (const m of members.value) {
      const key = m.preferredMemberKey?.id?.toLowerCase();
      if (!key) continue;
      if (m.type === 'GROUP') this.spawnGroup(key);
      // Defensive: without a type (a BASIC-view answer), anything but a service account may be a group.
      else if (!m.type && !key.endsWith('.gserviceaccount.com')) this.spawnGroup(key, false);
    }
  }

  /** Every page of a project's serviceAccounts.list, once per scan. */
  private serviceAccountList(project: string): Promise<Readable<RawServiceAccount[]>> {
    let p = this.saLists.get(project);
    if (!p) {
      p = this.source.serviceAccountList(project);
      this.saLists.set(project, p);
    }
    return p;
  }

  private spawnServiceAccount(email: string): void {
    if (email in this.estate.serviceAccounts || this.startedSas.has(email)) return;
    this.startedSas.add(email);
    // Cloud Asset Inventory already holds the accounts of the projects it covers: present, or deleted.
    const known = this.source.knownAccount(email);
    if (known) {
      this.estate.serviceAccounts[email] = known;
      return;
    }
    this.tasks.spawn(async () => {
      const name = `projects/-/serviceAccounts/${email}`;
      const target: CallTarget = { api: 'iam', method: 'projects.serviceAccounts.get', resource: name, request: `GET /v1/${name}` };
      // Google answers a deleted account 403 IAM_PERMISSION_DENIED "(or it may not exist)", to Owners too: that
      // 403 is decided below, not recorded as a plain gap.
      const ambiguous = (f: Failure) => f.kind === 'http' && f.status === 403 && (f.reason === 'IAM_PERMISSION_DENIED' || f.reason === 'PERMISSION_DENIED');
      const o = await this.source.serviceAccount(email, ambiguous);
      if (o.ok) {
        this.estate.serviceAccounts[email] = { ok: true, value: o.value };
        return;
      }
      if (o.notFound && !o.gapId) {
        this.estate.serviceAccounts[email] = { ok: false, notFound: true };
        return;
      }
      if (o.gapId || !o.failure) {
        this.estate.serviceAccounts[email] = { ok: false, gapId: o.gapId ?? 'gap-unknown' };
        return;
      }
      // The 403: deleted when the account's own project lists its accounts and this one is not among them.
      const project = accountProject(email);
      const list = project ? await this.serviceAccountList(project) : null;
      if (project && list) (this.estate.serviceAccountLists ??= {})[project] = list;
      if (list?.ok) {
        const present = list.value.some((a) => a.email?.toLowerCase() === email);
        if (!present) {
          this.estate.serviceAccounts[email] = { ok: false, notFound: true };
          return;
        }
      }
      const why = !project
        ? 'its own project cannot be told from its email'
        : list?.ok
          ? `project ${project} lists it, so the auditor lacks iam.serviceAccounts.get on it`
          : `listing the service accounts of project ${project} was refused too (iam.serviceAccounts.list)`;
      const gap = this.caller.recordGap(
        target,
        o.failure,
        `Pullcheck could not read service account ${email}: Google answered 403 "(or it may not exist)", which it gives both when the account has been deleted and when the auditor lacks iam.serviceAccounts.get (in roles/iam.serviceAccountViewer); ${why}, so which one is undecided.`,
      );
      this.estate.serviceAccounts[email] = { ok: false, gapId: gap.id };
    });
  }

  // ---- owners of node accounts outside the scope (principalSet members) ----

  /**
   * A `principalSet://cloudresourcemanager.googleapis.com/{projects,folders,organizations}/X/type/ServiceAccount` member
   * holds every service account owned by a project that is, or sits under, X (IAM "Principal identifiers"). When a
   * policy names one, read the ancestry of each node account's own project that the scan did not cover (one
   * projects.getAncestry each); nothing is read otherwise.
   */
  private async accountProjectAncestries(): Promise<void> {
    const e = this.estate;
    const policies = [
      ...Object.values(e.organizations).map((o) => o.iamPolicy),
      ...Object.values(e.folders).map((f) => f.iamPolicy),
      ...Object.values(e.projects).flatMap((p) => [p.iamPolicy, ...p.repositories.items.map((r) => r.iamPolicy)]),
    ];
    const named = policies.some((p) => p.ok && (p.value.bindings ?? []).some((b) => (b.members ?? []).some(isResourcePrincipalSet)));
    if (!named) return;
    const ids = accountProjectsOutsideScope(e);
    const out: Record<string, Readable<RawAncestor[]>> = {};
    await Promise.all(
      [...ids].sort().map(async (id) => {
        const o = await this.getAncestry(id);
        out[id] = o.ok ? ok(o.value) : gapOf(o);
      }),
    );
    if (Object.keys(out).length) e.accountProjects = sortRecord(out);
  }

  // ---- network ----

  private spawnSubnet(path: string): void {
    if (this.startedSubnets.has(path)) return;
    this.startedSubnets.add(path);
    this.tasks.spawn(async () => {
      const [, project, , region] = path.split('/');
      const o = await this.source.subnetwork(path);
      this.estate.subnetworks[path] = o.ok
        ? { ok: true, value: o.value }
        : o.notFound
          ? { ok: false, notFound: true, gapId: o.gapId ?? undefined }
          : { ok: false, gapId: o.gapId ?? 'gap-unknown' };
      if (!subnetNeedsRouters(o.ok ? o.value : null)) return;
      await this.routers(project, region);
    });
  }

  private readonly routerMemo = new Set<string>();

  private async routers(project: string, region: string): Promise<void> {
    const key = `projects/${project}/regions/${region}`;
    if (this.routerMemo.has(key)) return;
    this.routerMemo.add(key);
    this.estate.routers[key] = await this.source.routers(project, region);
  }
}
