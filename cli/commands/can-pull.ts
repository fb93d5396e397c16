/**
 * `pullcheck can-pull --image IMAGE --cluster projects/P/locations/L/clusters/C [--node-pool NP] [--ask-google] SCOPE`:
 * the reasoning chain; with --ask-google, Policy Troubleshooter's answer beside the IAM step.
 */
import { parse, scopeFrom, scopeOptions, type ScopeArgs } from '../args';
import { CouldNotRunError, EXIT, UsageError, type Io } from '../io';
import { describeStartFailure, progressPrinter, scanForCli, sessionConfig } from '../scan-session';
import { worse } from '../report-writer';
import { parseImageRef } from '../../lib/diagnose/image-ref';
import { evaluatePair, type PairEvaluation } from '../../lib/readiness/engine';
import type { CheckResult, Verdict } from '../../lib/readiness/types';
import type { Inventory } from '../../lib/inventory/types';
import { collectInventory } from '../../lib/scan/run';
import { GoogleAsker } from '../../lib/troubleshoot/client';
import { agreement, pullcheckIam, verdictSentence } from '../../lib/troubleshoot/compare';

const CLUSTER_RE = /^projects\/([^/]+)\/locations\/([^/]+)\/clusters\/([^/]+)$/;
const mark = { pass: '✓', fail: '✗', undecided: '?', 'not-applicable': '–' } as const;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse('can-pull', argv, {
    ...scopeOptions,
    image: { type: 'string' },
    cluster: { type: 'string' },
    'node-pool': { type: 'string' },
    'ask-google': { type: 'boolean' },
  });
  if (!values.image) throw new UsageError('can-pull: --image IMAGE is required (e.g. europe-west1-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE:TAG)');
  if (!values.cluster) throw new UsageError('can-pull: --cluster projects/P/locations/L/clusters/C is required');
  const m = CLUSTER_RE.exec(values.cluster.trim());
  if (!m) throw new UsageError(`can-pull: --cluster "${values.cluster}" is not of the form projects/P/locations/L/clusters/C`);
  const parsed = parseImageRef(values.image);
  if (!parsed.ok) throw new UsageError(`can-pull: --image: ${parsed.error}`);
  const ref = parsed.ref;
  if (ref.kind !== 'artifact-registry') {
    throw new UsageError(`can-pull: ${ref.host} is not Artifact Registry; Pullcheck judges only Artifact Registry (LOCATION-docker.pkg.dev and the gcr.io hosts)`);
  }
  const clusterName = values.cluster.trim();
  const scopeGiven = ['projects', 'folder', 'organization', 'all-projects', 'scenario'].some((k) => (values as Record<string, unknown>)[k] !== undefined);
  const scopeArgs: ScopeArgs = scopeGiven
    ? scopeFrom('can-pull', values, io.cwd)
    : { scope: { kind: 'projects', ids: [...new Set([m[1], ref.project])] }, scenarioFile: null };

  // --ask-google keeps the session (and, with --scenario, its emulator) open for the troubleshooter's calls.
  let asker: GoogleAsker | null = null;
  let stop = async () => {};
  let inventory: Inventory;
  const scannedAt = new Date().toISOString();
  if (values['ask-google']) {
    const { config, emulator } = await sessionConfig(scopeArgs, io);
    stop = async () => void (await emulator?.stop());
    try {
      inventory = (await collectInventory({ scope: scopeArgs.scope, config, onProgress: progressPrinter(io) })).inventory;
    } catch (err) {
      await stop();
      throw new CouldNotRunError(describeStartFailure(err, Boolean(emulator)));
    }
    asker = new GoogleAsker(config);
  } else {
    inventory = (await scanForCli(scopeArgs, io)).inventory;
  }
  try {
    return await judge(inventory, values, m, ref, clusterName, io, asker, scannedAt);
  } finally {
    await stop();
  }
}

