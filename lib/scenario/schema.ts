/**
 * The scenario file format (README, "Scenario files and the emulator", `"scenario": 1`): a Google Cloud estate as the public REST
 * JSON of the APIs Pullcheck reads. The envelope is strict; Google resources keep unknown fields.
 */
import { z } from 'zod';
import { formatJsonPath, JsonSyntaxError, locateJsonPaths, type PathSegment } from './json-locate';

const str = z.string();
const strList = z.array(z.string());

const conditionSchema = z.looseObject({
  expression: str.optional(),
  title: str.optional(),
  description: str.optional(),
  location: str.optional(),
});

const bindingSchema = z.looseObject({
  role: str.optional(),
  members: strList.optional(),
  condition: conditionSchema.nullable().optional(),
});

/** An IAM Policy as getIamPolicy returns it. */
export const policySchema = z.looseObject({
  version: z.number().int().optional(),
  etag: str.optional(),
  bindings: z.array(bindingSchema).optional(),
  auditConfigs: z.array(z.unknown()).optional(),
});

const organizationSchema = z.looseObject({
  name: str.regex(/^organizations\/[^/]+$/, 'must be "organizations/ID"').optional(),
  displayName: str.optional(),
  lifecycleState: str.optional(),
});

const folderSchema = z.looseObject({
  name: str.regex(/^folders\/[^/]+$/, 'must be "folders/ID"').optional(),
  parent: str.regex(/^(organizations|folders)\/[^/]+$/, 'must be "organizations/ID" or "folders/ID"').optional(),
  displayName: str.optional(),
  state: str.optional(),
});

