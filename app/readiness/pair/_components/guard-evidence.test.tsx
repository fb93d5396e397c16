/** The reasoning chain's deny, perimeter and download-rule evidence, rendered to HTML (server component, no browser). */
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { binding, makeDenyRule, makeInventory, makeNodePool, makePerimeter, makePolicy, makeProject, makeRepository, ok } from '@/lib/inventory/builders';
import { pairGuards } from '../_lib/guard-steps';
import { GuardEvidence } from './guard-evidence';

const SA = 'nodes@app.iam.gserviceaccount.com';
const REPO = makeRepository({ project: 'registry', id: 'images' });
const POOL = makeNodePool({ project: 'app', serviceAccount: SA, subnetwork: 'projects/app/regions/europe-west1/subnetworks/nodes' });
const inv = makeInventory({
  nodePools: [POOL],
  repositories: [REPO],
  projects: [
    { ...makeProject('registry', ['organizations/9']), number: '200' },
    { ...makeProject('app', ['organizations/9']), number: '100' },
  ],
  policies: [makePolicy(REPO.name, [binding('roles/artifactregistry.reader', `serviceAccount:${SA}`)])],
  denyPolicies: {
    'projects/registry': ok([makeDenyRule('projects/registry', { policyDisplayName: '<script>alert(1)</script>', deniedPrincipals: [`principal://iam.googleapis.com/projects/-/serviceAccounts/${SA}`] })]),
    'organizations/9': ok([]),
  },
  accessPolicies: { 'organizations/9': ok([{ name: 'accessPolicies/555', title: null, parent: 'organizations/9', scopes: [], perimeters: ok([makePerimeter('registry', ['projects/200'])]) }]) },
});
const guards = pairGuards(inv, POOL, REPO);
const names = new Map([['organizations/9', 'Example Org']]);
const render = (step: string) => renderToStaticMarkup(<GuardEvidence step={step} guards={guards} names={names} />);
const text = (h: string) => h.replace(/<[^>]{0,2000}>/g, ' ').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/\s+/g, ' ');

describe('GuardEvidence', () => {
  it('renders nothing for the steps it does not own', () => {
    expect(render('iam')).toBe('');
    expect(render('identity')).toBe('');
  });

  it('marks the deny rule that denied, with its evidence, escaping the policy name the estate wrote', () => {
    const h = render('deny');
    expect(h).not.toContain('<script>');
    expect(h).toContain('aria-label="Deny rules read for this pair"');
    const t = text(h);
    expect(t).toContain('✗ failed: Denied by rule 1 of deny policy no-pulls ("&lt;script&gt;alert(1)&lt;/script&gt;") (attached to projects/registry)');
    expect(t).toContain('attachment points projects/registry, organizations/9 (Example Org)');
    expect(t).toContain('denied permission artifactregistry.googleapis.com/repositories.downloadArtifacts');
  });

  it('shows both sides of the perimeter step and the blocking perimeter', () => {
    const t = text(render('perimeter'));
    expect(t).toContain('network project app (projects/100)');
    expect(t).toContain('repository project registry (projects/200)');
    expect(t).toContain("✗ failed: Crosses perimeter accessPolicies/555/servicePerimeters/registry (\"registry\") (the repository's project is inside");
  });

  it('says the download rules were not read by an older scan', () => {
    expect(text(render('repository'))).toContain('– not applicable: Download rules were not read by this scan.');
  });
});
