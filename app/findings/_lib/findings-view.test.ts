import { describe, expect, it } from 'vitest';
import type { Finding } from '@/lib/readiness/types';
import { countBySeverity, filterFindings, findingRows, findingsHref, linksFor, readFindingFilters } from './findings-view';

const f = (rule: string, severity: Finding['severity'], subject: string, o: Partial<Finding> = {}): Finding => ({ rule, severity, subject, message: `${rule} on ${subject}`, remediation: { steps: [], docs: [] }, ...o });
const POOL = 'projects/p1/locations/europe-west1/clusters/c1/nodePools/np';
const REPO = 'projects/reg/locations/us/repositories/gcr.io';
const findings = [
  f('security.repository-public', 'info', 'projects/reg/locations/eu/repositories/pub'),
  f('identity.default-service-account', 'low', POOL),
  f('security.repository-all-authenticated-users', 'high', REPO),
  f('security.node-account-owner-or-editor', 'high', 'projects/p1', { evidence: { project: 'p1', nodePools: [POOL] } }),
];

describe('findings view', () => {
  it('sorts worst first by default, applying the severity table (default account: medium)', () => {
    const rows = filterFindings(findingRows(findings), readFindingFilters({}));
    expect(rows.map((r) => [r.severity, r.rule])).toEqual([
      ['high', 'security.node-account-owner-or-editor'],
      ['high', 'security.repository-all-authenticated-users'],
      ['medium', 'identity.default-service-account'],
      ['info', 'security.repository-public'],
    ]);
  });

  it('filters by severity, rule, project and resource text; ignores an unknown severity', () => {
    const rows = findingRows(findings);
    expect(filterFindings(rows, readFindingFilters({ severity: 'high', project: 'reg' })).map((r) => r.subject)).toEqual([REPO]);
    expect(filterFindings(rows, readFindingFilters({ rule: 'security.repository-public' }))).toHaveLength(1);
    expect(filterFindings(rows, readFindingFilters({ q: 'GCR.IO' })).map((r) => r.rule)).toEqual(['security.repository-all-authenticated-users']);
    expect(filterFindings(rows, readFindingFilters({ severity: 'critical' }))).toHaveLength(4);
    expect(filterFindings(rows, readFindingFilters({ sort: 'subject' }))[0].subject).toBe('projects/p1');
  });

  it('links a pool to its cluster page and a repository to its page; evidence pools are linked too', () => {
    expect(linksFor(POOL)).toEqual([{ label: 'node pool np (cluster c1)', href: '/clusters/p1/europe-west1/c1' }]);
    expect(linksFor(REPO)).toEqual([{ label: 'repository gcr.io', href: '/repositories/reg/us/gcr.io' }]);
    expect(linksFor('folders/1')).toEqual([]);
    const editor = findingRows(findings).find((r) => r.rule === 'security.node-account-owner-or-editor');
    expect(editor?.links.map((l) => l.href)).toEqual(['/clusters/p1/europe-west1/c1']);
  });

  it('counts by severity and builds filter URLs', () => {
    expect(countBySeverity(findings)).toEqual({ high: 2, medium: 1, low: 0, info: 1 });
    expect(findingsHref({ scan: 's 1', severity: 'high' })).toBe('/findings?scan=s+1&severity=high');
  });
});

describe('export links', () => {
  it('carry the view filter, not the scan id nor empty values, to the export route', async () => {
    const { exportHref } = await import('./export-href');
    expect(exportHref('s/1', 'pairs', 'csv', { scan: 's/1', verdict: 'cannot-pull', project: undefined, cause: 'iam' })).toBe('/api/scans/s%2F1/export?kind=pairs&format=csv&verdict=cannot-pull&cause=iam');
  });
});
