import { describe, expect, it } from 'vitest';
import { binding, bindingIf, makeGroup, makeInventory, makeNodePool, makePolicy, makeProject, makeRepository } from '../../inventory/builders';
import { evaluate, evaluateFindings } from '../../readiness/engine';
import type { Finding } from '../../readiness/types';
import { unusedPullAccessFindings, type PairWithIntent } from './unused';

const NOW = { now: new Date('2026-11-25T16:30:04Z') };
const pool = makeNodePool({ project: 'app', serviceAccount: 'nodes@app.iam.gserviceaccount.com' });
const repo = makeRepository({ project: 'reg', id: 'images' });
const org = 'organizations/42';
const projects = [makeProject('app', ['folders/7', org]), makeProject('reg', ['folders/7', org])];

function withOrgDomain(inv: ReturnType<typeof makeInventory>) {
  inv.organizations = [{ name: org, displayName: 'example.com' }];
  return inv;
}
const of = (fs: Finding[], rule: string) => fs.filter((f) => f.rule === rule);

describe('node service account holding basic roles', () => {
  it('Editor held directly on the project is high, with the removal command', () => {
    const inv = makeInventory({ nodePools: [pool], repositories: [repo], projects, policies: [makePolicy('projects/app', [binding('roles/editor', 'serviceAccount:nodes@app.iam.gserviceaccount.com')])] });
    const [f] = of(evaluateFindings(inv), 'security.node-account-owner-or-editor');
    expect(f.severity).toBe('high');
    expect(f.subject).toBe('projects/app');
    expect(f.evidence).toMatchObject({ serviceAccount: 'nodes@app.iam.gserviceaccount.com', via: 'service-account', nodePoolCount: 1 });
    expect(f.remediation.gcloud).toBe('gcloud projects remove-iam-policy-binding app --member=serviceAccount:nodes@app.iam.gserviceaccount.com --role=roles/editor');
  });

  it('Owner through a nested group is found, and the fix removes the account from the group that holds it', () => {
    const inv = makeInventory({
      nodePools: [pool],
      repositories: [repo],
      projects,
      policies: [makePolicy('folders/7', [binding('roles/owner', 'group:admins@example.com')])],
      groups: { 'admins@example.com': makeGroup('admins@example.com', ['group:inner@example.com']), 'inner@example.com': makeGroup('inner@example.com', ['serviceAccount:nodes@app.iam.gserviceaccount.com']) },
    });
    const [f] = of(evaluateFindings(inv), 'security.node-account-owner-or-editor');
    expect(f.message).toContain('through group admins@example.com → inner@example.com');
    expect(f.remediation.gcloud).toBe('gcloud identity groups memberships delete --group-email=inner@example.com --member-email=nodes@app.iam.gserviceaccount.com');
  });

  it('Viewer is medium; an unreadable group leaves no finding (cannot be decided, so not claimed)', () => {
    const inv = makeInventory({
      nodePools: [pool],
      repositories: [repo],
      projects,
      policies: [makePolicy('projects/app', [binding('roles/viewer', 'serviceAccount:nodes@app.iam.gserviceaccount.com', 'group:hidden@example.com')])],
      groups: { 'hidden@example.com': { status: 'gap', gapId: 'g1' } },
    });
    const fs = evaluateFindings(inv);
    expect(of(fs, 'security.node-account-basic-role').map((f) => f.severity)).toEqual(['medium']);
    expect(of(fs, 'security.node-account-owner-or-editor')).toEqual([]);
  });

  it('a basic role held by someone else is not a node-account finding', () => {
    const inv = makeInventory({ nodePools: [pool], repositories: [repo], projects, policies: [makePolicy('projects/app', [binding('roles/editor', 'user:alice@example.com')])] });
    const fs = evaluateFindings(inv);
    expect(of(fs, 'security.node-account-owner-or-editor')).toEqual([]);
    expect(of(fs, 'security.node-account-basic-role')).toEqual([]);
  });
});

describe('default account with the cloud-platform scope', () => {
  it('is medium on the default account with cloud-platform, and the default-account finding itself is medium', () => {
    const p = makeNodePool({ project: 'app', serviceAccount: 'default' });
    const fs = evaluateFindings(makeInventory({ nodePools: [p], repositories: [repo] }));
    const [f] = of(fs, 'security.default-account-cloud-platform');
    expect(f.severity).toBe('medium');
    expect(f.subject).toBe(p.name);
    expect(f.remediation.gcloud).toContain('gcloud container node-pools create pool-v2');
    expect(of(fs, 'identity.default-service-account')[0].severity).toBe('medium');
  });

  it('is not raised for storage-ro on the default account, nor cloud-platform on a dedicated account', () => {
    const ro = makeNodePool({ project: 'app', name: 'ro', serviceAccount: 'default', scopes: ['https://www.googleapis.com/auth/devstorage.read_only'] });
    const fs = evaluateFindings(makeInventory({ nodePools: [ro, pool], repositories: [repo] }));
    expect(of(fs, 'security.default-account-cloud-platform')).toEqual([]);
  });
});

