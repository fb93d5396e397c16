/**
 * Policy Troubleshooter v3 (`POST /v3/iam:troubleshoot`), answered from a scenario's allow and deny policies.
 *
 * Deliberately independent of lib/readiness: a second opinion must not share the engine's code. It follows
 * Google's documented semantics ("Troubleshoot IAM permissions", https://cloud.google.com/policy-intelligence/docs/troubleshoot-access,
 * and the v3 reference of TroubleshootIamPolicyResponse): deny policies are weighed before allow policies; the
 * allow side is the union of the repository's, its project's and every ancestor's policy; a policy, custom role
 * or group the caller cannot read makes the answer UNKNOWN_INFO ("the sender can't access all of the
 * information needed"); a condition that needs context the request did not give is UNKNOWN_CONDITIONAL.
 * A scenario's `troubleshooterAnswers` fix the answer for chosen triples.
 */
import { isCelError, run } from '@bufbuild/cel';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { DOWNLOAD_PERMISSION, isCustomRole, predefinedRoleGrantsDownload } from '../inventory/predefined-roles';
import type { Scenario, ScenarioDenyPolicy, ScenarioPolicy, ScenarioProject } from '../scenario/schema';
import { fail } from './errors';
import { predefinedRole } from './static-data';

type Allow = 'ALLOW_ACCESS_STATE_GRANTED' | 'ALLOW_ACCESS_STATE_NOT_GRANTED' | 'ALLOW_ACCESS_STATE_UNKNOWN_CONDITIONAL' | 'ALLOW_ACCESS_STATE_UNKNOWN_INFO';
type Deny = 'DENY_ACCESS_STATE_DENIED' | 'DENY_ACCESS_STATE_NOT_DENIED' | 'DENY_ACCESS_STATE_UNKNOWN_CONDITIONAL' | 'DENY_ACCESS_STATE_UNKNOWN_INFO';
type Overall = 'CAN_ACCESS' | 'CANNOT_ACCESS' | 'UNKNOWN_CONDITIONAL' | 'UNKNOWN_INFO';
type Membership = 'MEMBERSHIP_MATCHED' | 'MEMBERSHIP_NOT_MATCHED' | 'MEMBERSHIP_UNKNOWN_INFO' | 'MEMBERSHIP_UNKNOWN_UNSUPPORTED';
type RolePermission = 'ROLE_PERMISSION_INCLUDED' | 'ROLE_PERMISSION_NOT_INCLUDED' | 'ROLE_PERMISSION_UNKNOWN_INFO';
type Tri = 'yes' | 'no' | 'unknown';

const HIGH = 'HEURISTIC_RELEVANCE_HIGH';
const NORMAL = 'HEURISTIC_RELEVANCE_NORMAL';
const AR_PREFIX = '//artifactregistry.googleapis.com/';
const CRM = '//cloudresourcemanager.googleapis.com/';
/** The scenario's fixed answers use the simplified access words; the response uses the overall state. */
const FIXED: Record<string, { overall: Overall; allow: Allow }> = {
  GRANTED: { overall: 'CAN_ACCESS', allow: 'ALLOW_ACCESS_STATE_GRANTED' },
  NOT_GRANTED: { overall: 'CANNOT_ACCESS', allow: 'ALLOW_ACCESS_STATE_NOT_GRANTED' },
  UNKNOWN_CONDITIONAL: { overall: 'UNKNOWN_CONDITIONAL', allow: 'ALLOW_ACCESS_STATE_UNKNOWN_CONDITIONAL' },
  UNKNOWN_INFO: { overall: 'UNKNOWN_INFO', allow: 'ALLOW_ACCESS_STATE_UNKNOWN_INFO' },
};

interface DenyRule {
  deniedPrincipals?: string[];
  exceptionPrincipals?: string[];
  deniedPermissions?: string[];
  exceptionPermissions?: string[];
  denialCondition?: { expression?: string; title?: string } | null;
}
interface DenyPolicy {
  name?: string;
  displayName?: string;
  rules?: Array<{ denyRule?: DenyRule; description?: string }>;
}

/** A node in the resource hierarchy, nearest first: the repository, its project, folders, the organization. */
interface Level {
  /** Full resource name, as the troubleshooter names it. */
  full: string;
  policy: ScenarioPolicy | undefined;
  deny: DenyPolicy[];
  /** "GET /v1/…:getIamPolicy" forms a fault may refuse. */
  policyReads: string[];
  denyReads: string[];
}

