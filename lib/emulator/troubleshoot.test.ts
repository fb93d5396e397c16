import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario/schema';
import { ApiErrorThrown } from './errors';
import { evaluateCondition, Troubleshooter } from './troubleshoot';

const SA = 'nodes@apps-prod.iam.gserviceaccount.com';
const REPO = 'projects/reg-prod/locations/europe-west1/repositories/images';
const FULL = `//artifactregistry.googleapis.com/${REPO}`;
const PERM = 'artifactregistry.repositories.downloadArtifacts';

/** A small estate: organization 9 > folder 7 > reg-prod (the repository), apps-prod under the organization. */
function estate(over: { repo?: object[]; project?: object[]; folder?: object[]; org?: object[]; groups?: Scenario['groups']; faults?: Scenario['faults']; deny?: { project?: object[]; folder?: object[]; org?: object[] }; extra?: Partial<Scenario> } = {}): Scenario {
  return {
    scenario: 1,
    organizations: [{ organization: { name: 'organizations/9' }, iamPolicy: { bindings: (over.org ?? []) as never }, ...(over.deny?.org ? { denyPolicies: over.deny.org } : {}) }],
    folders: [{ folder: { name: 'folders/7', parent: 'organizations/9' }, iamPolicy: { bindings: (over.folder ?? []) as never }, ...(over.deny?.folder ? { denyPolicies: over.deny.folder } : {}) }],
    projects: [
      {
        project: { projectId: 'reg-prod', projectNumber: '111', parent: { type: 'folder', id: '7' } },
        iamPolicy: { bindings: (over.project ?? []) as never },
        repositories: [{ repository: { name: REPO, format: 'DOCKER' }, iamPolicy: { bindings: (over.repo ?? []) as never } }],
        ...(over.deny?.project ? { denyPolicies: over.deny.project } : {}),
      },
      { project: { projectId: 'apps-prod', projectNumber: '222', parent: { type: 'organization', id: '9' } }, serviceAccounts: [{ email: SA }] },
    ],
    groups: over.groups,
    faults: over.faults,
    ...over.extra,
  } as Scenario;
}

const ask = (s: Scenario, extra: Record<string, unknown> = {}) =>
  new Troubleshooter(s).answer({ accessTuple: { principal: SA, fullResourceName: FULL, permission: PERM, ...extra } }) as {
    overallAccessState: string;
    allowPolicyExplanation: { allowAccessState: string; explainedPolicies: Array<Record<string, unknown>> };
    denyPolicyExplanation: { denyAccessState: string };
  };
const reader = (member: string, condition?: object) => ({ role: 'roles/artifactregistry.reader', members: [member], ...(condition ? { condition } : {}) });

