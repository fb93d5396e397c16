import { describe, expect, it, vi } from 'vitest';
import type { Finding, Pair, Report } from '@/lib/readiness/types';

const pair = (pool: string, repository: string, verdict: Pair['verdict']): Pair => ({
  nodePool: `projects/${pool}/locations/eu/clusters/c/nodePools/np`,
  repository,
  verdict,
  causes: verdict === 'can-pull' ? [] : [{ category: 'iam', rule: 'iam.no-download-permission', outcome: 'fail', message: 'm', evidence: {}, remediation: { steps: [], docs: [] } }],
});
const finding = (rule: string, severity: Finding['severity'], subject: string): Finding => ({ rule, severity, subject, message: `=${rule}`, remediation: { steps: [], docs: [] } });
const report: Report = {
  schemaVersion: 1,
  scannedAt: '2026-11-25T16:30:04.000Z',
  scope: { kind: 'projects', ids: ['a'] },
  pairs: [pair('a', 'projects/r/locations/us/repositories/x', 'can-pull'), pair('b', 'projects/r/locations/us/repositories/x', 'cannot-pull')],
  findings: [finding('security.repository-all-authenticated-users', 'high', 'projects/r/locations/us/repositories/x'), finding('security.repository-public', 'info', 'projects/r/locations/us/repositories/y')],
  gaps: [],
};

vi.mock('@/lib/server/scans', () => ({
  getScan: (id: string) => (id === 'done' ? { id, status: 'done', outcome: { report, inventory: {} } } : id === 'running' ? { id, status: 'running', outcome: null } : null),
}));

const { GET } = await import('./route');
const get = (id: string, qs: string) => GET(new Request(`http://x/api/scans/${id}/export?${qs}`), { params: Promise.resolve({ id }) });

describe('GET /api/scans/ID/export', () => {
  it('findings as CSV with the Findings page filter, as an attachment, formulas escaped', async () => {
    const r = await get('done', 'kind=findings&format=csv&severity=high');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="pullcheck-findings-20261125T163004.csv"');
    const lines = (await r.text()).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("high,security.repository-all-authenticated-users,projects/r/locations/us/repositories/x,r,'=security");
  });

  it('pairs as JSON with the readiness filter (verdict, project on either side)', async () => {
    const r = await get('done', 'kind=pairs&format=json&verdict=cannot-pull');
    const body = JSON.parse(await r.text()) as { pairs: Pair[] };
    expect(body.pairs.map((p) => p.verdict)).toEqual(['cannot-pull']);
    const byProject = JSON.parse(await (await get('done', 'kind=pairs&format=json&project=a')).text()) as { pairs: Pair[] };
    expect(byProject.pairs).toHaveLength(1);
    const csv = await (await get('done', 'kind=pairs&format=csv')).text();
    expect(csv.trim().split('\n')).toHaveLength(3);
  });

  it('refuses a bad kind or format (400), an unknown scan (404), a running one (409)', async () => {
    expect((await get('done', 'kind=gaps&format=csv')).status).toBe(400);
    expect((await get('done', 'kind=pairs&format=xlsx')).status).toBe(400);
    expect((await get('nope', 'kind=pairs&format=csv')).status).toBe(404);
    expect((await get('running', 'kind=pairs&format=csv')).status).toBe(409);
  });
});
