/**
 * The security axis on the demo estate (Northwind Voyages), through bin/pullcheck: every access-broader-than-needed
 * situation the estate holds is a finding with its severity, and the report formats carry them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../lib/readiness/types';
import { runCli, scanReport } from './run-cli';

const DEMO = 'data/demo-estate.json';

describe('security findings on the demo estate', () => {
  let report: Report;
  beforeAll(() => {
    report = scanReport(DEMO);
  }, 120_000);
  const find = (rule: string, subject: string): Finding | undefined => report.findings.find((f) => f.rule === rule && f.subject === subject);

  it.each([
    ['the legacy default account holds Editor on its project', 'security.node-account-owner-or-editor', 'projects/nwv-legacy-tools', 'high'],
    ['the staging node account holds Viewer on its folder', 'security.node-account-basic-role', 'folders/864023517790', 'medium'],
    ['a pool on the Compute Engine default account', 'identity.default-service-account', 'projects/nwv-booking-staging/locations/europe-west1-b/clusters/booking-staging/nodePools/default-pool', 'medium'],
    ['the gcr.io repository is open to any Google account', 'security.repository-all-authenticated-users', 'projects/nwv-registry/locations/us/repositories/gcr.io', 'high'],
    ['public-base is public', 'security.repository-public', 'projects/nwv-registry/locations/europe-west1/repositories/public-base', 'info'],
    ['a partner agency group reads legacy-builds', 'security.external-member', 'projects/nwv-legacy-tools/locations/us-central1/repositories/legacy-builds', 'medium'],
    ['Viewer at the organization reaches every repository', 'security.broad-download-grant', 'organizations/418027365910', 'info'],
  ])('%s', (_what, rule, subject, severity) => {
    const f = find(rule, subject);
    expect(f, `${rule} on ${subject}`).toBeDefined();
    expect(f?.severity).toBe(severity);
    expect(f?.evidence).toBeDefined();
    expect(f?.remediation.steps.length).toBeGreaterThan(0);
  });

  it('every severity is one of high, medium, low, info', () => {
    for (const f of report.findings) expect(['high', 'medium', 'low', 'info']).toContain(f.severity);
  });
});

describe('scan --format csv|sarif|markdown', () => {
  it('csv writes one row per pair; --table findings one row per finding', () => {
    const pairs = runCli(['scan', '--scenario', DEMO, '--format', 'csv']);
    expect(pairs.status).toBe(0);
    expect(pairs.stdout.split('\n')[0]).toBe('nodePool,repository,verdict,causes,categories,inUse');
    expect(pairs.stdout).toMatch(/nodePools\/api,projects\/nwv-booking-staging\/locations\/europe-west1\/repositories\/staging-images,cannot-pull,iam\.no-download-permission,iam,/);
    const findings = runCli(['scan', '--scenario', DEMO, '--format', 'csv', '--table', 'findings']);
    expect(findings.stdout.split('\n')[0]).toBe('severity,rule,subject,project,message,gcloud,docs');
    expect(findings.stdout).toContain('high,security.repository-all-authenticated-users,projects/nwv-registry/locations/us/repositories/gcr.io,nwv-registry,');
  }, 120_000);

  it('sarif is SARIF 2.1.0 and markdown lists the findings', () => {
    const sarif = runCli(['scan', '--scenario', DEMO, '--format', 'sarif']);
    const s = JSON.parse(sarif.stdout) as { version: string; runs: { results: { ruleId: string; level: string }[] }[] };
    expect(s.version).toBe('2.1.0');
    expect(s.runs[0].results).toContainEqual(expect.objectContaining({ ruleId: 'security.repository-all-authenticated-users', level: 'error' }));
    const md = runCli(['scan', '--scenario', DEMO, '--format', 'markdown']);
    expect(md.status).toBe(0);
    expect(md.stdout).toMatch(/\| high \| security\.node-account-owner-or-editor \| projects\/nwv-legacy-tools \|/);
  }, 120_000);

  it('a bad --format or --table is a usage error (exit 2)', () => {
    expect(runCli(['scan', '--scenario', DEMO, '--format', 'xml']).status).toBe(2);
    const r = runCli(['scan', '--scenario', DEMO, '--format', 'json', '--table', 'findings']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--table goes with --format csv');
  }, 60_000);
});
