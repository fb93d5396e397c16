/**
 * The readiness engine: every node pool × every Docker repository → a verdict with its causes, plus findings.
 * Pure: reads an Inventory, calls nothing. Rules belong to levels (levels.ts), each keyed by what its rules depend
 * on: the pool; the service account × repository; the node network's project × the repository's project; the
 * repository. Each level's outcome is memoized per key: pool, perimeter and repository outcomes for the inventory's
 * life, account × repository outcomes only while a walk over the pools still needs them, so streaming holds no
 * account × repository table.
 */
import type { Cluster, Inventory, NodePool, Repository } from '../inventory/types';
import { DenyResolver, type DenyAnalysis } from './deny';
import { analyzeDownloadRules } from './download-rules';
import { collected, EVIDENCE_LABEL } from './evidence';
import { engineFindings } from './engine-findings';
import { type AccountView, IamResolver, type IamAnalysis } from './iam';
import { rulesOf } from './levels';
import { networkPath } from './network';
import { PerimeterResolver, type NetworkSide } from './perimeter';
import type { AccessContext, AccessRule, PerimeterContext, PerimeterRule, PoolContext, PoolRule, RepositoryContext, RepositoryRule, Rule, RuleOutcome } from './rule';
import { RULE_ERROR_ID } from './rule-catalog';
import type { Cause, CheckResult, Finding, Pair, Report, Verdict } from './types';
import { unusedPullAccessFindings } from '../security/findings';

/** One pair with its reasoning chain (identity → scopes → deny → IAM → network → perimeter → version → repository). */
export interface PairEvaluation extends Pair {
  checks: CheckResult[];
}

type Run = { rule: Rule; result: RuleOutcome } | { rule: Rule; error: string };

/**
 * A level's causes for one key, ordered by step, with each cause's step beside it. `soft` causes (rules that only
 * take a pull away when evidence was unreadable) count only for a pair that no other cause fails or leaves undecided.
 */
interface Out {
  causes: Cause[];
  steps: number[];
  /** 0 can-pull, 1 unknown, 2 cannot-pull (hard causes only). */
  worst: number;
  soft: Cause[];
  softSteps: number[];
}

interface LevelEval {
  runs: Run[];
  out: Out;
}

interface PoolEval {
  runs: Run[];
  /** For private repositories, and for public ones (where `publicRepositorySatisfies` rules pass). */
  priv: Out;
  pub: Out;
  network: NetworkSide;
  /** The perimeter cache key of the pool's network side. */
  networkKey: string;
  /** No perimeter can touch pulls from its network side (PerimeterResolver.quiet). */
  quiet: boolean;
}

/**
 * What a pair needs of an access evaluation: its causes, and whether the repository is public. Kept for accounts
 * with pools still to come (rule runs and analysis are not); one object per account × repository, so it is flat.
 */
interface AccessVerdict extends Out {
  public: boolean;
}

/** One account × repository judged by the access rules: the verdict, plus the analyses and runs for reasoning chains. */
interface AccessEval {
  public: boolean;
  out: Out;
  iam: IamAnalysis;
  deny: DenyAnalysis | null;
  runs: Run[];
}

/**
 * The access outcome every account of one verdict shape gets on one repository (IamResolver.shapeIn; no deny rule of the
 * chain names them, DenyResolver.names): the same rules fail or stay undecided, in the same order; only what their
 * message, evidence and remediation say of each account differs. Judged in full for the first such account.
 */
interface AccessTemplate {
  verdict: AccessVerdict;
  /** The heads of its causes and soft causes, read once (the causes themselves may be deferred). */
  heads: CauseHead[];
  softHeads: CauseHead[];
  /** False when a rule threw: its error may name the account, so each account is judged in full. */
  shareable: boolean;
}

/** The perimeter outcome of one (network side, repository project): shared, or per account when rules name identities. */
type PerimeterEntry = { shared: LevelEval } | { byAccount: Map<string, LevelEval> };

const VERDICTS: Verdict[] = ['can-pull', 'unknown', 'cannot-pull'];

