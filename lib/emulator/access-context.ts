/**
 * Access Context Manager v1 (https://cloud.google.com/access-context-manager/docs/reference/rest): access policies of
 * an organization (`GET /v1/accessPolicies?parent=organizations/ID`, scoped policies included) and their service
 * perimeters (`GET /v1/accessPolicies/N/servicePerimeters`), paged with pageToken as Google pages them (default 100).
 * Google answers in proto3 JSON, which leaves default values out: a regular perimeter carries no `perimeterType`
 * (PERIMETER_TYPE_REGULAR is the zero value) and `useExplicitDryRunSpec: false` is not sent.
 */
import type { ScenarioAccessPolicyEntry } from '../scenario/schema';
import { fail } from './errors';
import { clone, listBody, paginate, type RouteKit } from './routes';

type Perimeter = NonNullable<ScenarioAccessPolicyEntry['servicePerimeters']>[number];

/** A perimeter as Google serializes it: zero-valued enum and boolean fields left out. */
function servedPerimeter(p: Perimeter): Record<string, unknown> {
  const out: Record<string, unknown> = clone(p);
  if (out.perimeterType === 'PERIMETER_TYPE_REGULAR') delete out.perimeterType;
  if (out.useExplicitDryRunSpec === false) delete out.useExplicitDryRunSpec;
  return out;
}

export function defineAccessContextRoutes(kit: RouteKit): void {
  const acm = 'accesscontextmanager' as const;
  const entries = kit.scenario.accessPolicies ?? [];
  const byName = new Map(entries.map((e) => [e.accessPolicy.name, e]));
  /** Organizations the caller may list policies of: those of the scenario, and those its access policies name. */
  const orgs = new Set<string>([
    ...(kit.scenario.organizations ?? []).flatMap((o) => (o.organization.name ? [o.organization.name] : [])),
    ...entries.map((e) => e.accessPolicy.parent),
  ]);
  const policy = (id: string, permission: string): ScenarioAccessPolicyEntry => {
    const e = byName.get(`accessPolicies/${id}`);
    if (!e) return kit.denied({ permission, api: acm }, `accessPolicies/${id}`);
    return e;
  };

  kit.add('GET /v1/accessPolicies', acm, 'accesscontextmanager.policies.list', ({ query }) => {
    const parent = query.get('parent');
    if (!parent) return fail(400, 'Request contains an invalid argument: parent is required ("organizations/ID").', { reason: 'INVALID_ARGUMENT' });
    if (!/^organizations\/[^/]+$/.test(parent)) {
      return fail(400, `Request contains an invalid argument: parent "${parent.slice(0, 200)}" must be "organizations/ID".`, { reason: 'INVALID_ARGUMENT' });
    }
    if (!orgs.has(parent)) return kit.denied({ permission: 'accesscontextmanager.policies.list', api: acm }, parent);
    const items = entries.filter((e) => e.accessPolicy.parent === parent).map((e) => clone(e.accessPolicy));
    return listBody('accessPolicies', paginate(items, query, kit.sizes.accessPolicies, 1000));
  });
  kit.add('GET /v1/accessPolicies/{policy}', acm, 'accesscontextmanager.policies.get', ({ params }) =>
    clone(policy(params.policy, 'accesscontextmanager.policies.get').accessPolicy),
  );
  kit.add('GET /v1/accessPolicies/{policy}/servicePerimeters', acm, 'accesscontextmanager.servicePerimeters.list', ({ params, query }) => {
    const e = policy(params.policy, 'accesscontextmanager.servicePerimeters.list');
    const items = (e.servicePerimeters ?? []).map(servedPerimeter);
    return listBody('servicePerimeters', paginate(items, query, kit.sizes.servicePerimeters, 1000));
  });
  kit.add('GET /v1/accessPolicies/{policy}/servicePerimeters/{perimeter}', acm, 'accesscontextmanager.servicePerimeters.get', ({ params }) => {
    const e = policy(params.policy, 'accesscontextmanager.servicePerimeters.get');
    const name = `accessPolicies/${params.policy}/servicePerimeters/${params.perimeter}`;
    const p = (e.servicePerimeters ?? []).find((x) => x.name === name);
    if (!p) return kit.notFound({ api: acm }, name);
    return servedPerimeter(p);
  });
}
