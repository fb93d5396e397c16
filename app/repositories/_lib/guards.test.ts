import { describe, expect, it } from 'vitest';
import { gapped, makeDenyRule, makeInventory, makeNodePool, makePerimeter, makeProject, makeRepository, ok, type InventoryOptions } from '@/lib/inventory/builders';
import type { AccessPolicy, DownloadRule, ServicePerimeter } from '@/lib/inventory/types';
import { denyView, downloadRulesView, perimeterView } from './guards';

const SA = 'nodes@app.iam.gserviceaccount.com';
const REPO = makeRepository({ project: 'registry', id: 'images' });
const PROJECTS = [
  { ...makeProject('registry', ['folders/7', 'organizations/9']), number: '200' },
  { ...makeProject('app', ['organizations/9']), number: '100' },
  { ...makeProject('other', ['organizations/9']), number: '300' },
];
const POOL = makeNodePool({ project: 'app', serviceAccount: SA, subnetwork: 'projects/app/regions/europe-west1/subnetworks/nodes' });
const principal = (e: string) => `principal://iam.googleapis.com/projects/-/serviceAccounts/${e}`;
const inv = (o: InventoryOptions) => makeInventory({ nodePools: [POOL], repositories: [REPO], projects: PROJECTS, ...o });
const policy = (perimeters: ServicePerimeter[]): AccessPolicy => ({ name: 'accessPolicies/555', title: 'org', parent: 'organizations/9', scopes: [], perimeters: ok(perimeters) });
const rule = (id: string, o: Partial<DownloadRule> = {}): DownloadRule => ({ name: `${REPO.name}/rules/${id}`, action: 'DENY', operation: 'DOWNLOAD', packageId: null, condition: null, ...o });

describe('denyView', () => {
  it('says deny policies were not read when the scan did not read them', () => {
    expect(denyView(inv({}), REPO)).toEqual({ kind: 'not-collected' });
  });

  it('lists the rules of the chain that deny the download, with principals, exceptions and condition; leaves out the others', () => {
    const folder = makeDenyRule('folders/7', {
      policy: 'no-pulls',
      index: 1,
      policyDisplayName: 'No pulls',
      deniedPrincipals: ['principalSet://goog/public:all'],
      exceptionPrincipals: [principal(SA)],
      deniedPermissions: ['artifactregistry.googleapis.com/*.*'],
      denialCondition: { title: 'prod', expression: "resource.matchTag('9/env', 'prod')", description: null },
    });
    const other = makeDenyRule('projects/registry', { policy: 'no-delete', deniedPrincipals: [principal(SA)], deniedPermissions: ['artifactregistry.googleapis.com/repositories.delete'] });
    const v = denyView(inv({ denyPolicies: { 'projects/registry': ok([other]), 'folders/7': ok([folder]), 'organizations/9': ok([]) } }), REPO);
    expect(v.kind).toBe('read');
    if (v.kind !== 'read') return;
    expect(v.attachmentPoints).toEqual(['projects/registry', 'folders/7', 'organizations/9']);
    expect(v.unread).toEqual([]);
    expect(v.rules).toHaveLength(1);
    expect(v.rules[0]).toMatchObject({
      policyId: 'no-pulls',
      policyDisplayName: 'No pulls',
      rule: 2,
      attachmentPoint: 'folders/7',
      deniedPrincipals: ['principalSet://goog/public:all'],
      exceptionPrincipals: [principal(SA)],
      condition: { title: 'prod' },
    });
  });

  it('names the attachment points it could not read, with the gap and the role that reads them', () => {
    const v = denyView(inv({ denyPolicies: { 'projects/registry': ok([]), 'folders/7': gapped('gap-deny') } }), REPO);
    expect(v.kind === 'read' && v.unread).toEqual([
      { attachmentPoint: 'folders/7', gapId: 'gap-deny', why: expect.stringContaining('could not be read (needs iam.denypolicies.list, in roles/iam.denyReviewer)') },
      { attachmentPoint: 'organizations/9', gapId: null, why: expect.stringContaining('were not read by this scan') },
    ]);
  });
});