describe('who can download from a repository', () => {
  it('allAuthenticatedUsers is high and says "any Google account"; allUsers is info and says Pullcheck cannot know intent', () => {
    const pub = makeRepository({ project: 'reg', id: 'public' });
    const inv = makeInventory({
      nodePools: [pool],
      repositories: [repo, pub],
      policies: [makePolicy(repo.name, [binding('roles/artifactregistry.reader', 'allAuthenticatedUsers')]), makePolicy(pub.name, [binding('roles/artifactregistry.reader', 'allUsers')])],
    });
    const fs = evaluateFindings(inv);
    const [aau] = of(fs, 'security.repository-all-authenticated-users');
    expect(aau.severity).toBe('high');
    expect(aau.message).toContain('any Google account');
    expect(aau.remediation.gcloud).toBe('gcloud artifacts repositories remove-iam-policy-binding images --project=reg --location=europe-west1 --member=allAuthenticatedUsers --role=roles/artifactregistry.reader');
    const [pu] = of(fs, 'security.repository-public');
    expect(pu.severity).toBe('info');
    expect(pu.message).toContain('cannot know');
  });

  it('allAuthenticatedUsers on a role without the download permission is not a finding', () => {
    const inv = makeInventory({ nodePools: [pool], repositories: [repo], policies: [makePolicy(repo.name, [binding('roles/browser', 'allAuthenticatedUsers')])] });
    expect(of(evaluateFindings(inv), 'security.repository-all-authenticated-users')).toEqual([]);
  });

  it('outside members are medium and domain members low; members of the organization domain (and subdomains) are not flagged', () => {
    const inv = withOrgDomain(
      makeInventory({
        nodePools: [pool],
        repositories: [repo],
        projects,
        policies: [makePolicy(repo.name, [binding('roles/artifactregistry.reader', 'group:contractors@partner.example', 'user:bob@example.com', 'user:eve@eu.example.com', 'domain:example.com')])],
      }),
    );
    const fs = evaluateFindings(inv);
    expect(of(fs, 'security.external-member').map((f) => (f.evidence as { binding: { member: string } }).binding.member)).toEqual(['group:contractors@partner.example']);
    expect(of(fs, 'security.external-member')[0].severity).toBe('medium');
    const [d] = of(fs, 'security.domain-member');
    expect(d.severity).toBe('low');
    expect(d.message).toContain('(the organization’s own domain)');
  });

  it('without a known organization domain, outside members cannot be told and are not claimed', () => {
    const inv = makeInventory({ nodePools: [pool], repositories: [repo], policies: [makePolicy(repo.name, [binding('roles/artifactregistry.reader', 'group:contractors@partner.example')])] });
    expect(of(evaluateFindings(inv), 'security.external-member')).toEqual([]);
  });

  it('a hostile member is quoted or refused, never pasted raw', () => {
    const evil = "user:x'$(reboot)@partner.example";
    const inv = withOrgDomain(makeInventory({ nodePools: [pool], repositories: [repo], projects, policies: [makePolicy(repo.name, [binding('roles/artifactregistry.reader', evil)])] }));
    const [f] = of(evaluateFindings(inv), 'security.external-member');
    expect(f.remediation.gcloud).toBeUndefined();
    expect(f.remediation.steps.join(' ')).toMatch(/does not look like|IAM principal/);
  });
});

describe('folder- and organization-level download grants', () => {
  it('counts the Docker repositories under the folder, info', () => {
    const other = makeRepository({ project: 'solo', id: 'elsewhere' });
    const inv = makeInventory({
      nodePools: [pool],
      repositories: [repo, other, makeRepository({ project: 'reg', id: 'npm', format: 'NPM' })],
      projects: [...projects, makeProject('solo', [org])],
      policies: [makePolicy('folders/7', [binding('roles/artifactregistry.reader', 'serviceAccount:nodes@app.iam.gserviceaccount.com')])],
    });
    const [f] = of(evaluateFindings(inv), 'security.broad-download-grant');
    expect(f.severity).toBe('info');
    expect(f.evidence).toMatchObject({ repositoryCount: 1, repositories: [repo.name] });
  });

  it('a conditional or non-downloading role at folder level: only the downloading one counts', () => {
    const inv = makeInventory({
      nodePools: [pool],
      repositories: [repo],
      projects,
      policies: [makePolicy('folders/7', [binding('roles/browser', 'user:a@example.com'), bindingIf({ expression: 'request.time < timestamp("2030-01-01T00:00:00Z")' }, 'roles/artifactregistry.reader', 'user:b@example.com')])],
    });
    const fs = of(evaluateFindings(inv), 'security.broad-download-grant');
    expect(fs).toHaveLength(1);
    expect(fs[0].message).toContain('under condition');
  });
});

describe('pull access nothing uses', () => {
  const pair = (repository: string, verdict: PairWithIntent['verdict'], inUse?: PairWithIntent['inUse']): PairWithIntent => ({ nodePool: pool.name, repository, verdict, causes: [], ...(inUse ? { inUse } : {}) });
  it('without intent nothing is claimed', () => {
    expect(unusedPullAccessFindings([pair('r1', 'can-pull'), pair('r2', 'can-pull')])).toEqual([]);
  });
  it('with intent, can-pull pairs nothing uses are listed per pool (cannot-pull ones are not access)', () => {
    const [f] = unusedPullAccessFindings([pair('r1', 'can-pull', { evidence: ['declared' as const], images: [] }), pair('r2', 'can-pull'), pair('r3', 'cannot-pull')]);
    expect(f.severity).toBe('info');
    expect(f.evidence).toMatchObject({ repositories: ['r2'], repositoryCount: 1 });
  });
});

it('findings never change a verdict: a pull through Editor stays can-pull, beside a high finding', () => {
  const inv = makeInventory({ nodePools: [pool], repositories: [repo], projects, policies: [makePolicy('projects/reg', [binding('roles/editor', 'serviceAccount:nodes@app.iam.gserviceaccount.com')])] });
  const r = evaluate(inv, NOW);
  expect(r.pairs.map((p) => p.verdict)).toEqual(['can-pull']);
  expect(of(r.findings, 'security.node-account-owner-or-editor').map((f) => f.severity)).toEqual(['high']);
  expect(r.findings.every((f) => ['high', 'medium', 'low', 'info'].includes(f.severity))).toBe(true);
});
