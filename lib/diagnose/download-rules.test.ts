/** Diagnose with package-level and conditional download rules: which rule matches the image, and what it does. */
import { describe, expect, it } from 'vitest';
import { binding, gapped, makeInventory, makeNodePool, makePolicy, makeRepository, ok } from '../inventory/builders';
import type { DownloadRule, Inventory } from '../inventory/types';
import { shellArgv } from '../safe/testing';
import { diagnose } from './diagnose';
import { readDownloadRules } from './download-rules';

const SA = 'nodes@app.iam.gserviceaccount.com';
const REPO = makeRepository({ project: 'registry', location: 'europe-west1', id: 'images' });
const POOL = makeNodePool({ project: 'app', serviceAccount: SA, version: '1.33.4-gke.1000' });
const HOST = 'europe-west1-docker.pkg.dev/registry/images';
const forbidden = (image: string) =>
  `Failed to pull image "${image}": rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": unexpected status from HEAD request to https://europe-west1-docker.pkg.dev/v2/registry/images/manifests/1: 403 Forbidden`;
const rule = (id: string, o: Partial<DownloadRule> = {}): DownloadRule => ({ name: `${REPO.name}/rules/${id}`, action: 'DENY', operation: 'DOWNLOAD', packageId: null, condition: null, ...o });
const inv = (rules: DownloadRule[]): Inventory =>
  makeInventory({ nodePools: [POOL], repositories: [REPO], policies: [makePolicy(REPO.name, [binding('roles/artifactregistry.reader', `serviceAccount:${SA}`)])], downloadRules: { [REPO.name]: ok(rules) } });
const run = (i: Inventory, image: string, text = forbidden(image)) => diagnose(i, { image, errorText: text });