describe('Policy Troubleshooter in the emulator: allow policies', () => {
  it('grants through a repository binding and names it in the explanation', () => {
    const r = ask(estate({ repo: [reader(`serviceAccount:${SA.toUpperCase()}`)] }));
    expect(r.overallAccessState).toBe('CAN_ACCESS');
    const repo = r.allowPolicyExplanation.explainedPolicies[0];
    expect(repo.fullResourceName).toBe(FULL);
    expect((repo.bindingExplanations as Array<{ allowAccessState: string; rolePermission: string }>)[0]).toMatchObject({ allowAccessState: 'ALLOW_ACCESS_STATE_GRANTED', rolePermission: 'ROLE_PERMISSION_INCLUDED' });
  });
  it('walks project, folders and organization, and resolves nested groups', () => {
    const groups: Scenario['groups'] = [
      { group: { name: 'groups/a', groupKey: { id: 'outer@corp.example' } }, members: [{ preferredMemberKey: { id: 'inner@corp.example' }, type: 'GROUP' }] },
      { group: { name: 'groups/b', groupKey: { id: 'inner@corp.example' } }, members: [{ preferredMemberKey: { id: SA }, type: 'SERVICE_ACCOUNT' }] },
    ];
    expect(ask(estate({ org: [reader('group:outer@corp.example')], groups })).overallAccessState).toBe('CAN_ACCESS');
    expect(ask(estate({ folder: [{ role: 'roles/viewer', members: [`serviceAccount:${SA}`] }] })).overallAccessState).toBe('CAN_ACCESS');
  });
  it('does not grant through roles without the permission, domain: members or deleted: members', () => {
    const r = ask(
      estate({
        project: [{ role: 'roles/container.defaultNodeServiceAccount', members: [`serviceAccount:${SA}`] }, { role: 'roles/browser', members: [`serviceAccount:${SA}`] }],
        repo: [reader('domain:apps-prod.iam.gserviceaccount.com'), reader(`deleted:serviceAccount:${SA}?uid=1`)],
      }),
    );
    expect(r.overallAccessState).toBe('CANNOT_ACCESS');
  });
  it('matches principalSet of service accounts owned under a folder (IAM "Principal identifiers")', () => {
    const owned = ask(estate({ repo: [reader('principalSet://cloudresourcemanager.googleapis.com/organizations/9/type/ServiceAccount')] }));
    expect(owned.overallAccessState).toBe('CAN_ACCESS');
    const other = ask(estate({ repo: [reader('principalSet://cloudresourcemanager.googleapis.com/folders/7/type/ServiceAccount')] }));
    expect(other.overallAccessState).toBe('CANNOT_ACCESS');
  });
  it('answers UNKNOWN_INFO when the caller cannot read a policy that might grant, and omits that policy', () => {
    const r = ask(estate({ faults: [{ match: `GET /v1/${REPO}:getIamPolicy`, status: 403 }] }));
    expect(r.overallAccessState).toBe('UNKNOWN_INFO');
    expect(r.allowPolicyExplanation.explainedPolicies[0]).toEqual({ allowAccessState: 'ALLOW_ACCESS_STATE_UNKNOWN_INFO' });
    // A grant elsewhere still decides: allow policies only add.
    const granted = ask(estate({ project: [reader(`serviceAccount:${SA}`)], faults: [{ match: `GET /v1/${REPO}:getIamPolicy`, status: 403 }] }));
    expect(granted.overallAccessState).toBe('CAN_ACCESS');
    // A transient fault (times: 1) is not a refusal.
    expect(ask(estate({ faults: [{ match: `GET /v1/${REPO}:getIamPolicy`, status: 503, times: 1 }] })).overallAccessState).toBe('CANNOT_ACCESS');
  });
  it('answers UNKNOWN_INFO for a group the caller cannot read (outside the directory)', () => {
    expect(ask(estate({ repo: [reader('group:contractors@partner.example')] })).overallAccessState).toBe('UNKNOWN_INFO');
  });
  it('weighs request.time conditions at the request\'s receiveTime, and is UNKNOWN_CONDITIONAL without it', () => {
    const cond = { title: 'until 2027', expression: 'request.time < timestamp("2027-01-01T00:00:00Z")' };
    const s = estate({ repo: [reader(`serviceAccount:${SA}`, cond)] });
    expect(ask(s).overallAccessState).toBe('UNKNOWN_CONDITIONAL');
    expect(ask(s, { conditionContext: { request: { receiveTime: '2026-11-30T10:00:00Z' } } }).overallAccessState).toBe('CAN_ACCESS');
    expect(ask(s, { conditionContext: { request: { receiveTime: '2027-02-01T10:00:00Z' } } }).overallAccessState).toBe('CANNOT_ACCESS');
  });
  it('leaves conditions on attributes it cannot know undecided, and never grants on resource attributes Artifact Registry lacks', () => {
    expect(evaluateCondition('request.auth.claims.aud == "x"', new Date())).toBe('unknown');
    expect(evaluateCondition('resource.name.startsWith("projects/reg-prod/")', new Date())).toBe('no');
    expect(evaluateCondition('resource.name.startsWith("x") || request.time < timestamp("2999-01-01T00:00:00Z")', new Date())).toBe('yes');
    expect(evaluateCondition('request.time <', new Date())).toBe('unknown');
  });
});