const STEP_ORDER: Record<CheckResult['step'], number> = { identity: 0, scopes: 1, deny: 2, iam: 3, network: 4, perimeter: 5, version: 6, repository: 7 };

const EMPTY: Out = { causes: [], steps: [], worst: 0, soft: [], softSteps: [] };

/** The walk's perimeter outcome where no perimeter can touch the pull (PerimeterResolver.untouched): no cause. */
const UNTOUCHED: LevelEval = { runs: [], out: EMPTY };

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

/** The fields of a cause, in the order every report writes them. */
const CAUSE_KEYS: readonly string[] = ['category', 'rule', 'outcome', 'message', 'evidence', 'remediation'];

/** What a cause is known by before it is read: its category, rule and outcome. */
type CauseHead = Pick<Cause, 'category' | 'rule' | 'outcome'>;

/** A cause whose rule, outcome and category are known now and whose message, evidence and remediation are built on first read. */
abstract class Deferred {
  abstract readonly category: Cause['category'];
  abstract readonly rule: string;
  abstract readonly outcome: Cause['outcome'];
  abstract field(key: 'message' | 'evidence' | 'remediation'): unknown;
}

/**
 * Presents a Deferred as a plain cause: the six fields are own, enumerable and in report order, so JSON, spreads,
 * Object.keys and deep equality see a plain object (the Deferred's own state stays hidden). A Proxy, not getters in
 * a literal: V8 gives every literal with accessors its own hidden class, which cost more than judging the pair.
 */
const DEFERRED_CAUSE: ProxyHandler<Deferred> = {
  get(t, key, receiver) {
    switch (key) {
      case 'category':
        return t.category;
      case 'rule':
        return t.rule;
      case 'outcome':
        return t.outcome;
      case 'message':
      case 'evidence':
      case 'remediation':
        return t.field(key);
    }
    // What a plain object inherits (constructor, toString, hasOwnProperty...); the Deferred's own state stays hidden.
    return typeof key === 'symbol' || !Object.hasOwn(t, key) ? Reflect.get(Object.prototype, key, receiver) : undefined;
  },
  has(_t, key) {
    return typeof key === 'string' && (CAUSE_KEYS.includes(key) || key in Object.prototype);
  },
  ownKeys() {
    return [...CAUSE_KEYS];
  },
  getOwnPropertyDescriptor(t, key) {
    if (typeof key !== 'string' || !CAUSE_KEYS.includes(key)) return undefined;
    return { value: DEFERRED_CAUSE.get!(t, key, t), enumerable: true, configurable: true, writable: false };
  },
  // A plain object's prototype: React refuses class instances as props of client components, and so do other
  // plain-object checks; the Deferred class is an implementation detail.
  getPrototypeOf() {
    return Object.prototype;
  },
  set() {
    return false;
  },
  defineProperty() {
    return false;
  },
  deleteProperty() {
    return false;
  },
};

function deferredCause(d: Deferred): Cause {
  return new Proxy(d, DEFERRED_CAUSE) as unknown as Cause;
}

/** A rule's cause whose remediation (quoted gcloud and Terraform) is built on first read, and once. */
class DeferredRemediation extends Deferred {
  private value: Cause['remediation'] | undefined;
  readonly category: Cause['category'];
  readonly rule: string;
  constructor(
    rule: Rule,
    readonly outcome: Cause['outcome'],
    private readonly message: string,
    private readonly evidence: Record<string, unknown>,
    private readonly make: () => Cause['remediation'],
  ) {
    super();
    this.category = rule.category;
    this.rule = rule.id;
  }
  field(key: 'message' | 'evidence' | 'remediation'): unknown {
    if (key === 'message') return this.message;
    if (key === 'evidence') return this.evidence;
    return (this.value ??= this.make());
  }
}

/**
 * A template's cause for another account: the same rule, outcome and category; the account's own message, evidence
 * and remediation from judging its account × repository in full, on first read.
 */
