import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatScenarioIssues, loadScenarioFile, parseScenario, ScenarioError, type ScenarioIssue } from './schema';

/** A small valid scenario, pretty-printed so that line numbers are meaningful. */
function base(): Record<string, unknown> {
  return {
    scenario: 1,
    description: 'test',
    organizations: [
      {
        organization: { name: 'organizations/1', displayName: 'example.com' },
        iamPolicy: { etag: 'ACAB' },
        denyPolicies: [{ name: 'policies/cloudresourcemanager.googleapis.com%2Forganizations%2F1/denypolicies/org-deny', rules: [] }],
      },
    ],
    folders: [{ folder: { name: 'folders/2', parent: 'organizations/1' }, denyPolicies: [{ name: 'policies/cloudresourcemanager.googleapis.com%2Ffolders%2F2/denypolicies/f' }] }],
    projects: [
      {
        project: { projectId: 'web', projectNumber: '123', parent: { type: 'folder', id: '2' } },
        iamPolicy: { version: 3, bindings: [{ role: 'roles/viewer', members: ['user:a@example.com'], condition: { expression: 'true' } }] },
        clusters: [{ name: 'c1', location: 'europe-west2', nodePools: [{ name: 'np1', config: { serviceAccount: 'default' } }] }],
        repositories: [
          {
            repository: { name: 'projects/web/locations/us/repositories/r', format: 'DOCKER' },
            iamPolicy: {},
            rules: [{ name: 'projects/web/locations/us/repositories/r/rules/no-pull', action: 'DENY', operation: 'DOWNLOAD', packageId: 'app', condition: { expression: 'true' } }],
          },
        ],
        serviceAccounts: [{ email: 'sa@web.iam.gserviceaccount.com' }],
        roles: [{ name: 'projects/web/roles/x', includedPermissions: ['a.b.c'] }],
        subnetworks: [{ name: 's', region: 'https://www.googleapis.com/compute/v1/projects/web/regions/us-central1' }],
        routers: [],
        disabledServices: ['container.googleapis.com'],
        denyPolicies: [
          {
            name: 'policies/cloudresourcemanager.googleapis.com%2Fprojects%2F123/denypolicies/no-ar',
            rules: [
              {
                description: 'no registry',
                denyRule: {
                  deniedPrincipals: ['principalSet://goog/public:all'],
                  exceptionPrincipals: ['principal://goog/subject/a@example.com'],
                  deniedPermissions: ['artifactregistry.googleapis.com/repositories.downloadArtifacts'],
                  denialCondition: { expression: "resource.matchTag('1/env', 'prod')" },
                },
              },
            ],
          },
        ],
        assets: [{ name: '//container.googleapis.com/projects/web/locations/europe-west2/clusters/c1/k8s/namespaces/default/pods/p', assetType: 'k8s.io/Pod', resource: { data: { spec: {} } } }],
        logEntries: [{ logName: 'projects/web/logs/events', resource: { type: 'k8s_pod', labels: { cluster_name: 'c1' } }, jsonPayload: { reason: 'Failed' }, timestamp: '2026-01-01T00:00:00Z' }],
      },
    ],
    accessPolicies: [
      {
        accessPolicy: { name: 'accessPolicies/55', parent: 'organizations/1', title: 'org policy' },
        servicePerimeters: [
          {
            name: 'accessPolicies/55/servicePerimeters/prod',
            perimeterType: 'PERIMETER_TYPE_REGULAR',
            status: { resources: ['projects/123'], restrictedServices: ['artifactregistry.googleapis.com'], ingressPolicies: [{ ingressFrom: { identityType: 'ANY_IDENTITY' } }] },
            useExplicitDryRunSpec: false,
          },
        ],
      },
    ],
    organizationRoles: [{ name: 'organizations/1/roles/r' }],
    groups: [{ group: { name: 'groups/g1', groupKey: { id: 'team@example.com' } }, members: [{ preferredMemberKey: { id: 'a@example.com' }, type: 'USER' }] }],
    predefinedRoles: [{ name: 'roles/new.role', includedPermissions: [] }],
    serverConfig: { validNodeVersions: ['1.33.1-gke.1'] },
    faults: [{ match: 'GET /v1/projects/web', status: 403, times: null, latencyMs: 0, reason: 'IAM_PERMISSION_DENIED', retryAfter: null }, { match: '/repositories$/', status: 503, times: 1 }],
    latencyMs: 0,
    expect: [{ nodePool: 'projects/web/locations/europe-west2/clusters/c1/nodePools/np1', repository: 'projects/web/locations/us/repositories/r', verdict: 'can-pull', categories: [] }],
    absent: ['projects/web/locations/us/repositories/other'],
  };
}

