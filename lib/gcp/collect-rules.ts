/**
 * Artifact Registry download rules (projects.locations.repositories.rules.list, v1, Preview:
 * https://cloud.google.com/artifact-registry/docs/repositories/download-rules), one list per Docker repository.
 * A repository for which the API does not offer the method (the Preview not enabled there) answers 404 or 400:
 * that means no rules, not a gap. A refusal (403) or an error that outlasts the retries is a gap, and the entry
 * carries `{ ok: false, gapId }`, never an empty list.
 */
import type { RawRepositoryRule } from '../inventory/raw';
import { gapOf, listPages, ok, type GuardContext } from './collect-guards';

const PAGE_CAP = 1000;

export async function collectRepositoryRules(ctx: GuardContext): Promise<void> {
  const ar = ctx.clients.artifactregistry;
  const pageSize = Math.min(ctx.pageSize, PAGE_CAP);
  const jobs: Array<Promise<void>> = [];
  for (const project of Object.values(ctx.estate.projects)) {
    for (const entry of project.repositories.items) {
      const parent = entry.repository.name;
      if (entry.repository.format !== 'DOCKER' || !parent || !/^projects\/[^/?#]+\/locations\/[^/?#]+\/repositories\/[^/?#]+$/.test(parent)) continue;
      jobs.push(
        (async () => {
          const o = await listPages<{ rules?: RawRepositoryRule[]; nextPageToken?: string | null }, RawRepositoryRule>(
            ctx,
            {
              api: 'artifactregistry',
              method: 'projects.locations.repositories.rules.list',
              resource: parent,
              request: `GET /v1/${parent}/rules`,
              notFoundIsAnswer: true,
              isAnswer: (f) => f.kind === 'http' && f.status === 400,
            },
            (pageToken, signal) => ar.projects.locations.repositories.rules.list({ parent, pageSize, pageToken }, { signal }),
            (r) => r.rules,
            (r) => r.nextPageToken,
          );
          // 404 / 400 without a gap: the method is not offered for this repository, so it has no rules.
          entry.rules = o.ok ? ok(o.value) : o.gapId === null ? ok([]) : gapOf(o);
        })(),
      );
    }
  }
  await Promise.all(jobs);
}
