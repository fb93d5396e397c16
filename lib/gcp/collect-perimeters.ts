/**
 * VPC Service Controls (https://cloud.google.com/vpc-service-controls/docs/overview): the access policies of every
 * organization the scan reached (Access Context Manager v1 `accessPolicies.list` with `parent=organizations/ID`,
 * scoped policies included), then each policy's `servicePerimeters.list`. Perimeters name projects by number
 * (`projects/NUMBER`), so when any perimeter was read, the Shared VPC host projects of node networks that the scan
 * did not cover are read too (`projects.get`, for their number). Projects without an organization cannot be in a
 * perimeter: nothing is read for them. A refusal (accesscontextmanager.policies.list / servicePerimeters.list, in
 * roles/accesscontextmanager.policyReader on the organization) leaves `{ ok: false, gapId }`.
 */
import type { RawAccessPolicy, RawAccessPolicyEntry, RawEstate, RawProject, RawServicePerimeter, Readable } from '../inventory/raw';
import { poolSubnetwork } from '../inventory/normalize';
import { gapOf, listPages, ok, sortRecord, type GuardContext } from './collect-guards';

const PAGE_CAP = 100;
const POLICY_NAME = /^accessPolicies\/[^/?#]+$/;
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

export async function collectPerimeters(ctx: GuardContext): Promise<void> {
  const orgs = Object.keys(ctx.estate.organizations).filter((k) => /^organizations\/[^/?#]+$/.test(k));
  if (!orgs.length) return;
  const out: Record<string, Readable<RawAccessPolicyEntry[]>> = {};
  await Promise.all(orgs.map(async (org) => (out[org] = await organizationPolicies(ctx, org))));
  ctx.estate.accessPolicies = sortRecord(out);
  const anyPerimeter = Object.values(out).some((r) => r.ok && r.value.some((e) => e.servicePerimeters.ok && e.servicePerimeters.value.length > 0));
  if (anyPerimeter) await hostProjects(ctx);
}

async function organizationPolicies(ctx: GuardContext, parent: string): Promise<Readable<RawAccessPolicyEntry[]>> {
  const acm = ctx.clients.accesscontextmanager;
  const pageSize = Math.min(ctx.pageSize, PAGE_CAP);
  const listed = await listPages<{ accessPolicies?: RawAccessPolicy[]; nextPageToken?: string | null }, RawAccessPolicy>(
    ctx,
    // The query carries the organization; the path is the same for every one.
    { api: 'accesscontextmanager', method: 'accessPolicies.list', resource: parent, request: 'GET /v1/accessPolicies' },
    (pageToken, signal) => acm.accessPolicies.list({ parent, pageSize, pageToken }, { signal }),
    (r) => r.accessPolicies,
    (r) => r.nextPageToken,
  );
  if (!listed.ok) return gapOf(listed);
  const entries = await Promise.all(
    listed.value.map(async (accessPolicy): Promise<RawAccessPolicyEntry> => {
      const name = accessPolicy.name ?? '';
      if (!POLICY_NAME.test(name)) {
        const gap = ctx.recordGap(
          { api: 'accesscontextmanager', method: 'accessPolicies.servicePerimeters.list', resource: name.slice(0, 200) || parent, request: 'GET /v1/accessPolicies' },
          { kind: 'network', detail: 'malformed access policy name', attempts: 1 },
          `Pullcheck could not read the service perimeters of an access policy of ${parent}: its name "${name.slice(0, 200)}" is not of the form accessPolicies/NUMBER.`,
        );
        gap.reason = 'MALFORMED_ANSWER';
        return { accessPolicy, servicePerimeters: { ok: false, gapId: gap.id } };
      }
      const perimeters = await listPages<{ servicePerimeters?: RawServicePerimeter[]; nextPageToken?: string | null }, RawServicePerimeter>(
        ctx,
        { api: 'accesscontextmanager', method: 'accessPolicies.servicePerimeters.list', resource: name, request: `GET /v1/${name}/servicePerimeters` },
        (pageToken, signal) => acm.accessPolicies.servicePerimeters.list({ parent: name, pageSize, pageToken }, { signal }),
        (r) => r.servicePerimeters,
        (r) => r.nextPageToken,
      );
      return { accessPolicy, servicePerimeters: perimeters.ok ? ok(perimeters.value) : gapOf(perimeters) };
    }),
  );
  return ok(entries);
}

/** The projects that own node networks (Shared VPC hosts included), from each cluster's and pool's subnetwork and network. */
export function nodeNetworkProjects(estate: RawEstate): Set<string> {
  const out = new Set<string>();
  const projectOf = (ref: string | null | undefined): string | null => {
    const m = ref ? /(?:^|\/)projects\/([^/]+)\/(?:regions|global)\//.exec(ref) : null;
    return m && PROJECT_ID.test(m[1]) ? m[1] : null;
  };
  for (const [id, entry] of Object.entries(estate.projects)) {
    if (!entry.clusters.ok) continue;
    for (const c of entry.clusters.value) {
      const network = projectOf(c.networkConfig?.network);
      if (network) out.add(network);
      for (const np of [...(c.nodePools ?? []), {}]) {
        const p = projectOf(poolSubnetwork(c, np, id));
        if (p) out.add(p);
      }
    }
  }
  return out;
}

/** projects.get of every node-network project outside the scope, for its number. */
async function hostProjects(ctx: GuardContext): Promise<void> {
  const wanted = [...nodeNetworkProjects(ctx.estate)].filter((id) => !ctx.estate.projects[id]).sort();
  if (!wanted.length) return;
  const out: Record<string, Readable<RawProject>> = {};
  await Promise.all(
    wanted.map(async (id) => {
      const o = await ctx.call<RawProject>({
        api: 'cloudresourcemanager',
        method: 'projects.get',
        resource: `projects/${id}`,
        request: `GET /v1/projects/${id}`,
        run: (signal) => ctx.clients.crm1.projects.get({ projectId: id }, { signal }),
      });
      out[id] = o.ok ? ok(o.value) : gapOf(o);
    }),
  );
  ctx.estate.hostProjects = sortRecord(out);
}
