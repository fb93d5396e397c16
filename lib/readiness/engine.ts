/**
 * The readiness engine: every node pool × every Docker repository → a verdict with its causes, plus findings.
 * Pure: reads an Inventory, calls nothing. Pool-level checks run once per pool (cached per inventory); IAM facts
 * per policy and per repository chain are cached per inventory (iam.ts); access verdicts per service account ×
 * repository live only while a walk over the pools still needs them, so streaming holds no account × repository table.
 */
import type { Cluster, Inventory, NodePool, Repository } from '../inventory/types';
import { autoprovisioningFinding } from './findings/autoprovisioning';
import { basicRoleOnlyFinding } from './findings/basic-role-only';
import { defaultServiceAccountFinding } from './findings/default-service-account';
import { expiringGrantFinding, pullsStopOn } from './findings/expiring-grant';
import { grantDespiteUnreadablePolicyFinding } from './findings/grant-despite-unreadable-policy';
import { clusterListUnreadableFinding, repositoryListUnreadableFinding } from './findings/list-unreadable';
import { versionNotOfferedFinding } from './findings/version-not-offered';
import { workloadIdentityFinding } from './findings/workload-identity';
import { type AccountView, type Grant, IamResolver, type IamAnalysis, type PolicyHole, onlyThroughBasicRoles } from './iam';
import { networkPath } from './network';
import type { AccessContext, AccessRule, PoolContext, PoolRule, Rule, RuleOutcome } from './rule';
import { PAIR_RULES, RULE_ERROR_ID } from './rule-catalog';
import type { Cause, CheckResult, Finding, Pair, Report, Verdict } from './types';
import { securityFindings, unusedPullAccessFindings } from '../security/findings';
import { withSeverity } from '../security/severity';

/** One pair with its reasoning chain (identity → scopes → IAM → network → version), for the UI, can-pull and diagnose. */
export interface PairEvaluation extends Pair {
  checks: CheckResult[];
}

type Run = { rule: Rule; result: RuleOutcome } | { rule: Rule; error: string };

interface PoolEval {
  runs: Run[];
  /** Causes before IAM (identity, scopes) and after it (network, version), for private and public repositories. */
  beforePrivate: Cause[];
  afterPrivate: Cause[];
  beforePublic: Cause[];
  afterPublic: Cause[];
  allPrivate: Cause[];
  allPublic: Cause[];
  /** 0 can-pull, 1 unknown, 2 cannot-pull. */
  worstPrivate: number;
  worstPublic: number;
}

/** What a pair needs of an access evaluation: kept for accounts with pools still to come (rule runs and analysis are not). */
interface AccessVerdict {
  public: boolean;
  causes: Cause[];
  worst: number;
}

/** One account × repository judged by the access rules: the verdict, plus the analysis and runs for reasoning chains. */
interface AccessEval extends AccessVerdict {
  iam: IamAnalysis;
  runs: Run[];
}

const VERDICTS: Verdict[] = ['can-pull', 'unknown', 'cannot-pull'];

function worstOf(causes: Cause[]): number {
  let w = 0;
  for (const c of causes) {
    if (c.outcome === 'fail') return 2;
    w = 1;
  }
  return w;
}

const STEP_ORDER: Record<CheckResult['step'], number> = { identity: 0, scopes: 1, iam: 2, network: 3, version: 4, repository: 5 };

function isDocker(r: Repository): boolean {
  return r.format.toUpperCase() === 'DOCKER';
}

/** Every repository the engine pairs: format DOCKER, in inventory order. */
export function dockerRepositories(inv: Inventory): Repository[] {
  return inv.repositories.filter(isDocker);
}

function errorCause(rule: Rule, error: string): Cause {
  return {
    category: rule.category,
    rule: RULE_ERROR_ID,
    outcome: 'undecided',
    message: `Pullcheck's rule ${rule.id} failed while judging this pair (${error}), so that check is undecided.`,
    evidence: { ruleId: rule.id, error },
    remediation: {
      steps: ['This is a defect in Pullcheck, not in the estate: report it with the scan report attached.'],
      docs: [],
    },
  };
}

function toCause(run: Run): Cause | null {
  if ('error' in run) return errorCause(run.rule, run.error);
  const r = run.result;
  if (r.outcome !== 'fail' && r.outcome !== 'undecided') return null;
  return { category: run.rule.category, rule: run.rule.id, outcome: r.outcome, message: r.message, evidence: r.evidence, remediation: r.remediation };
}