/** The v1 permission and its v2 (deny policy) form: "artifactregistry.googleapis.com/repositories.downloadArtifacts". */
function permissionForms(permission: string): { v1: string; fqdn: string } {
  const slash = permission.indexOf('/');
  if (slash > 0) {
    const service = permission.slice(0, slash).replace(/\.googleapis\.com$/, '');
    return { v1: `${service}.${permission.slice(slash + 1)}`, fqdn: permission };
  }
  const [service, ...rest] = permission.split('.');
  return { v1: permission, fqdn: `${service}.googleapis.com/${rest.join('.')}` };
}

/** Does a deny-policy permission pattern cover the permission (IAM "Deny policies: permission groups": `*` for the resource or verb)? */
function permissionMatches(pattern: string, fqdn: string): boolean {
  const [pSvc, pRest] = [pattern.slice(0, pattern.indexOf('/')), pattern.slice(pattern.indexOf('/') + 1)];
  const [svc, rest] = [fqdn.slice(0, fqdn.indexOf('/')), fqdn.slice(fqdn.indexOf('/') + 1)];
  if (pattern.indexOf('/') < 0 || pSvc !== svc) return false;
  const [pRes, pVerb] = [pRest.slice(0, pRest.indexOf('.')), pRest.slice(pRest.indexOf('.') + 1)];
  const [res, verb] = [rest.slice(0, rest.indexOf('.')), rest.slice(rest.indexOf('.') + 1)];
  return (pRes === '*' || pRes === res) && (pVerb === '*' || pVerb === verb);
}

/** Removes string literals (one linear pass), so identifiers inside them are not read as attributes. */
function withoutStrings(expression: string): string {
  // One pass, no regex: an unterminated quote would make a global pattern rescan the rest from every quote.
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < expression.length; i++) {
    const ch = expression[i];
    if (quote === null) {
      if (ch === '"' || ch === "'") {
        quote = ch;
        out += '""';
      } else out += ch;
    } else if (ch === '\\') i++;
    else if (ch === quote) quote = null;
    else if (ch === '\n') {
      quote = null;
      out += ch;
    }
  }
  return out;
}

/**
 * Evaluates an IAM condition with a real CEL evaluator. `request.time` is the request's receiveTime when given.
 * Artifact Registry does not recognize resource attributes (IAM "Resource attributes for IAM Conditions"), and
 * "if part of a condition uses an attribute that isn't available for a resource, then that part of the condition
 * is never interpreted as granting access" (IAM "Attribute reference"): resource.name/type/service are left unbound,
 * so a condition that needs them evaluates to an error or false and grants nothing. Anything else the request
 * did not give (request.auth, destination, api attributes, tags) leaves the condition undecided.
 */
export function evaluateCondition(expression: string, receiveTime: Date | null): Tri {
  const bare = withoutStrings(expression);
  const attrs = bare.match(/\b[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)+/g) ?? [];
  for (const raw of attrs) {
    const a = raw.replace(/\s+/g, '');
    if (a.startsWith('request.time')) {
      if (!receiveTime) return 'unknown';
    } else if (/^resource\.(name|type|service)(\.|$)/.test(a)) {
      // Unavailable for Artifact Registry: never grants (left unbound below).
    } else if (/^(request|resource|api|destination|origin|source)\b/.test(a)) {
      return 'unknown';
    }
  }
  let out: unknown;
  try {
    const request = new Map<string, unknown>(receiveTime ? [['time', timestampFromDate(receiveTime)]] : []);
    out = run(expression, { request, resource: new Map<string, unknown>() } as never);
  } catch {
    return 'unknown';
  }
  if (isCelError(out)) return /^resource\.(name|type|service)/m.test(attrs.map((a) => a.replace(/\s+/g, '')).join('\n')) ? 'no' : 'unknown';
  return out === true ? 'yes' : 'no';
}

/** The project a service account belongs to, from its email (IAM "Service accounts": the domain names the project). */
function ownerOfAccount(email: string): { id?: string; number?: string } | null {
  const [local, domain] = email.split('@');
  if (!domain) return null;
  const iam = /^([a-z][a-z0-9-]{4,28}[a-z0-9])\.iam\.gserviceaccount\.com$/.exec(domain);
  if (iam) return { id: iam[1] };
  if (domain === 'developer.gserviceaccount.com') {
    const m = /^(\d+)-compute$/.exec(local);
    return m ? { number: m[1] } : null;
  }
  if (domain === 'appspot.gserviceaccount.com') return { id: local };
  const agent = /^service-(\d+)$/.exec(local);
  if (agent) return { number: agent[1] };
  const robot = /^(\d+)$/.exec(local);
  if (robot && domain === 'cloudservices.gserviceaccount.com') return { number: robot[1] };
  return null;
}

/** Answers iam:troubleshoot over one scenario. */
export class Troubleshooter {
  private readonly projects = new Map<string, ScenarioProject>();
  private readonly refusals: Array<(subject: string) => boolean>;

