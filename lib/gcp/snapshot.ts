/** Writes a collected estate as a scenario file (README, "Scenario files and the emulator") that replays to the same verdicts. */
import { createHash, createHmac } from 'node:crypto';
import type { Gap, RawAncestor, RawEstate } from '../inventory/raw';
import type { Scenario } from '../scenario/schema';

type Obj = Record<string, unknown>;

interface ProjectOut {
  project: Obj;
  iamPolicy?: Obj;
  clusters: Obj[];
  repositories: Array<{ repository: Obj; iamPolicy?: Obj; rules?: Obj[] }>;
  serviceAccounts: Obj[];
  roles: Obj[];
  subnetworks: Obj[];
  routers: Obj[];
  denyPolicies?: Obj[];
  assets?: Obj[];
}

const hash = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);

/** JSON round trip: drops undefined and nulls Google never sends back. */
function plain<T>(v: T): Obj {
  return JSON.parse(JSON.stringify(v, (_k, x) => (x === null ? undefined : x))) as Obj;
}

/**
 * The estate as a scenario. Every gap becomes a permanent fault with the status it got (no answer: 504),
 * so the emulator reproduces what the auditor could not see. Projects outside the scope that hold a node
 * service account, a custom role or a Shared VPC subnet get an entry with only those (and a made-up
 * project number, since it was never read). `redact` replaces people's and groups' emails by stable
 * placeholders everywhere (keyed by `redactKey`, else by the estate: see estateRedactionKey); service
 * accounts are kept.
 */
