/**
 * Normalizes the evidence of what can take a pull away besides IAM allow: IAM v2 deny policies, Access Context Manager
 * access policies with their service perimeters, and Artifact Registry download rules. Strings are bounded; shapes
 * that do not match Google's are read as empty, never thrown on.
 */
import type { RawAccessPolicyEntry, RawDenyPolicy, RawRepositoryRule, RawServicePerimeter } from './raw';
import type { AccessPolicy, Condition, DenyRule, DownloadRule, PerimeterConfig, PerimeterRule, ServicePerimeter } from './types';

const MAX_ITEMS = 5000;

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, MAX_ITEMS) : [];
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function condition(c: { expression?: string | null; title?: string | null; description?: string | null } | null | undefined): Condition | null {
  if (!c || typeof c.expression !== 'string') return null;
  return { expression: c.expression, title: str(c.title), description: str(c.description) };
}

/** The attachment point of a deny policy name: policies/cloudresourcemanager.googleapis.com%2Fprojects%2FP/denypolicies/X → projects/P. */
export function attachmentPointOf(policyName: string, fallback: string): string {
  const m = /^policies\/([^/]+)\/denypolicies\//.exec(policyName);
  if (!m) return fallback;
  const decoded = decodeURIComponent(m[1]).replace(/^cloudresourcemanager\.googleapis\.com\//, '');
  return /^(projects|folders|organizations)\/[^/]+$/.test(decoded) ? decoded : fallback;
}

/** The rules of deny policies attached to one point, flattened. */
export function normalizeDenyPolicies(point: string, policies: RawDenyPolicy[]): DenyRule[] {
  const out: DenyRule[] = [];
  for (const p of policies) {
    const name = p.name ?? '';
    (p.rules ?? []).forEach((r, index) => {
      const d = r.denyRule;
      if (!d) return;
      out.push({
        policy: name,
        policyDisplayName: str(p.displayName),
        attachmentPoint: point,
        index,
        description: str(r.description),
        deniedPrincipals: strings(d.deniedPrincipals),
        exceptionPrincipals: strings(d.exceptionPrincipals),
        deniedPermissions: strings(d.deniedPermissions),
        exceptionPermissions: strings(d.exceptionPermissions),
        denialCondition: condition(d.denialCondition),
      });
    });
  }
  return out;
}

export function normalizeDownloadRules(rules: RawRepositoryRule[]): DownloadRule[] {
  return rules.map((r) => ({
    name: r.name ?? '',
    action: r.action ?? 'ACTION_UNSPECIFIED',
    operation: r.operation ?? 'OPERATION_UNSPECIFIED',
    packageId: r.packageId ? r.packageId : null,
    condition: condition(r.condition),
  }));
}

type RawConfig = NonNullable<RawServicePerimeter['status']>;
type RawIngress = NonNullable<RawConfig['ingressPolicies']>[number];
type RawEgress = NonNullable<RawConfig['egressPolicies']>[number];
type RawOps = NonNullable<NonNullable<RawIngress['ingressTo']>['operations']>;

function operations(ops: RawOps | undefined): PerimeterRule['operations'] {
  return (ops ?? []).map((o) => ({
    serviceName: o.serviceName ?? '',
    methods: (o.methodSelectors ?? []).map((m) => m.method).filter((m): m is string => typeof m === 'string'),
    permissions: (o.methodSelectors ?? []).map((m) => m.permission).filter((m): m is string => typeof m === 'string'),
  }));
}

function ingress(r: RawIngress): PerimeterRule {
  return {
    identityType: str(r.ingressFrom?.identityType),
    identities: strings(r.ingressFrom?.identities),
    sources: (r.ingressFrom?.sources ?? []).map((s) => ({ accessLevel: str(s.accessLevel), resource: str(s.resource) })),
    resources: strings(r.ingressTo?.resources),
    operations: operations(r.ingressTo?.operations),
    title: str((r as { title?: unknown }).title),
  };
}

function egress(r: RawEgress): PerimeterRule {
  const from = r.egressFrom as (RawEgress['egressFrom'] & { sources?: { accessLevel?: string; resource?: string }[]; sourceRestriction?: string }) | undefined;
  const restricted = from?.sourceRestriction === 'SOURCE_RESTRICTION_ENABLED';
  return {
    identityType: str(from?.identityType),
    identities: strings(from?.identities),
    sources: restricted ? (from?.sources ?? []).map((s) => ({ accessLevel: str(s.accessLevel), resource: str(s.resource) })) : [],
    resources: strings(r.egressTo?.resources),
    operations: operations(r.egressTo?.operations as RawOps | undefined),
    title: str((r as { title?: unknown }).title),
  };
}

function config(c: RawConfig | undefined | null): PerimeterConfig | null {
  if (!c) return null;
  return {
    resources: strings(c.resources),
    restrictedServices: strings(c.restrictedServices),
    accessLevels: strings(c.accessLevels),
    ingress: (c.ingressPolicies ?? []).map(ingress),
    egress: (c.egressPolicies ?? []).map(egress),
  };
}

export function normalizePerimeter(p: RawServicePerimeter, policy: string): ServicePerimeter {
  return {
    name: p.name ?? '',
    title: str(p.title),
    policy,
    bridge: p.perimeterType === 'PERIMETER_TYPE_BRIDGE',
    status: config(p.status),
    dryRun: p.useExplicitDryRunSpec ? config(p.spec) : null,
  };
}

export function normalizeAccessPolicy(e: RawAccessPolicyEntry, org: string): AccessPolicy {
  const name = e.accessPolicy.name ?? '';
  return {
    name,
    title: str(e.accessPolicy.title),
    parent: e.accessPolicy.parent ?? org,
    scopes: strings(e.accessPolicy.scopes),
    perimeters: e.servicePerimeters.ok ? { status: 'ok', value: e.servicePerimeters.value.map((p) => normalizePerimeter(p, name)) } : { status: 'gap', gapId: e.servicePerimeters.gapId },
  };
}
