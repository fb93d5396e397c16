/** The repository page's deny, perimeter and download-rule lists, rendered to HTML (server components, no browser). */
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { gapped, makeDenyRule, makeInventory, makePerimeter, makeProject, makeRepository, ok, type InventoryOptions } from '@/lib/inventory/builders';
import { RepositoryGuards } from './repository-guards';

const REPO = makeRepository({ project: 'registry', id: 'images' });
const PROJECTS = [{ ...makeProject('registry', ['organizations/9']), number: '200' }];
const html = (o: InventoryOptions) => renderToStaticMarkup(<RepositoryGuards inv={makeInventory({ repositories: [REPO], projects: PROJECTS, ...o })} repo={REPO} />);
const text = (h: string) => h.replace(/<[^>]{0,2000}>/g, ' ').replace(/\s+/g, ' ');

describe('RepositoryGuards', () => {
  it('says each source was not read by an older scan', () => {
    const t = text(html({}));
    expect(t).toContain('IAM deny policies were not read by this scan');
    expect(t).toContain('VPC Service Controls perimeters were not read by this scan');
    expect(t).toContain('Download rules were not read by this scan');
  });

  it('shows the empty states when every source was read and nothing touches the repository', () => {
    const t = text(html({ denyPolicies: { 'projects/registry': ok([]), 'organizations/9': ok([]) }, accessPolicies: { 'organizations/9': ok([]) }, downloadRules: { [REPO.name]: ok([]) } }));
    expect(t).toContain('No deny rule on projects/registry, organizations/9 takes the download from images away.');
    expect(t).toContain('No perimeter touches images: its project registry (projects/200) is in no perimeter.');
    expect(t).toContain('This repository has no download rules.');
    expect(t).not.toContain('Could not read');
  });

  it('says "could not read" for each unreadable source, naming the role', () => {
    const t = text(html({ denyPolicies: { 'projects/registry': ok([]), 'organizations/9': gapped('g1') }, accessPolicies: { 'organizations/9': gapped('g2') }, downloadRules: { [REPO.name]: gapped('g3') } }));
    expect(t).toContain('Could not read some deny policies (needs iam.denypolicies.list, in roles/iam.denyReviewer)');
    expect(t).toContain('the deny policies attached to organizations/9 could not be read');
    expect(t).toContain('Could not read some access policies or perimeters (needs accesscontextmanager.servicePerimeters.list, in roles/accesscontextmanager.policyReader)');
    expect(t).toContain('could not read The rules of this repository could not be read (needs artifactregistry.rules.list');
  });

  it('lists the deny rule, the perimeter and the rule, escaping what the estate wrote', () => {
    const deny = makeDenyRule('organizations/9', { policyDisplayName: '<img src=x onerror=alert(1)>', deniedPrincipals: ['principalSet://goog/public:all'], exceptionPrincipals: ['principalSet://goog/group/ops@ex.com'] });
    const h = html({
      denyPolicies: { 'projects/registry': ok([]), 'organizations/9': ok([deny]) },
      accessPolicies: { 'organizations/9': ok([{ name: 'accessPolicies/555', title: null, parent: 'organizations/9', scopes: [], perimeters: ok([makePerimeter('registry', ['projects/200'])]) }]) },
      downloadRules: { [REPO.name]: ok([{ name: `${REPO.name}/rules/deny-all`, action: 'DENY', operation: 'DOWNLOAD', packageId: null, condition: null }]) },
    });
    expect(h).not.toContain('<img');
    const t = text(h);
    expect(t).toContain('no-pulls');
    expect(t).toContain('rule 1');
    expect(t).toContain('principalSet://goog/public:all');
    expect(t).toContain('principalSet://goog/group/ops@ex.com');
    expect(t).toContain('accessPolicies/555/servicePerimeters/registry');
    expect(t).toContain('enforced: inside');
    expect(t).toContain('Download rule deny-all refuses every pull from this repository.');
    expect(t).toContain('Refuses every pull from this repository, whoever pulls.');
  });
});
