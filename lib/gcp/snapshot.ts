/** Writes a collected estate as a scenario file (scenario-format.md) that replays to the same verdicts. */
import { createHash } from 'node:crypto';
import type { Gap, RawEstate, RawPolicy } from '../inventory/raw';
import type { Scenario } from '../scenario/schema';

type Obj = Record<string, unknown>;

interface ProjectOut {
  project: Obj;
  iamPolicy?: Obj;
  clusters: Obj[];
  repositories: Array<{ repository: Obj; iamPolicy?: Obj }>;
  serviceAccounts: Obj[];
  roles: Obj[];
  subnetworks: Obj[];
  routers: Obj[];
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
 * placeholders everywhere; service accounts are kept.
 */
export function rawToScenario(raw: RawEstate, opts: { redact: boolean; description?: string }): Scenario {
  const projects = new Map<string, ProjectOut>();
  const usedNumbers = new Set<string>();
  const gapById = new Map(raw.gaps.map((g) => [g.id, g]));

  for (const [id, e] of Object.entries(raw.projects)) {
    const project = plain(e.project);
    if (project.projectNumber) usedNumbers.add(String(project.projectNumber));
    projects.set(id, {
      project,
      ...(e.iamPolicy.ok ? { iamPolicy: plain(e.iamPolicy.value) } : {}),
      // A failed clusters.list stays a failure on replay through its fault, not an empty list.
      clusters: e.clusters.ok ? e.clusters.value.map(plain) : [],
      repositories: e.repositories.items.map((r) => ({
        repository: plain(r.repository),
        ...(r.repository.format === 'DOCKER' && r.iamPolicy.ok ? { iamPolicy: plain(r.iamPolicy.value) } : {}),
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
  // A project whose projects.get was refused keeps what was listed in it, but the format needs a number.
  for (const [id, p] of projects) if (!p.project.projectNumber) p.project.projectNumber = freshNumber(id);

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
  for (const e of Object.values(raw.projects)) {
    if (!e.ancestry.ok) continue;
    const chain = e.ancestry.value.map((a) => `${a.resourceId?.type === 'organization' ? 'organizations' : `${a.resourceId?.type}s`}/${a.resourceId?.id}`);
    for (let i = 1; i + 1 < chain.length; i++) ancestryParent.set(chain[i], chain[i + 1]);
  }

  const organizations = Object.entries(raw.organizations).map(([name, o]) => ({
    organization: o.organization.ok ? plain(o.organization.value) : { name },
    ...(o.iamPolicy.ok ? { iamPolicy: plain(o.iamPolicy.value) } : {}),
  }));
  const folders = Object.entries(raw.folders).map(([name, f]) => {
    const parent = ancestryParent.get(name);
    return {
      folder: f.folder.ok ? plain(f.folder.value) : { name, ...(parent ? { parent } : {}) },
      ...(f.iamPolicy.ok ? { iamPolicy: plain(f.iamPolicy.value) } : {}),
    };
  });

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
    predefinedRoles,
    ...(serverConfig?.ok ? { serverConfig: plain(serverConfig.value) } : {}),
    faults,
  };
  return (opts.redact ? redact(out) : out) as unknown as Scenario;
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
  return out;
}

const EMAIL = /^[^@\s:]+@[^@\s:?]+$/;

/** The person and group emails of a scenario: binding members, group keys and memberships (service accounts excluded). */
function personalEmails(s: Obj): Map<string, 'user' | 'group'> {
  const found = new Map<string, 'user' | 'group'>();
  const add = (email: string, kind: 'user' | 'group') => {
    const e = email.toLowerCase();
    if (!EMAIL.test(e) || e.endsWith('.gserviceaccount.com')) return;
    if (!found.has(e) || kind === 'group') found.set(e, kind);
  };
  const policies: RawPolicy[] = [];
  const orgs = (s.organizations as Obj[]) ?? [];
  const folders = (s.folders as Obj[]) ?? [];
  const projects = (s.projects as Obj[]) ?? [];
  for (const e of [...orgs, ...folders, ...projects]) if (e.iamPolicy) policies.push(e.iamPolicy as RawPolicy);
  for (const p of projects) for (const r of (p.repositories as Obj[]) ?? []) if (r.iamPolicy) policies.push(r.iamPolicy as RawPolicy);
  for (const pol of policies) {
    for (const b of pol.bindings ?? []) {
      for (const m of b.members ?? []) {
        const x = /^(?:deleted:)?(user|group):([^?]+)/.exec(m);
        if (x) add(x[2], x[1] as 'user' | 'group');
      }
    }
  }
  for (const g of (s.groups as Array<{ group: Obj; members: Obj[] }>) ?? []) {
    const key = (g.group.groupKey as Obj | undefined)?.id;
    if (typeof key === 'string') add(key, 'group');
    for (const m of g.members) {
      const id = (m.preferredMemberKey as Obj | undefined)?.id;
      if (typeof id !== 'string' || m.type === 'SERVICE_ACCOUNT') continue;
      add(id, m.type === 'GROUP' ? 'group' : 'user');
    }
  }
  return found;
}

/** The placeholder an email always maps to. */
export function redactedEmail(email: string, kind: 'user' | 'group'): string {
  return `${kind}-${hash(email.toLowerCase(), 10)}@redacted.example`;
}

function redact(s: Obj): Obj {
  const emails = [...personalEmails(s).entries()].sort((a, b) => b[0].length - a[0].length);
  if (!emails.length) return s;
  const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const table = new Map(emails.map(([e, k]) => [e, redactedEmail(e, k)]));
  const re = new RegExp(`(?<![A-Za-z0-9._%+-])(?:${emails.map(([e]) => esc(e)).join('|')})(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, 'gi');
  const text = JSON.stringify(s).replace(re, (m) => table.get(m.toLowerCase()) ?? m);
  return JSON.parse(text) as Obj;
}