function runRule<C>(rule: Rule, check: (ctx: C) => RuleOutcome, ctx: C): Run {
  try {
    return { rule, result: check.call(rule, ctx) };
  } catch (e) {
    return { rule, error: e instanceof Error ? e.message : String(e) };
  }
}

/** An account's state during a walk over the node pools: its view, and its row of verdicts if a later pool will reuse them. */
interface AccountRow {
  view: AccountView;
  /** Verdicts by Docker repository index, filled by the account's first pool; null when they are not kept. */
  row: AccessVerdict[] | null;
}

/**
 * Accounts with fewer node pools than this recompute their access verdicts for each pool instead of keeping a row.
 * Why: a kept row outlives V8's young generation and is copied into the old one, which measured dearer (bench
 * estate, 1,000 × 1,000) than judging the account × repository again for accounts with two or three pools.
 */
const KEEP_ROW_MIN_POOLS = 4;

/**
 * The accounts a walk over the node pools (in inventory order) still needs. An account's view lives from its first
 * pool to its last and is then dropped, with its row of verdicts when it has one (KEEP_ROW_MIN_POOLS). A streamed
 * pass so holds only the rows of accounts whose pools are still to come, never every account × repository.
 */
class AccessRows {
  private readonly lastPool = new Map<string, number>();
  private readonly poolCount = new Map<string, number>();
  private readonly live = new Map<string, AccountRow>();

  constructor(
    private readonly engine: Engine,
    pools: NodePool[],
  ) {
    pools.forEach((p, i) => {
      const email = p.serviceAccount.email;
      this.lastPool.set(email, i);
      this.poolCount.set(email, (this.poolCount.get(email) ?? 0) + 1);
    });
  }

  /** The state of a pool's account (with a filled row when an earlier pool computed it). */
  open(email: string): AccountRow {
    let r = this.live.get(email);
    if (!r) {
      r = { view: this.engine.iam.account(email), row: (this.poolCount.get(email) ?? 0) >= KEEP_ROW_MIN_POOLS ? [] : null };
      this.live.set(email, r);
    }
    return r;
  }

  /** Pool `i` is done: drop its account's state if no later pool uses the account. */
  close(email: string, i: number): void {
    if (this.lastPool.get(email) === i) this.live.delete(email);
  }
}

class Engine {
  readonly iam: IamResolver;
  readonly docker: Repository[];
  private readonly clusters: Map<string, Cluster>;
  private readonly poolEvals = new Map<string, PoolEval>();
  /** Account views for one-off pairs (evaluatePair): small, bounded by the accounts asked about. */
  private readonly views = new Map<string, AccountView>();
  private readonly poolRules: PoolRule[];
  private readonly accessRules: AccessRule[];

  constructor(
    readonly inv: Inventory,
    now?: Date,
  ) {
    this.iam = new IamResolver(inv, now);
    this.docker = dockerRepositories(inv);
    this.clusters = new Map(inv.clusters.map((c) => [c.name, c]));
    this.poolRules = PAIR_RULES.filter((r): r is PoolRule => r.level === 'pool');
    this.accessRules = PAIR_RULES.filter((r): r is AccessRule => r.level === 'access');
  }

  pool(pool: NodePool): PoolEval {
    let e = this.poolEvals.get(pool.name);
    if (e) return e;
    const ctx: PoolContext = {
      inv: this.inv,
      pool,
      cluster: this.clusters.get(pool.cluster) ?? null,
      serviceAccount: this.inv.serviceAccounts[pool.serviceAccount.email] ?? null,
      network: networkPath(this.inv, pool),
    };
    const runs = this.poolRules.map((r) => runRule(r, r.check, ctx));
    e = { runs, beforePrivate: [], afterPrivate: [], beforePublic: [], afterPublic: [], allPrivate: [], allPublic: [], worstPrivate: 0, worstPublic: 0 };
    for (const run of runs) {
      const cause = toCause(run);
      if (!cause) continue;
      const before = STEP_ORDER[run.rule.step] < STEP_ORDER.iam;
      (before ? e.beforePrivate : e.afterPrivate).push(cause);
      if (!(run.rule as PoolRule).publicRepositorySatisfies) (before ? e.beforePublic : e.afterPublic).push(cause);
    }
    e.allPrivate = [...e.beforePrivate, ...e.afterPrivate];
    e.allPublic = [...e.beforePublic, ...e.afterPublic];
    e.worstPrivate = Math.max(worstOf(e.beforePrivate), worstOf(e.afterPrivate));
    e.worstPublic = Math.max(worstOf(e.beforePublic), worstOf(e.afterPublic));
    this.poolEvals.set(pool.name, e);
    return e;
  }