export function rawToScenario(raw: RawEstate, opts: { redact: boolean; redactKey?: string; description?: string }): Scenario {
  const projects = new Map<string, ProjectOut>();
  const usedNumbers = new Set<string>();
  const gapById = new Map(raw.gaps.map((g) => [g.id, g]));

  for (const [id, e] of Object.entries(raw.projects)) {
    const project = plain(e.project);
    if (project.projectNumber) usedNumbers.add(String(project.projectNumber));
    // projects.get refused, getAncestry answered: the parent comes from the ancestry, so the replay keeps the chain.
    const up = e.ancestry.ok ? e.ancestry.value[1]?.resourceId : undefined;
    if (!project.parent && up?.id && (up.type === 'folder' || up.type === 'organization')) project.parent = { type: up.type, id: up.id };
    projects.set(id, {
      project,
      ...(e.iamPolicy.ok ? { iamPolicy: plain(e.iamPolicy.value) } : {}),
      // A failed clusters.list stays a failure on replay through its fault, not an empty list.
      clusters: e.clusters.ok ? e.clusters.value.map(plain) : [],
      repositories: e.repositories.items.map((r) => ({
        repository: plain(r.repository),
        ...(r.repository.format === 'DOCKER' && r.iamPolicy.ok ? { iamPolicy: plain(r.iamPolicy.value) } : {}),
        // Download rules as read; a refused list is replayed by its fault, a Preview-absent answer as no rules.
        ...(r.rules?.ok && r.rules.value.length ? { rules: r.rules.value.map(plain) } : {}),
      })),
      serviceAccounts: [],
      roles: [],
      subnetworks: [],
      routers: [],
    });
  }

  const freshNumber = (id: string): string => {
    let n = 0;
    let number: string;
    do number = `9${BigInt(`0x${hash(`${id}#${n++}`, 12)}`).toString().padStart(11, '0').slice(0, 11)}`;
    while (usedNumbers.has(number));
    usedNumbers.add(number);
    return number;
  };
  // Shared VPC host projects outside the scope, read for their number (service perimeters name projects by number).
  for (const [id, h] of Object.entries(raw.hostProjects ?? {})) {
    if (!h.ok || projects.has(id) || !h.value.projectNumber) continue;
    usedNumbers.add(String(h.value.projectNumber));
    projects.set(id, { project: plain(h.value), clusters: [], repositories: [], serviceAccounts: [], roles: [], subnetworks: [], routers: [] });
  }
  // A project whose projects.get was refused keeps what was listed in it, but the format needs a number: the one
  // Google named it by in its deny policies when those were read, else a made-up one.
  for (const [id, p] of projects) if (!p.project.projectNumber) p.project.projectNumber = denyPolicyNumber(raw, id) ?? freshNumber(id);

  const ensure = (id: string): ProjectOut => {
    let p = projects.get(id);
    if (!p) {
      const number = freshNumber(id);
      p = {
        project: { projectId: id, projectNumber: number, name: id, lifecycleState: 'ACTIVE' },
        clusters: [],
        repositories: [],
        serviceAccounts: [],
        roles: [],
        subnetworks: [],
        routers: [],
      };
      projects.set(id, p);
    }
    return p;
  };

  for (const sa of Object.values(raw.serviceAccounts)) {
    if (!sa.ok) continue;
    const pid = sa.value.projectId ?? /^projects\/([^/]+)\//.exec(sa.value.name ?? '')?.[1];
    if (pid) ensure(pid).serviceAccounts.push(plain(sa.value));
  }
  // The lists that told a deleted node account from a refused read (Google answers both 403): replayed as read.
  for (const [key, l] of Object.entries(raw.serviceAccountLists ?? {})) {
    if (!l.ok) continue;
    const byNumber = /^\d+$/.test(key) ? [...projects.values()].find((p) => String(p.project.projectNumber) === key) : undefined;
    let holder = byNumber;
    if (!holder && /^\d+$/.test(key)) {
      holder = { project: { projectId: `project-${key}`, projectNumber: key, name: `project-${key}`, lifecycleState: 'ACTIVE' }, clusters: [], repositories: [], serviceAccounts: [], roles: [], subnetworks: [], routers: [] };
      usedNumbers.add(key);
      projects.set(`project-${key}`, holder);
    }
    holder ??= ensure(key);
    const have = new Set(holder.serviceAccounts.map((a) => String(a.email ?? '').toLowerCase()));
    for (const a of l.value) if (!have.has(String(a.email ?? '').toLowerCase())) holder.serviceAccounts.push(plain(a));
  }

  const organizationRoles: Obj[] = [];
  const predefinedRoles: Obj[] = [];
  for (const [name, r] of Object.entries(raw.roles)) {
    if (!r.ok) continue;
    const value = plain({ ...r.value, name: r.value.name ?? name });
    const proj = /^projects\/([^/]+)\/roles\//.exec(name)?.[1];
    if (proj) ensure(proj).roles.push(value);
    else if (name.startsWith('organizations/')) organizationRoles.push(value);
    else predefinedRoles.push(value);
  }

  for (const [path, s] of Object.entries(raw.subnetworks)) {
    if (s.ok) ensure(path.split('/')[1]).subnetworks.push(plain(s.value));
  }
  for (const [key, r] of Object.entries(raw.routers)) {
    if (r.ok) ensure(key.split('/')[1]).routers.push(...r.value.map(plain));
  }

  // groups.lookup takes the email as a query parameter, which a fault cannot match: a refused lookup is
  // replayed by a fault on every lookup only when no lookup succeeded; otherwise the group is left out (404).
  const groups: Array<{ group: Obj; members: Obj[] }> = [];
  const skipGaps = new Set<string>();
  const lookupGapIds: string[] = [];
  let anyLookupOk = false;
  for (const [email, g] of Object.entries(raw.groups)) {
    if (g.ok) {
      anyLookupOk = true;
      groups.push({ group: plain({ ...g.value.group, groupKey: { id: email } }), members: g.value.members.map(plain) });
      continue;
    }
    const gap = g.gapId ? gapById.get(g.gapId) : undefined;
    if (gap?.method === 'groups.memberships.list') {
      anyLookupOk = true;
      groups.push({ group: { name: gap.resource, groupKey: { id: email } }, members: [] });
    } else if (gap?.method === 'groups.lookup') {
      lookupGapIds.push(gap.id);
    }
  }
  if (anyLookupOk || lookupGapIds.some((id) => gapById.get(id)?.status === 404)) for (const id of lookupGapIds) skipGaps.add(id);

  const ancestryParent = new Map<string, string>();
  const chainOf = (ancestors: RawAncestor[]) => ancestors.map((a) => `${a.resourceId?.type === 'organization' ? 'organizations' : `${a.resourceId?.type}s`}/${a.resourceId?.id}`);
  for (const e of Object.values(raw.projects)) {
    if (!e.ancestry.ok) continue;
    const chain = chainOf(e.ancestry.value);
    for (let i = 1; i + 1 < chain.length; i++) ancestryParent.set(chain[i], chain[i + 1]);
  }
  // The ancestry of node-account projects outside the scope, read because a policy names a
  // principalSet://cloudresourcemanager.googleapis.com/{folders,organizations}/N/type/ServiceAccount member (IAM
  // "Principal identifiers"): the project entry carries its parent and the folders of the chain carry theirs, so the
  // emulator answers getAncestry as Google did. The entry holds only service accounts, so a replay that covers every
  // project of the file pairs nothing more; a refused read is replayed by its fault like every gap.
  const extraFolders = new Set<string>();
  const extraOrganizations = new Set<string>();
  for (const [id, r] of Object.entries(raw.accountProjects ?? {})) {
    if (!r.ok || raw.projects[id]) continue;
    const chain = chainOf(r.value);
    const parent = r.value[1]?.resourceId;
    if (!parent?.id || (parent.type !== 'folder' && parent.type !== 'organization')) continue;
    const entry = ensure(id);
    entry.project.parent = { type: parent.type, id: parent.id };
    for (let i = 1; i < chain.length; i++) {
      if (chain[i].startsWith('folders/')) {
        if (i + 1 < chain.length && !ancestryParent.has(chain[i])) ancestryParent.set(chain[i], chain[i + 1]);
        if (!raw.folders[chain[i]]) extraFolders.add(chain[i]);
      } else if (chain[i].startsWith('organizations/') && !raw.organizations[chain[i]]) {
        extraOrganizations.add(chain[i]);
      }
    }
  }

  const organizations = [
    ...Object.entries(raw.organizations).map(([name, o]) => ({
      organization: o.organization.ok ? plain(o.organization.value) : { name },
      ...(o.iamPolicy.ok ? { iamPolicy: plain(o.iamPolicy.value) } : {}),
    })),
    // Organizations seen only in an account project's ancestry: named, their policy never read.
    ...[...extraOrganizations].sort().map((name) => ({ organization: { name } })),
  ];
  const folders = [
    ...Object.entries(raw.folders).map(([name, f]) => {
      const parent = ancestryParent.get(name);
      return {
        folder: f.folder.ok ? plain(f.folder.value) : { name, ...(parent ? { parent } : {}) },
        ...(f.iamPolicy.ok ? { iamPolicy: plain(f.iamPolicy.value) } : {}),
      };
    }),
    ...[...extraFolders].sort().map((name) => {
      const parent = ancestryParent.get(name);
      return { folder: { name, ...(parent ? { parent } : {}) } };
    }),
  ];

  placeDenyPolicies(raw, gapById, { projects, organizations, folders });

  // Kubernetes workloads as Cloud Asset Inventory answered them, each under the project its name or ancestry
  // names, so a replay marks the same pairs in use. An asset listed under two parents is written once.
  const seenAssets = new Set<string>();
  for (const r of Object.values(raw.kubernetesAssets ?? {})) {
    if (!r.ok) continue;
    for (const a of r.value) {
      if (typeof a.name !== 'string' || seenAssets.has(a.name)) continue;
      const holder = assetProject(a.name, a.ancestors ?? [], projects);
      if (!holder) continue;
      seenAssets.add(a.name);
      (holder.assets ??= []).push(plain(a));
    }
  }

  // Access policies and their perimeters as read; a refused list is replayed by its fault. accessPolicies.list names
  // the organization in its query, which a fault cannot match: a refusal for one organization refuses them all on
  // replay (more unknowns, never a verdict the auditor could not reach).
  const accessPolicies: Obj[] = [];
  for (const r of Object.values(raw.accessPolicies ?? {})) {
    if (!r.ok) continue;
    for (const e of r.value) {
      accessPolicies.push({ accessPolicy: plain(e.accessPolicy), ...(e.servicePerimeters.ok && e.servicePerimeters.value.length ? { servicePerimeters: e.servicePerimeters.value.map(plain) } : {}) });
    }
  }

  const faults: Obj[] = [];
  const seenMatch = new Set<string>();
  for (const gap of raw.gaps) {
    if (skipGaps.has(gap.id) || seenMatch.has(gap.request)) continue;
    seenMatch.add(gap.request);
    faults.push(faultOf(gap));
  }

  const serverConfig = Object.values(raw.projects)
    .flatMap((p) => Object.values(p.serverConfigs))
    .find((s) => s.ok);

  const out: Obj = {
    scenario: 1,
    description: opts.description ?? `Collected by pullcheck at ${raw.finishedAt}`,
    organizations,
    folders,
    projects: [...projects.values()].map(compactProject),
    organizationRoles,
    groups,
    ...(accessPolicies.length ? { accessPolicies } : {}),
    predefinedRoles,
    ...(serverConfig?.ok ? { serverConfig: plain(serverConfig.value) } : {}),
    faults,
  };
  return (opts.redact ? redactScenario(out, { key: opts.redactKey }) : out) as unknown as Scenario;
}