async function judge(
  inventory: Inventory,
  values: { 'node-pool'?: string },
  m: RegExpExecArray,
  ref: { raw: string; repositoryName: string; project: string; repository: string },
  clusterName: string,
  io: Io,
  asker: GoogleAsker | null,
  scannedAt: string,
): Promise<number> {
  const cluster = inventory.clusters.find((c) => c.name === clusterName);
  if (!cluster) {
    const gap = inventory.clusterListGaps.find((g) => g.project === m[1]);
    if (gap) {
      io.stdout(`unknown: Pullcheck could not list the clusters of project ${m[1]} (gap ${gap.gapId}), so it cannot judge ${clusterName}.\n`);
      return EXIT.unknown;
    }
    const known = inventory.clusters.map((c) => c.name).slice(0, 10);
    throw new UsageError(`can-pull: cluster ${clusterName} is not in the scanned estate${known.length ? `; clusters found: ${known.join(', ')}` : ''}`);
  }
  const pools = inventory.nodePools.filter((p) => p.cluster === cluster.name);
  const chosen = values['node-pool'] ? pools.filter((p) => p.shortName === values['node-pool'] || p.name === values['node-pool']) : pools;
  if (values['node-pool'] && chosen.length === 0) {
    throw new UsageError(`can-pull: node pool "${values['node-pool']}" is not in ${cluster.name}; its pools: ${pools.map((p) => p.shortName).join(', ') || 'none'}`);
  }
  const repo = inventory.repositories.find((r) => r.name === ref.repositoryName);
  const out: string[] = [`image       ${ref.raw}`, `repository  ${ref.repositoryName}`, `cluster     ${cluster.name}`, ''];
  if (!repo) {
    const listGap = inventory.repositoryListGaps.find((g) => g.project === ref.project);
    if (listGap) {
      out.push(`unknown: Pullcheck could not list the repositories of project ${ref.project} (gap ${listGap.gapId}).`);
      io.stdout(out.join('\n') + '\n');
      return EXIT.unknown;
    }
    const sameId = inventory.repositories.filter((r) => r.format === 'DOCKER' && (r.id === ref.repository || r.project === ref.project)).map((r) => r.name);
    out.push(`cannot-pull: repository ${ref.repositoryName} does not exist in the scanned estate (check the project, location and repository in the image path).`);
    if (sameId.length) out.push(`did you mean: ${sameId.slice(0, 5).join(', ')}`);
    io.stdout(out.join('\n') + '\n');
    return EXIT.cannotPull;
  }
  if (repo.format !== 'DOCKER') {
    out.push(`cannot-pull: ${repo.name} is a ${repo.format} repository, not a Docker one: no node pulls container images from it.`);
    io.stdout(out.join('\n') + '\n');
    return EXIT.cannotPull;
  }
  if (chosen.length === 0) {
    out.push(`unknown: ${cluster.name} has no node pools${cluster.autopilot ? ' (Autopilot: GKE creates them on demand; see the auto-provisioning findings of `pullcheck scan`)' : ''}.`);
    io.stdout(out.join('\n') + '\n');
    return EXIT.unknown;
  }
  let overall: Verdict = 'can-pull';
  for (const pool of chosen) {
    const ev: PairEvaluation = evaluatePair(inventory, pool.name, repo.name);
    overall = worse(overall, ev.verdict);
    out.push(...describe(pool.shortName, ev));
    if (asker) out.push(...(await secondOpinion(asker, pool.serviceAccount.email, repo.name, ev, scannedAt)));
    out.push('');
  }
  if (chosen.length > 1) out.push(`overall: ${overall} (the worst of ${chosen.length} node pools)`);
  io.stdout(out.join('\n') + '\n');
  return overall === 'can-pull' ? EXIT.ok : overall === 'cannot-pull' ? EXIT.cannotPull : EXIT.unknown;
}

/** Google's answer beside the IAM step: one quiet line on agreement, both sides' evidence on a disagreement. */
async function secondOpinion(asker: GoogleAsker, email: string, repository: string, ev: PairEvaluation, at: string): Promise<string[]> {
  const google = await asker.ask({ serviceAccount: email, repository, at });
  const mine = pullcheckIam(ev.checks);
  const a = agreement(mine, google);
  const lines = [`  google     ${verdictSentence(a, mine, google)}`];
  if (a === 'disagree') {
    lines.push(`    Pullcheck (IAM ${mine.iam}):`, ...mine.evidence.map((e) => `      ${e}`));
    if (google.ok) lines.push(`    Google (${google.overallAccessState}):`, ...google.explanation.map((e) => `      ${e}`));
  } else if (google.ok && google.explanation.length) {
    lines.push(`    ${google.explanation[0]}`);
  }
  return lines;
}

const STEPS: CheckResult['step'][] = ['identity', 'scopes', 'iam', 'network', 'version', 'repository'];

/** One line per step of the chain: its failures and undecided checks, else what passed, else why it did not apply. */
export function chain(checks: CheckResult[]): CheckResult[] {
  const out: CheckResult[] = [];
  for (const step of STEPS) {
    const mine = checks.filter((c) => c.step === step);
    const bad = mine.filter((c) => c.outcome === 'fail' || c.outcome === 'undecided');
    const pick = bad.length ? bad : mine.filter((c) => c.outcome === 'pass').slice(0, 1);
    out.push(...(pick.length ? pick : mine.slice(0, 1)));
  }
  return out;
}

function describe(pool: string, ev: PairEvaluation): string[] {
  const lines = [`node pool ${pool}: ${ev.verdict}`];
  for (const c of chain(ev.checks)) lines.push(`  ${mark[c.outcome]} ${c.step.padEnd(10)} ${c.summary}`);
  for (const cause of ev.causes) {
    lines.push(`  ${cause.outcome === 'fail' ? 'cause' : 'undecided'} [${cause.category}] ${cause.rule}: ${cause.message}`);
    if (cause.remediation.warning) lines.push(`    warning: ${cause.remediation.warning}`);
    for (const s of cause.remediation.steps) lines.push(`    - ${s}`);
    if (cause.remediation.gcloud) lines.push(`    $ ${cause.remediation.gcloud}`);
  }
  return lines;
}