  /** The account's view for one-off pairs (cached: cheap, and asked again for every pool of the account). */
  private view(email: string): AccountView {
    let v = this.views.get(email);
    if (!v) {
      v = this.iam.account(email);
      this.views.set(email, v);
    }
    return v;
  }

  /** The access evaluation of one account × repository, for one-off pairs (not cached). */
  access(email: string, repo: Repository): AccessEval {
    return this.computeAccess(this.view(email), repo);
  }

  /** The IAM analysis alone, for the findings; null when it threw (the pairs record that as a rule error, with no grant). */
  analysis(view: AccountView, repo: Repository): IamAnalysis | null {
    try {
      return this.iam.analyzeFor(view, repo);
    } catch {
      return null;
    }
  }

  computeAccess(view: AccountView, repo: Repository): AccessEval {
    const email = view.email;
    let iam: IamAnalysis;
    try {
      iam = this.iam.analyzeFor(view, repo);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      const empty: IamAnalysis = { serviceAccount: email, repository: repo.name, public: null, grants: [], conditional: [], undecided: [], holes: [], resources: [], deleted: false, ignoredBecauseDeleted: [], boundWithoutPermission: [] };
      const runs: Run[] = this.accessRules.map((rule) => ({ rule, error: msg }));
      const causes = [errorCause(this.accessRules[0], msg)];
      return { iam: empty, runs, public: false, causes, worst: worstOf(causes) };
    }
    const ctx: AccessContext = { inv: this.inv, serviceAccount: email, serviceAccountState: this.inv.serviceAccounts[email] ?? null, repository: repo, iam };
    const runs = this.accessRules.map((r) => runRule(r, r.check, ctx));
    const causes: Cause[] = [];
    for (const run of runs) {
      const c = toCause(run);
      if (c) causes.push(c);
    }
    return { iam, runs, public: iam.public !== null, causes, worst: worstOf(causes) };
  }

  assemble(pool: NodePool, repo: Repository, p: PoolEval, a: AccessVerdict): Pair {
    const pub = a.public;
    const before = pub ? p.beforePublic : p.beforePrivate;
    const after = pub ? p.afterPublic : p.afterPrivate;
    const poolWorst = pub ? p.worstPublic : p.worstPrivate;
    const worst = poolWorst > a.worst ? poolWorst : a.worst;
    // Cause arrays are shared between pairs when one side has none: treat a report as immutable.
    let causes: Cause[];
    if (worst === 0) causes = [];
    else if (a.causes.length === 0) causes = pub ? p.allPublic : p.allPrivate;
    else if (before.length + after.length === 0) causes = a.causes;
    else causes = [...before, ...a.causes, ...after];
    return pool.autoProvisioned
      ? { nodePool: pool.name, repository: repo.name, verdict: VERDICTS[worst], causes, autoProvisioned: true }
      : { nodePool: pool.name, repository: repo.name, verdict: VERDICTS[worst], causes };
  }

  pair(pool: NodePool, repo: Repository, a = this.access(pool.serviceAccount.email, repo)): Pair {
    return this.assemble(pool, repo, this.pool(pool), a);
  }

  checks(pool: NodePool, repo: Repository, a = this.access(pool.serviceAccount.email, repo)): CheckResult[] {
    const p = this.pool(pool);
    const pub = a.iam.public !== null;
    const out: CheckResult[] = [];
    for (const run of [...p.runs, ...a.runs]) {
      const { rule } = run;
      if (pub && rule.level === 'pool' && rule.publicRepositorySatisfies) {
        out.push({ step: rule.step, rule: rule.id, title: rule.title, outcome: 'pass', summary: `The repository is public (allUsers on its own policy): no credentials are needed, so this check is satisfied.`, evidence: { public: a.iam.public } });
      } else if ('error' in run) {
        out.push({ step: rule.step, rule: rule.id, title: rule.title, outcome: 'undecided', summary: `The rule failed: ${run.error}.`, evidence: { error: run.error, recordedAs: RULE_ERROR_ID } });
      } else {
        out.push({ step: rule.step, rule: rule.id, title: rule.title, outcome: run.result.outcome, summary: run.result.summary, evidence: run.result.evidence ?? {} });
      }
    }
    return out.sort((x, y) => STEP_ORDER[x.step] - STEP_ORDER[y.step]);
  }

