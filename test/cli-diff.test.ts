import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './run-cli';

const dir = mkdtempSync(path.join(tmpdir(), 'pullcheck-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, PULLCHECK_DATA_DIR: path.join(dir, 'store'), DATABASE_URL: '' };
const ACCOUNT = 'gke-prod-nodes@nwv-node-identities.iam.gserviceaccount.com';
const POOL = 'projects/nwv-booking-prod/locations/europe-west1/clusters/booking-prod/nodePools/api';

/** The demo estate, and the same estate a week later: the api pool's node service account disabled. */
function estates(): [string, string] {
  const before = readFileSync(path.join(repoRoot, 'data/demo-estate.json'), 'utf8');
  const s = JSON.parse(before) as { projects: Array<{ serviceAccounts?: Array<{ email: string; disabled?: boolean }> }> };
  for (const p of s.projects) for (const a of p.serviceAccounts ?? []) if (a.email === ACCOUNT) a.disabled = true;
  const a = path.join(dir, 'estate.json');
  const b = path.join(dir, 'estate.json.later');
  writeFileSync(a, before);
  writeFileSync(b, JSON.stringify(s));
  return [a, b];
}

function saved(stderr: string): string {
  const m = /saved scan ([0-9a-f-]{36})/.exec(stderr);
  expect(m, stderr).not.toBeNull();
  return m![1];
}

describe('pullcheck scan --save and pullcheck diff', () => {
  it('stores two scans of one estate and prints the pairs that stopped pulling with the account state that changed', () => {
    const [a, b] = estates();
    const first = runCli(['scan', '--scenario', a, '--format', 'json', '--save'], { env, timeoutMs: 240_000 });
    expect(first.status, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout).schemaVersion).toBe(1);
    const idA = saved(first.stderr);
    // Same scope (the scenario file), the estate changed in between.
    writeFileSync(a, readFileSync(b));
    const second = runCli(['scan', '--scenario', a, '--save'], { env, timeoutMs: 240_000 });
    expect(second.status, second.stderr).toBe(0);
    const idB = saved(second.stderr);

    const json = runCli(['diff', idA, idB, '--format', 'json'], { env, timeoutMs: 240_000 });
    expect(json.status, json.stderr).toBe(0);
    const drift = JSON.parse(json.stdout);
    expect(drift.from.id).toBe(idA);
    expect(drift.summary.stoppedPulling).toBeGreaterThan(0);
    const stopped = drift.pairs.filter((p: { nodePool: string; before: string; after: string }) => p.nodePool === POOL && p.before === 'can-pull' && p.after === 'cannot-pull');
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped[0].evidence).toContainEqual({ kind: 'account', subject: ACCOUNT, what: 'state', before: 'enabled', after: 'disabled' });
    expect(stopped[0].causesAdded.map((c: { rule: string }) => c.rule)).toContain('service-account.disabled');

    const text = runCli(['diff', idA, idB], { env, timeoutMs: 240_000 });
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`account ${ACCOUNT} state: enabled → disabled`);
  }, 900_000);

  it('refuses an unknown scan id with exit 2 and says so', () => {
    const r = runCli(['diff', 'nope', 'nada'], { env, timeoutMs: 240_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no stored scan "nope"');
  }, 300_000);
});
