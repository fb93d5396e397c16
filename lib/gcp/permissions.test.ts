import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adviseGap } from '../server/gap-advice';
import { makeGap } from './gaps';
import { METHOD_PERMISSIONS, READ_ONLY_ROLES, roleForPermission } from './permissions';

/** The rows of the README's read-only role table ("| role | what Pullcheck reads with it |"). */
function readmeRoleRows(): Array<[string, string]> {
  const text = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = text.indexOf('| role | what Pullcheck reads with it |');
  expect(start).toBeGreaterThan(0);
  const lines = text.slice(start).split('\n');
  const rows: Array<[string, string]> = [];
  for (const line of lines.slice(2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    rows.push([cells[0], cells[1]]);
  }
  return rows;
}

describe('the permission catalog', () => {
  it('is what the README role table says, row for row', () => {
    expect(readmeRoleRows()).toEqual(READ_ONLY_ROLES.map((r) => [r.label, r.reads]));
  });

  it('names, for every method with a permission, a role the README lists', () => {
    const listed = new Set(READ_ONLY_ROLES.map((r) => r.role));
    for (const [method, m] of Object.entries(METHOD_PERMISSIONS)) {
      if (m.permission) expect(listed.has(m.role!), method).toBe(true);
    }
  });

  it('answers the role of a permission for gaps, gap advice and the readiness rules', () => {
    expect(roleForPermission('iam.serviceAccounts.list')).toBe('roles/iam.serviceAccountViewer');
    expect(roleForPermission('serviceusage.services.use')).toBe('roles/serviceusage.serviceUsageConsumer');
    expect(roleForPermission('cloudidentity.groups.memberships.list')).toBe('the Groups Reader admin role');
    const gap = makeGap(
      { api: 'compute', method: 'routers.list', resource: 'projects/p/regions/r', request: 'GET /compute/v1/projects/p/regions/r/routers' },
      { kind: 'http', status: 403, reason: 'IAM_PERMISSION_DENIED', googleMessage: '', service: null, attempts: 1 },
    );
    expect(gap.message).toContain('compute.routers.list (in roles/compute.networkViewer)');
    expect(adviseGap(gap).fix).toBe('Grant compute.routers.list (in roles/compute.networkViewer) to the identity running Pullcheck to see it.');
  });

  it('names roles/iam.denyReviewer for refused deny policies and roles/accesscontextmanager.policyReader for refused perimeters', () => {
    expect(roleForPermission('iam.denypolicies.list')).toBe('roles/iam.denyReviewer');
    expect(roleForPermission('iam.denypolicies.get')).toBe('roles/iam.denyReviewer');
    expect(roleForPermission('accesscontextmanager.policies.list')).toBe('roles/accesscontextmanager.policyReader');
    expect(roleForPermission('accesscontextmanager.servicePerimeters.list')).toBe('roles/accesscontextmanager.policyReader');
    expect(roleForPermission('artifactregistry.rules.list')).toBe('roles/artifactregistry.reader');
    const refused = { kind: 'http' as const, status: 403, reason: 'IAM_PERMISSION_DENIED', googleMessage: '', service: null, attempts: 1 };
    const deny = makeGap(
      { api: 'iam', method: 'policies.listPolicies', resource: 'projects/web', request: 'GET /v2/policies/cloudresourcemanager.googleapis.com%2Fprojects%2Fweb/denypolicies' },
      refused,
    );
    expect(deny.message).toBe(
      'Pullcheck could not list the IAM deny policies attached to projects/web: permission denied; the auditor likely lacks iam.denypolicies.list (in roles/iam.denyReviewer). Until then, a deny policy can only take access away, so pulls from repositories under it that would otherwise succeed stay unknown.',
    );
    expect(deny.permission).toBe('iam.denypolicies.list');
    const acm = makeGap({ api: 'accesscontextmanager', method: 'accessPolicies.list', resource: 'organizations/1', request: 'GET /v1/accessPolicies' }, refused);
    expect(acm.message).toContain('accesscontextmanager.policies.list (in roles/accesscontextmanager.policyReader)');
  });

  it('advises both causes of a Cloud Identity 403 (refused, or no such group in the directory)', () => {
    const gap = makeGap(
      { api: 'cloudidentity', method: 'groups.lookup', resource: 'groups/x@example.com', request: 'GET /v1/groups:lookup' },
      { kind: 'http', status: 403, reason: 'PERMISSION_DENIED', googleMessage: 'Error(2028)', service: null, mayNotExist: true, attempts: 1 },
    );
    expect(gap.message).toMatch(/does not exist or lives outside the organization's directory/);
    expect(adviseGap(gap).fix).toMatch(/Groups Reader.*exists in your directory/);
  });
});
