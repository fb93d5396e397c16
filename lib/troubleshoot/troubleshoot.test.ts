import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator';
import { readGcpConfig } from '../gcp/config';
import { normalize } from '../inventory/normalize';
import { collectEstate } from '../gcp/collect';
import { evaluate } from '../readiness/engine';
import type { CheckResult, Pair } from '../readiness/types';
import { parseScenarioOrThrow, type Scenario } from '../scenario/schema';
import { accessOf, GoogleAsker, type GoogleAccess, type GoogleAnswer } from './client';
import { agreement, isDisagreement, pullcheckIam } from './compare';
import { condense } from './explain';
import { stratifiedSample, verifyEstate } from './verify';

const root = path.resolve(import.meta.dirname, '../..');
const load = (file: string) => parseScenarioOrThrow(readFileSync(path.join(root, file), 'utf8'), file);
const FAST = { baseBackoffMs: 1, maxBackoffMs: 4, maxRetryAfterMs: 20 };
const SA = 'puller-a@td-apps.iam.gserviceaccount.com';
const REPO = 'projects/td-registry/locations/europe-west1/repositories/images';

let running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.stop()));
  running = [];
});

async function asker(scenario: Scenario): Promise<{ asker: GoogleAsker; emulator: Emulator }> {
  const emulator = await startEmulator({ scenario });
  running.push(emulator);
  const config = readGcpConfig({ PULLCHECK_API_ROOT: emulator.url, GOOGLE_APPLICATION_CREDENTIALS: emulator.credentialsFile, PULLCHECK_MAX_RETRIES: '2' });
  return { asker: new GoogleAsker(config, { tuning: FAST }), emulator };
}

const check = (outcome: CheckResult['outcome'], rule = 'iam.no-download-permission', step: CheckResult['step'] = 'iam'): CheckResult => ({ step, rule, title: rule, outcome, summary: `${rule} ${outcome}`, evidence: {} });
const answer = (access: GoogleAccess): GoogleAnswer => ({ ok: true, access, overallAccessState: access, explanation: [] });