class DeferredAccessCause extends Deferred {
  private real: Cause | undefined;
  /** One per pair, so small: `index` is the cause's place among the hard causes, or -1 - its place among the soft ones. */
  constructor(
    private readonly head: CauseHead,
    private readonly engine: Engine,
    private readonly view: AccountView,
    private readonly repo: Repository,
    private readonly index: number,
  ) {
    super();
  }
  get category(): Cause['category'] {
    return this.head.category;
  }
  get rule(): string {
    return this.head.rule;
  }
  get outcome(): Cause['outcome'] {
    return this.head.outcome;
  }
  field(key: 'message' | 'evidence' | 'remediation'): unknown {
    if (!this.real) {
      const out = this.engine.computeAccess(this.view, this.repo).out;
      const c = this.index >= 0 ? out.causes[this.index] : out.soft[-1 - this.index];
      if (!c || c.rule !== this.head.rule || c.outcome !== this.head.outcome) {
        throw new Error(`Pullcheck's engine shared the outcome of ${this.head.rule} with an account it differs for (${this.view.email} on ${this.repo.name}).`);
      }
      this.real = c;
    }
    return this.real[key];
  }
}

function toCause(run: Run): Cause | null {
  if ('error' in run) return errorCause(run.rule, run.error);
  const r = run.result;
  if (r.outcome !== 'fail' && r.outcome !== 'undecided') return null;
  if ('remediation' in r) return { category: run.rule.category, rule: run.rule.id, outcome: r.outcome, message: r.message, evidence: r.evidence, remediation: r.remediation };
  // Built on first read, and once: most causes of a large scan are counted or filtered, and the quoted gcloud and
  // Terraform text was most of the engine's time per pair.
  return deferredCause(new DeferredRemediation(run.rule, r.outcome, r.message, r.evidence, r.remediate));
}

function runRule<C>(rule: Rule, check: (ctx: C) => RuleOutcome, ctx: C): Run {
  try {
    return { rule, result: check.call(rule, ctx) };
  } catch (e) {
    return { rule, error: e instanceof Error ? e.message : String(e) };
  }
}

/** The causes of a level's runs, ordered by step (stable), split into hard and soft. */
function outOf(runs: Run[], keep: (run: Run) => boolean = () => true): Out {
  const hard: { c: Cause; s: number }[] = [];
  const soft: { c: Cause; s: number }[] = [];
  for (const run of runs) {
    if (!keep(run)) continue;
    const c = toCause(run);
    if (!c) continue;
    const s = STEP_ORDER[run.rule.step];
    (run.rule.onlyIfOtherwisePulls && c.outcome === 'undecided' ? soft : hard).push({ c, s });
  }
  if (!hard.length && !soft.length) return EMPTY;
  hard.sort((x, y) => x.s - y.s);
  soft.sort((x, y) => x.s - y.s);
  let worst = 0;
  for (const h of hard) worst = Math.max(worst, h.c.outcome === 'fail' ? 2 : 1);
  return { causes: hard.map((h) => h.c), steps: hard.map((h) => h.s), worst, soft: soft.map((h) => h.c), softSteps: soft.map((h) => h.s) };
}

/** Merges the step-ordered cause lists of several levels; shares the one list when only one has causes (reports are immutable). */
function merge(lists: Cause[][], steps: number[][]): Cause[] {
  let only = -1;
  let count = 0;
  for (let i = 0; i < lists.length; i++) {
    if (lists[i].length) {
      count++;
      only = i;
    }
  }
  if (count === 0) return [];
  if (count === 1) return lists[only];
  const out: Cause[] = [];
  const at = lists.map(() => 0);
  for (;;) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) if (at[i] < lists[i].length && (best < 0 || steps[i][at[i]] < steps[best][at[best]])) best = i;
    if (best < 0) return out;
    out.push(lists[best][at[best]++]);
  }
}

/** An account's state during a walk over the node pools: its view, and its row of verdicts if a later pool will reuse them. */
interface AccountRow {
  view: AccountView;
  /** Verdicts by Docker repository index, filled by the account's first pool; null when it has one pool. */
  row: AccessVerdict[] | null;
  /**
   * Whether the row also keeps verdicts built from a repository's template (cheap to build again); verdicts judged in
   * full (a policy of the chain names the account) are kept for every account with more than one pool.
   */
  keepShared: boolean;
}