function faultOf(gap: Gap): Obj {
  return { match: gap.request, status: gap.status ?? 504, times: null, reason: gap.reason };
}

function compactProject(p: ProjectOut): Obj {
  const out: Obj = { project: p.project };
  if (p.iamPolicy) out.iamPolicy = p.iamPolicy;
  for (const k of ['clusters', 'repositories', 'serviceAccounts', 'roles', 'subnetworks', 'routers'] as const) {
    if (p[k].length) out[k] = p[k];
  }
  if (p.denyPolicies?.length) out.denyPolicies = p.denyPolicies;
  if (p.assets?.length) out.assets = p.assets;
  return out;
}

/** The project an asset belongs to: its ancestry's first project (by number), else the project id in its name. */
function assetProject(name: string, ancestors: string[], projects: Map<string, ProjectOut>): ProjectOut | null {
  const first = ancestors.find((x) => x.startsWith('projects/'));
  if (first) {
    const key = first.slice('projects/'.length);
    for (const [id, p] of projects) if (id === key || String(p.project.projectNumber) === key) return p;
  }
  const at = name.indexOf('/projects/');
  if (at < 0) return null;
  const rest = name.slice(at + '/projects/'.length);
  const end = rest.indexOf('/');
  return projects.get(end < 0 ? rest : rest.slice(0, end)) ?? null;
}