  constructor(private readonly scenario: Scenario) {
    for (const p of scenario.projects) {
      this.projects.set(p.project.projectId, p);
      this.projects.set(String(p.project.projectNumber), p);
    }
    // What the caller cannot read: permanent refusals among the scenario's faults (the same faults refuse the collector).
    this.refusals = (scenario.faults ?? [])
      .filter((f) => (f.times ?? null) === null && f.status !== null && f.status !== undefined && [401, 403, 404].includes(f.status))
      .map((f) => {
        const m = f.match;
        if (m.length >= 2 && m.startsWith('/') && m.endsWith('/')) {
          const re = new RegExp(m.slice(1, -1));
          return (s: string) => re.test(s);
        }
        return (s: string) => s === m;
      });
  }

  /** True when a scenario fault refuses the caller every one of these reads (any one refused is enough). */
  private refused(reads: string[]): boolean {
    return reads.some((r) => this.refusals.some((t) => t(r)));
  }

  /** Answers a TroubleshootIamPolicyRequest body. */
  answer(body: Record<string, unknown>): Record<string, unknown> {
    const tuple = (body.accessTuple ?? null) as Record<string, unknown> | null;
    if (!tuple || typeof tuple !== 'object') fail(400, 'Request contains an invalid argument: access_tuple is required.', { reason: 'INVALID_ARGUMENT' });
    const principal = typeof tuple!.principal === 'string' ? tuple!.principal.trim() : '';
    const resource = typeof tuple!.fullResourceName === 'string' ? tuple!.fullResourceName.trim() : '';
    const permission = typeof tuple!.permission === 'string' ? tuple!.permission.trim() : '';
    if (!principal || !/^[^\s:@]+@[^\s:@]+$/.test(principal)) {
      fail(400, `Request contains an invalid argument: access_tuple.principal must be the email address of a Google Account or a service account, got "${principal.slice(0, 200)}".`, { reason: 'INVALID_ARGUMENT' });
    }
    if (!resource.startsWith('//')) fail(400, 'Request contains an invalid argument: access_tuple.full_resource_name must be a full resource name such as //artifactregistry.googleapis.com/projects/P/locations/L/repositories/R.', { reason: 'INVALID_ARGUMENT' });
    if (!/^[a-z0-9]+\.[A-Za-z0-9*]+\.[A-Za-z0-9*]+$/.test(permission) && !/^[a-z0-9]+\.googleapis\.com\/[A-Za-z0-9*]+\.[A-Za-z0-9*]+$/.test(permission)) {
      fail(400, `Request contains an invalid argument: access_tuple.permission "${permission.slice(0, 200)}" is not a permission.`, { reason: 'INVALID_ARGUMENT' });
    }
    const forms = permissionForms(permission);
    const ctx = (tuple!.conditionContext ?? null) as { request?: { receiveTime?: unknown } } | null;
    const rt = typeof ctx?.request?.receiveTime === 'string' ? new Date(ctx.request.receiveTime) : null;
    const receiveTime = rt && !Number.isNaN(rt.getTime()) ? rt : null;
    const accessTuple: Record<string, unknown> = { principal, fullResourceName: resource, permission, permissionFqdn: forms.fqdn };
    if (ctx) accessTuple.conditionContext = ctx;

    const fixed = (this.scenario.troubleshooterAnswers ?? []).find(
      (a) =>
        a.principal.replace(/^serviceAccount:/, '').toLowerCase() === principal.toLowerCase() &&
        a.resource === resource &&
        permissionForms(a.permission).fqdn === forms.fqdn,
    );
    if (fixed) {
      const f = FIXED[fixed.access];
      return {
        overallAccessState: f.overall,
        accessTuple,
        allowPolicyExplanation: { allowAccessState: f.allow, explainedPolicies: [], relevance: HIGH },
        denyPolicyExplanation: { denyAccessState: 'DENY_ACCESS_STATE_NOT_DENIED', explainedResources: [], permissionDeniable: true, relevance: NORMAL },
      };
    }

    const levels = this.levels(resource);
    const email = principal.toLowerCase();
    const allow = this.explainAllow(levels, email, forms.v1, receiveTime);
    const deny = this.explainDeny(levels, email, forms.fqdn, receiveTime);
    let overall: Overall;
    if (deny.state === 'DENY_ACCESS_STATE_DENIED') overall = 'CANNOT_ACCESS';
    else if (allow.state === 'ALLOW_ACCESS_STATE_NOT_GRANTED') overall = 'CANNOT_ACCESS';
    else if (deny.state === 'DENY_ACCESS_STATE_UNKNOWN_INFO' || allow.state === 'ALLOW_ACCESS_STATE_UNKNOWN_INFO') overall = 'UNKNOWN_INFO';
    else if (deny.state === 'DENY_ACCESS_STATE_UNKNOWN_CONDITIONAL' || allow.state === 'ALLOW_ACCESS_STATE_UNKNOWN_CONDITIONAL') overall = 'UNKNOWN_CONDITIONAL';
    else overall = 'CAN_ACCESS';
    return {
      overallAccessState: overall,
      accessTuple,
      allowPolicyExplanation: { allowAccessState: allow.state, explainedPolicies: allow.policies, relevance: deny.state === 'DENY_ACCESS_STATE_DENIED' ? NORMAL : HIGH },
      denyPolicyExplanation: {
        denyAccessState: deny.state,
        explainedResources: deny.resources,
        permissionDeniable: true,
        relevance: deny.state === 'DENY_ACCESS_STATE_NOT_DENIED' ? NORMAL : HIGH,
      },
    };
  }

