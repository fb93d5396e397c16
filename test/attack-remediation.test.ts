/**
 * Remediations from a hostile snapshot: a value that does not match Google's format for its field is refused,
 * never printed as an argument (a project ID such as `--impersonate-service-account=...` would become a gcloud flag).
 */
import { parse } from 'shell-quote';
import { describe, expect, it } from 'vitest';
import { expiringGrantFinding } from '../lib/readiness/findings/expiring-grant';
import type { Grant } from '../lib/readiness/iam';

const SA = 'nodes@app.iam.gserviceaccount.com';
const grant = (resource: string, member = `serviceAccount:${SA}`): Grant => ({
  resource,
  role: 'roles/artifactregistry.reader',
  member,
  via: 'service-account',
  condition: { title: 'until February', expression: 'request.time < timestamp("2027-01-31T00:00:00Z")', description: null },
  expires: '2027-01-31',
});

describe('iam.grant-expires remediation', () => {
  it('prints the permanent grant for a well-formed project and repository', () => {
    const f = expiringGrantFinding([grant('projects/registry')], SA, '2027-01-31', ['r'], ['p']);
    expect(parse(f.remediation.gcloud ?? '')).toEqual([
      'gcloud', 'projects', 'add-iam-policy-binding', 'registry', `--member=serviceAccount:${SA}`, '--role=roles/artifactregistry.reader', '--condition=None',
    ]);
    const r = expiringGrantFinding([grant('projects/registry/locations/europe-west1/repositories/images')], SA, '2027-01-31', ['r'], ['p']);
    expect(parse(r.remediation.gcloud ?? '')[4]).toBe('images');
  });

  it.each([
    'projects/--impersonate-service-account=evil@attacker.iam.gserviceaccount.com',
    'projects/registry/locations/europe-west1/repositories/--flags-file=x',
    'folders/--verbosity=debug',
    'projects/a`id`b',
  ])('refuses %s instead of printing it as an argument', (resource) => {
    const f = expiringGrantFinding([grant(resource)], SA, '2027-01-31', ['r'], ['p']);
    expect(f.remediation.gcloud).toBeUndefined();
    expect(f.remediation.steps.join(' ')).toMatch(/does not look like|not match|valid/i);
  });

  it('refuses a node account email that is not an email', () => {
    const bad = "a'b$(id)@app.iam.gserviceaccount.com";
    const f = expiringGrantFinding([grant('projects/registry', `serviceAccount:${bad}`)], bad, '2027-01-31', ['r'], ['p']);
    expect(f.remediation.gcloud).toBeUndefined();
  });
});
