/**
 * IAM v2 deny policies (https://cloud.google.com/iam/docs/deny-overview) on the chain of every project that holds a
 * Docker repository: the project, its folders and its organization, each attachment point read once per scan.
 * `policies.listPolicies` answers each policy's metadata only, so every listed policy is then read with
 * `policies.get` (IAM v2 reference, policies.listPolicies: "the response does not include the rules"); Google ignores
 * `pageSize` there, so only `pageToken` is sent. The attachment point is URL-encoded inside the parent
 * ("policies/cloudresourcemanager.googleapis.com%2Fprojects%2FP/denypolicies").
 * A refused list or get (iam.denypolicies.list / .get, in roles/iam.denyReviewer) leaves that attachment point
 * `{ ok: false, gapId }`: a deny policy can only take access away, so one unread policy leaves every can-pull open.
 */
import { accountProjectsOutsideScope, isResourcePrincipalSet } from '../inventory/account-owner';
import type { RawAncestor, RawDenyPolicy, RawEstate, RawProjectEntry, Readable } from '../inventory/raw';
import { gapOf, listPages, ok, sortRecord, type GuardContext } from './collect-guards';

const CRM = 'cloudresourcemanager.googleapis.com/';
const NAME = /^policies\/[^/?#]+\/denypolicies\/[^/?#]+$/;

/** "organizations/ID" | "folders/ID" for one ancestor; null for the project itself or a malformed entry. */
function ancestorKey(a: RawAncestor): string | null {
  const id = a.resourceId?.id;
  if (!id || /[/?#]/.test(id)) return null;
  if (a.resourceId?.type === 'folder') return `folders/${id}`;
  if (a.resourceId?.type === 'organization') return `organizations/${id}`;
  return null;
}

/** The attachment points of a project's chain, nearest first: from its ancestry, or (refused) from the parents read. */
export function denyChain(estate: RawEstate, projectId: string, entry: RawProjectEntry): string[] {
  const out = [`projects/${projectId}`];
  if (entry.ancestry.ok) {
    for (const a of entry.ancestry.value.slice(1)) {
      const k = ancestorKey(a);
      if (k) out.push(k);
    }
    return out;
  }
  const parent = entry.project.parent;
  let key = parent?.id && parent.type === 'folder' ? `folders/${parent.id}` : parent?.id && parent.type === 'organization' ? `organizations/${parent.id}` : null;
  const seen = new Set<string>();
  while (key && !seen.has(key)) {
    seen.add(key);
    out.push(key);
    if (!key.startsWith('folders/')) break;
    const f = estate.folders[key]?.folder;
    key = f?.ok && f.value.parent && /^(folders|organizations)\/[^/?#]+$/.test(f.value.parent) ? f.value.parent : null;
  }
  return out;
}

export async function collectDenyPolicies(ctx: GuardContext): Promise<void> {
  const points = new Set<string>();
  for (const [id, entry] of Object.entries(ctx.estate.projects)) {
    if (!entry.repositories.items.some((r) => r.repository.format === 'DOCKER')) continue;
    for (const k of denyChain(ctx.estate, id, entry)) points.add(k);
  }
  if (!points.size) return;
  const out: Record<string, Readable<RawDenyPolicy[]>> = {};
  await Promise.all([...points].map(async (key) => (out[key] = await attachmentPoint(ctx, key))));
  ctx.estate.denyPolicies = sortRecord(out);
  await Promise.all([ctx.resolveGroups(denyGroups(ctx.estate)), accountProjectsForDeny(ctx)]);
}

/** Groups a deny rule names (principalSet://goog/group/EMAIL, denied or excepted), resolved as groups of allow bindings are. */
export function denyGroups(estate: RawEstate): string[] {
  const out = new Set<string>();
  for (const r of Object.values(estate.denyPolicies ?? {})) {
    if (!r.ok) continue;
    for (const p of r.value) {
      for (const rule of p.rules ?? []) {
        for (const m of [...(rule.denyRule?.deniedPrincipals ?? []), ...(rule.denyRule?.exceptionPrincipals ?? [])]) {
          const prefix = 'principalset://goog/group/';
          if (m.toLowerCase().startsWith(prefix)) {
            const email = m.slice(prefix.length).toLowerCase();
            if (email.includes('@') && !/[/?#\s]/.test(email)) out.add(email);
          }
        }
      }
    }
  }
  return [...out].sort();
}

/**
 * A deny rule may name `principalSet://cloudresourcemanager.googleapis.com/{projects,folders,organizations}/X/type/ServiceAccount`
 * (every service account owned by a project at or under X: IAM "Principal identifiers"), as an allow binding may. The
 * collector reads the ancestry of node accounts' projects outside the scope for allow bindings; when a deny rule
 * names such a set, the ones not read yet are read here (projects.getAncestry, memoized with the collector's reads).
 */
async function accountProjectsForDeny(ctx: GuardContext): Promise<void> {
  const e = ctx.estate;
  const named = Object.values(e.denyPolicies ?? {}).some(
    (r) =>
      r.ok &&
      r.value.some((p) =>
        (p.rules ?? []).some((rule) =>
          [...(rule.denyRule?.deniedPrincipals ?? []), ...(rule.denyRule?.exceptionPrincipals ?? [])].some(isResourcePrincipalSet),
        ),
      ),
  );
  if (!named) return;
  // The ones the collector has not read already (for an allow binding's principalSet).
  const ids = [...accountProjectsOutsideScope(e)].filter((id) => !e.accountProjects?.[id]);
  if (!ids.length) return;
  const out: Record<string, Readable<RawAncestor[]>> = { ...(e.accountProjects ?? {}) };
  await Promise.all(
    ids.map(async (id) => {
      const o = await ctx.call<{ ancestor?: RawAncestor[] }>({
        api: 'cloudresourcemanager',
        method: 'projects.getAncestry',
        resource: `projects/${id}`,
        request: `POST /v1/projects/${id}:getAncestry`,
        run: (signal) => ctx.clients.crm1.projects.getAncestry({ projectId: id, requestBody: {} }, { signal }),
      });
      out[id] = o.ok ? ok(o.value.ancestor ?? []) : gapOf(o);
    }),
  );
  e.accountProjects = sortRecord(out);
}

/** listPolicies on one attachment point, then policies.get of each policy listed. */
async function attachmentPoint(ctx: GuardContext, key: string): Promise<Readable<RawDenyPolicy[]>> {
  const iam = ctx.clients.iam2;
  const parent = `policies/${encodeURIComponent(CRM + key)}/denypolicies`;
  const listed = await listPages<{ policies?: RawDenyPolicy[]; nextPageToken?: string | null }, RawDenyPolicy>(
    ctx,
    { api: 'iam', method: 'policies.listPolicies', resource: key, request: `GET /v2/${parent}` },
    (pageToken, signal) => iam.policies.listPolicies({ parent, pageToken }, { signal }),
    (r) => r.policies,
    (r) => r.nextPageToken,
  );
  if (!listed.ok) return gapOf(listed);
  const names = listed.value.map((p) => p.name ?? '');
  const bad = names.find((n) => !NAME.test(n));
  if (bad !== undefined) {
    const gap = ctx.recordGap(
      { api: 'iam', method: 'policies.listPolicies', resource: key, request: `GET /v2/${parent}` },
      { kind: 'network', detail: 'malformed policy name', attempts: 1 },
      `Pullcheck could not use the IAM deny policies attached to ${key}: the list named a policy "${bad.slice(0, 200)}" that is not of the form policies/ATTACHMENT_POINT/denypolicies/ID, so its rules could not be read.`,
    );
    gap.reason = 'MALFORMED_ANSWER';
    return { ok: false, gapId: gap.id };
  }
  const got = await Promise.all(
    names.map((name) =>
      ctx.call<RawDenyPolicy>({
        api: 'iam',
        method: 'policies.get',
        resource: name,
        request: `GET /v2/${name}`,
        // Deleted between the list and the get: no longer there to deny anything.
        notFoundIsAnswer: true,
        run: (signal) => iam.policies.get({ name }, { signal }),
      }),
    ),
  );
  const failed = got.find((o) => !o.ok && o.gapId !== null);
  if (failed) return gapOf(failed);
  return ok(got.flatMap((o) => (o.ok ? [o.value] : [])));
}
