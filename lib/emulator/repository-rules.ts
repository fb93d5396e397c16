/**
 * Artifact Registry rules (projects.locations.repositories.rules, v1, Preview:
 * https://cloud.google.com/artifact-registry/docs/reference/rest/v1/projects.locations.repositories.rules):
 * `GET /v1/projects/P/locations/L/repositories/R/rules` (list, pageToken paging, at most 1,000 a page) and
 * `.../rules/RULE` (get). A repository that does not exist is 404, as for repositories.get.
 */
import type { ScenarioProject } from '../scenario/schema';
import { clone, listBody, paginate, type Ctx, type RouteKit } from './routes';

type RepositoryEntry = NonNullable<ScenarioProject['repositories']>[number];

export function defineRepositoryRuleRoutes(kit: RouteKit, findRepo: (ctx: Ctx) => RepositoryEntry): void {
  const ar = 'artifactregistry' as const;
  kit.add('GET /v1/projects/{project}/locations/{location}/repositories/{repository}/rules', ar, 'artifactregistry.rules.list', (ctx) => {
    const rules = clone(findRepo(ctx).rules ?? []);
    return listBody('rules', paginate(rules, ctx.query, kit.sizes.rules, 1000));
  });
  kit.add('GET /v1/projects/{project}/locations/{location}/repositories/{repository}/rules/{rule}', ar, 'artifactregistry.rules.get', (ctx) => {
    const entry = findRepo(ctx);
    const name = `${entry.repository.name}/rules/${ctx.params.rule}`;
    const rule = (entry.rules ?? []).find((r) => r.name === name);
    if (!rule) return kit.notFound({ api: ar }, name);
    return clone(rule);
  });
}
