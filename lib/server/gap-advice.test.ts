import { describe, expect, it } from 'vitest';
import type { Gap } from '@/lib/inventory/raw';
import { adviseGap, roleForPermission } from './gap-advice';

const gap = (g: Partial<Gap>): Gap => ({
  id: 'gap-1',
  api: 'artifactregistry',
  method: 'projects.locations.repositories.getIamPolicy',
  resource: 'projects/nwv-registry/locations/europe-west1/repositories/partner-sdk',
  status: 403,
  reason: 'IAM_PERMISSION_DENIED',
  permission: 'artifactregistry.repositories.getIamPolicy',
  message: 'refused',
  request: 'GET /v1/projects/nwv-registry/locations/europe-west1/repositories/partner-sdk:getIamPolicy',
  ...g,
});

describe('adviseGap', () => {
  it('names what could not be read and the permission and role that would show it', () => {
    const a = adviseGap(gap({}));
    expect(a.what).toBe(
      'Pullcheck could not read projects/nwv-registry/locations/europe-west1/repositories/partner-sdk (artifactregistry projects.locations.repositories.getIamPolicy, HTTP 403 IAM_PERMISSION_DENIED).',
    );
    expect(a.fix).toBe('Grant artifactregistry.repositories.getIamPolicy (in roles/iam.securityReviewer) to the identity running Pullcheck to see it.');
  });

  it('says to rescan when Google did not answer', () => {
    expect(adviseGap(gap({ status: null, reason: 'TIMEOUT', permission: null })).fix).toMatch(/rescan later/);
    expect(adviseGap(gap({ status: 503, reason: 'UNAVAILABLE' })).fix).toMatch(/rescan later/);
  });

  it('explains a disabled service instead of asking for a grant', () => {
    expect(adviseGap(gap({ api: 'container', reason: 'SERVICE_DISABLED' })).fix).toMatch(/container API is disabled/);
  });

  it('says a 404 may be outside the directory rather than only asking for a grant', () => {
    const a = adviseGap(gap({ api: 'cloudidentity', method: 'groups.lookup', resource: 'groups/ci@partner.example', status: 404, reason: 'NOT_FOUND', permission: 'cloudidentity.groups.get' }));
    expect(a.fix).toBe(
      "The group was not found in the directory Pullcheck can see: it may live outside the organization's directory (Google Workspace / Cloud Identity), or have been deleted. " +
        "Check that the group exists and that the directory of the identity running Pullcheck can see it; Groups Reader does not reveal a group of another directory.",
    );
    expect(a.fix).not.toMatch(/grant cloudidentity/);
  });

  it('keeps asking for a grant on a 404 outside Cloud Identity', () => {
    const a = adviseGap(gap({ status: 404, reason: 'NOT_FOUND' }));
    expect(a.fix).toMatch(/grant artifactregistry\.repositories\.getIamPolicy \(in roles\/iam\.securityReviewer\) to see it\.$/);
  });

  it('maps permissions to the read-only roles of readiness-rules §9', () => {
    expect(roleForPermission('container.clusters.list')).toBe('roles/container.clusterViewer');
    expect(roleForPermission('resourcemanager.folders.getIamPolicy')).toBe('roles/iam.securityReviewer');
    expect(roleForPermission('iam.serviceAccounts.get')).toBe('roles/iam.serviceAccountViewer');
    expect(roleForPermission('compute.routers.list')).toBe('roles/compute.networkViewer');
    expect(roleForPermission('resourcemanager.projects.get')).toBe('roles/browser');
    // roles/browser does not hold the folder and organization getIamPolicy permissions.
    expect(roleForPermission('resourcemanager.organizations.getIamPolicy')).toBe('roles/iam.securityReviewer');
    expect(roleForPermission('resourcemanager.projects.getIamPolicy')).toBe('roles/iam.securityReviewer');
    expect(roleForPermission('resourcemanager.tagKeys.get')).toBeNull();
    expect(roleForPermission(null)).toBeNull();
  });
});