/** The project number inside a deny policy name Google answered for a project ("...%2Fprojects%2F123/denypolicies/X"). */
function denyPolicyNumber(raw: RawEstate, id: string): string | null {
  const r = raw.denyPolicies?.[`projects/${id}`];
  for (const p of r?.ok ? r.value : []) {
    const point = attachmentOf(p.name ?? '');
    const m = point ? /^projects\/(\d+)$/.exec(point) : null;
    if (m) return m[1];
  }
  return null;
}

/** "projects/P" | "folders/N" | "organizations/N" from "policies/cloudresourcemanager.googleapis.com%2F.../denypolicies/ID". */
function attachmentOf(name: string): string | null {
  const parts = name.split('/');
  if (parts.length !== 4 || parts[0] !== 'policies' || parts[2] !== 'denypolicies') return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(parts[1]);
  } catch {
    return null;
  }
  const m = /^cloudresourcemanager\.googleapis\.com\/((?:projects|folders|organizations)\/[^/]+)$/.exec(decoded);
  return m ? m[1] : null;
}

/**
 * Deny policies go on the entry of their attachment point, as read (policies.get). A policy whose get was refused
 * is written by name only, so the emulator lists it and its fault refuses the get again: the replay leaves that
 * attachment point unreadable, with the same gap first. A refused list is replayed by its own fault.
 */
