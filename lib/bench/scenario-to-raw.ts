/**
 * A scenario read straight into a RawEstate, without HTTP: what a perfect collector would gather from the
 * emulator (faults on repository policies and disabled services become gaps). The benchmark uses it to
 * build very large inventories for the engine figure and to cross-check the scan's verdicts.
 */
import { resolveServiceAccount } from '../inventory/normalize';
import { emptyRawEstate, type Gap, type Lookup, type RawEstate, type RawGroupEntry, type RawPolicy, type RawProjectEntry, type RawRouter, type RawSubnetwork, type Scope } from '../inventory/raw';
import { DEFAULT_SERVER_CONFIG } from '../emulator/static-data';
import type { Scenario } from '../scenario/schema';

const SERVICE_OF: Record<string, string> = {
  container: 'container.googleapis.com',
  artifactregistry: 'artifactregistry.googleapis.com',
  compute: 'compute.googleapis.com',
  iam: 'iam.googleapis.com',
};

/** Builds the RawEstate a complete scan of the scenario would collect (organization scope by default). */
export function scenarioToRaw(s: Scenario, scope?: Scope): RawEstate {
  const gaps: Gap[] = [];
  const gap = (api: string, method: string, resource: string, request: string, status: number, reason: string): string => {
    const id = `gap-${gaps.length.toString(36)}`;
    gaps.push({ id, api, method, resource, status, reason, permission: null, message: `${method} on ${resource} answered ${status} ${reason}.`, request });
    return id;
  };
  const faultStatus = (request: string): { status: number; reason: string } | null => {
    const f = (s.faults ?? []).find((x) => x.match === request && x.status && x.status >= 400);
    return f ? { status: f.status!, reason: f.reason ?? 'IAM_PERMISSION_DENIED' } : null;
  };
  const policyOf = (p: unknown): RawPolicy => (p as RawPolicy | undefined) ?? { etag: 'ACAB' };
  const orgs = s.organizations ?? [];
  const folderMap = new Map((s.folders ?? []).map((f) => [f.folder.name!, f]));

  const estate: RawEstate = {
    ...emptyRawEstate(scope ?? { kind: 'organization', ids: orgs.map((o) => o.organization.name!.split('/')[1]) }, new Date(0).toISOString()),
    finishedAt: new Date(0).toISOString(),
    gaps,
  };
  for (const o of orgs) estate.organizations[o.organization.name!] = { organization: { ok: true, value: o.organization }, iamPolicy: { ok: true, value: policyOf(o.iamPolicy) } };
  for (const f of s.folders ?? []) estate.folders[f.folder.name!] = { folder: { ok: true, value: f.folder }, iamPolicy: { ok: true, value: policyOf(f.iamPolicy) } };

  const ancestry = (parent: { type?: string; id?: string } | undefined, projectId: string) => {
    const out = [{ resourceId: { type: 'project', id: projectId } }];
    let cur = parent?.type === 'folder' ? `folders/${parent.id}` : parent?.type === 'organization' ? `organizations/${parent.id}` : null;
    for (let guard = 0; cur && guard < 20; guard++) {
      const [kind, id] = cur.split('/');
      out.push({ resourceId: { type: kind === 'folders' ? 'folder' : 'organization', id } });
      cur = kind === 'folders' ? folderMap.get(cur)?.folder.parent ?? null : null;
    }
    return out;
  };

  for (const p of s.projects) {
    const id = p.project.projectId;
    const disabled = new Set(p.disabledServices ?? []);
    const off = (api: string) => disabled.has(SERVICE_OF[api]);
    const clusters: RawProjectEntry['clusters'] = off('container')
      ? { ok: false, gapId: gap('container', 'projects.locations.clusters.list', `projects/${id}/locations/-`, `GET /v1/projects/${id}/locations/-/clusters`, 403, 'SERVICE_DISABLED') }
      : { ok: true, value: (p.clusters ?? []) as never };
    const repositories: RawProjectEntry['repositories'] = { items: [], gapIds: [] };
    if (off('artifactregistry')) {
      repositories.gapIds.push(gap('artifactregistry', 'projects.locations.list', `projects/${id}`, `GET /v1/projects/${id}/locations`, 403, 'SERVICE_DISABLED'));
    } else {
      for (const r of p.repositories ?? []) {
        const request = `GET /v1/${r.repository.name}:getIamPolicy`;
        const fault = faultStatus(request);
        repositories.items.push({
          repository: r.repository as never,
          rules: { ok: true, value: (r.rules ?? []) as never },
          iamPolicy: fault
            ? { ok: false, gapId: gap('artifactregistry', 'projects.locations.repositories.getIamPolicy', r.repository.name, request, fault.status, fault.reason) }
            : { ok: true, value: policyOf(r.iamPolicy) },
        });
      }
    }
    const serverConfigs: RawProjectEntry['serverConfigs'] = {};
    if (clusters.ok) for (const c of p.clusters ?? []) serverConfigs[c.location] = { ok: true, value: (s.serverConfig ?? DEFAULT_SERVER_CONFIG) as never };
    estate.projects[id] = {
      project: p.project as never,
      ancestry: { ok: true, value: ancestry(p.project.parent, id) },
      iamPolicy: { ok: true, value: policyOf(p.iamPolicy) },
      clusters,
      repositories,
      serverConfigs,
    };
    for (const a of p.serviceAccounts ?? []) estate.serviceAccounts[a.email.toLowerCase()] = { ok: true, value: a as never };
    for (const r of p.roles ?? []) if (r.name) estate.roles[r.name] = { ok: true, value: r as never };
    for (const sn of p.subnetworks ?? []) {
      const m = /projects\/[^/]+\/regions\/[^/]+\/subnetworks\/[^/]+$/.exec(String(sn.selfLink ?? ''));
      if (m) estate.subnetworks[m[0]] = { ok: true, value: sn as RawSubnetwork } as Lookup<RawSubnetwork>;
    }
  }
  // Deny policies per attachment point (every organization, folder and project; none listed is an empty answer),
  // access policies with their perimeters per organization, and download rules per repository (above).
  const deny: NonNullable<RawEstate['denyPolicies']> = {};
  for (const o of orgs) if (o.organization.name) deny[o.organization.name] = { ok: true, value: (o.denyPolicies ?? []) as never };
  for (const f of s.folders ?? []) deny[f.folder.name!] = { ok: true, value: (f.denyPolicies ?? []) as never };
  for (const p of s.projects) deny[`projects/${p.project.projectId}`] = { ok: true, value: (p.denyPolicies ?? []) as never };
  estate.denyPolicies = deny;
  const access: NonNullable<RawEstate['accessPolicies']> = {};
  for (const o of orgs) if (o.organization.name) access[o.organization.name] = { ok: true, value: [] };
  for (const a of s.accessPolicies ?? []) {
    const org = a.accessPolicy.parent ?? '';
    (access[org] ??= { ok: true, value: [] });
    const entry = access[org];
    if (entry.ok) entry.value.push({ accessPolicy: a.accessPolicy as never, servicePerimeters: { ok: true, value: (a.servicePerimeters ?? []) as never } });
  }
  estate.accessPolicies = access;
  for (const r of s.organizationRoles ?? []) if (r.name) estate.roles[r.name] = { ok: true, value: r as never };

  // Routers per host project and region, for every region that holds a subnet (an empty list is an answer).
  const routers: Record<string, RawRouter[]> = {};
  for (const key of Object.keys(estate.subnetworks)) routers[key.replace(/\/subnetworks\/[^/]+$/, '')] ??= [];
  for (const p of s.projects) {
    for (const r of p.routers ?? []) {
      const m = /projects\/[^/]+\/regions\/[^/]+$/.exec(String(r.region ?? ''));
      if (m) (routers[m[0]] ??= []).push(r as RawRouter);
    }
  }
  for (const [k, v] of Object.entries(routers)) estate.routers[k] = { ok: true, value: v };

  // Node service accounts that no project lists are deleted (404), as the emulator answers.
  for (const p of s.projects) {
    for (const c of p.clusters ?? []) {
      const configured = [
        ...(c.nodePools ?? []).map((np) => np.config?.serviceAccount),
        ((c as { autoscaling?: { autoprovisioningNodePoolDefaults?: { serviceAccount?: string } } }).autoscaling?.autoprovisioningNodePoolDefaults?.serviceAccount),
      ];
      for (const raw of configured) {
        if (raw === undefined) continue;
        const email = resolveServiceAccount(raw, p.project.projectNumber).email;
        estate.serviceAccounts[email] ??= { ok: false, notFound: true };
      }
    }
  }

  const groups = new Map((s.groups ?? []).map((g) => [g.group.groupKey.id.toLowerCase(), g]));
  const bound = new Set<string>();
  const addBound = (pol: unknown) => {
    for (const b of (pol as RawPolicy | undefined)?.bindings ?? []) for (const m of b.members ?? []) if (m.startsWith('group:')) bound.add(m.slice(6).toLowerCase());
  };
  for (const o of orgs) addBound(o.iamPolicy);
  for (const f of s.folders ?? []) addBound(f.iamPolicy);
  for (const p of s.projects) {
    addBound(p.iamPolicy);
    for (const r of p.repositories ?? []) addBound(r.iamPolicy);
  }
  // Groups named by deny rules (principalSet://goog/group/EMAIL) are resolved as the allow side's are.
  const GROUP_SET = 'principalset://goog/group/';
  for (const list of Object.values(estate.denyPolicies ?? {})) {
    if (!list.ok) continue;
    for (const pol of list.value) {
      for (const r of pol.rules ?? []) {
        for (const m of [...(r.denyRule?.deniedPrincipals ?? []), ...(r.denyRule?.exceptionPrincipals ?? [])]) {
          if (m.toLowerCase().startsWith(GROUP_SET)) bound.add(m.slice(GROUP_SET.length).toLowerCase());
        }
      }
    }
  }
  const queue = [...bound];
  while (queue.length) {
    const email = queue.shift()!;
    if (estate.groups[email]) continue;
    const g = groups.get(email);
    if (!g) {
      estate.groups[email] = { ok: false, notFound: true, gapId: gap('cloudidentity', 'groups.lookup', `groups/${email}`, 'GET /v1/groups:lookup', 404, 'NOT_FOUND') };
      continue;
    }
    estate.groups[email] = { ok: true, value: { group: g.group, members: g.members ?? [] } as RawGroupEntry };
    for (const m of g.members ?? []) if (m.type === 'GROUP' && m.preferredMemberKey?.id) queue.push(m.preferredMemberKey.id.toLowerCase());
  }
  return estate;
}