describe('Policy Troubleshooter in the emulator: deny policies', () => {
  const denyAll = (principal: string, extra: object = {}) => ({
    name: 'policies/cloudresourcemanager.googleapis.com%2Ffolders%2F7/denypolicies/no-pulls',
    displayName: 'no pulls',
    rules: [{ denyRule: { deniedPrincipals: [principal], deniedPermissions: ['artifactregistry.googleapis.com/repositories.*'], ...extra } }],
  });
  const granted = { repo: [reader(`serviceAccount:${SA}`)] };
  it('a matching deny rule wins over every grant', () => {
    const r = ask(estate({ ...granted, deny: { folder: [denyAll(`principal://iam.googleapis.com/projects/-/serviceAccounts/${SA}`)] } }));
    expect(r.overallAccessState).toBe('CANNOT_ACCESS');
    expect(r.denyPolicyExplanation.denyAccessState).toBe('DENY_ACCESS_STATE_DENIED');
  });
  it('exception principals and other permissions do not deny', () => {
    expect(ask(estate({ ...granted, deny: { org: [denyAll('principalSet://goog/public:all', { exceptionPrincipals: [`principal://iam.googleapis.com/projects/-/serviceAccounts/${SA}`] })] } })).overallAccessState).toBe('CAN_ACCESS');
    const other = { name: 'p', rules: [{ denyRule: { deniedPrincipals: ['principalSet://goog/public:all'], deniedPermissions: ['artifactregistry.googleapis.com/repositories.uploadArtifacts'] } }] };
    expect(ask(estate({ ...granted, deny: { project: [other] } })).overallAccessState).toBe('CAN_ACCESS');
  });
  it('a deny rule that hangs on a tag condition is UNKNOWN_CONDITIONAL; unreadable deny policies are UNKNOWN_INFO', () => {
    const tagged = denyAll('principalSet://goog/public:all', { denialCondition: { expression: "resource.matchTag('123/env', 'prod')" } });
    expect(ask(estate({ ...granted, deny: { project: [tagged] } })).overallAccessState).toBe('UNKNOWN_CONDITIONAL');
    const refused = estate({ ...granted, faults: [{ match: '/^GET \\/v2\\/policies\\/.*folders.*\\/denypolicies$/', status: 403 }] });
    expect(ask(refused).overallAccessState).toBe('UNKNOWN_INFO');
  });
  it('a refused policies.get, or a refused list of the project by number, is UNKNOWN_INFO too; a refusal elsewhere changes nothing', () => {
    const policy = denyAll('principalSet://goog/public:all', { exceptionPrincipals: [`principal://iam.googleapis.com/projects/-/serviceAccounts/${SA}`] });
    const base = { ...granted, deny: { folder: [policy] } };
    expect(ask(estate(base)).overallAccessState).toBe('CAN_ACCESS');
    const getRefused = estate({ ...base, faults: [{ match: 'GET /v2/policies/cloudresourcemanager.googleapis.com%2Ffolders%2F7/denypolicies/no-pulls', status: 403 }] });
    expect(ask(getRefused).denyPolicyExplanation.denyAccessState).toBe('DENY_ACCESS_STATE_UNKNOWN_INFO');
    const byNumber = estate({ ...base, faults: [{ match: 'GET /v2/policies/cloudresourcemanager.googleapis.com%2Fprojects%2F111/denypolicies', status: 403 }] });
    expect(ask(byNumber).overallAccessState).toBe('UNKNOWN_INFO');
    const elsewhere = estate({ ...base, faults: [{ match: 'GET /v2/policies/cloudresourcemanager.googleapis.com%2Fprojects%2Fapps-prod/denypolicies', status: 403 }] });
    expect(ask(elsewhere).overallAccessState).toBe('CAN_ACCESS');
  });
  it('deny permission wildcards cover downloadArtifacts as IAM documents them, and only those', () => {
    const rule = (perm: string) => ({ name: 'policies/x/denypolicies/w', rules: [{ denyRule: { deniedPrincipals: ['principalSet://goog/public:all'], deniedPermissions: [perm] } }] });
    for (const perm of ['artifactregistry.googleapis.com/*.*', 'artifactregistry.googleapis.com/*.downloadArtifacts', 'artifactregistry.googleapis.com/repositories.downloadArtifacts']) {
      expect(ask(estate({ ...granted, deny: { org: [rule(perm)] } })).overallAccessState).toBe('CANNOT_ACCESS');
    }
    for (const perm of ['artifactregistry.googleapis.com/repositories.get', 'storage.googleapis.com/*.*', 'artifactregistry.googleapis.com/tags.*']) {
      expect(ask(estate({ ...granted, deny: { org: [rule(perm)] } })).overallAccessState).toBe('CAN_ACCESS');
    }
  });
});