describe('diagnosis with download rules', () => {
  it('a package-level DENY matching the image is the cause, ranked first, though the estate says the pool can pull', () => {
    const d = run(inv([rule('no-legacy', { packageId: 'legacy' })]), `${HOST}/legacy:1`);
    expect(d.verdicts.map((v) => v.verdict)).toEqual(['can-pull']);
    expect(d.rankedCauses[0]).toMatchObject({
      category: 'repository',
      rule: 'diagnose.download-rule-denied',
      confidence: 'high',
      message: 'Package legacy of repository images is refused by download rule no-legacy (DENY package legacy): Artifact Registry denies its download whoever pulls, whatever their IAM permissions.',
      evidence: { downloadRule: `${REPO.name}/rules/no-legacy`, package: 'legacy' },
    });
    expect(shellArgv(d.rankedCauses[0].remediation!.gcloud!)).toEqual(['gcloud', 'artifacts', 'rules', 'delete', 'no-legacy', '--repository=images', '--location=europe-west1', '--project=registry']);
    expect(d.summary).toContain('most likely (high confidence): package legacy of repository images is refused by download rule no-legacy');
  });

  it('a package-level rule for another package does not touch this image, and the diagnosis says so', () => {
    const d = run(inv([rule('no-legacy', { packageId: 'legacy' })]), `${HOST}/web:1`);
    expect(d.rankedCauses.map((c) => c.rule)).not.toContain('diagnose.download-rule-denied');
    expect(d.notes).toContain('No download rule of repository images applies to web (its rules name other packages): they do not refuse this image.');
  });

  it('deny by default with an allow list: a listed package passes, another is refused with the ALLOW rule to add', () => {
    const rules = [rule('deny-all'), rule('base', { action: 'ALLOW', packageId: 'team%2Fbase' })];
    const listed = run(inv(rules), `${HOST}/team/base:1`);
    expect(listed.rankedCauses.map((c) => c.rule)).not.toContain('diagnose.download-rule-denied');
    expect(listed.notes).toContain('download rule base (ALLOW package team/base) allows team/base: the download rules of repository images do not refuse this image.');
    const other = run(inv(rules), `${HOST}/team/tool:2`);
    const top = other.rankedCauses[0];
    expect(top).toMatchObject({ rule: 'diagnose.download-rule-denied', confidence: 'high', message: expect.stringContaining('Image team/tool of repository images is refused by download rule deny-all (DENY the whole repository)') });
    expect(shellArgv(top.remediation!.gcloud!)).toEqual(['gcloud', 'artifacts', 'rules', 'create', 'allow-team-tool', '--package=team/tool', '--action=allow', '--operation=download', '--repository=images', '--location=europe-west1', '--project=registry']);
  });

  it('a conditional DENY says the pull depends on the condition', () => {
    const d = run(inv([rule('old', { packageId: 'web', condition: { title: 'Block legacy versions', expression: "pkg.version.id < '2.0'", description: null } })]), `${HOST}/web:1`);
    expect(d.rankedCauses[0]).toMatchObject({ rule: 'diagnose.download-rule-conditional', confidence: 'medium' });
    expect(d.rankedCauses[0].message).toBe(
      'download rule old (DENY package web, condition "pkg.version.id < \'2.0\'") applies to web in repository images and refuses its download when its condition holds ("Block legacy versions"): whether this pull is refused depends on the condition, which reads the image\'s version or tags.',
    );
  });

  it('an error that is no refusal (DNS) keeps the matching rule, at low confidence', () => {
    const image = `${HOST}/legacy:1`;
    const dns = `Failed to pull image "${image}": failed to do request: Head "https://europe-west1-docker.pkg.dev/v2/registry/images/legacy/manifests/1": dial tcp: lookup europe-west1-docker.pkg.dev on 169.254.169.254:53: no such host`;
    const d = run(inv([rule('no-legacy', { packageId: 'legacy' })]), image, dns);
    expect(d.rankedCauses.find((c) => c.rule === 'diagnose.download-rule-denied')?.confidence).toBe('low');
    expect(d.rankedCauses[0].rule).not.toBe('diagnose.download-rule-denied');
  });

  it('a repository-wide DENY that refuses every pull is left to the engine (one cause, not two)', () => {
    const d = run(inv([rule('deny-all'), rule('no-legacy', { packageId: 'legacy' })]), `${HOST}/web:1`);
    expect(d.verdicts.map((v) => v.verdict)).toEqual(['cannot-pull']);
    expect(d.rankedCauses.filter((c) => c.category === 'repository').map((c) => c.rule)).toEqual(['repository.download-denied']);
  });

  it('with no image named, asks for it and lists the rules', () => {
    const r = readDownloadRules(inv([rule('no-legacy', { packageId: 'legacy' })]), REPO, null, 'forbidden');
    expect(r).toEqual({ causes: [], notes: ['Repository images has package-level or conditional download rules (download rule no-legacy (DENY package legacy)): name the image to learn which one applies.'] });
  });

  it('unreadable, absent or only repository-wide unconditional rules say nothing here', () => {
    const i = makeInventory({ nodePools: [POOL], repositories: [REPO], downloadRules: { [REPO.name]: gapped('g') } });
    expect(readDownloadRules(i, REPO, 'web', 'forbidden')).toEqual({ causes: [], notes: [] });
    expect(readDownloadRules(makeInventory({ repositories: [REPO] }), REPO, 'web', 'forbidden')).toEqual({ causes: [], notes: [] });
    expect(readDownloadRules(inv([]), REPO, 'web', 'forbidden')).toEqual({ causes: [], notes: [] });
  });

  it('quotes a hostile rule name and package in the command', () => {
    const r = readDownloadRules(inv([rule("x'; rm -rf ~ #$(id)", { packageId: 'legacy' })]), REPO, 'legacy', 'forbidden');
    expect(shellArgv(r.causes[0].remediation.gcloud!)).toEqual(['gcloud', 'artifacts', 'rules', 'delete', "x'; rm -rf ~ #$(id)", '--repository=images', '--location=europe-west1', '--project=registry']);
  });
});