function placeDenyPolicies(
  raw: RawEstate,
  gapById: Map<string, Gap>,
  out: { projects: Map<string, ProjectOut>; organizations: Obj[]; folders: Obj[] },
): void {
  const holder = (point: string): { denyPolicies?: Obj[] } | null => {
    const [kind, id] = point.split('/');
    if (kind === 'projects') {
      for (const [pid, p] of out.projects) if (pid === id || String(p.project.projectNumber) === id) return p;
      return null;
    }
    const list = kind === 'folders' ? out.folders : out.organizations;
    const field = kind === 'folders' ? 'folder' : 'organization';
    return (list.find((e) => (e[field] as Obj | undefined)?.name === point) as { denyPolicies?: Obj[] } | undefined) ?? null;
  };
  const push = (point: string, policy: Obj) => {
    const h = holder(point);
    if (h) (h.denyPolicies ??= []).push(policy);
  };
  const refusedGets: Gap[] = [];
  for (const [point, r] of Object.entries(raw.denyPolicies ?? {})) {
    if (r.ok) for (const p of r.value) push(point, plain(p));
    else {
      const first = gapById.get(r.gapId);
      if (first?.method === 'policies.get') refusedGets.push(first);
    }
  }
  const seen = new Set(refusedGets.map((g) => g.resource));
  for (const g of raw.gaps) if (g.method === 'policies.get' && g.api === 'iam' && !seen.has(g.resource)) refusedGets.push(g);
  for (const g of refusedGets) {
    const point = attachmentOf(g.resource);
    if (point) push(point, { name: g.resource });
  }
}

/*
 * Redaction (`collect --redact`). A snapshot goes to people outside the organization (support, a vendor), so
 * every person's and group's email goes, wherever it sits: IAM members (`user:`, `group:`, `deleted:user:`,
 * `principal://goog/subject/`, `principalSet://goog/group/`), Cloud Identity group keys and memberships,
 * condition titles, descriptions and expressions, display names, descriptions, labels, and any field Google
 * adds later. Service accounts stay: verdicts are about them, and they name workloads, not people
 * (https://cloud.google.com/iam/docs/service-account-overview). Each email maps to one placeholder computed
 * from the email alone, so a group bound in a policy is still the group whose members the snapshot lists,
 * and two snapshots of one estate agree. Google compares member emails without regard to case
 * (https://cloud.google.com/iam/docs/principals-overview), and so does the placeholder.
 */

/** A service account's email: every kind ends in gserviceaccount.com (user-managed, default, service agents). */
export function isServiceAccountEmail(email: string): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return domain === 'gserviceaccount.com' || domain.endsWith('.gserviceaccount.com');
}

const code = (c: string) => c.charCodeAt(0);
const [A, Z, a, z, d0, d9] = ['A', 'Z', 'a', 'z', '0', '9'].map(code);
/** Characters of a local part: letters, digits, non-ASCII, and the punctuation Google accounts allow plus RFC 5322 atext that no IAM member syntax uses as a separator. */
const LOCAL_PUNCT = new Set([...".-_+%'!#$&*^~"].map(code));
const isAlnum = (c: number) => (c >= A && c <= Z) || (c >= a && c <= z) || (c >= d0 && c <= d9) || c >= 0x80;
const isLocal = (c: number) => isAlnum(c) || LOCAL_PUNCT.has(c);
const isDomain = (c: number) => isAlnum(c) || c === 0x2e /* . */ || c === 0x2d; /* - */

/** A dotted host name: labels of letters, digits and hyphens, none empty. */
function isHostName(domain: string): boolean {
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((l) => l.length > 0 && l[0] !== '-');
}