/**
 * Accounts with fewer node pools than this rebuild their template-based access verdicts for each pool instead of keeping them.
 * Why: a kept row outlives V8's young generation and is copied into the old one, which measured dearer (bench
 * estate, 1,000 × 1,000) than judging the account × repository again for accounts with two or three pools.
 */
const KEEP_ROW_MIN_POOLS = 4;

/** The accounts a walk over the node pools still needs: an account's state lives from its first pool to its last. */
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

  open(email: string): AccountRow {
    let r = this.live.get(email);
    if (!r) {
      const pools = this.poolCount.get(email) ?? 0;
      r = { view: this.engine.iam.account(email), row: pools > 1 ? [] : null, keepShared: pools >= KEEP_ROW_MIN_POOLS };
      this.live.set(email, r);
    }
    return r;
  }

  close(email: string, i: number): void {
    if (this.lastPool.get(email) === i) this.live.delete(email);
  }
}

/** A rule whose evidence the inventory does not carry at all is skipped: not applicable, "not read by this scan". */
function skipped(inv: Inventory, rule: Rule): Run | null {
  const missing = rule.requires.filter((k) => !collected(inv, k));
  if (!missing.length) return null;
  const what = missing.map((k) => EVIDENCE_LABEL[k]).join(', ');
  return { rule, result: { outcome: 'not-applicable', summary: `Not read by this scan (${what}): the scan or snapshot predates this check, so it was skipped.`, evidence: { notCollected: missing } } };
}

/** The project and network of a pool's node subnet (the Shared VPC host when shared). */
function networkSide(inv: Inventory, pool: NodePool, cluster: Cluster | null, numbers: Map<string, string>): NetworkSide {
  const subnet = pool.subnetwork ? inv.subnetworks[pool.subnetwork] : undefined;
  const network = subnet?.status === 'ok' ? subnet.value.network : (cluster?.network ?? null);
  const from = pool.subnetwork ?? network;
  const m = from ? /^projects\/([^/]+)\//.exec(from) : null;
  const project = m ? m[1] : null;
  return { project, number: project ? (numbers.get(project) ?? null) : null, network };
}

export class Engine {
  readonly iam: IamResolver;
  readonly deny: DenyResolver;
  readonly perimeters: PerimeterResolver;
  readonly docker: Repository[];
  private readonly clusters: Map<string, Cluster>;
  private readonly numbers: Map<string, string>;
  private readonly poolEvals = new Map<string, PoolEval>();
  private readonly views = new Map<string, AccountView>();
  private readonly perimeterEvals = new Map<string, Map<string, PerimeterEntry>>();
  private readonly repoEvals = new Map<Repository, LevelEval & { analysis: ReturnType<typeof analyzeDownloadRules> }>();
  private readonly poolRules: PoolRule[] = rulesOf('pool');
  private readonly accessRules: AccessRule[] = rulesOf('access');
  private readonly perimeterRules: PerimeterRule[] = rulesOf('perimeter');
  private readonly repositoryRules: RepositoryRule[] = rulesOf('repository');
  /** Access templates by Docker repository index, for accounts that exist and for deleted ones (see AccessTemplate). */
  private readonly templates: (AccessTemplate | undefined)[] = [];
  private readonly deletedTemplates: (AccessTemplate | undefined)[] = [];
  /** Access templates by Docker repository index and positive shape (accounts named only above the repository, alike). */
  private readonly shapedTemplates: (Map<number, AccessTemplate> | undefined)[] = [];
  /** Per network side (PoolEval.networkKey): perimeter outcomes shared by every account, by Docker repository index. */
  private readonly perimeterRows = new Map<string, (LevelEval | undefined)[]>();
  /** By Docker repository index: whether a deny rule of its project's chain denies the download to anyone. */
  private readonly denyRules: boolean[];
  /** By Docker repository index: the index of its parent chain in the IAM resolver (IamResolver.parentIndex). */
  private parentIdx = new Int32Array(0);
  /** By Docker repository index: no perimeter can touch pulls into its project (PerimeterResolver.quiet). */
  private readonly quietRepos: boolean[];
  /** Runs for rules skipped because their evidence was not collected (same for every key). */
  private readonly skips = new Map<Rule, Run>();