  /** The resource and its ancestors, nearest first. A project outside the scenario leaves only what the caller cannot read. */
  private levels(full: string): Level[] {
    const out: Level[] = [];
    let project: ScenarioProject | undefined;
    const ar = full.startsWith(AR_PREFIX) ? /^projects\/([^/]+)\/locations\/([^/]+)\/repositories\/([^/]+)$/.exec(full.slice(AR_PREFIX.length)) : null;
    const crm = full.startsWith(CRM) ? /^projects\/([^/]+)$/.exec(full.slice(CRM.length)) : null;
    if (ar) {
      project = this.projects.get(ar[1]);
      const id = project?.project.projectId ?? ar[1];
      const name = `projects/${id}/locations/${ar[2]}/repositories/${ar[3]}`;
      const entry = project?.repositories?.find((r) => r.repository.name === name);
      const path = `/v1/${name}:getIamPolicy`;
      // A project the caller cannot see (not in the scenario): nothing on the chain is readable.
      out.push({ full: `${AR_PREFIX}${name}`, policy: entry?.iamPolicy, deny: [], policyReads: project ? [`GET ${path}`, `POST ${path}`] : ['*'], denyReads: [] });
      if (!project) return out;
    } else if (crm) {
      project = this.projects.get(crm[1]);
    } else {
      fail(400, `Request contains an invalid argument: Policy Troubleshooter in this emulator answers Artifact Registry repositories and projects, not ${full.slice(0, 200)}.`, { reason: 'INVALID_ARGUMENT' });
    }
    if (!project) return [{ full, policy: undefined, deny: [], policyReads: ['*'], denyReads: [] }];
    const id = project.project.projectId;
    out.push({
      full: `${CRM}projects/${id}`,
      policy: project.iamPolicy,
      deny: this.denyOf(project),
      policyReads: [`POST /v1/projects/${id}:getIamPolicy`],
      denyReads: this.denyReads(`projects/${id}`, this.denyOf(project), `projects/${project.project.projectNumber}`),
    });
    let parent = project.project.parent;
    const seen = new Set<string>();
    while (parent?.type && parent.id && !seen.has(`${parent.type}/${parent.id}`)) {
      seen.add(`${parent.type}/${parent.id}`);
      if (parent.type === 'folder') {
        const f = (this.scenario.folders ?? []).find((x) => x.folder.name === `folders/${parent!.id}`);
        out.push({
          full: `${CRM}folders/${parent.id}`,
          policy: f?.iamPolicy,
          deny: f ? this.denyOf(f) : [],
          policyReads: f ? [`POST /v3/folders/${parent.id}:getIamPolicy`] : ['*'],
          denyReads: this.denyReads(`folders/${parent.id}`, f ? this.denyOf(f) : []),
        });
        const m = f?.folder.parent ? /^(organizations|folders)\/(.+)$/.exec(f.folder.parent) : null;
        parent = m ? { type: m[1] === 'folders' ? 'folder' : 'organization', id: m[2] } : undefined;
      } else if (parent.type === 'organization') {
        const o = (this.scenario.organizations ?? []).find((x) => x.organization.name === `organizations/${parent!.id}`);
        out.push({
          full: `${CRM}organizations/${parent.id}`,
          policy: o?.iamPolicy,
          deny: o ? this.denyOf(o) : [],
          policyReads: o ? [`POST /v1/organizations/${parent.id}:getIamPolicy`] : ['*'],
          denyReads: this.denyReads(`organizations/${parent.id}`, o ? this.denyOf(o) : []),
        });
        break;
      } else break;
    }
    return out;
  }

  /** A scenario entry's `denyPolicies` (IAM v2 Policy objects, as policies.get answers them). */
  private denyOf(entry: { denyPolicies?: ScenarioDenyPolicy[] }): DenyPolicy[] {
    return entry.denyPolicies ?? [];
  }