const text = (v: unknown) => JSON.stringify(v, null, 2);

function issuesOf(value: unknown): ScenarioIssue[] {
  const r = parseScenario(typeof value === 'string' ? value : text(value), 'test.json');
  if (r.ok) throw new Error('expected the scenario to be rejected');
  return r.issues;
}

/** The 1-based line of the first occurrence of `needle` in `haystack`. */
const lineOf = (haystack: string, needle: string) => haystack.slice(0, haystack.indexOf(needle)).split('\n').length;

describe('parseScenario', () => {
  it('accepts a scenario using every part of the format, keeping unknown fields inside resources', () => {
    const s = base();
    (s.projects as Array<{ clusters: Array<Record<string, unknown>> }>)[0].clusters[0].autopilot = { enabled: false };
    const r = parseScenario(text(s), 'test.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.scenario.projects[0].project.projectId).toBe('web');
    expect((r.scenario.projects[0].clusters?.[0] as Record<string, unknown>).autopilot).toEqual({ enabled: false });
    expect(r.scenario.groups?.[0].group.groupKey.id).toBe('team@example.com');
  });

  it('accepts the minimal scenario and a numeric projectNumber (as a string)', () => {
    const r = parseScenario('{"scenario":1,"projects":[{"project":{"projectId":"p","projectNumber":42}}]}', 'm.json');
    expect(r.ok && r.scenario.projects[0].project.projectNumber).toBe('42');
  });

  const required: Array<[string, (s: ReturnType<typeof base>) => void, string]> = [
    ['scenario', (s) => delete s.scenario, '$.scenario'],
    ['projects', (s) => delete s.projects, '$.projects'],
    ['projectId', (s) => delete (s.projects as Array<{ project: Record<string, unknown> }>)[0].project.projectId, '$.projects[0].project.projectId'],
    ['projectNumber', (s) => delete (s.projects as Array<{ project: Record<string, unknown> }>)[0].project.projectNumber, '$.projects[0].project.projectNumber'],
    ['cluster name', (s) => delete (s.projects as Array<{ clusters: Array<Record<string, unknown>> }>)[0].clusters[0].name, '$.projects[0].clusters[0].name'],
    ['cluster location', (s) => delete (s.projects as Array<{ clusters: Array<Record<string, unknown>> }>)[0].clusters[0].location, '$.projects[0].clusters[0].location'],
    [
      'node pool name',
      (s) => delete (s.projects as Array<{ clusters: Array<{ nodePools: Array<Record<string, unknown>> }> }>)[0].clusters[0].nodePools[0].name,
      '$.projects[0].clusters[0].nodePools[0].name',
    ],
    ['repository name', (s) => delete (s.projects as Array<{ repositories: Array<{ repository: Record<string, unknown> }> }>)[0].repositories[0].repository.name, '$.projects[0].repositories[0].repository.name'],
    ['repository format', (s) => delete (s.projects as Array<{ repositories: Array<{ repository: Record<string, unknown> }> }>)[0].repositories[0].repository.format, '$.projects[0].repositories[0].repository.format'],
    ['service account email', (s) => delete (s.projects as Array<{ serviceAccounts: Array<Record<string, unknown>> }>)[0].serviceAccounts[0].email, '$.projects[0].serviceAccounts[0].email'],
    ['group key id', (s) => delete (s.groups as Array<{ group: { groupKey: Record<string, unknown> } }>)[0].group.groupKey.id, '$.groups[0].group.groupKey.id'],
    ['group key', (s) => delete (s.groups as Array<{ group: Record<string, unknown> }>)[0].group.groupKey, '$.groups[0].group.groupKey'],
  ];
  it.each(required)('reports a missing %s by JSON path and the line of its parent', (_label, drop, path) => {
    const s = base();
    drop(s);
    const issues = issuesOf(s);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe(path);
    expect(issues[0].message).toMatch(/^missing required field "/);
    expect(issues[0].line).toBeGreaterThanOrEqual(1);
  });

  it('names an unknown envelope key, its path and its line, at every level of the envelope', () => {
    const s = base();
    s.clusters = [];
    (s.projects as Array<Record<string, unknown>>)[0].cluster = [];
    (s.faults as Array<Record<string, unknown>>)[1].statuss = 500;
    const t = text(s);
    const issues = issuesOf(t);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(byPath['$.clusters'].message).toBe('unknown key "clusters"');
    expect(byPath['$.clusters'].line).toBe(lineOf(t, '"clusters": []'));
    expect(byPath['$.projects[0].cluster'].line).toBe(lineOf(t, '"cluster": []'));
    expect(byPath['$.faults[1].statuss'].message).toBe('unknown key "statuss"');
  });

  it('rejects any scenario version but 1', () => {
    const s = base();
    s.scenario = 2;
    const issues = issuesOf(s);
    expect(issues[0]).toMatchObject({ path: '$.scenario', line: 2 });
    expect(issues[0].message).toContain('scenario must be 1');
  });

  it('gives the line and column of a JSON syntax error', () => {
    const issues = issuesOf('{\n  "scenario": 1,\n  "projects": [\n    { "project": { "projectId": "a" "projectNumber": "1" } }\n  ]\n}');
    expect(issues).toHaveLength(1);
    expect(issues[0].line).toBe(4);
    expect(issues[0].message).toContain('column 37');
    expect(issues[0].message).toMatch(/invalid JSON: expected "," or "}"/);
    expect(issuesOf('')[0].message).toContain('empty input');
    expect(issuesOf('{"scenario": 1,}')[0].message).toContain('property name');
  });

  it('reports wrong types with what was found', () => {
    const s = base();
    (s.projects as Array<{ clusters: Array<Record<string, unknown>> }>)[0].clusters[0].nodePools = { name: 'x' };
    const issues = issuesOf(s);
    expect(issues[0].path).toBe('$.projects[0].clusters[0].nodePools');
    expect(issues[0].message).toBe('expected array, found an object');
    expect(issuesOf('[]')[0].message).toContain('JSON object');
  });

  it('rejects a fault whose match is neither "METHOD /path" nor a valid /regex/', () => {
    const s = base();
    (s.faults as Array<Record<string, unknown>>)[0].match = '/unclosed(/';
    (s.faults as Array<Record<string, unknown>>)[1].match = 'projects/web';
    const issues = issuesOf(s);
    expect(issues.map((i) => i.path)).toEqual(['$.faults[0].match', '$.faults[1].match']);
    expect(issues[0].message).toContain('not a valid regular expression');
  });

  it('accepts a quota project and a missingZones fault, and names what is wrong in them by path and line', () => {
    const s = base();
    s.quotaProject = { projectId: 'billing', projectNumber: 777, enabledServices: ['container.googleapis.com'], callerCanUse: false };
    (s.faults as unknown[]).push({ match: 'GET /v1/projects/web/locations/-/clusters', missingZones: ['europe-west2-b'] });
    const r = parseScenario(text(s), 'test.json');
    expect(r.ok && r.scenario.quotaProject).toEqual({ projectId: 'billing', projectNumber: '777', enabledServices: ['container.googleapis.com'], callerCanUse: false });

    s.quotaProject = { projectId: 'billing', projectNumber: '777', enabledService: [], callerCanUse: 'yes' };
    (s.faults as Array<Record<string, unknown>>)[2] = { match: 'GET /v1/projects/web/locations/-/clusters', status: 200, missingZones: ['europe-west2'] };
    const t = text(s);
    const byPath = Object.fromEntries(issuesOf(t).map((i) => [i.path, i]));
    expect(byPath['$.quotaProject.enabledService']).toMatchObject({ message: 'unknown key "enabledService"', line: lineOf(t, '"enabledService"') });
    expect(byPath['$.quotaProject.callerCanUse'].message).toBe('expected boolean, found string "yes"');
    expect(byPath['$.faults[2].missingZones[0]'].message).toContain('must be a zone');
    (s.faults as unknown[]).pop();
    s.quotaProject = { projectNumber: '777' };
    expect(issuesOf(s)[0]).toMatchObject({ path: '$.quotaProject.projectId', message: 'missing required field "projectId"' });
    delete s.quotaProject;
    (s.faults as Array<Record<string, unknown>>)[2] = { match: 'GET /v1/projects/web/locations/-/clusters', status: 200, missingZones: ['europe-west2-b'] };
    expect(issuesOf(s)[0]).toMatchObject({ path: '$.faults[2].missingZones', message: expect.stringContaining('leave status out') });
  });

  it('keeps unknown fields inside deny policies, rules, perimeters, assets and log entries', () => {
    const s = base();
    const project = (s.projects as Array<Record<string, Array<Record<string, unknown>>>>)[0];
    project.denyPolicies[0].managingAuthority = 'x';
    project.assets[0].ancestors = ['projects/123'];
    project.logEntries[0].operation = { id: 'op' };
    ((s.accessPolicies as Array<{ servicePerimeters: Array<Record<string, unknown>> }>)[0].servicePerimeters[0]).etag = 'e1';
    const r = parseScenario(text(s), 'test.json');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const p = r.scenario.projects[0];
    expect((p.denyPolicies?.[0] as Record<string, unknown>).managingAuthority).toBe('x');
    expect(p.denyPolicies?.[0].rules?.[0].denyRule?.deniedPermissions).toEqual(['artifactregistry.googleapis.com/repositories.downloadArtifacts']);
    expect((p.assets?.[0] as Record<string, unknown>).ancestors).toEqual(['projects/123']);
    expect((p.logEntries?.[0] as Record<string, unknown>).operation).toEqual({ id: 'op' });
    expect(p.repositories?.[0].rules?.[0].action).toBe('DENY');
    expect(r.scenario.accessPolicies?.[0].servicePerimeters?.[0]).toMatchObject({ etag: 'e1', perimeterType: 'PERIMETER_TYPE_REGULAR' });
    expect(r.scenario.organizations?.[0].denyPolicies).toHaveLength(1);
    expect(r.scenario.folders?.[0].denyPolicies).toHaveLength(1);
  });

  it('names an unknown key in the new envelopes (repository entry, access policy entry) by path and line', () => {
    const s = base();
    (s.projects as Array<{ repositories: Array<Record<string, unknown>> }>)[0].repositories[0].rule = [];
    (s.accessPolicies as Array<Record<string, unknown>>)[0].perimeters = [];
    (s.organizations as Array<Record<string, unknown>>)[0].denyPolicy = [];
    const t = text(s);
    const byPath = Object.fromEntries(issuesOf(t).map((i) => [i.path, i]));
    expect(byPath['$.projects[0].repositories[0].rule']).toMatchObject({ message: 'unknown key "rule"', line: lineOf(t, '"rule": []') });
    expect(byPath['$.accessPolicies[0].perimeters']).toMatchObject({ message: 'unknown key "perimeters"', line: lineOf(t, '"perimeters": []') });
    expect(byPath['$.organizations[0].denyPolicy'].message).toBe('unknown key "denyPolicy"');
  });

  const requiredNew: Array<[string, (s: ReturnType<typeof base>) => void, string]> = [
    ['deny policy name', (s) => delete (s.projects as Array<{ denyPolicies: Array<Record<string, unknown>> }>)[0].denyPolicies[0].name, '$.projects[0].denyPolicies[0].name'],
    ['rule name', (s) => delete (s.projects as Array<{ repositories: Array<{ rules: Array<Record<string, unknown>> }> }>)[0].repositories[0].rules[0].name, '$.projects[0].repositories[0].rules[0].name'],
    ['rule action', (s) => delete (s.projects as Array<{ repositories: Array<{ rules: Array<Record<string, unknown>> }> }>)[0].repositories[0].rules[0].action, '$.projects[0].repositories[0].rules[0].action'],
    ['access policy parent', (s) => delete (s.accessPolicies as Array<{ accessPolicy: Record<string, unknown> }>)[0].accessPolicy.parent, '$.accessPolicies[0].accessPolicy.parent'],
    ['perimeter name', (s) => delete (s.accessPolicies as Array<{ servicePerimeters: Array<Record<string, unknown>> }>)[0].servicePerimeters[0].name, '$.accessPolicies[0].servicePerimeters[0].name'],
    ['asset name', (s) => delete (s.projects as Array<{ assets: Array<Record<string, unknown>> }>)[0].assets[0].name, '$.projects[0].assets[0].name'],
    ['asset type', (s) => delete (s.projects as Array<{ assets: Array<Record<string, unknown>> }>)[0].assets[0].assetType, '$.projects[0].assets[0].assetType'],
  ];
  it.each(requiredNew)('reports a missing %s by JSON path', (_label, drop, path) => {
    const s = base();
    drop(s);
    const issues = issuesOf(s);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe(path);
    expect(issues[0].message).toMatch(/^missing required field "/);
    expect(issues[0].line).toBeGreaterThanOrEqual(1);
  });

  it('rejects malformed names and values in the new resources, located', () => {
    const s = base();
    const project = (s.projects as Array<Record<string, Array<Record<string, unknown>>>>)[0];
    project.denyPolicies[0].name = 'projects/web/denypolicies/x';
    ((project.repositories[0].rules as Array<Record<string, unknown>>)[0]).action = 'BLOCK';
    const perimeter = (s.accessPolicies as Array<{ servicePerimeters: Array<Record<string, unknown>> }>)[0].servicePerimeters[0];
    perimeter.perimeterType = 'BRIDGE';
    (perimeter.status as Record<string, unknown>).resources = 'projects/123';
    project.logEntries[0].jsonPayload = 'text';
    const t = text(s);
    const byPath = Object.fromEntries(issuesOf(t).map((i) => [i.path, i]));
    expect(byPath['$.projects[0].denyPolicies[0].name'].message).toContain('policies/ATTACHMENT_POINT/denypolicies/POLICY_ID');
    expect(byPath['$.projects[0].denyPolicies[0].name'].line).toBe(lineOf(t, '"projects/web/denypolicies/x"'));
    expect(byPath['$.projects[0].repositories[0].rules[0].action']).toBeDefined();
    expect(byPath['$.accessPolicies[0].servicePerimeters[0].perimeterType']).toBeDefined();
    expect(byPath['$.accessPolicies[0].servicePerimeters[0].status.resources'].message).toBe('expected array, found string "projects/123"');
    expect(byPath['$.projects[0].logEntries[0].jsonPayload'].message).toMatch(/^expected record|^expected object/);
  });

  it('checks that deny policies, rules and perimeters sit where their names say', () => {
    const s = base();
    const project = (s.projects as Array<Record<string, Array<Record<string, unknown>>>>)[0];
    project.denyPolicies[0].name = 'policies/cloudresourcemanager.googleapis.com%2Fprojects%2Fother/denypolicies/no-ar';
    (s.folders as Array<{ denyPolicies: unknown[] }>)[0].denyPolicies.push({ name: 'policies/cloudresourcemanager.googleapis.com%2Ffolders%2F2/denypolicies/f' });
    ((project.repositories[0].rules as Array<Record<string, unknown>>)[0]).name = 'projects/web/locations/us/repositories/other/rules/x';
    (s.accessPolicies as Array<{ servicePerimeters: Array<Record<string, unknown>> }>)[0].servicePerimeters[0].name = 'accessPolicies/56/servicePerimeters/prod';
    const issues = issuesOf(s);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i]));
    expect(byPath['$.projects[0].denyPolicies[0].name'].message).toContain('"cloudresourcemanager.googleapis.com/projects/other", but it is placed on cloudresourcemanager.googleapis.com/projects/web');
    expect(byPath['$.folders[0].denyPolicies[1].name'].message).toBe('deny policy "f" is already defined at index 0');
    expect(byPath['$.projects[0].repositories[0].rules[0].name'].message).toContain('projects/web/locations/us/repositories/r/rules/RULE');
    expect(byPath['$.accessPolicies[0].servicePerimeters[0].name'].message).toContain('"accessPolicies/55/servicePerimeters/NAME"');
    // A project's deny policy may name the project by id as well as by number.
    const ok = base();
    (ok.projects as Array<{ denyPolicies: Array<Record<string, unknown>> }>)[0].denyPolicies[0].name = 'policies/cloudresourcemanager.googleapis.com%2Fprojects%2Fweb/denypolicies/no-ar';
    expect(parseScenario(text(ok), 'ok.json').ok).toBe(true);
  });

  it('accepts the perimeter category in expect blocks', () => {
    const s = base();
    (s.expect as Array<Record<string, unknown>>)[0] = { ...(s.expect as Array<Record<string, unknown>>)[0], verdict: 'cannot-pull', categories: ['perimeter'] };
    expect(parseScenario(text(s), 'test.json').ok).toBe(true);
  });

  it('rejects a project defined twice', () => {
    const s = base();
    (s.projects as unknown[]).push({ project: { projectId: 'web', projectNumber: '999' } });
    expect(issuesOf(s)[0]).toMatchObject({ path: '$.projects[1].project', message: 'project "web" is already defined at $.projects[0]' });
  });
});

describe('formatScenarioIssues', () => {
  it('prints "file:line: $.path: message" lines', () => {
    expect(
      formatScenarioIssues([
        { file: 'a.json', path: '$.projects', line: 3, message: 'missing' },
        { file: 'a.json', path: '$', line: null, message: 'unreadable' },
      ]),
    ).toBe('a.json:3: $.projects: missing\na.json: $: unreadable');
  });
});

describe('loadScenarioFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pullcheck-scenario-'));

  it('loads a valid file', async () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, text(base()));
    expect((await loadScenarioFile(file)).projects).toHaveLength(1);
  });

  it('throws a ScenarioError naming the file for a missing file and for bad JSON', async () => {
    const missing = join(dir, 'missing.json');
    await expect(loadScenarioFile(missing)).rejects.toThrow(`${missing}: $: cannot read the scenario file: no such file`);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{\n  "scenario": 1,\n  "projects": [\n');
    const err = await loadScenarioFile(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).issues[0].line).toBe(4);
    expect((err as ScenarioError).message).toMatch(/bad\.json:4: \$: invalid JSON/);
  });
});