  /** The verdict of one account × repository in a walk: from the account's row, else computed (and kept if the row is being filled). */
  private verdictIn(acc: AccountRow, j: number): AccessVerdict {
    const kept = acc.row?.[j];
    if (kept) return kept;
    const e = this.computeAccess(acc.view, this.docker[j]);
    if (!acc.row) return e;
    // Keep only what pairs need: the rule runs and the analysis would make every kept row several times larger.
    const v: AccessVerdict = { public: e.public, causes: e.causes, worst: e.worst };
    acc.row[j] = v;
    return v;
  }

  /** Every pair, pools in inventory order × Docker repositories; each account × repository is evaluated once. */
  *pairs(): Generator<Pair> {
    const pools = this.inv.nodePools;
    const docker = this.docker;
    const rows = new AccessRows(this, pools);
    for (let i = 0; i < pools.length; i++) {
      const pool = pools[i];
      const email = pool.serviceAccount.email;
      const p = this.pool(pool);
      const acc = rows.open(email);
      for (let j = 0; j < docker.length; j++) yield this.assemble(pool, docker[j], p, this.verdictIn(acc, j));
      rows.close(email, i);
    }
  }

  /** Every pair, into an array (the same walk as pairs(), without generator overhead). */
  allPairs(): Pair[] {
    const out: Pair[] = [];
    const pools = this.inv.nodePools;
    const docker = this.docker;
    const rows = new AccessRows(this, pools);
    for (let i = 0; i < pools.length; i++) {
      const pool = pools[i];
      const email = pool.serviceAccount.email;
      const p = this.pool(pool);
      const acc = rows.open(email);
      for (let j = 0; j < docker.length; j++) out.push(this.assemble(pool, docker[j], p, this.verdictIn(acc, j)));
      rows.close(email, i);
    }
    return out;
  }

  /** A virtual pool's pairs with every Docker repository (its account's evaluations are dropped afterwards). */
  poolPairs(pool: NodePool): Pair[] {
    const view = this.iam.account(pool.serviceAccount.email);
    const p = this.pool(pool);
    return this.docker.map((r) => this.assemble(pool, r, p, this.computeAccess(view, r)));
  }
}

const engines = new WeakMap<Inventory, Engine>();

/**
 * The inventory is treated as immutable: caches live as long as the inventory object. IAM conditions read
 * `request.time` as the scan's time: the inventory's collection time (`collectedAt`), else `now` when given.
 */
function engineFor(inv: Inventory, now?: Date): Engine {
  let e = engines.get(inv);
  if (!e) {
    e = new Engine(inv, Number.isFinite(Date.parse(inv.collectedAt)) ? undefined : now);
    engines.set(inv, e);
  }
  return e;
}

/** Judges one node pool against one repository, with the full reasoning chain. Throws when either name is not in the inventory. */
export function evaluatePair(inv: Inventory, nodePool: string, repository: string): PairEvaluation {
  const pool = inv.nodePools.find((p) => p.name === nodePool);
  if (!pool) throw new Error(`Node pool ${nodePool} is not in the inventory.`);
  const repo = inv.repositories.find((r) => r.name === repository);
  if (!repo) throw new Error(`Repository ${repository} is not in the inventory.`);
  const e = engineFor(inv);
  const a = e.access(pool.serviceAccount.email, repo);
  return { ...e.pair(pool, repo, a), checks: e.checks(pool, repo, a) };
}

/** Streams every node pool × Docker repository pair without building the report (for very large estates). */
export function* evaluatePairs(inv: Inventory): Generator<Pair> {
  yield* engineFor(inv).pairs();
}

/** Whether the autoprovisioning defaults name no scopes, so the on-demand pool was judged with GKE's default scopes. */
function autoprovisioningScopesAssumed(c: Cluster): boolean {
  return c.autoprovisioning !== null && c.autoprovisioning.oauthScopes.length === 0;
}