const projectSchema = z.looseObject({
  projectId: str.min(1),
  projectNumber: z
    .union([str.regex(/^\d+$/, 'must be a string of digits, e.g. "260314159265"'), z.number().int().nonnegative()])
    .transform(String),
  name: str.optional(),
  lifecycleState: str.optional(),
  parent: z.looseObject({ type: str.optional(), id: str.optional() }).optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

const nodePoolSchema = z.looseObject({
  name: str.min(1),
  config: z.looseObject({ serviceAccount: str.optional(), oauthScopes: strList.optional() }).optional(),
  version: str.optional(),
});

const clusterSchema = z.looseObject({
  name: str.min(1),
  location: str.min(1),
  nodePools: z.array(nodePoolSchema).optional(),
  network: str.optional(),
  subnetwork: str.optional(),
});

const repositorySchema = z.looseObject({
  name: str.regex(/^projects\/[^/]+\/locations\/[^/]+\/repositories\/[^/]+$/, 'must be "projects/P/locations/L/repositories/R"'),
  format: str.min(1),
  mode: str.optional(),
});

const serviceAccountSchema = z.looseObject({
  email: str.min(1),
  name: str.optional(),
  uniqueId: str.optional(),
  disabled: z.boolean().optional(),
});

const roleSchema = z.looseObject({
  name: str.optional(),
  includedPermissions: strList.optional(),
  title: str.optional(),
  stage: str.optional(),
});

const subnetworkSchema = z.looseObject({
  name: str.optional(),
  region: str.optional(),
  network: str.optional(),
  selfLink: str.optional(),
  privateIpGoogleAccess: z.boolean().optional(),
});

const routerSchema = z.looseObject({
  name: str.optional(),
  region: str.optional(),
  network: str.optional(),
  nats: z.array(z.looseObject({})).optional(),
});

const groupSchema = z.looseObject({
  name: str.regex(/^groups\/[^/]+$/, 'must be "groups/ID"').optional(),
  groupKey: z.looseObject({ id: str.min(1), namespace: str.optional() }),
  displayName: str.optional(),
});

const membershipSchema = z.looseObject({
  name: str.optional(),
  preferredMemberKey: z.looseObject({ id: str.optional(), namespace: str.optional() }).optional(),
  roles: z.array(z.looseObject({ name: str.optional() })).optional(),
  type: str.optional(),
});

/** google.type.Expr, as IAM v2 deny conditions and Artifact Registry rule conditions carry it. */
const exprSchema = z.looseObject({
  expression: str.optional(),
  title: str.optional(),
  description: str.optional(),
  location: str.optional(),
});

/**
 * An IAM v2 deny policy as policies.get returns it (https://cloud.google.com/iam/docs/reference/rest/v2/policies):
 * name "policies/{URL-encoded attachment point}/denypolicies/{policyId}", rules[].denyRule.
 */
const denyPolicySchema = z.looseObject({
  name: str.regex(/^policies\/[^/]+\/denypolicies\/[^/]+$/, 'must be "policies/ATTACHMENT_POINT/denypolicies/POLICY_ID" (attachment point URL-encoded)'),
  uid: str.optional(),
  kind: str.optional(),
  displayName: str.optional(),
  etag: str.optional(),
  rules: z
    .array(
      z.looseObject({
        description: str.optional(),
        denyRule: z
          .looseObject({
            deniedPrincipals: strList.optional(),
            exceptionPrincipals: strList.optional(),
            deniedPermissions: strList.optional(),
            exceptionPermissions: strList.optional(),
            denialCondition: exprSchema.nullable().optional(),
          })
          .optional(),
      }),
    )
    .optional(),
});

/**
 * An Artifact Registry rule (projects.locations.repositories.rules, https://cloud.google.com/artifact-registry/docs/reference/rest/v1/projects.locations.repositories.rules):
 * name "projects/P/locations/L/repositories/R/rules/RULE", action, operation, packageId?, condition?.
 */
const repositoryRuleSchema = z.looseObject({
  name: str.regex(/^projects\/[^/]+\/locations\/[^/]+\/repositories\/[^/]+\/rules\/[^/]+$/, 'must be "projects/P/locations/L/repositories/R/rules/RULE"'),
  action: z.enum(['ACTION_UNSPECIFIED', 'ALLOW', 'DENY']),
  operation: z.enum(['OPERATION_UNSPECIFIED', 'DOWNLOAD']),
  packageId: str.optional(),
  condition: exprSchema.nullable().optional(),
});

/** Access Context Manager v1 AccessPolicy (https://cloud.google.com/access-context-manager/docs/reference/rest/v1/accessPolicies). */
const accessPolicySchema = z.looseObject({
  name: str.regex(/^accessPolicies\/[^/]+$/, 'must be "accessPolicies/NUMBER"'),
  parent: str.regex(/^organizations\/[^/]+$/, 'must be "organizations/ID"'),
  title: str.optional(),
  scopes: strList.optional(),
  etag: str.optional(),
});

const perimeterConfigSchema = z.looseObject({
  resources: strList.optional(),
  accessLevels: strList.optional(),
  restrictedServices: strList.optional(),
  ingressPolicies: z.array(z.looseObject({})).optional(),
  egressPolicies: z.array(z.looseObject({})).optional(),
  vpcAccessibleServices: z.looseObject({}).optional(),
});

/** Access Context Manager v1 ServicePerimeter (accessPolicies.servicePerimeters). */
const servicePerimeterSchema = z.looseObject({
  name: str.regex(/^accessPolicies\/[^/]+\/servicePerimeters\/[^/]+$/, 'must be "accessPolicies/NUMBER/servicePerimeters/NAME"'),
  title: str.optional(),
  perimeterType: z.enum(['PERIMETER_TYPE_REGULAR', 'PERIMETER_TYPE_BRIDGE']).optional(),
  status: perimeterConfigSchema.optional(),
  spec: perimeterConfigSchema.optional(),
  useExplicitDryRunSpec: z.boolean().optional(),
});

/** Cloud Asset Inventory v1 Asset (https://cloud.google.com/asset-inventory/docs/reference/rest/v1/Asset). */
const assetSchema = z.looseObject({
  name: str.min(1),
  assetType: str.min(1),
  resource: z.looseObject({ data: z.record(z.string(), z.unknown()).optional(), parent: str.optional(), location: str.optional() }).optional(),
  updateTime: str.optional(),
});

/** Cloud Logging v2 LogEntry (https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry). */
const logEntrySchema = z.looseObject({
  logName: str.optional(),
  resource: z.looseObject({ type: str.optional(), labels: z.record(z.string(), z.string()).optional() }).optional(),
  timestamp: str.optional(),
  receiveTimestamp: str.optional(),
  severity: str.optional(),
  insertId: str.optional(),
  jsonPayload: z.record(z.string(), z.unknown()).optional(),
  textPayload: str.optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

const faultSchema = z.strictObject({
  match: str.min(1),
  status: z.number().int().min(100).max(599).nullable().optional(),
  times: z.number().int().nonnegative().nullable().optional(),
  latencyMs: z.number().nonnegative().nullable().optional(),
  reason: str.nullable().optional(),
  retryAfter: z.number().nonnegative().nullable().optional(),
  /** clusters.list answers these zones in `missingZones` and leaves their clusters out (container v1 ListClustersResponse). */
  missingZones: z.array(str.regex(/^[a-z]+-[a-z]+\d+-[a-z]$/, 'must be a zone such as "us-central1-a"')).min(1).optional(),
});

/**
 * The project a caller's requests are charged to (x-goog-user-project or the credentials' quota_project_id):
 * which services are enabled on it, and whether the caller holds serviceusage.services.use there.
 */
const quotaProjectSchema = z.strictObject({
  projectId: str.min(1),
  projectNumber: z
    .union([str.regex(/^\d+$/, 'must be a string of digits, e.g. "260314159265"'), z.number().int().nonnegative()])
    .transform(String),
  enabledServices: z.array(str.regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'must be a service name such as "container.googleapis.com"')).optional(),
  callerCanUse: z.boolean().optional(),
});

const verdictSchema = z.enum(['can-pull', 'cannot-pull', 'unknown']);
const categorySchema = z.enum(['version', 'service-account', 'scope', 'iam', 'network', 'perimeter', 'repository', 'audit-access']);

const expectSchema = z.strictObject({
  nodePool: str.min(1),
  repository: str.min(1),
  verdict: verdictSchema,
  categories: z.array(categorySchema).optional(),
  mayAlso: z.array(categorySchema).optional(),
});

/** What Policy Troubleshooter v3 answers for one triple, fixed by the scenario (tests stage disagreements with it). */
const troubleshooterAnswerSchema = z.strictObject({
  principal: str.regex(/^serviceAccount:[^\s:@]+@[^\s:@]+$/, 'must be "serviceAccount:EMAIL"'),
  resource: str.regex(/^\/\/artifactregistry\.googleapis\.com\/projects\/[^/]+\/locations\/[^/]+\/repositories\/[^/]+$/, 'must be "//artifactregistry.googleapis.com/projects/P/locations/L/repositories/R"'),
  permission: str.min(1),
  access: z.enum(['GRANTED', 'NOT_GRANTED', 'UNKNOWN_CONDITIONAL', 'UNKNOWN_INFO']),
});

const projectEntrySchema = z.strictObject({
  project: projectSchema,
  iamPolicy: policySchema.optional(),
  clusters: z.array(clusterSchema).optional(),
  repositories: z
    .array(z.strictObject({ repository: repositorySchema, iamPolicy: policySchema.optional(), rules: z.array(repositoryRuleSchema).optional() }))
    .optional(),
  serviceAccounts: z.array(serviceAccountSchema).optional(),
  roles: z.array(roleSchema).optional(),
  subnetworks: z.array(subnetworkSchema).optional(),
  routers: z.array(routerSchema).optional(),
  disabledServices: strList.optional(),
  denyPolicies: z.array(denyPolicySchema).optional(),
  assets: z.array(assetSchema).optional(),
  logEntries: z.array(logEntrySchema).optional(),
});

/** The whole scenario file. */
export const scenarioSchema = z.strictObject({
  scenario: z.literal(1, { error: 'scenario must be 1 (the only version of the format)' }),
  description: str.optional(),
  organizations: z
    .array(z.strictObject({ organization: organizationSchema, iamPolicy: policySchema.optional(), denyPolicies: z.array(denyPolicySchema).optional() }))
    .optional(),
  folders: z.array(z.strictObject({ folder: folderSchema, iamPolicy: policySchema.optional(), denyPolicies: z.array(denyPolicySchema).optional() })).optional(),
  projects: z.array(projectEntrySchema),
  organizationRoles: z.array(roleSchema).optional(),
  groups: z.array(z.strictObject({ group: groupSchema, members: z.array(membershipSchema).optional() })).optional(),
  accessPolicies: z.array(z.strictObject({ accessPolicy: accessPolicySchema, servicePerimeters: z.array(servicePerimeterSchema).optional() })).optional(),
  predefinedRoles: z.array(roleSchema).optional(),
  serverConfig: z.looseObject({}).optional(),
  faults: z.array(faultSchema).optional(),
  latencyMs: z.number().nonnegative().optional(),
  quotaProject: quotaProjectSchema.optional(),
  expect: z.array(expectSchema).optional(),
  absent: strList.optional(),
  troubleshooterAnswers: z.array(troubleshooterAnswerSchema).optional(),
});

/** A validated scenario (the resources keep their unknown fields). */
export type Scenario = z.infer<typeof scenarioSchema>;
/** One project entry of a scenario. */
export type ScenarioProject = Scenario['projects'][number];
/** An IAM policy as a scenario stores it. */
export type ScenarioPolicy = z.infer<typeof policySchema>;
/** One fixed Policy Troubleshooter answer of a scenario. */
export type ScenarioTroubleshooterAnswer = NonNullable<Scenario['troubleshooterAnswers']>[number];
/** An IAM v2 deny policy as a scenario stores it. */
export type ScenarioDenyPolicy = z.infer<typeof denyPolicySchema>;
/** An Artifact Registry rule as a scenario stores it. */
export type ScenarioRepositoryRule = z.infer<typeof repositoryRuleSchema>;
/** One access policy entry (the policy and its perimeters) of a scenario. */
export type ScenarioAccessPolicyEntry = NonNullable<Scenario['accessPolicies']>[number];
/** One fault of a scenario. */
export type ScenarioFault = NonNullable<Scenario['faults']>[number];

/** One problem in a scenario file, located by JSON path and line. */
export interface ScenarioIssue {
  file: string;
  /** e.g. "$.projects[2].clusters[0].nodePools[1].name" */
  path: string;
  line: number | null;
  message: string;
}

/** A scenario file that could not be read or is not valid. */
export class ScenarioError extends Error {
  constructor(readonly issues: ScenarioIssue[]) {
    super(formatScenarioIssues(issues));
    this.name = 'ScenarioError';
  }
}

/** "file:line: $.path: message", one line per issue. */
export function formatScenarioIssues(issues: ScenarioIssue[]): string {
  return issues.map((i) => `${i.file}${i.line !== null ? `:${i.line}` : ''}: ${i.path}: ${i.message}`).join('\n');
}

interface RawIssue {
  path: PathSegment[];
  message: string;
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

function zodIssues(error: z.ZodError): RawIssue[] {
  const out: RawIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const last = path[path.length - 1];
    const input = (issue as { input?: unknown }).input;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], message: `unknown key "${key}"` });
    } else if (input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value')) {
      out.push({ path, message: `missing required field "${String(last ?? '')}"` });
    } else if (issue.code === 'invalid_type') {
      out.push({ path, message: `expected ${issue.expected}, found ${describeType(input)}` });
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

/**
 * Splits an IAM v2 policy name "policies/{URL-encoded attachment point}/denypolicies/{policyId}" into the decoded
 * attachment point (e.g. "cloudresourcemanager.googleapis.com/projects/web") and the policy id; null when malformed.
 */
export function parseDenyPolicyName(name: string): { attachmentPoint: string; policyId: string } | null {
  const parts = name.split('/');
  if (parts.length !== 4 || parts[0] !== 'policies' || parts[2] !== 'denypolicies' || !parts[1] || !parts[3]) return null;
  try {
    return { attachmentPoint: decodeURIComponent(parts[1]), policyId: parts[3] };
  } catch {
    return null;
  }
}

function isRegexMatch(match: string): boolean {
  return match.length >= 2 && match.startsWith('/') && match.endsWith('/');
}

/** Checks that zod cannot express: fault patterns compile, ids are unique. */
function semanticIssues(s: Scenario): RawIssue[] {
  const out: RawIssue[] = [];
  (s.faults ?? []).forEach((f, i) => {
    if (isRegexMatch(f.match)) {
      try {
        new RegExp(f.match.slice(1, -1));
      } catch (err) {
        out.push({ path: ['faults', i, 'match'], message: `not a valid regular expression: ${(err as Error).message}` });
      }
    } else if (!/^[A-Z]+ \/\S*$/.test(f.match)) {
      out.push({ path: ['faults', i, 'match'], message: 'must be "METHOD /path" or a regular expression in /.../ form' });
    }
    if (f.missingZones && f.status !== undefined && f.status !== null) {
      out.push({ path: ['faults', i, 'missingZones'], message: 'missingZones describes a successful clusters.list answer: leave status out (or null)' });
    }
  });
  const denyAt = (policies: ScenarioDenyPolicy[] | undefined, base: PathSegment[], points: string[]) => {
    const ids = new Map<string, number>();
    (policies ?? []).forEach((policy, k) => {
      const parsed = parseDenyPolicyName(policy.name);
      if (!parsed || !points.includes(parsed.attachmentPoint)) {
        out.push({
          path: [...base, 'denyPolicies', k, 'name'],
          message: `names attachment point "${parsed?.attachmentPoint ?? policy.name}", but it is placed on ${points[0]}: its name must start with "policies/${encodeURIComponent(points[0])}/denypolicies/"`,
        });
        return;
      }
      const prev = ids.get(parsed.policyId);
      if (prev !== undefined) out.push({ path: [...base, 'denyPolicies', k, 'name'], message: `deny policy "${parsed.policyId}" is already defined at index ${prev}` });
      ids.set(parsed.policyId, k);
    });
  };
  (s.organizations ?? []).forEach((o, i) => {
    if (o.organization.name) denyAt(o.denyPolicies, ['organizations', i], [`cloudresourcemanager.googleapis.com/${o.organization.name}`]);
    else if (o.denyPolicies?.length) out.push({ path: ['organizations', i, 'organization'], message: 'an organization with deny policies needs its "name" ("organizations/ID")' });
  });
  (s.folders ?? []).forEach((f, i) => {
    if (f.folder.name) denyAt(f.denyPolicies, ['folders', i], [`cloudresourcemanager.googleapis.com/${f.folder.name}`]);
    else if (f.denyPolicies?.length) out.push({ path: ['folders', i, 'folder'], message: 'a folder with deny policies needs its "name" ("folders/ID")' });
  });
  s.projects.forEach((p, i) => {
    denyAt(p.denyPolicies, ['projects', i], [
      `cloudresourcemanager.googleapis.com/projects/${p.project.projectId}`,
      `cloudresourcemanager.googleapis.com/projects/${p.project.projectNumber}`,
    ]);
    (p.repositories ?? []).forEach((r, j) => {
      const names = new Set<string>();
      (r.rules ?? []).forEach((rule, k) => {
        const path: PathSegment[] = ['projects', i, 'repositories', j, 'rules', k, 'name'];
        if (!rule.name.startsWith(`${r.repository.name}/rules/`)) out.push({ path, message: `must name a rule of its repository: "${r.repository.name}/rules/RULE"` });
        else if (names.has(rule.name)) out.push({ path, message: `rule "${rule.name}" is defined twice` });
        names.add(rule.name);
      });
    });
  });
  const policyNames = new Map<string, number>();
  (s.accessPolicies ?? []).forEach((entry, i) => {
    const name = entry.accessPolicy.name;
    const prev = policyNames.get(name);
    if (prev !== undefined) out.push({ path: ['accessPolicies', i, 'accessPolicy', 'name'], message: `access policy "${name}" is already defined at $.accessPolicies[${prev}]` });
    policyNames.set(name, i);
    const perimeters = new Set<string>();
    (entry.servicePerimeters ?? []).forEach((perimeter, k) => {
      const path: PathSegment[] = ['accessPolicies', i, 'servicePerimeters', k, 'name'];
      if (!perimeter.name.startsWith(`${name}/servicePerimeters/`)) out.push({ path, message: `must name a perimeter of its access policy: "${name}/servicePerimeters/NAME"` });
      else if (perimeters.has(perimeter.name)) out.push({ path, message: `perimeter "${perimeter.name}" is defined twice` });
      perimeters.add(perimeter.name);
    });
  });
  const seen = new Map<string, number>();
  s.projects.forEach((p, i) => {
    for (const key of [p.project.projectId, p.project.projectNumber]) {
      const prev = seen.get(key);
      if (prev !== undefined && prev !== i) {
        out.push({ path: ['projects', i, 'project'], message: `project "${key}" is already defined at $.projects[${prev}]` });
      }
      seen.set(key, i);
    }
  });
  return out;
}

function withLines(text: string, file: string, raw: RawIssue[]): ScenarioIssue[] {
  const wanted = new Set<string>();
  for (const r of raw) for (let k = r.path.length; k >= 0; k--) wanted.add(formatJsonPath(r.path.slice(0, k)));
  let lines: Map<string, number>;
  try {
    lines = locateJsonPaths(text, wanted);
  } catch {
    lines = new Map();
  }
  return raw.map((r) => {
    let line: number | null = null;
    for (let k = r.path.length; k >= 0 && line === null; k--) line = lines.get(formatJsonPath(r.path.slice(0, k))) ?? null;
    return { file, path: formatJsonPath(r.path), line, message: r.message };
  });
}

/** Parses and validates scenario JSON text; issues carry the file, JSON path and line. */
export function parseScenario(text: string, file: string): { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    try {
      locateJsonPaths(body);
    } catch (syntax) {
      if (syntax instanceof JsonSyntaxError) {
        return {
          ok: false,
          issues: [{ file, path: '$', line: syntax.line, message: `invalid JSON: ${syntax.message} (line ${syntax.line}, column ${syntax.column})` }],
        };
      }
    }
    return { ok: false, issues: [{ file, path: '$', line: null, message: `invalid JSON: ${(err as Error).message}` }] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, issues: [{ file, path: '$', line: 1, message: `a scenario is a JSON object, found ${describeType(data)}` }] };
  }
  const result = scenarioSchema.safeParse(data, { reportInput: true });
  if (!result.success) return { ok: false, issues: withLines(body, file, zodIssues(result.error)) };
  const extra = semanticIssues(result.data);
  if (extra.length) return { ok: false, issues: withLines(body, file, extra) };
  return { ok: true, scenario: result.data };
}

/** Loads and validates a scenario file; throws ScenarioError (unreadable file, invalid JSON, invalid scenario). */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  // Imported here so that the schema itself stays usable where node:fs is not (browser bundles).
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new ScenarioError([{ file: path, path: '$', line: null, message: `cannot read the scenario file: ${why}` }]);
  }
  return parseScenarioOrThrow(text, path);
}

/** Parses scenario text or throws a ScenarioError. */
export function parseScenarioOrThrow(text: string, file: string): Scenario {
  const r = parseScenario(text, file);
  if (!r.ok) throw new ScenarioError(r.issues);
  return r.scenario;
}