/**
 * Every email-shaped run in `text`, as [start, end) offsets. One pass: each '@' looks left over local-part
 * characters and right over host characters, and neither run crosses another '@', so each character is
 * looked at at most twice whatever the input (no regular expression, no backtracking).
 */
export function findEmails(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let floor = 0;
  for (let at = text.indexOf('@'); at >= 0; ) {
    let s = at;
    while (s > floor && isLocal(text.charCodeAt(s - 1))) s--;
    // Quotes and dots around an address ('alice@x.org' in a condition) are not part of it.
    while (s < at && (text[s] === "'" || text[s] === '.')) s++;
    let e = at + 1;
    while (e < text.length && isDomain(text.charCodeAt(e))) e++;
    while (e > at + 1 && (text[e - 1] === '.' || text[e - 1] === '-')) e--;
    if (s < at && isHostName(text.slice(at + 1, e))) {
      out.push([s, e]);
      floor = e;
      at = text.indexOf('@', e);
    } else {
      at = text.indexOf('@', at + 1);
    }
  }
  return out;
}

type Kind = 'user' | 'group';

/** The email an IAM member names, and whether it is a person or a group (service accounts and domains: null). */
function memberEmail(member: string): { email: string; kind: Kind } | null {
  const m = member.startsWith('deleted:') ? member.slice('deleted:'.length) : member;
  const forms: Array<[string, Kind]> = [
    ['user:', 'user'],
    ['group:', 'group'],
    ['principal://goog/subject/', 'user'],
    ['principalSet://goog/group/', 'group'],
  ];
  for (const [prefix, kind] of forms) {
    if (!m.startsWith(prefix)) continue;
    // deleted:user:EMAIL?uid=N (https://cloud.google.com/iam/docs/principal-identifiers)
    const email = m.slice(prefix.length).split('?')[0].toLowerCase();
    return email.includes('@') && !isServiceAccountEmail(email) ? { email, kind } : null;
  }
  return null;
}

/** Which emails are groups: members written `group:`, group keys, memberships of type GROUP. Everyone else found is a user. */
function groupEmails(s: unknown): Set<string> {
  const groups = new Set<string>();
  walk(s, (v) => {
    const m = typeof v === 'string' ? memberEmail(v) : null;
    if (m?.kind === 'group') groups.add(m.email);
  });
  for (const g of ((s as Obj).groups as Array<{ group?: Obj; members?: Obj[] }> | undefined) ?? []) {
    const key = (g.group?.groupKey as Obj | undefined)?.id;
    if (typeof key === 'string') groups.add(key.toLowerCase());
    for (const m of g.members ?? []) {
      const id = (m.preferredMemberKey as Obj | undefined)?.id;
      if (m.type === 'GROUP' && typeof id === 'string') groups.add(id.toLowerCase());
    }
  }
  return groups;
}

/** Visits every value, depth first. */
function walk(v: unknown, visit: (v: unknown) => void) {
  visit(v);
  if (Array.isArray(v)) for (const x of v) walk(x, visit);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x, visit);
}

/**
 * The placeholder an email maps to under `key`: a keyed hash (HMAC-SHA-256), so someone holding the snapshot
 * cannot confirm a guess ("is alice@example.org in it?") by hashing the guess, as a plain hash would allow.
 */
export function redactedEmail(email: string, kind: Kind, key: string): string {
  return `${kind}-${keyed(key, email.toLowerCase())}@redacted.example`;
}

const keyed = (key: string, value: string) => createHmac('sha256', key).update(value).digest('hex').slice(0, 10);

/**
 * The key when none is given: derived from every email the snapshot redacts, so the same estate always
 * redacts to the same file, yet only someone who already knows every person in it could recompute the
 * placeholders. A key given by the caller (PULLCHECK_REDACT_KEY) keeps one email's placeholder the same
 * across snapshots of a changing estate.
 */