describe('perimeterView', () => {
  it('says perimeters were not read when the scan did not read them', () => {
    expect(perimeterView(inv({}), REPO)).toEqual({ kind: 'not-collected' });
  });

  it('lists perimeters holding the project (enforced or dry run) with their bridges, and those around a node network; not unrelated ones', () => {
    const registry = makePerimeter('registry', ['projects/200']);
    const planned = makePerimeter('planned', [], { status: null, dryRun: { resources: ['projects/200'], restrictedServices: ['artifactregistry.googleapis.com'], accessLevels: [], ingress: [], egress: [] } });
    const apps = makePerimeter('apps', ['projects/100']);
    const unrelated = makePerimeter('unrelated', ['projects/999']);
    const bridge = makePerimeter('bridge', ['projects/200', 'projects/300'], { bridge: true });
    const v = perimeterView(inv({ accessPolicies: { 'organizations/9': ok([policy([registry, planned, apps, unrelated, bridge])]) } }), REPO);
    expect(v.kind).toBe('read');
    if (v.kind !== 'read') return;
    expect(v.perimeters.map((p) => [p.title, p.mode, p.inside.enforced, p.inside.dryRun])).toEqual([
      ['registry', 'enforced', 'yes', null],
      ['planned', 'dry-run', null, 'yes'],
      ['apps', 'enforced', 'no', null],
    ]);
    expect(v.perimeters[0].bridges).toEqual([{ name: bridge.name, title: 'bridge', joins: ['other'] }]);
    expect(v.perimeters[2].why).toContain('holds a node network of this scan');
    expect(v.unread).toEqual([]);
  });

  it('is empty when no perimeter touches the repository, and names access policies it could not read', () => {
    const v = perimeterView(inv({ accessPolicies: { 'organizations/9': gapped('gap-acm') } }), REPO);
    expect(v).toMatchObject({ kind: 'read', perimeters: [], unread: [{ resource: 'organizations/9', gapId: 'gap-acm' }], role: 'roles/accesscontextmanager.policyReader' });
  });
});

describe('downloadRulesView', () => {
  const view = (rules: DownloadRule[] | null) => downloadRulesView(inv({ downloadRules: { [REPO.name]: rules ? ok(rules) : gapped('gap-rules') } }), REPO);

  it('not read, could not read, or none', () => {
    expect(downloadRulesView(inv({}), REPO)).toEqual({ kind: 'not-collected' });
    expect(downloadRulesView(inv({ downloadRules: {} }), REPO)).toMatchObject({ kind: 'unreadable', gapId: null, why: expect.stringContaining('not read by this scan') });
    expect(view(null)).toMatchObject({ kind: 'unreadable', gapId: 'gap-rules', why: expect.stringContaining('artifactregistry.rules.list') });
    expect(view([])).toMatchObject({ kind: 'read', rules: [], summary: 'This repository has no download rules.' });
  });

  it('a repository-wide DENY refuses every pull; with a package ALLOW it is deny by default', () => {
    const wide = view([rule('deny-all')]);
    expect(wide).toMatchObject({ kind: 'read', tone: 'bad', summary: 'Download rule deny-all refuses every pull from this repository.' });
    const list = view([rule('deny-all'), rule('base', { action: 'ALLOW', packageId: 'team%2Fbase' })]);
    expect(list.kind === 'read' && list.summary).toBe('Downloads are denied by default (deny-all); only packages team/base may be pulled.');
    expect(list.kind === 'read' && list.rules.map((r) => r.effect)).toEqual([
      'Refuses every image that no package-level ALLOW rule lets through (deny by default).',
      'Allows images of package team/base despite a repository-wide DENY.',
    ]);
  });

  it('package-level and conditional DENY rules refuse some images only; other operations are counted apart', () => {
    const v = view([
      rule('no-legacy', { packageId: 'legacy' }),
      rule('night', { condition: { title: 'night', expression: 'request.time.getHours("UTC") < 6', description: null } }),
      rule('tags', { operation: 'TAG_MUTATION' }),
    ]);
    expect(v.kind).toBe('read');
    if (v.kind !== 'read') return;
    expect(v.otherRules).toBe(1);
    expect(v.summary).toContain('2 rules refuse some images only');
    expect(v.rules.map((r) => [r.id, r.effect])).toEqual([
      ['no-legacy', 'Refuses images of package legacy.'],
      ['night', 'Refuses every image when its condition holds: whether a pull is refused depends on the condition.'],
    ]);
  });
});