function findings(inv: Inventory, e: Engine): Finding[] {
  const out = new Map<string, Finding>();
  const add = (f: Finding, key = `${f.rule}\n${f.subject}`) => {
    if (!out.has(key)) out.set(key, f);
  };
  const poolsBySa = new Map<string, string[]>();
  for (const pool of inv.nodePools) {
    const list = poolsBySa.get(pool.serviceAccount.email) ?? [];
    list.push(pool.name);
    poolsBySa.set(pool.serviceAccount.email, list);
    if (pool.serviceAccount.isDefault) add(defaultServiceAccountFinding(pool));
    const sc = inv.serverConfigs[`projects/${pool.project}/locations/${pool.location}`];
    if (pool.version && sc?.status === 'ok' && sc.value.validNodeVersions.length && !sc.value.validNodeVersions.includes(pool.version)) {
      add(versionNotOfferedFinding(pool, sc.value.validNodeVersions));
    }
  }
  // The IAM findings need only the IAM analyses (no rules): walk every node account × Docker repository, in the
  // order the pairs meet them (accounts by first pool, repositories in inventory order), keeping nothing per pair.
  const basic = new Map<string, { grant: Grant; sa: string; repos: string[] }>();
  const expiring = new Map<string, { grants: Grant[]; sa: string; repos: string[]; date: string }>();
  const holes = new Map<string, { hole: PolicyHole; count: number }>();
  for (const sa of poolsBySa.keys()) {
    const view = e.iam.account(sa);
    for (const repo of e.docker) {
      const iam = e.analysis(view, repo);
      if (!iam) continue;
      if (onlyThroughBasicRoles(iam)) {
        for (const g of iam.grants) {
          const key = `${sa}\n${g.resource}\n${g.role}`;
          const b = basic.get(key) ?? { grant: g, sa, repos: [] };
          b.repos.push(iam.repository);
          basic.set(key, b);
        }
      }
      const ends = pullsStopOn(iam);
      if (ends) {
        const key = `${sa}\n${ends.date}\n${ends.grants.map((g) => `${g.resource} ${g.role}`).join('\n')}`;
        const x = expiring.get(key) ?? { grants: ends.grants, sa, repos: [], date: ends.date };
        x.repos.push(iam.repository);
        expiring.set(key, x);
      }
      if ((iam.public || iam.grants.length) && iam.holes.length) {
        for (const h of iam.holes) {
          const x = holes.get(h.resource) ?? { hole: h, count: 0 };
          x.count++;
          holes.set(h.resource, x);
        }
      }
    }
  }
  for (const [key, b] of basic) add(basicRoleOnlyFinding(b.grant, b.sa, b.repos, poolsBySa.get(b.sa) ?? []), key);
  for (const { hole, count } of holes.values()) add(grantDespiteUnreadablePolicyFinding(hole, count));
  for (const [key, x] of expiring) add(expiringGrantFinding(x.grants, x.sa, x.date, x.repos, poolsBySa.get(x.sa) ?? []), key);
  const onDemand = new Map(inv.nodePools.filter((p) => p.autoProvisioned).map((p) => [p.cluster, p]));
  for (const c of inv.clusters) {
    const pool = onDemand.get(c.name);
    // The pairs of the on-demand pool carry the verdicts; the finding adds the fix on the cluster's defaults.
    if (pool) add(autoprovisioningFinding(c, e.poolPairs(pool), autoprovisioningScopesAssumed(c)));
    if (c.workloadPool) add(workloadIdentityFinding(c));
  }
  const group = (gaps: { project: string; gapId: string }[]) => {
    const m = new Map<string, string[]>();
    for (const g of gaps) m.set(g.project, [...(m.get(g.project) ?? []), g.gapId]);
    return m;
  };
  for (const [p, ids] of group(inv.clusterListGaps)) add(clusterListUnreadableFinding(p, ids));
  for (const [p, ids] of group(inv.repositoryListGaps)) add(repositoryListUnreadableFinding(p, ids));
  return [...out.values(), ...securityFindings(inv, e.iam)].map(withSeverity);
}

/** The findings alone (observations beside the verdicts), for callers that stream the pairs with evaluatePairs. */
export function evaluateFindings(inv: Inventory): Finding[] {
  return findings(inv, engineFor(inv));
}

/** Judges every node pool × Docker repository in the inventory, across projects; findings beside the pairs; gaps = inv.gaps. */
export function evaluate(inv: Inventory, opts: { now: Date }): Report {
  const e = engineFor(inv);
  const pairs = e.allPairs();
  return {
    schemaVersion: 1,
    scannedAt: opts.now.toISOString(),
    scope: inv.scope,
    pairs,
    findings: [...findings(inv, e), ...unusedPullAccessFindings(pairs)],
    gaps: inv.gaps,
  };
}