export function estateRedactionKey(s: unknown): string {
  const secrets = new Set<string>();
  const visit = (text: string) => {
    for (const [b, e] of findEmails(text)) {
      const email = text.slice(b, e).toLowerCase();
      if (!isServiceAccountEmail(email)) secrets.add(email);
    }
  };
  walkStrings(s, visit);
  return createHash('sha256').update(`pullcheck redaction key\n${[...secrets].sort().join('\n')}`).digest('hex');
}

/** Visits every string and every object key, depth first. */
function walkStrings(v: unknown, visit: (text: string) => void) {
  if (typeof v === 'string') visit(v);
  else if (Array.isArray(v)) for (const x of v) walkStrings(x, visit);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      visit(k);
      walkStrings(x, visit);
    }
  }
}

/** Redacts strings under one key: every email that is not a service account's, and what else names a person. */
export class Redactor {
  private readonly placeholders = new Map<string, string>();

  constructor(
    private readonly key: string,
    private readonly groups: ReadonlySet<string> = new Set(),
  ) {}

  /** `text` with every email that is not a service account's replaced by its placeholder. */
  text(text: string): string {
    if (!text.includes('@')) return this.subject(text);
    const parts: string[] = [];
    let last = 0;
    for (const [s, e] of findEmails(text)) {
      const email = text.slice(s, e).toLowerCase();
      if (isServiceAccountEmail(email)) continue;
      // One hash per distinct email, not per occurrence.
      let p = this.placeholders.get(email);
      if (p === undefined) {
        p = redactedEmail(email, this.groups.has(email) ? 'group' : 'user', this.key);
        this.placeholders.set(email, p);
      }
      parts.push(text.slice(last, s), p);
      last = e;
    }
    parts.push(text.slice(last));
    return this.subject(this.uid(parts.join('')));
  }

  /**
   * A deleted person's or group's member keeps the account's numeric id (`deleted:user:EMAIL?uid=N`,
   * https://cloud.google.com/iam/docs/principal-identifiers), a lasting identifier of the person: hashed
   * too. A deleted service account's uid stays: it is what `gcloud iam service-accounts undelete` takes.
   */
  private uid(member: string): string {
    if (!member.startsWith('deleted:user:') && !member.startsWith('deleted:group:') && !member.startsWith('deleted:principal')) return member;
    const q = member.indexOf('?uid=');
    if (q < 0) return member;
    const uid = member.slice(q + '?uid='.length);
    return uid.startsWith('redacted-') ? member : `${member.slice(0, q)}?uid=redacted-${keyed(this.key, `uid:${uid}`)}`;
  }

  /**
   * A workforce identity federation subject (principal://iam.googleapis.com/locations/global/
   * workforcePools/POOL/subject/SUBJECT, https://cloud.google.com/iam/docs/principal-identifiers) names a
   * person even when it is not an email; it is replaced too. Workload identity subjects name workloads.
   */
  private subject(member: string): string {
    const m = member.startsWith('deleted:') ? member.slice('deleted:'.length) : member;
    if (!m.startsWith('principal://') || !m.includes('/workforcePools/')) return member;
    const at = member.indexOf('/subject/');
    if (at < 0) return member;
    const subject = member.slice(at + '/subject/'.length);
    if (subject.endsWith('@redacted.example')) return member;
    return `${member.slice(0, at)}/subject/subject-${keyed(this.key, `subject:${subject}`)}`;
  }
}

/**
 * The scenario with every person's and group's email replaced by its placeholder in every string and every
 * key, whatever field holds it, known to Pullcheck or not; service accounts kept. `key`: see
 * estateRedactionKey.
 */
export function redactScenario<T>(s: T, opts: { key?: string } = {}): T {
  const r = new Redactor(opts.key || estateRedactionKey(s), groupEmails(s));
  const redact = (v: unknown): unknown => {
    if (typeof v === 'string') return r.text(v);
    if (Array.isArray(v)) return v.map(redact);
    if (v && typeof v === 'object') {
      // fromEntries defines own properties, so a "__proto__" key stays data.
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [r.text(k), redact(x)]));
    }
    return v;
  };
  return redact(s) as T;
}
