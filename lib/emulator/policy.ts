/** getIamPolicy answers: policy versions and conditional bindings as Google serves them. */
import { createHash } from 'node:crypto';
import type { ScenarioPolicy } from '../scenario/schema';

/** What every getIamPolicy returns for a resource that has no policy. */
export const EMPTY_POLICY = { etag: 'ACAB' } as const;

/**
 * Serves a stored policy for a requested policy version.
 * Google: asked for a version below 3, a policy that holds conditional bindings comes back as version 1
 * with each conditional role renamed "<role>_withcond_<hash>" and its condition dropped, so a reader that
 * forgets `requestedPolicyVersion: 3` silently sees different role names.
 */
export function servePolicy(policy: ScenarioPolicy | undefined, requestedVersion: number | undefined): Record<string, unknown> {
  if (!policy) return { ...EMPTY_POLICY };
  const copy = JSON.parse(JSON.stringify(policy)) as Record<string, unknown> & { bindings?: Array<Record<string, unknown>> };
  if (copy.etag === undefined) copy.etag = 'ACAB';
  const bindings = copy.bindings ?? [];
  const conditional = bindings.some((b) => b.condition);
  if (!conditional) {
    if (copy.version === undefined && bindings.length) copy.version = 1;
    return copy;
  }
  if ((requestedVersion ?? 0) >= 3) {
    copy.version = 3;
    return copy;
  }
  copy.version = 1;
  copy.bindings = bindings.map((b) => {
    if (!b.condition) return b;
    const hash = createHash('sha256').update(JSON.stringify(b.condition)).digest('hex').slice(0, 20);
    const { condition: _dropped, ...rest } = b;
    void _dropped;
    return { ...rest, role: `${String(b.role)}_withcond_${hash}` };
  });
  return copy;
}
