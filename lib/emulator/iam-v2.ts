/**
 * IAM v2 deny policies (https://cloud.google.com/iam/docs/reference/rest/v2/policies), as Google answers them:
 * - `GET /v2/policies/{attachment point, URL-encoded}/denypolicies` (policies.listPolicies) returns each policy's
 *   metadata only, without `rules`; `pageSize` is ignored ("IAM ignores this value and uses the value 1000");
 * - `GET /v2/policies/{attachment point}/denypolicies/{policyId}` (policies.get) returns the policy with its rules;
 * - a project attachment point may name the project by id or number; Google names it by number in answers
 *   (organizations and folders always by number: "For organizations and folders, use the numeric ID").
 * The server keeps the attachment point segment URL-encoded (server.ts), so routes and faults match the path as the
 * REST reference writes it: `GET /v2/policies/cloudresourcemanager.googleapis.com%2Fprojects%2FP/denypolicies`.
 */
import { createHash } from 'node:crypto';
import type { ScenarioDenyPolicy } from '../scenario/schema';
import { fail } from './errors';
import { clone, listBody, paginate, type RouteKit } from './routes';

const CRM = 'cloudresourcemanager.googleapis.com/';

/** A deny policy's attachment point, resolved against the scenario. */
interface Attachment {
  /** As Google names it in answers, e.g. "cloudresourcemanager.googleapis.com/projects/260314159265". */
  canonical: string;
  policies: ScenarioDenyPolicy[];
}

/** A stable uid (UUID form) for a policy the scenario wrote without one: Google always answers one. */
function uidOf(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The deny policies of every attachment point the scenario holds, and the answers Google gives for them. */
export function defineDenyPolicyRoutes(kit: RouteKit): void {
  const iam = 'iam' as const;

  /** Resolves a decoded attachment point; refuses one the caller cannot see with Google's 403. */
  const attachment = (decoded: string, permission: string): Attachment => {
    const refuse = (): never => kit.denied({ permission, api: iam }, decoded);
    if (!decoded.startsWith(CRM)) {
      return fail(400, `Invalid attachment point "${decoded.slice(0, 300)}": expected an organization, folder or project of cloudresourcemanager.googleapis.com.`, {
        reason: 'INVALID_ARGUMENT',
      });
    }
    const m = /^(organizations|folders|projects)\/([^/]+)$/.exec(decoded.slice(CRM.length));
    if (!m) return refuse();
    const [, kind, id] = m;
    if (kind === 'projects') {
      const p = kit.project(id);
      if (!p) return refuse();
      return { canonical: `${CRM}projects/${p.project.projectNumber}`, policies: p.denyPolicies ?? [] };
    }
    const entry = kind === 'organizations' ? kit.organization(id) : kit.folder(id);
    if (!entry) return refuse();
    return { canonical: `${CRM}${kind}/${id}`, policies: entry.denyPolicies ?? [] };
  };

  /** The policy as Google answers it: its name on the canonical attachment point, kind, uid and etag always set. */
  const served = (a: Attachment, policy: ScenarioDenyPolicy): Record<string, unknown> => {
    const policyId = policy.name.split('/').pop() ?? '';
    const name = `policies/${encodeURIComponent(a.canonical)}/denypolicies/${policyId}`;
    const out: Record<string, unknown> = { ...clone(policy), name };
    out.kind ??= 'DenyPolicy';
    out.uid ??= uidOf(name);
    out.etag ??= Buffer.from(createHash('sha256').update(JSON.stringify(policy)).digest('hex').slice(0, 16)).toString('base64');
    return out;
  };

  const decode = (segment: string): string => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return fail(400, `Invalid attachment point "${segment.slice(0, 300)}".`, { reason: 'INVALID_ARGUMENT' });
    }
  };

  kit.add('GET /v2/policies/{attachment}/denypolicies', iam, 'iam.denypolicies.list', ({ params, query }) => {
    const a = attachment(decode(params.attachment), 'iam.denypolicies.list');
    const items = a.policies.map((p) => {
      // The list carries metadata only; policies.get answers the rules.
      const { rules: _rules, ...meta } = served(a, p);
      void _rules;
      return meta;
    });
    // Google ignores pageSize here; only pageToken moves through the list.
    const q = new URLSearchParams(query);
    q.delete('pageSize');
    return listBody('policies', paginate(items, q, kit.sizes.denyPolicies, kit.sizes.denyPolicies));
  });

  kit.add('GET /v2/policies/{attachment}/denypolicies/{policyId}', iam, 'iam.denypolicies.get', ({ params }) => {
    const a = attachment(decode(params.attachment), 'iam.denypolicies.get');
    const policy = a.policies.find((p) => p.name.split('/').pop() === params.policyId);
    const name = `policies/${encodeURIComponent(a.canonical)}/denypolicies/${params.policyId}`;
    if (!policy) return kit.notFound({ api: iam }, name);
    return served(a, policy);
  });
}
