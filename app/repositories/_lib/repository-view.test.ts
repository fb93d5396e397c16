import { describe, expect, it } from 'vitest';
import { binding, bindingIf, gapped, makeGap, makeInventory, makePolicy, makeProject, makeRepository, makeRole, NOT_FOUND, policyGap } from '@/lib/inventory/builders';
import type { Report } from '@/lib/readiness/types';
import { buildRepositoryViews, downloadGrants, filterRepositories, modeLabel, readRepositoryFilters, roleGrantsDownload } from './repository-view';

const SA = 'serviceAccount:nodes@ids.iam.gserviceaccount.com';
const repo = makeRepository({ project: 'registry', location: 'europe-west1', id: 'images' });
const npm = makeRepository({ project: 'registry', location: 'europe-west1', id: 'js', format: 'NPM' });
const report: Report = { schemaVersion: 1, scannedAt: '2026-11-25T16:30:04Z', scope: { kind: 'projects', ids: [] }, pairs: [], findings: [], gaps: [] };

describe('roleGrantsDownload', () => {
  const inv = makeInventory({
    roles: {
      'organizations/9/roles/puller': makeRole('organizations/9/roles/puller', ['artifactregistry.repositories.downloadArtifacts']),
      'projects/registry/roles/lister': makeRole('projects/registry/roles/lister', ['artifactregistry.repositories.list']),
      'projects/registry/roles/hidden': gapped('gap-role'),
      'projects/registry/roles/gone': NOT_FOUND,
    },
  });
  it('uses the bundled predefined-role data, including the traps', () => {
    expect(roleGrantsDownload(inv, 'roles/artifactregistry.reader')).toEqual({ grants: true, source: 'predefined' });
    expect(roleGrantsDownload(inv, 'roles/viewer').grants).toBe(true);
    expect(roleGrantsDownload(inv, 'roles/container.defaultNodeServiceAccount').grants).toBe(false);
    expect(roleGrantsDownload(inv, 'roles/browser').grants).toBe(false);
  });
  it('reads custom roles from the inventory; unreadable ones are unknown', () => {
    expect(roleGrantsDownload(inv, 'organizations/9/roles/puller')).toEqual({ grants: true, source: 'custom' });
    expect(roleGrantsDownload(inv, 'projects/registry/roles/lister').grants).toBe(false);
    expect(roleGrantsDownload(inv, 'projects/registry/roles/gone').grants).toBe(false);
    const hidden = roleGrantsDownload(inv, 'projects/registry/roles/hidden');
    expect(hidden.grants).toBe('unknown');
    expect(roleGrantsDownload(inv, 'roles/brand.newRole').grants).toBe('unknown');
  });
});

describe('downloadGrants', () => {
  const inv = makeInventory({
    repositories: [repo, npm],
    projects: [makeProject('registry', ['folders/1', 'organizations/9'])],
    policies: [
      makePolicy(repo.name, [binding('roles/artifactregistry.reader', 'allUsers', 'deleted:serviceAccount:old@x.iam.gserviceaccount.com?uid=1'), binding('roles/browser', SA)]),
      makePolicy('projects/registry', [bindingIf({ title: 'until 2027', expression: 'request.time < timestamp("2027-01-01T00:00:00Z")' }, 'roles/artifactregistry.reader', SA)]),
      makePolicy('folders/1', [binding('roles/viewer', SA, 'group:devs@example.com')]),
      policyGap('organizations/9', 'gap-org'),
    ],
    gaps: [makeGap('gap-org', { permission: 'resourcemanager.organizations.getIamPolicy', method: 'organizations.getIamPolicy', resource: 'organizations/9' })],
  });

  it('lists every member of every downloading binding at every level, and skips roles that do not grant', () => {
    const { grants, holes } = downloadGrants(inv, repo);
    expect(grants.map((g) => [g.level, g.member, g.role])).toEqual([
      ['repository', 'allUsers', 'roles/artifactregistry.reader'],
      ['repository', 'deleted:serviceAccount:old@x.iam.gserviceaccount.com?uid=1', 'roles/artifactregistry.reader'],
      ['project', SA, 'roles/artifactregistry.reader'],
      ['folder', SA, 'roles/viewer'],
      ['folder', 'group:devs@example.com', 'roles/viewer'],
    ]);
    expect(grants[0].public).toBe(true);
    expect(grants[1].deletedMember).toBe(true);
    expect(grants[2].condition?.title).toBe('until 2027');
    expect(holes).toHaveLength(1);
    expect(holes[0]).toMatchObject({ level: 'organization', resource: 'organizations/9' });
    expect(holes[0].message).toMatch(/resourcemanager\.organizations\.getIamPolicy/);
  });

  it('reports unreadable ancestry as a hole', () => {
    const inv2 = makeInventory({ repositories: [repo], projects: [makeProject('registry', { gapId: 'gap-anc' })], gaps: [makeGap('gap-anc', { permission: 'resourcemanager.projects.get' })] });
    const { holes } = downloadGrants(inv2, repo);
    expect(holes[0].message).toMatch(/could not be read \(needs resourcemanager\.projects\.get\)/);
  });

  it('builds views: the public Docker repository, and the NPM one unpaired', () => {
    const views = buildRepositoryViews(inv, report);
    const images = views.find((v) => v.id === 'images')!;
    const js = views.find((v) => v.id === 'js')!;
    expect(images).toMatchObject({ docker: true, public: true, href: '/repositories/registry/europe-west1/images' });
    expect(js).toMatchObject({ docker: false, public: false, grants: [], holes: [] });
    expect(filterRepositories(views, readRepositoryFilters({ format: 'docker' })).map((v) => v.id)).toEqual(['images']);
    expect(filterRepositories(views, readRepositoryFilters({ q: 'devs@example' })).map((v) => v.id)).toEqual(['images']);
    // A reviewer searches by role: the folder's roles/viewer grant reaches images, and no repository holds roles/owner.
    expect(filterRepositories(views, readRepositoryFilters({ q: 'ROLES/VIEWER' })).map((v) => v.id)).toEqual(['images']);
    expect(filterRepositories(views, readRepositoryFilters({ q: 'roles/owner' }))).toEqual([]);
    expect(modeLabel('REMOTE_REPOSITORY')).toBe('remote');
  });
});
