import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../../test/run-cli';
import { baseEstate, emulate } from './__fixtures__/estate';
import { makeClients } from './clients';
import { runPreflight } from './preflight';

/** The quota-project scenario of data/scenarios, with its quota project changed. */
function scenarioWith(quotaProject: Record<string, unknown>): string {
  const s = JSON.parse(readFileSync(join(repoRoot, 'data/scenarios/google-quota-project.json'), 'utf8')) as Record<string, unknown>;
  s.quotaProject = quotaProject;
  const file = join(mkdtempSync(join(tmpdir(), 'pullcheck-preflight-')), 'scenario.json');
  writeFileSync(file, JSON.stringify(s));
  return file;
}

describe('the preflight before a CLI scan', () => {
  it('exits 4 once, with the command that fixes it, when the caller may not use the quota project', () => {
    const run = runCli(['scan', '--scenario', scenarioWith({ projectId: 'quire-billing', projectNumber: '420000000009', callerCanUse: false }), '--format', 'json']);
    expect(run.status).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('may not use the quota project quire-billing');
    expect(run.stderr).toContain('gcloud projects add-iam-policy-binding quire-billing --member=user:AUDITOR_EMAIL --role=roles/serviceusage.serviceUsageConsumer');
    expect(run.stderr.match(/serviceusage\.services\.use/g)).toHaveLength(1);
  }, 120_000);

  it('exits 4 when GKE is disabled on the quota project instead of reporting an estate without clusters', () => {
    const run = runCli(['scan', '--scenario', scenarioWith({ projectId: 'quire-billing', projectNumber: '420000000009', enabledServices: ['serviceusage.googleapis.com', 'cloudresourcemanager.googleapis.com', 'artifactregistry.googleapis.com'] }), '--format', 'json']);
    expect(run.status).toBe(4);
    expect(run.stderr).toContain('gcloud services enable container.googleapis.com --project=quire-billing');
  }, 120_000);

  it('prints no command naming a quota project ID that is not one (a flag would reach gcloud as an option)', () => {
    const id = '--impersonate-service-account=evil@attacker.iam.gserviceaccount.com';
    const run = runCli(['scan', '--scenario', scenarioWith({ projectId: id, projectNumber: '420000000009', callerCanUse: false }), '--format', 'json']);
    expect(run.status).toBe(4);
    expect(run.stderr).toContain(`"${id}" does not look like a valid project ID`);
    expect(run.stderr).not.toContain('gcloud projects add-iam-policy-binding');
  }, 120_000);

  it('warns once and scans when only Cloud Identity is off there', () => {
    const run = runCli(['scan', '--scenario', join(repoRoot, 'data/scenarios/google-quota-project.json'), '--format', 'json']);
    expect(run.status).toBe(0);
    expect(run.stderr.match(/warning: the Cloud Identity API/g)).toHaveLength(1);
    expect(JSON.parse(run.stdout).pairs.length).toBeGreaterThan(0);
  }, 120_000);

  it('checks Access Context Manager on the quota project too: off, a warning with its command, and the scan goes on', async () => {
    const quotaProject = { projectId: 'billing-qp', projectNumber: '777777777777', enabledServices: ['serviceusage.googleapis.com', 'cloudresourcemanager.googleapis.com', 'container.googleapis.com', 'artifactregistry.googleapis.com', 'iam.googleapis.com', 'compute.googleapis.com', 'cloudidentity.googleapis.com'] };
    const { emulator, config } = await emulate({ ...baseEstate(), quotaProject }, { PULLCHECK_QUOTA_PROJECT: 'billing-qp' });
    try {
      const report = await runPreflight(config, makeClients(config));
      expect(report.fatal).toBe(false);
      expect(report.services.find((x) => x.api === 'accesscontextmanager')).toEqual({ api: 'accesscontextmanager', service: 'accesscontextmanager.googleapis.com', state: 'DISABLED' });
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]).toMatchObject({ severity: 'warning', command: 'gcloud services enable accesscontextmanager.googleapis.com --project=billing-qp' });
      expect(report.problems[0].message).toContain('Access Context Manager API');
    } finally {
      await emulator.stop();
    }
  }, 60_000);
});
