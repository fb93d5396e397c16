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
    organizations: [{ organization: { name: 'organizations/1', displayName: 'example.com' }, iamPolicy: { etag: 'ACAB' } }],
    folders: [{ folder: { name: 'folders/2', parent: 'organizations/1' } }],
    projects: [
      {
        project: { projectId: 'web', projectNumber: '123', parent: { type: 'folder', id: '2' } },
        iamPolicy: { version: 3, bindings: [{ role: 'roles/viewer', members: ['user:a@example.com'], condition: { expression: 'true' } }] },
        clusters: [{ name: 'c1', location: 'europe-west2', nodePools: [{ name: 'np1', config: { serviceAccount: 'default' } }] }],
        repositories: [{ repository: { name: 'projects/web/locations/us/repositories/r', format: 'DOCKER' }, iamPolicy: {} }],
        serviceAccounts: [{ email: 'sa@web.iam.gserviceaccount.com' }],
        roles: [{ name: 'projects/web/roles/x', includedPermissions: ['a.b.c'] }],
        subnetworks: [{ name: 's', region: 'https://www.googleapis.com/compute/v1/projects/web/regions/us-central1' }],
        routers: [],
        disabledServices: ['container.googleapis.com'],
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