describe('asking Policy Troubleshooter through googleapis (v3 iam.troubleshoot)', () => {
  it('sends the node account, the repository\'s full resource name and the download permission, and reads the answer', async () => {
    const scenario = load('data/scenarios/troubleshooter-disagree.json');
    const { asker: a, emulator } = await asker(scenario);
    const c = await a.ask({ serviceAccount: 'puller-c@td-apps.iam.gserviceaccount.com', repository: REPO, at: '2026-11-30T10:00:00Z' });
    expect(c).toMatchObject({ ok: true, access: 'GRANTED', overallAccessState: 'CAN_ACCESS' });
    expect(c.ok && c.explanation[0]).toBe(`Granted by roles/artifactregistry.reader on ${REPO} through serviceAccount:puller-c@td-apps.iam.gserviceaccount.com.`);
    const d = await a.ask({ serviceAccount: 'puller-d@td-apps.iam.gserviceaccount.com', repository: REPO, at: null });
    expect(d).toMatchObject({ ok: true, access: 'UNKNOWN_CONDITIONAL' });
    expect(d.ok && d.explanation.join(' ')).toContain('request.auth.claims.aud');
    const staged = await a.ask({ serviceAccount: SA, repository: REPO, at: null });
    expect(staged).toMatchObject({ ok: true, access: 'NOT_GRANTED' });
    const calls = emulator.requests().filter((r) => r.path === '/v3/iam:troubleshoot');
    expect(calls.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('a refused call (403) is a gap naming the call and the resource, never an exception', async () => {
    const scenario = { ...load('data/scenarios/troubleshooter-disagree.json'), faults: [{ match: 'POST /v3/iam:troubleshoot', status: 403, reason: 'IAM_PERMISSION_DENIED' }] };
    const { asker: a } = await asker(scenario);
    const r = await a.ask({ serviceAccount: SA, repository: REPO, at: null });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.gap).toMatchObject({ api: 'policytroubleshooter', method: 'iam.troubleshoot', resource: `//artifactregistry.googleapis.com/${REPO}`, status: 403 });
    expect(r.gap.message).toContain('Pullcheck could not ask Policy Troubleshooter about');
    expect(a.gaps).toHaveLength(1);
  });

  it('waits out a 429 with Retry-After and answers', async () => {
    const scenario = { ...load('data/scenarios/troubleshooter-disagree.json'), faults: [{ match: 'POST /v3/iam:troubleshoot', status: 429, times: 1, retryAfter: 0 }] };
    const { asker: a, emulator } = await asker(scenario);
    expect(await a.ask({ serviceAccount: SA, repository: REPO, at: null })).toMatchObject({ ok: true, access: 'NOT_GRANTED' });
    expect(emulator.requests().filter((r) => r.path === '/v3/iam:troubleshoot').map((r) => r.status)).toEqual([429, 200]);
  });
});

describe('the agreement table', () => {
  it('reads Pullcheck\'s IAM step: a failure, else an undecided check, else a pass', () => {
    expect(pullcheckIam([check('pass'), check('not-applicable', 'iam.conditional-only')]).iam).toBe('granted');
    expect(pullcheckIam([check('not-applicable'), check('undecided', 'iam.conditional-only')]).iam).toBe('unknown');
    expect(pullcheckIam([check('undecided', 'iam.conditional-only'), check('fail', 'iam.deny')]).iam).toBe('not granted');
    expect(pullcheckIam([check('fail', 'scope.no-storage', 'scopes'), check('pass')]).iam).toBe('granted');
    expect(pullcheckIam([check('fail', 'service-account.deleted', 'identity'), check('fail')]).deleted).toBe(true);
  });
  it('classifies every cell: the diagonal agrees, a contradiction or a sure answer against an undecided one disagrees', () => {
    const side = (iam: 'granted' | 'not granted' | 'unknown') => ({ iam, evidence: [], deleted: false });
    expect(agreement(side('granted'), answer('GRANTED'))).toBe('agree');
    expect(agreement(side('not granted'), answer('NOT_GRANTED'))).toBe('agree');
    expect(agreement(side('unknown'), answer('UNKNOWN_INFO'))).toBe('both-undecided');
    expect(agreement(side('unknown'), answer('UNKNOWN_CONDITIONAL'))).toBe('both-undecided');
    expect(agreement(side('granted'), answer('NOT_GRANTED'))).toBe('disagree');
    expect(agreement(side('not granted'), answer('GRANTED'))).toBe('disagree');
    expect(agreement(side('granted'), answer('UNKNOWN_CONDITIONAL'))).toBe('disagree');
    expect(agreement(side('unknown'), answer('GRANTED'))).toBe('google-decided');
    expect(isDisagreement('google-decided')).toBe(false);
    expect(isDisagreement('google-decided', true)).toBe(true);
    expect(agreement({ iam: 'not granted', evidence: [], deleted: true }, answer('GRANTED'))).toBe('not-compared');
    expect(accessOf('OVERALL_ACCESS_STATE_UNSPECIFIED')).toBe('UNKNOWN_INFO');
  });
  it('condenses a deny explanation and bounds hostile strings', () => {
    const lines = condense({
      overallAccessState: 'CANNOT_ACCESS',
      denyPolicyExplanation: {
        explainedResources: [
          {
            fullResourceName: '//cloudresourcemanager.googleapis.com/folders/7',
            explainedPolicies: [{ policy: { displayName: `evil\u001b[31m${'x'.repeat(1000)}` }, ruleExplanations: [{ denyAccessState: 'DENY_ACCESS_STATE_DENIED', deniedPrincipals: { 'principalSet://goog/public:all': { membership: 'MEMBERSHIP_MATCHED' } } }] }],
          },
        ],
      },
    });
    expect(lines[0]).toMatch(/^Denied by deny policy evil \[31mx+… on folders\/7, rule 1 \(denied principal principalSet:\/\/goog\/public:all\)\.$/);
    expect(lines[0].length).toBeLessThan(400);
  });
});

describe('the stratified sample', () => {
  it('represents every verdict and cause, asks each service account × repository once, and stays within the bound otherwise', async () => {
    const scenario = load('data/demo-estate.json');
    const emulator = await startEmulator({ scenario });
    running.push(emulator);
    const config = readGcpConfig({ PULLCHECK_API_ROOT: emulator.url, GOOGLE_APPLICATION_CREDENTIALS: emulator.credentialsFile });
    const raw = await collectEstate({ scope: { kind: 'scenario', ids: ['demo'] }, config, tuning: FAST });
    const inv = normalize(raw);
    const report = evaluate(inv, { now: new Date('2026-11-30T10:00:00Z') });
    const { chosen, population, strata } = stratifiedSample(report.pairs, inv, 5);
    const stratum = (p: Pair) => `${p.verdict}|${[...new Set(p.causes.map((c) => c.rule))].sort().join(',')}`;
    const saOf = new Map(inv.nodePools.map((p) => [p.name, p.serviceAccount.email]));
    const chosenQuestions = new Set(chosen.map((c) => c.key));
    expect(chosenQuestions.size).toBe(chosen.length);
    // One question per stratum at most, past the bound of 5 (a question may cover several strata).
    expect(chosen.length).toBeLessThanOrEqual(strata);
    expect(chosen.length).toBeGreaterThan(5);
    // Every stratum has a pair whose question was asked.
    for (const s of new Set(report.pairs.map(stratum))) {
      expect(report.pairs.some((p) => stratum(p) === s && chosenQuestions.has(`${saOf.get(p.nodePool)!.toLowerCase()}\n${p.repository}`)), s).toBe(true);
    }
    expect(new Set(chosen.map((c) => c.pair.verdict))).toEqual(new Set(['can-pull', 'cannot-pull', 'unknown']));
    expect(population).toBeGreaterThan(chosen.length);
    const bigger = stratifiedSample(report.pairs, inv, strata + 10);
    expect(bigger.chosen.length).toBe(strata + 10);

    const result = await verifyEstate(inv, report, async () => answer('GRANTED'), { sample: 3 });
    expect(result.asked).toBe(chosen.length);
    expect(result.table.granted.GRANTED + result.table['not granted'].GRANTED + result.table.unknown.GRANTED).toBe(result.asked);
    expect(result.disagreements.length).toBe(result.rows.filter((r) => r.pullcheck.iam !== 'granted' && r.agreement === 'disagree').length);
    expect(result.disagreements.length).toBeGreaterThan(0);
  }, 60_000);
});
