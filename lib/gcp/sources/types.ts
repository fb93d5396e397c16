/**
 * The seam between the planner (lib/gcp/collect.ts: what to read next, from what was read) and the sources that
 * answer each read: per-resource REST calls (sources/rest.ts) or a Cloud Asset Inventory snapshot with REST for
 * what it does not hold (sources/asset-inventory.ts). Both answer in the REST resources' own shapes, so the
 * planner builds one RawEstate whichever answered.
 */
import type {
  CollectionSource,
  CoverageRecord,
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
import type { CallOutcome } from '../call';
import type { Failure } from '../gaps';

/** Collects coverage records (what each list covered, from which source). */
export class CoverageLog {
  readonly records: CoverageRecord[] = [];

  add(r: CoverageRecord): void {
    this.records.push(r);
  }

  sorted(): CoverageRecord[] {
    const key = (r: CoverageRecord) => `${r.what} ${r.where} ${r.source}`;
    return [...this.records].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
}

/** An answer that took no call (read from a snapshot already in memory). */
export function answered<T>(value: T): CallOutcome<T> {
  return { ok: true, value };
}

/** What one source answers; every method reads one resource or one list, never twice per scan (the planner memoizes). */
export interface EstateSource {
  readonly name: CollectionSource;
  /** Projects and folders under an organization or folder, recursively: each as soon as it is known. */
  enumerate(kind: 'folder' | 'organization', id: string, onProject: (p: RawProject) => void, onFolder: (f: RawFolder) => void): Promise<void>;
  /** Every active project the caller can see (projects.list without a parent). */
  allProjects(onProject: (p: RawProject) => void): Promise<void>;
  project(id: string): Promise<CallOutcome<RawProject>>;
  /** The project, then its folders and organization, nearest first. */
  ancestry(id: string): Promise<CallOutcome<RawAncestor[]>>;
  projectPolicy(id: string): Promise<CallOutcome<RawPolicy>>;
  folder(id: string): Promise<CallOutcome<RawFolder>>;
  folderPolicy(id: string): Promise<CallOutcome<RawPolicy>>;
  organization(id: string): Promise<CallOutcome<RawOrganization>>;
  organizationPolicy(id: string): Promise<CallOutcome<RawPolicy>>;
  clusters(id: string): Promise<CallOutcome<{ clusters: RawCluster[]; missingZones: string[] }>>;
  /** Every repository of a project (all formats), with the gaps of locations that could not be listed. */
  repositories(id: string): Promise<{ items: RawRepository[]; gapIds: string[] }>;
  repositoryPolicy(name: string): Promise<CallOutcome<RawPolicy>>;
  serverConfig(id: string, location: string): Promise<CallOutcome<RawServerConfig>>;
  /** A node account the source already knows to exist or not (no call), or undefined when it must be read. */
  knownAccount(email: string): Lookup<RawServiceAccount> | undefined;
  serviceAccount(email: string, isAnswer: (f: Failure) => boolean): Promise<CallOutcome<RawServiceAccount>>;
  serviceAccountList(project: string): Promise<Readable<RawServiceAccount[]>>;
  subnetwork(path: string): Promise<CallOutcome<RawSubnetwork>>;
  routers(project: string, region: string): Promise<Readable<RawRouter[]>>;
  role(name: string): Promise<CallOutcome<RawRole>>;
  groupLookup(email: string, definite: boolean): Promise<CallOutcome<{ name?: string | null }>>;
  memberships(groupName: string): Promise<Readable<RawMembership[]>>;
}