  /**
   * The IAM v2 reads a fault may refuse for one attachment point ("projects/ID", "folders/N", "organizations/N";
   * `alias` is the project's number): policies.listPolicies and policies.get of each of its policies, in the
   * encoded form the REST reference writes (and the emulator's request log shows), and decoded.
   */
  private denyReads(attachment: string, policies: DenyPolicy[] = [], alias?: string): string[] {
    const out: string[] = [];
    for (const point of alias ? [attachment, alias] : [attachment]) {
      const dec = `cloudresourcemanager.googleapis.com/${point}`;
      for (const ap of [encodeURIComponent(dec), dec]) {
        out.push(`GET /v2/policies/${ap}/denypolicies`);
        for (const p of policies) out.push(`GET /v2/policies/${ap}/denypolicies/${(p.name ?? '').split('/').pop() ?? ''}`);
      }
    }
    return out;
  }

  // ---- principals ----

  private groupEntry(email: string) {
    return (this.scenario.groups ?? []).find((g) => g.group.groupKey.id.toLowerCase() === email);
  }

  /** Is the principal in the group, directly or through nested groups? Unreadable groups leave it unknown. */
  private inGroup(group: string, email: string, visiting = new Set<string>()): Tri {
    if (visiting.has(group)) return 'no';
    const g = this.groupEntry(group);
    const id = g?.group.name?.replace(/^groups\//, '');
    if (!g || this.refused(['GET /v1/groups:lookup', ...(id ? [`GET /v1/groups/${id}/memberships`] : [])])) return 'unknown';
    visiting.add(group);
    let unknown = false;
    for (const m of g.members ?? []) {
      const key = m.preferredMemberKey?.id?.toLowerCase();
      if (!key) continue;
      if (key === email) return 'yes';
      if (m.type === 'GROUP' || (m.type === undefined && this.groupEntry(key))) {
        const sub = this.inGroup(key, email, visiting);
        if (sub === 'yes') return 'yes';
        if (sub === 'unknown') unknown = true;
      }
    }
    visiting.delete(group);
    return unknown ? 'unknown' : 'no';
  }

  /** Does the service account's owning project sit at or under `resource` (projects/N, folders/N, organizations/N)? */
  private ownedUnder(email: string, kind: string, id: string): Tri {
    const owner = ownerOfAccount(email);
    if (!owner) return 'no';
    const project = this.projects.get(owner.id ?? owner.number ?? '');
    if (!project) return 'unknown';
    if (kind === 'projects') return id === project.project.projectId || id === String(project.project.projectNumber) ? 'yes' : 'no';
    let parent = project.project.parent;
    const seen = new Set<string>();
    while (parent?.type && parent.id && !seen.has(parent.id)) {
      seen.add(parent.id);
      if (`${parent.type}s` === kind && parent.id === id) return 'yes';
      if (parent.type !== 'folder') break;
      const f = (this.scenario.folders ?? []).find((x) => x.folder.name === `folders/${parent!.id}`);
      if (!f) return 'unknown';
      const m = f.folder.parent ? /^(organizations|folders)\/(.+)$/.exec(f.folder.parent) : null;
      parent = m ? { type: m[1] === 'folders' ? 'folder' : 'organization', id: m[2] } : undefined;
    }
    return 'no';
  }

  /** An allow-policy member (IAM "Principal identifiers") or a deny-policy principal against the principal's email. */
  private member(member: string, email: string): Membership {
    const isSa = email.endsWith('.gserviceaccount.com');
    const tri = (t: Tri): Membership => (t === 'yes' ? 'MEMBERSHIP_MATCHED' : t === 'no' ? 'MEMBERSHIP_NOT_MATCHED' : 'MEMBERSHIP_UNKNOWN_INFO');
    if (member === 'allUsers' || member === 'principalSet://goog/public:all') return 'MEMBERSHIP_MATCHED';
    if (member === 'allAuthenticatedUsers') return 'MEMBERSHIP_MATCHED';
    const colon = member.indexOf(':');
    const kind = colon < 0 ? member : member.slice(0, colon);
    const rest = colon < 0 ? '' : member.slice(colon + 1).toLowerCase();
    if (kind === 'serviceAccount' || kind === 'user') return rest === email ? 'MEMBERSHIP_MATCHED' : 'MEMBERSHIP_NOT_MATCHED';
    if (kind === 'group') return tri(this.inGroup(rest, email));
    if (kind === 'domain') return !isSa && email.endsWith(`@${rest}`) ? 'MEMBERSHIP_MATCHED' : 'MEMBERSHIP_NOT_MATCHED';
    if (kind === 'principal') {
      const sa = /^\/\/iam\.googleapis\.com\/projects\/[^/]+\/serviceAccounts\/(.+)$/.exec(member.slice('principal:'.length));
      if (sa) return sa[1].toLowerCase() === email ? 'MEMBERSHIP_MATCHED' : 'MEMBERSHIP_NOT_MATCHED';
      const subject = /^\/\/goog\/subject\/(.+)$/.exec(member.slice('principal:'.length));
      if (subject) return subject[1].toLowerCase() === email ? 'MEMBERSHIP_MATCHED' : 'MEMBERSHIP_NOT_MATCHED';
      return 'MEMBERSHIP_NOT_MATCHED';
    }
    if (kind === 'principalSet') {
      const body = member.slice('principalSet:'.length);
      const g = /^\/\/goog\/group\/(.+)$/.exec(body);
      if (g) return tri(this.inGroup(g[1].toLowerCase(), email));
      const owned = /^\/\/cloudresourcemanager\.googleapis\.com\/(projects|folders|organizations)\/([^/]+)\/type\/ServiceAccount$/.exec(body);
      if (owned) return isSa ? tri(this.ownedUnder(email, owned[1], owned[2])) : 'MEMBERSHIP_NOT_MATCHED';
      return 'MEMBERSHIP_NOT_MATCHED';
    }
    // deleted:…, and anything else, never holds a live principal.
    return 'MEMBERSHIP_NOT_MATCHED';
  }

  /** Whether a role contains the permission: custom roles from the scenario (DISABLED or deleted ones grant nothing), predefined ones from the bundled data. */
  private roleIncludes(role: string, permission: string): RolePermission {
    if (isCustomRole(role)) {
      const [kind, owner] = role.split('/');
      const list = kind === 'projects' ? (this.projects.get(owner)?.roles ?? []) : (this.scenario.organizationRoles ?? []);
      const r = list.find((x) => x.name === role || (kind === 'projects' && x.name === `projects/${this.projects.get(owner)?.project.projectId}/roles/${role.split('/').pop()}`));
      if (this.refused([`GET /v1/${role}`])) return 'ROLE_PERMISSION_UNKNOWN_INFO';
      if (!r) return kind === 'organizations' && !(this.scenario.organizations ?? []).some((o) => o.organization.name === `organizations/${owner}`) ? 'ROLE_PERMISSION_UNKNOWN_INFO' : 'ROLE_PERMISSION_NOT_INCLUDED';
      const extra = r as { stage?: string; deleted?: boolean };
      if (extra.stage === 'DISABLED' || extra.deleted === true) return 'ROLE_PERMISSION_NOT_INCLUDED';
      return (r.includedPermissions ?? []).includes(permission) ? 'ROLE_PERMISSION_INCLUDED' : 'ROLE_PERMISSION_NOT_INCLUDED';
    }
    const own = this.scenario.predefinedRoles?.find((r) => r.name === role);
    if (own) return (own.includedPermissions ?? []).includes(permission) ? 'ROLE_PERMISSION_INCLUDED' : 'ROLE_PERMISSION_NOT_INCLUDED';
    if (permission === DOWNLOAD_PERMISSION) return predefinedRoleGrantsDownload(role) ? 'ROLE_PERMISSION_INCLUDED' : 'ROLE_PERMISSION_NOT_INCLUDED';
    const r = predefinedRole(this.scenario, role) as { includedPermissions?: string[] } | null;
    return (r?.includedPermissions ?? []).includes(permission) ? 'ROLE_PERMISSION_INCLUDED' : 'ROLE_PERMISSION_NOT_INCLUDED';
  }

  // ---- allow ----

  private explainAllow(levels: Level[], email: string, permission: string, receiveTime: Date | null): { state: Allow; policies: unknown[] } {
    const states: Allow[] = [];
    const policies = levels.map((level) => {
      if (this.refused(level.policyReads) || level.policyReads.includes('*')) {
        states.push('ALLOW_ACCESS_STATE_UNKNOWN_INFO');
        // Google omits the resource name, the policy and the bindings of a policy the sender cannot read.
        return { allowAccessState: 'ALLOW_ACCESS_STATE_UNKNOWN_INFO' };
      }
      const policy = level.policy ?? { etag: 'ACAB' };
      const bindings = (policy.bindings ?? []).map((b) => this.explainBinding(b, email, permission, receiveTime));
      const state = combineAllow(bindings.map((b) => b.allowAccessState));
      states.push(state);
      return {
        allowAccessState: state,
        fullResourceName: level.full,
        policy: JSON.parse(JSON.stringify(policy)) as unknown,
        bindingExplanations: bindings,
        relevance: state === 'ALLOW_ACCESS_STATE_NOT_GRANTED' ? NORMAL : HIGH,
      };
    });
    return { state: combineAllow(states), policies };
  }

  private explainBinding(b: NonNullable<ScenarioPolicy['bindings']>[number], email: string, permission: string, receiveTime: Date | null) {
    const role = b.role ?? '';
    const rolePermission = this.roleIncludes(role, permission);
    const memberships: Record<string, { membership: Membership; relevance: string }> = {};
    let combined: Membership = 'MEMBERSHIP_NOT_MATCHED';
    for (const m of b.members ?? []) {
      const ms = this.member(m, email);
      memberships[m] = { membership: ms, relevance: ms === 'MEMBERSHIP_NOT_MATCHED' ? NORMAL : HIGH };
      if (ms === 'MEMBERSHIP_MATCHED') combined = ms;
      else if (ms === 'MEMBERSHIP_UNKNOWN_INFO' && combined !== 'MEMBERSHIP_MATCHED') combined = ms;
    }
    let state: Allow;
    let conditionValue: boolean | null = null;
    if (rolePermission === 'ROLE_PERMISSION_NOT_INCLUDED' || combined === 'MEMBERSHIP_NOT_MATCHED') state = 'ALLOW_ACCESS_STATE_NOT_GRANTED';
    else if (rolePermission === 'ROLE_PERMISSION_UNKNOWN_INFO' || combined === 'MEMBERSHIP_UNKNOWN_INFO') state = 'ALLOW_ACCESS_STATE_UNKNOWN_INFO';
    else if (b.condition?.expression) {
      const v = evaluateCondition(b.condition.expression, receiveTime);
      conditionValue = v === 'unknown' ? null : v === 'yes';
      state = v === 'yes' ? 'ALLOW_ACCESS_STATE_GRANTED' : v === 'no' ? 'ALLOW_ACCESS_STATE_NOT_GRANTED' : 'ALLOW_ACCESS_STATE_UNKNOWN_CONDITIONAL';
    } else state = 'ALLOW_ACCESS_STATE_GRANTED';
    const out: Record<string, unknown> = {
      allowAccessState: state,
      role,
      rolePermission,
      rolePermissionRelevance: rolePermission === 'ROLE_PERMISSION_INCLUDED' ? HIGH : NORMAL,
      memberships,
      combinedMembership: { membership: combined, relevance: combined === 'MEMBERSHIP_NOT_MATCHED' ? NORMAL : HIGH },
      relevance: state === 'ALLOW_ACCESS_STATE_NOT_GRANTED' ? NORMAL : HIGH,
    };
    if (b.condition) {
      out.condition = b.condition;
      out.conditionExplanation = conditionValue === null ? { errors: [{ code: 3, message: 'The condition needs context the request did not provide.' }] } : { value: conditionValue };
    }
    return out as { allowAccessState: Allow } & Record<string, unknown>;
  }

  // ---- deny ----

  private explainDeny(levels: Level[], email: string, fqdn: string, receiveTime: Date | null): { state: Deny; resources: unknown[] } {
    const states: Deny[] = [];
    const resources: unknown[] = [];
    // Deny policies attach to projects, folders and organizations only.
    for (const level of levels.filter((l) => l.full.startsWith(CRM))) {
      if (this.refused(level.denyReads)) {
        states.push('DENY_ACCESS_STATE_UNKNOWN_INFO');
        resources.push({ denyAccessState: 'DENY_ACCESS_STATE_UNKNOWN_INFO' });
        continue;
      }
      if (!level.deny.length) continue;
      const policyStates: Deny[] = [];
      const explainedPolicies = level.deny.map((p) => {
        const rules = (p.rules ?? []).map((r) => this.explainRule(r.denyRule ?? {}, email, fqdn, receiveTime));
        const state = combineDeny(rules.map((r) => r.denyAccessState));
        policyStates.push(state);
        return { denyAccessState: state, policy: JSON.parse(JSON.stringify(p)) as unknown, ruleExplanations: rules, relevance: state === 'DENY_ACCESS_STATE_NOT_DENIED' ? NORMAL : HIGH };
      });
      const state = combineDeny(policyStates);
      states.push(state);
      resources.push({ denyAccessState: state, fullResourceName: level.full, explainedPolicies, relevance: state === 'DENY_ACCESS_STATE_NOT_DENIED' ? NORMAL : HIGH });
    }
    return { state: combineDeny(states), resources };
  }

  private explainRule(rule: DenyRule, email: string, fqdn: string, receiveTime: Date | null) {
    const perm = (list: string[] | undefined) => {
      const out: Record<string, { permissionMatchingState: string; relevance: string }> = {};
      let any = false;
      for (const p of list ?? []) {
        const hit = permissionMatches(p, fqdn);
        any ||= hit;
        out[p] = { permissionMatchingState: hit ? 'PERMISSION_PATTERN_MATCHED' : 'PERMISSION_PATTERN_NOT_MATCHED', relevance: hit ? HIGH : NORMAL };
      }
      return { out, any };
    };
    const princ = (list: string[] | undefined) => {
      const out: Record<string, { membership: Membership; relevance: string }> = {};
      let combined: Membership = 'MEMBERSHIP_NOT_MATCHED';
      for (const p of list ?? []) {
        const ms = this.member(p, email);
        out[p] = { membership: ms, relevance: ms === 'MEMBERSHIP_NOT_MATCHED' ? NORMAL : HIGH };
        if (ms === 'MEMBERSHIP_MATCHED') combined = ms;
        else if (ms === 'MEMBERSHIP_UNKNOWN_INFO' && combined !== 'MEMBERSHIP_MATCHED') combined = ms;
      }
      return { out, combined };
    };
    const denied = perm(rule.deniedPermissions);
    const excepted = perm(rule.exceptionPermissions);
    const who = princ(rule.deniedPrincipals);
    const spared = princ(rule.exceptionPrincipals);
    let state: Deny;
    let conditionValue: boolean | null = null;
    if (!denied.any || excepted.any || who.combined === 'MEMBERSHIP_NOT_MATCHED' || spared.combined === 'MEMBERSHIP_MATCHED') state = 'DENY_ACCESS_STATE_NOT_DENIED';
    else if (who.combined === 'MEMBERSHIP_UNKNOWN_INFO' || spared.combined === 'MEMBERSHIP_UNKNOWN_INFO') state = 'DENY_ACCESS_STATE_UNKNOWN_INFO';
    else if (rule.denialCondition?.expression) {
      const v = evaluateCondition(rule.denialCondition.expression, receiveTime);
      conditionValue = v === 'unknown' ? null : v === 'yes';
      state = v === 'yes' ? 'DENY_ACCESS_STATE_DENIED' : v === 'no' ? 'DENY_ACCESS_STATE_NOT_DENIED' : 'DENY_ACCESS_STATE_UNKNOWN_CONDITIONAL';
    } else state = 'DENY_ACCESS_STATE_DENIED';
    const out: Record<string, unknown> = {
      denyAccessState: state,
      deniedPermissions: denied.out,
      exceptionPermissions: excepted.out,
      deniedPrincipals: who.out,
      exceptionPrincipals: spared.out,
      combinedDeniedPermission: { permissionMatchingState: denied.any ? 'PERMISSION_PATTERN_MATCHED' : 'PERMISSION_PATTERN_NOT_MATCHED', relevance: HIGH },
      combinedExceptionPermission: { permissionMatchingState: excepted.any ? 'PERMISSION_PATTERN_MATCHED' : 'PERMISSION_PATTERN_NOT_MATCHED', relevance: NORMAL },
      combinedDeniedPrincipal: { membership: who.combined, relevance: HIGH },
      combinedExceptionPrincipal: { membership: spared.combined, relevance: NORMAL },
      relevance: state === 'DENY_ACCESS_STATE_NOT_DENIED' ? NORMAL : HIGH,
    };
    if (rule.denialCondition) {
      out.condition = rule.denialCondition;
      out.conditionExplanation = conditionValue === null ? { errors: [{ code: 3, message: 'The condition needs context the request did not provide.' }] } : { value: conditionValue };
    }
    return out as { denyAccessState: Deny } & Record<string, unknown>;
  }
}

/** Allow: any grant wins; else an unreadable part; else a condition; else not granted. */
function combineAllow(states: Allow[]): Allow {
  if (states.includes('ALLOW_ACCESS_STATE_GRANTED')) return 'ALLOW_ACCESS_STATE_GRANTED';
  if (states.includes('ALLOW_ACCESS_STATE_UNKNOWN_INFO')) return 'ALLOW_ACCESS_STATE_UNKNOWN_INFO';
  if (states.includes('ALLOW_ACCESS_STATE_UNKNOWN_CONDITIONAL')) return 'ALLOW_ACCESS_STATE_UNKNOWN_CONDITIONAL';
  return 'ALLOW_ACCESS_STATE_NOT_GRANTED';
}

/** Deny: any denying rule wins; else an unreadable part; else a condition; else not denied. */
function combineDeny(states: Deny[]): Deny {
  if (states.includes('DENY_ACCESS_STATE_DENIED')) return 'DENY_ACCESS_STATE_DENIED';
  if (states.includes('DENY_ACCESS_STATE_UNKNOWN_INFO')) return 'DENY_ACCESS_STATE_UNKNOWN_INFO';
  if (states.includes('DENY_ACCESS_STATE_UNKNOWN_CONDITIONAL')) return 'DENY_ACCESS_STATE_UNKNOWN_CONDITIONAL';
  return 'DENY_ACCESS_STATE_NOT_DENIED';
}
