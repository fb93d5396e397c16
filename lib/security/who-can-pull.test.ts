import { describe, expect, it } from 'vitest';
import { binding, makeGroup, makeInventory, makeNodePool, makePolicy, makeProject, makeRepository } from '../inventory/builders';
import { accountAccess, filterPrincipals, whoCanPull } from './who-can-pull';
import { grantRiskText } from './risk';

const repo = makeRepository({ project: 'reg', id: 'images' });
const pool = makeNodePool({ project: 'app', serviceAccount: 'nodes@app.iam.gserviceaccount.com' });
const inv = makeInventory({
  nodePools: [pool],
  repositories: [repo, makeRepository({ project: 'reg', id: 'other' })],
  projects: [makeProject('reg', ['folders/7']), makeProject('app')],
  policies: [
    makePolicy(repo.name, [binding('roles/artifactregistry.reader', 'group:readers@example.com', 'allAuthenticatedUsers'), binding('roles/browser', 'user:nobody@example.com')]),
    makePolicy('projects/reg', [binding('roles/editor', 'user:dev@example.com')]),
    makePolicy('folders/7', [binding('roles/artifactregistry.reader', 'group:hidden@example.com')]),
  ],
  groups: {
    'readers@example.com': makeGroup('readers@example.com', ['group:inner@example.com', 'user:ann@example.com']),
    'inner@example.com': makeGroup('inner@example.com', ['serviceAccount:nodes@app.iam.gserviceaccount.com']),
    'hidden@example.com': { status: 'gap', gapId: 'g1' },
  },
});

describe('who can pull', () => {
  it('lists every principal with its level and role, resolving nested groups, leaving out roles without the download', () => {
    const rows = whoCanPull(inv, repo);
    const brief = rows.map((r) => [r.principal, r.level, r.role, r.groupPath.join('>')]);
    expect(brief).toContainEqual(['serviceAccount:nodes@app.iam.gserviceaccount.com', 'repository', 'roles/artifactregistry.reader', 'readers@example.com>inner@example.com']);
    expect(brief).toContainEqual(['user:ann@example.com', 'repository', 'roles/artifactregistry.reader', 'readers@example.com']);
    expect(brief).toContainEqual(['user:dev@example.com', 'project', 'roles/editor', '']);
    expect(rows.some((r) => r.principal === 'user:nobody@example.com')).toBe(false);
    expect(rows.find((r) => r.principal === 'group:hidden@example.com')?.unresolved).toBe(true);
  });

  it('marks risk: any Google account, basic roles; filters by role, member type and level', () => {
    const rows = whoCanPull(inv, repo);
    expect(rows.find((r) => r.principal === 'allAuthenticatedUsers')?.risk).toContain('any Google account');
    expect(rows.find((r) => r.principal === 'user:dev@example.com')?.risk).toContain('Editor');
    expect(filterPrincipals(rows, { type: 'serviceAccount' }).map((r) => r.principal)).toEqual(['serviceAccount:nodes@app.iam.gserviceaccount.com']);
    expect(filterPrincipals(rows, { level: 'folder' }).map((r) => r.principal)).toEqual(['group:hidden@example.com']);
    expect(filterPrincipals(rows, { role: 'roles/editor' })).toHaveLength(1);
    expect(grantRiskText('roles/artifactregistry.reader', 'serviceAccount:x@p.iam.gserviceaccount.com')).toBeNull();
  });

  it('what a service account can pull: each repository and the grant (with the group path) that lets it', () => {
    const acc = accountAccess(inv, 'nodes@app.iam.gserviceaccount.com');
    const mine = acc.find((a) => a.repository === repo.name);
    expect(mine?.grants.map((g) => [g.member, g.groupPath])).toContainEqual(['group:readers@example.com', ['readers@example.com', 'inner@example.com']]);
    // allAuthenticatedUsers on images reaches every account; "other" has no grant at all.
    expect(acc.map((a) => a.repository)).toEqual([repo.name]);
  });
});
