import { describe, expect, it } from 'vitest';
import { atLeast, reportTable, worse, writeReportJson } from './report-writer';
import type { Report } from '../lib/readiness/types';

const report: Report = {
  schemaVersion: 1,
  scannedAt: '2026-11-25T16:30:04Z',
  scope: { kind: 'projects', ids: ['shop-prod'] },
  pairs: [
    { nodePool: 'projects/shop-prod/locations/europe-west1/clusters/web/nodePools/default-pool', repository: 'projects/shop-prod/locations/europe-west1/repositories/images', verdict: 'can-pull', causes: [] },
    {
      nodePool: 'projects/shop-prod/locations/europe-west1/clusters/web/nodePools/batch',
      repository: 'projects/shop-prod/locations/europe-west1/repositories/images',
      verdict: 'cannot-pull',
      causes: [{ category: 'iam', rule: 'iam.no-download-permission', outcome: 'fail', message: 'no grant', evidence: {}, remediation: { steps: [], docs: [] } }],
    },
  ],
  findings: [],
  gaps: [{ id: 'gap-1', api: 'iam', method: 'projects.serviceAccounts.get', resource: 'projects/-/serviceAccounts/a@b', status: 403, reason: 'IAM_PERMISSION_DENIED', permission: 'iam.serviceAccounts.get', message: 'refused', request: 'GET /v1/projects/-/serviceAccounts/a@b' }],
};

describe('report writer', () => {
  it('streams JSON that parses back to the same report', () => {
    let text = '';
    writeReportJson(report, { write: (c) => (text += c) });
    expect(JSON.parse(text)).toEqual(report);
  });
  it('orders verdicts cannot-pull over unknown over can-pull', () => {
    expect(worse('can-pull', 'unknown')).toBe('unknown');
    expect(worse('cannot-pull', 'unknown')).toBe('cannot-pull');
    expect(atLeast('unknown', 'cannot-pull')).toBe(false);
    expect(atLeast('cannot-pull', 'unknown')).toBe(true);
  });
  it('prints a table with the verdicts, the totals and the gaps', () => {
    const t = reportTable(report);
    expect(t).toMatch(/shop-prod\/europe-west1\/web\/batch\s+shop-prod\/europe-west1\/images\s+cannot-pull\s+iam.no-download-permission/);
    expect(t).toContain('2 pairs: 1 can pull, 1 cannot pull, 0 unknown');
    expect(t).toContain('1 gap: Pullcheck could not read everything:');
    expect(t).toContain('projects.serviceAccounts.get projects/-/serviceAccounts/a@b: 403 IAM_PERMISSION_DENIED (needs iam.serviceAccounts.get)');
  });
});