describe('Policy Troubleshooter in the emulator: fixed answers and bad requests', () => {
  it('a scenario\'s troubleshooterAnswers fix the answer for that triple only', () => {
    const s = estate({ repo: [reader(`serviceAccount:${SA}`)], extra: { troubleshooterAnswers: [{ principal: `serviceAccount:${SA}`, resource: FULL, permission: PERM, access: 'NOT_GRANTED' }] } });
    expect(ask(s).overallAccessState).toBe('CANNOT_ACCESS');
    const v2 = new Troubleshooter(s).answer({ accessTuple: { principal: SA, fullResourceName: FULL, permission: 'artifactregistry.googleapis.com/repositories.downloadArtifacts' } });
    expect(v2.overallAccessState).toBe('CANNOT_ACCESS');
    const otherPerm = new Troubleshooter(s).answer({ accessTuple: { principal: SA, fullResourceName: FULL, permission: 'artifactregistry.repositories.get' } });
    expect(otherPerm.overallAccessState).toBe('CAN_ACCESS');
  });
  it('answers 400 INVALID_ARGUMENT for a missing tuple, a prefixed principal or a bad resource name', () => {
    const t = new Troubleshooter(estate());
    const status = (body: Record<string, unknown>) => {
      try {
        t.answer(body);
        return 200;
      } catch (e) {
        return e instanceof ApiErrorThrown ? e.error.status : -1;
      }
    };
    expect(status({})).toBe(400);
    expect(status({ accessTuple: { principal: `serviceAccount:${SA}`, fullResourceName: FULL, permission: PERM } })).toBe(400);
    expect(status({ accessTuple: { principal: SA, fullResourceName: REPO, permission: PERM } })).toBe(400);
    expect(status({ accessTuple: { principal: SA, fullResourceName: FULL, permission: 'download' } })).toBe(400);
  });
});

describe('the troubleshooterAnswers scenario key', () => {
  it('is strict, and a bad entry is located by path and line', async () => {
    const { parseScenario } = await import('../scenario/schema');
    const text = JSON.stringify(
      { scenario: 1, projects: [], troubleshooterAnswers: [{ principal: SA, resource: FULL, permission: PERM, access: 'MAYBE', why: 'x' }] },
      null,
      2,
    );
    const r = parseScenario(text, 'answers.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i]));
    expect(byPath['$.troubleshooterAnswers[0].principal'].message).toBe('must be "serviceAccount:EMAIL"');
    expect(byPath['$.troubleshooterAnswers[0].why'].message).toBe('unknown key "why"');
    expect(byPath['$.troubleshooterAnswers[0].access']).toBeDefined();
    expect(byPath['$.troubleshooterAnswers[0].principal'].line).toBe(6);
  });
});