  constructor(
    readonly inv: Inventory,
    now?: Date,
  ) {
    this.iam = new IamResolver(inv, now);
    this.deny = new DenyResolver(inv, this.iam);
    this.perimeters = new PerimeterResolver(inv);
    this.docker = dockerRepositories(inv);
    this.denyRules = this.docker.map((r) => (this.deny.chain(r.project)?.rules.length ?? 0) > 0);
    this.clusters = new Map(inv.clusters.map((c) => [c.name, c]));
    this.numbers = new Map(inv.projects.filter((p) => p.number).map((p) => [p.id, p.number]));
    for (const [id, n] of Object.entries(inv.hostProjectNumbers ?? {})) if (n.status === 'ok' && n.value && !this.numbers.has(id)) this.numbers.set(id, n.value);
    this.quietRepos = this.docker.map((r) => this.quietRepository(r.project));
    for (const r of [...this.poolRules, ...this.accessRules, ...this.perimeterRules, ...this.repositoryRules]) {
      const s = skipped(inv, r);
      if (s) this.skips.set(r, s);
    }
  }

  private run<C>(rule: Rule & { check(ctx: C): RuleOutcome }, ctx: C): Run {
    return this.skips.get(rule) ?? runRule(rule, rule.check, ctx);
  }

  pool(pool: NodePool): PoolEval {
    let e = this.poolEvals.get(pool.name);
    if (e) return e;
    const cluster = this.clusters.get(pool.cluster) ?? null;
    const ctx: PoolContext = {
      inv: this.inv,
      pool,
      cluster,
      serviceAccount: this.inv.serviceAccounts[pool.serviceAccount.email] ?? null,
      network: networkPath(this.inv, pool),
    };
    const runs = this.poolRules.map((r) => this.run(r, ctx));
    const network = networkSide(this.inv, pool, cluster, this.numbers);
    const networkKey = `${network.project ?? ''}\n${network.network ?? ''}`;
    e = {
      runs,
      priv: outOf(runs),
      pub: outOf(runs, (run) => !(run.rule as PoolRule).publicRepositorySatisfies),
      network,
      networkKey,
      quiet: this.perimeters.quiet(`network ${networkKey}`, network.project, network.number, network.network),
    };
    this.poolEvals.set(pool.name, e);
    return e;
  }

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
    let deny: DenyAnalysis | null;
    try {
      iam = this.iam.analyzeFor(view, repo);
      deny = this.deny.analyze(email, repo);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      const empty: IamAnalysis = { serviceAccount: email, repository: repo.name, public: null, grants: [], conditional: [], undecided: [], holes: [], resources: [], deleted: false, ignoredBecauseDeleted: [], boundWithoutPermission: [] };
      const runs: Run[] = this.accessRules.map((rule) => ({ rule, error: msg }));
      // Recorded against the allow rule (the first access rule of step iam), whatever deny rules precede it.
      const first = this.accessRules.find((r) => r.step === 'iam') ?? this.accessRules[0];
      const cause = errorCause(first, msg);
      return { iam: empty, deny: null, runs, public: false, out: { ...EMPTY, causes: [cause], steps: [STEP_ORDER[first.step]], worst: 1 } };
    }
    const ctx: AccessContext = { inv: this.inv, serviceAccount: email, serviceAccountState: this.inv.serviceAccounts[email] ?? null, repository: repo, iam, deny };
    const runs = this.accessRules.map((r) => this.run(r, ctx));
    return { iam, deny, runs, public: iam.public !== null, out: outOf(runs) };
  }

  /** The perimeter outcome of a pool's network side × a repository's project (per account only when a crossing is decided by rules). */
  perimeter(p: PoolEval, repo: Repository, email: string): LevelEval {
    let byRepo = this.perimeterEvals.get(p.networkKey);
    if (!byRepo) {
      byRepo = new Map();
      this.perimeterEvals.set(p.networkKey, byRepo);
    }
    const entry = byRepo.get(repo.project);
    if (entry) {
      if ('shared' in entry) return entry.shared;
      const kept = entry.byAccount.get(email);
      if (kept) return kept;
    }
    const analysis = this.perimeters.analyze(p.network, { project: repo.project, number: this.numbers.get(repo.project) ?? null }, email);
    const ctx: PerimeterContext = { inv: this.inv, analysis };
    const runs = this.perimeterRules.map((r) => this.run(r, ctx));
    const e: LevelEval = { runs, out: outOf(runs) };
    if (PerimeterResolver.accountDependent(analysis.decision) || (analysis.dryRunBlocks && PerimeterResolver.accountDependent(analysis.dryRunBlocks))) {
      if (entry && 'byAccount' in entry) entry.byAccount.set(email, e);
      else byRepo.set(repo.project, { byAccount: new Map([[email, e]]) });
    } else byRepo.set(repo.project, { shared: e });
    return e;
  }

  /** A network side's row of shared perimeter outcomes, by Docker repository index (filled as the walk reaches them). */
  private perimeterRow(p: PoolEval): (LevelEval | undefined)[] {
    let row = this.perimeterRows.get(p.networkKey);
    if (!row) {
      row = [];
      this.perimeterRows.set(p.networkKey, row);
    }
    return row;
  }

  /** The perimeter outcome for the walk: an array read when it is shared by every account, else `perimeter`. */
  private perimeterIn(p: PoolEval, row: (LevelEval | undefined)[], j: number, email: string): LevelEval {
    // Most pulls cross no perimeter: their outcome has no cause, so the walk needs no analysis (checks() still runs one).
    if (p.quiet && this.quietRepos[j]) return UNTOUCHED;
    const kept = row[j];
    if (kept) return kept;
    const repo = this.docker[j];
    const e = this.perimeter(p, repo, email);
    const entry = this.perimeterEvals.get(p.networkKey)?.get(repo.project);
    if (entry && 'shared' in entry) row[j] = e;
    return e;
  }

  /** The repository-level outcome (download rules), once per repository. */
  repository(repo: Repository): LevelEval & { analysis: ReturnType<typeof analyzeDownloadRules> } {
    let e = this.repoEvals.get(repo);
    if (!e) {
      const analysis = analyzeDownloadRules(this.inv, repo);
      const ctx: RepositoryContext = { inv: this.inv, repository: repo, rules: analysis };
      const runs = this.repositoryRules.map((r) => this.run(r, ctx));
      e = { runs, out: outOf(runs), analysis };
      this.repoEvals.set(repo, e);
    }
    return e;
  }

  assemble(pool: NodePool, repo: Repository, p: PoolEval, pub: boolean, ao: Out, q: LevelEval, r: LevelEval): Pair {
    const pc = pub ? p.pub : p.priv;
    const qo = q.out;
    const ro = r.out;
    let worst = pc.worst;
    if (ao.worst > worst) worst = ao.worst;
    if (qo.worst > worst) worst = qo.worst;
    if (ro.worst > worst) worst = ro.worst;
    let causes: Cause[];
    if (worst > 0) causes = merge([pc.causes, ao.causes, qo.causes, ro.causes], [pc.steps, ao.steps, qo.steps, ro.steps]);
    else if (!pc.soft.length && !ao.soft.length && !qo.soft.length && !ro.soft.length) causes = [];
    else {
      causes = merge([pc.soft, ao.soft, qo.soft, ro.soft], [pc.softSteps, ao.softSteps, qo.softSteps, ro.softSteps]);
      worst = 1;
    }
    return pool.autoProvisioned
      ? { nodePool: pool.name, repository: repo.name, verdict: VERDICTS[worst], causes, autoProvisioned: true }
      : { nodePool: pool.name, repository: repo.name, verdict: VERDICTS[worst], causes };
  }

  pair(pool: NodePool, repo: Repository, a = this.access(pool.serviceAccount.email, repo)): Pair {
    const p = this.pool(pool);
    return this.assemble(pool, repo, p, a.public, a.out, this.perimeter(p, repo, pool.serviceAccount.email), this.repository(repo));
  }

  checks(pool: NodePool, repo: Repository, a = this.access(pool.serviceAccount.email, repo)): CheckResult[] {
    const p = this.pool(pool);
    const pub = a.iam.public !== null;
    const out: CheckResult[] = [];
    const q = this.perimeter(p, repo, pool.serviceAccount.email);
    const r = this.repository(repo);
    for (const run of [...p.runs, ...a.runs, ...q.runs, ...r.runs]) {
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

  private verdictIn(acc: AccountRow, j: number): AccessVerdict {
    const kept = acc.row?.[j];
    if (kept) return kept;
    return this.accessVerdict(acc.view, j, acc.row, acc.keepShared);
  }

  /**
   * The access verdict of an account on the j-th Docker repository. When no policy of the repository's chain names the
   * account, it is the repository's template with the account's own causes built on first read; otherwise judged in full.
   */
  private accessVerdict(view: AccountView, j: number, row: AccessVerdict[] | null, keepShared: boolean): AccessVerdict {
    const repo = this.docker[j];
    if (this.denyRules[j] && this.deny.names(view.email, repo.project)) {
      const v = this.keep(this.computeAccess(view, repo));
      if (row) row[j] = v;
      return v;
    }
    // A deleted account matches no binding (its analysis keeps only what it would have had, as evidence), so every
    // deleted account has one outcome per repository. parentIdx is filled by startWalk.
    const shape = view.deleted ? 0 : this.iam.shapeIn(view, repo, this.parentIdx[j]);
    const v = this.shared(view, j, repo, shape);
    if (row && keepShared) row[j] = v;
    return v;
  }

  /**
   * The verdict of an account whose analysis on the repository has a shared shape (IamResolver.shapeIn: no policy of
   * the chain names it, or its parent chain gives it the same lists as others): the template of that repository and
   * shape, with the account's own causes.
   */
  private shared(view: AccountView, j: number, repo: Repository, shape: number): AccessVerdict {
    let t: AccessTemplate | undefined;
    let byShape: Map<number, AccessTemplate> | undefined;
    if (shape === 0) t = (view.deleted ? this.deletedTemplates : this.templates)[j];
    else {
      byShape = this.shapedTemplates[j] ??= new Map();
      t = byShape.get(shape);
    }
    if (!t) {
      const e = this.computeAccess(view, repo);
      const verdict = this.keep(e);
      const head = (c: Cause): CauseHead => ({ category: c.category, rule: c.rule, outcome: c.outcome });
      const made: AccessTemplate = { verdict, heads: verdict.causes.map(head), softHeads: verdict.soft.map(head), shareable: !e.runs.some((r) => 'error' in r) };
      if (byShape) byShape.set(shape, made);
      else (view.deleted ? this.deletedTemplates : this.templates)[j] = made;
      return verdict;
    }
    if (!t.shareable) return this.keep(this.computeAccess(view, repo));
    const o = t.verdict;
    if (!o.causes.length && !o.soft.length) return o;
    const causes: Cause[] = [];
    for (let i = 0; i < o.causes.length; i++) causes.push(deferredCause(new DeferredAccessCause(t.heads[i], this, view, repo, i)));
    // The template's empty list is shared (verdicts are immutable).
    let soft = o.soft;
    if (soft.length) {
      soft = [];
      for (let i = 0; i < o.soft.length; i++) soft.push(deferredCause(new DeferredAccessCause(t.softHeads[i], this, view, repo, -1 - i)));
    }
    return { public: o.public, causes, steps: o.steps, worst: o.worst, soft, softSteps: o.softSteps };
  }

  /** What pairs need of an access evaluation: the rule runs and the analyses would make every kept verdict several times larger. */
  private keep(e: AccessEval): AccessVerdict {
    const o = e.out;
    return { public: e.public, causes: o.causes, steps: o.steps, worst: o.worst, soft: o.soft, softSteps: o.softSteps };
  }

  /** What only a walk over every pair needs, computed when one starts (one-off pairs do without). */
  private startWalk(): void {
    if (this.parentIdx.length !== this.docker.length) this.parentIdx = Int32Array.from(this.docker, (r) => this.iam.parentIndex(r));
  }

  /** Every pair, pools in inventory order × Docker repositories; each level's key is evaluated once. */
  *walk(): Generator<Pair> {
    const pools = this.inv.nodePools;
    const docker = this.docker;
    const repoLevel = docker.map((r) => this.repository(r));
    this.startWalk();
    const rows = new AccessRows(this, pools);
    for (let i = 0; i < pools.length; i++) {
      const pool = pools[i];
      const email = pool.serviceAccount.email;
      const p = this.pool(pool);
      const acc = rows.open(email);
      const prow = this.perimeterRow(p);
      for (let j = 0; j < docker.length; j++) {
        const a = this.verdictIn(acc, j);
        yield this.assemble(pool, docker[j], p, a.public, a, this.perimeterIn(p, prow, j, email), repoLevel[j]);
      }
      rows.close(email, i);
    }
  }

  /** Every pair, into an array (the same walk, without generator overhead). */
  allPairs(): Pair[] {
    const out: Pair[] = [];
    const pools = this.inv.nodePools;
    const docker = this.docker;
    const repoLevel = docker.map((r) => this.repository(r));
    this.startWalk();
    const rows = new AccessRows(this, pools);
    for (let i = 0; i < pools.length; i++) {
      const pool = pools[i];
      const email = pool.serviceAccount.email;
      const p = this.pool(pool);
      const acc = rows.open(email);
      const prow = this.perimeterRow(p);
      for (let j = 0; j < docker.length; j++) {
        const a = this.verdictIn(acc, j);
        out.push(this.assemble(pool, docker[j], p, a.public, a, this.perimeterIn(p, prow, j, email), repoLevel[j]));
      }
      rows.close(email, i);
    }
    return out;
  }

  /** One pool's pairs with every Docker repository, as the walk judges them (its account's verdicts are dropped afterwards). */
  poolPairs(pool: NodePool): Pair[] {
    this.startWalk();
    const email = pool.serviceAccount.email;
    const acc: AccountRow = { view: this.iam.account(email), row: null, keepShared: false };
    const p = this.pool(pool);
    const prow = this.perimeterRow(p);
    return this.docker.map((r, j) => {
      const a = this.verdictIn(acc, j);
      return this.assemble(pool, r, p, a.public, a, this.perimeterIn(p, prow, j, email), this.repository(r));
    });
  }

  /** Whether no perimeter can touch pulls from the pool's network into the project (both sides quiet: PerimeterResolver.quiet). */
  quietBetween(pool: NodePool, project: string): boolean {
    return this.pool(pool).quiet && this.quietRepository(project);
  }

  /** Whether no perimeter can touch pulls into a repository project (PerimeterResolver.quiet, cached by the resolver). */
  private quietRepository(project: string): boolean {
    return this.perimeters.quiet(`repository ${project}`, project, this.numbers.get(project) ?? null, null);
  }

  /** The project number the scan knows for a project id (scope projects and node-network host projects). */
  numberOf(project: string): string | null {
    return this.numbers.get(project) ?? null;
  }

  /** The network side of a pool (for findings and the UI). */
  networkOf(pool: NodePool): NetworkSide {
    return this.pool(pool).network;
  }
}

const engines = new WeakMap<Inventory, Engine>();

/**
 * The inventory is treated as immutable: caches live as long as the inventory object. IAM conditions read
 * `request.time` as the scan's time: the inventory's collection time (`collectedAt`), else `now` when given.
 */
export function engineFor(inv: Inventory, now?: Date): Engine {
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
export function evaluatePairs(inv: Inventory): Generator<Pair> {
  // The walk itself, not a generator delegating to it: `yield*` costs a second resumption per pair.
  return engineFor(inv).walk();
}

/** The findings alone (observations beside the verdicts), for callers that stream the pairs with evaluatePairs. */
export function evaluateFindings(inv: Inventory): Finding[] {
  return engineFindings(inv, engineFor(inv));
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
    findings: [...engineFindings(inv, e), ...unusedPullAccessFindings(pairs)],
    gaps: inv.gaps,
  };
}
