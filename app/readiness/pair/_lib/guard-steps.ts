/**
 * What the pair page's reasoning chain shows under the deny, perimeter and download-rule steps: which deny rule and
 * attachment point denied or excepted the node service account (IAM "Deny policies overview"), which perimeter the
 * pull crosses between the node network's project and the repository's project and what allowed or blocked it (VPC
 * Service Controls "Ingress and egress rules", "Perimeter bridges", "Dry run mode"), and which download rule applies
 * (Artifact Registry "Restrict artifact downloads with download rules"). Each line is marked as the chain's checks are.
 */
import type { Inventory, NodePool, Repository } from '@/lib/inventory/types';
import { engineFor } from '@/lib/readiness/engine';
import { describeDenyRule } from '@/lib/readiness/rules/iam-denied';
import type { Crossing, PerimeterAnalysis, PerimeterDecision } from '@/lib/readiness/perimeter';
import { lastSegment, packageName } from '@/app/repositories/_lib/guards';

/** The chain's outcomes, plus `note`: read and worth knowing, but it does not decide this pair (dry run, a rule for other images). */
export type GuardMark = 'pass' | 'fail' | 'undecided' | 'not-applicable' | 'note';

export interface GuardLine {
  mark: GuardMark;
  text: string;
  /** The evidence behind the line: term and value, as read. */
  facts: [string, string][];
}

export type GuardStepId = 'deny' | 'perimeter' | 'repository';

export interface GuardStep {
  /** Facts about the step as a whole (for perimeters: the two sides). */
  facts: [string, string][];
  lines: GuardLine[];
}

export type PairGuards = Record<GuardStepId, GuardStep>;

export function isGuardStep(step: string): step is GuardStepId {
  return step === 'deny' || step === 'perimeter' || step === 'repository';
}

function denyStep(inv: Inventory, pool: NodePool, repo: Repository): GuardStep {
  const email = pool.serviceAccount.email;
  const a = engineFor(inv).deny.analyze(email, repo);
  if (!a) return { facts: [], lines: [{ mark: 'not-applicable', text: 'IAM deny policies were not read by this scan.', facts: [] }] };
  const lines: GuardLine[] = [];
  const unread = new Set(a.holes.map((h) => h.attachmentPoint));
  const read = a.attachmentPoints.filter((p) => !unread.has(p));
  for (const h of a.blocking) {
    const via = h.principal.groupPath?.length ? ` through ${h.principal.groupPath.map((g) => `group:${g}`).join(' → ')}` : '';
    lines.push({
      mark: 'fail',
      text: `Denied by ${describeDenyRule(h.rule)}: it denies ${h.permission} to ${h.principal.principal}${via}, which holds ${email}.`,
      facts: [
        ['policy', h.rule.policy],
        ['rule', String(h.rule.index + 1)],
        ['attachment point', h.rule.attachmentPoint],
        ['denied principal', h.principal.principal],
        ['denied permission', h.permission],
        ...(h.rule.denialCondition ? ([['condition', h.rule.denialCondition.expression]] as [string, string][]) : []),
      ],
    });
  }
  for (const u of a.undecided) {
    lines.push({
      mark: 'undecided',
      text: `${describeDenyRule(u.rule)} may deny ${u.permission} to ${u.principal}: ${u.why}.`,
      facts: [
        ['policy', u.rule.policy],
        ['rule', String(u.rule.index + 1)],
        ['attachment point', u.rule.attachmentPoint],
        ...(u.rule.denialCondition ? ([['condition', u.rule.denialCondition.expression]] as [string, string][]) : []),
      ],
    });
  }
  for (const x of a.excepted) {
    lines.push({
      mark: 'pass',
      text: `Excepted: ${describeDenyRule(x.rule)} denies ${x.permission} to ${x.principal.principal}, but lists ${x.exception} as an exception, which holds ${email}.`,
      facts: [
        ['policy', x.rule.policy],
        ['rule', String(x.rule.index + 1)],
        ['attachment point', x.rule.attachmentPoint],
        ['denied principal', x.principal.principal],
        ['exception principal', x.exception],
      ],
    });
  }
  for (const h of a.holes) {
    const text =
      h.reason === 'ancestry-unreadable'
        ? `The ancestry of ${h.attachmentPoint} could not be read: the deny policies of its folders and organization are unknown.`
        : h.reason === 'not-collected'
          ? `The deny policies attached to ${h.attachmentPoint} were not read.`
          : `The deny policies attached to ${h.attachmentPoint} could not be read (needs iam.denypolicies.list, in roles/iam.denyReviewer).`;
    lines.push({ mark: 'undecided', text, facts: h.gapId ? [['gap', h.gapId]] : [] });
  }
  if (!a.blocking.length && !a.undecided.length && read.length) {
    lines.push({ mark: 'pass', text: `${a.excepted.length ? 'No other' : 'No'} deny rule on ${read.join(', ')} takes the download away from ${email}.`, facts: [] });
  }
  return { facts: [['attachment points', a.attachmentPoints.join(', ')]], lines };
}

function perimeterLabel(p: { name: string; title: string | null }): string {
  return `perimeter ${p.name}${p.title ? ` ("${p.title}")` : ''}`;
}

function crossingLine(c: Crossing, email: string): GuardLine {
  const where = c.direction === 'ingress' ? "the repository's project is inside, the node network's project outside" : "the node network's project is inside, the repository's project outside";
  const facts: [string, string][] = [
    ['perimeter', c.perimeter.name],
    ['direction', c.direction],
  ];
  if (c.outcome === 'allowed' && c.allowedBy) {
    const by = c.allowedBy.kind === 'bridge' ? `bridge ${c.allowedBy.bridge.name}${c.allowedBy.bridge.title ? ` ("${c.allowedBy.bridge.title}")` : ''}` : `${c.direction} rule ${c.allowedBy.index + 1}${c.allowedBy.title ? ` ("${c.allowedBy.title}")` : ''}`;
    facts.push(['allowed by', by]);
    return { mark: 'pass', text: `Crosses ${perimeterLabel(c.perimeter)} (${where}); allowed by ${by}.`, facts };
  }
  if (c.outcome === 'undecided') return { mark: 'undecided', text: `Crosses ${perimeterLabel(c.perimeter)} (${where}); undecided: ${c.why ?? 'it cannot be evaluated'}.`, facts };
  return { mark: 'fail', text: `Crosses ${perimeterLabel(c.perimeter)} (${where}); blocked: no bridge or ${c.direction} rule admits ${email}.`, facts };
}

function decisionLines(d: PerimeterDecision, email: string): GuardLine[] {
  switch (d.kind) {
    case 'not-collected':
      return [{ mark: 'not-applicable', text: 'VPC Service Controls perimeters were not read by this scan.', facts: [] }];
    case 'clear':
      return [{ mark: 'pass', text: d.why, facts: [] }];
    case 'same-perimeter':
      return [{ mark: 'pass', text: `Both sides are inside ${perimeterLabel(d.perimeter)}: the pull does not cross it.`, facts: [['perimeter', d.perimeter.name]] }];
    case 'unknown-number':
      return [
        {
          mark: 'undecided',
          text: `The number of ${d.which === 'network' ? "the node network's project" : "the repository's project"} ${d.project ?? '(unknown)'} is not known to the scan, and ${d.perimeters.join(', ')} lists projects by number.`,
          facts: [['perimeters', d.perimeters.join(', ')]],
        },
      ];
    case 'crossing':
      return d.crossings.map((c) => crossingLine(c, email));
  }
}

function sideText(project: string | null, number: string | null): string {
  if (!project) return 'unknown';
  return `${project}${number ? ` (projects/${number})` : ' (number not known)'}`;
}

function perimeterStep(inv: Inventory, pool: NodePool, repo: Repository): GuardStep {
  const engine = engineFor(inv);
  const email = pool.serviceAccount.email;
  const a: PerimeterAnalysis = engine.perimeters.analyze(engine.networkOf(pool), { project: repo.project, number: engine.numberOf(repo.project) }, email);
  if (a.decision.kind === 'not-collected') return { facts: [], lines: decisionLines(a.decision, email) };
  const host = a.network.project && a.network.project !== pool.project ? ' (the Shared VPC host project)' : '';
  const facts: [string, string][] = [
    ['node network', a.network.network ?? 'unknown'],
    ['network project', sideText(a.network.project, a.network.number) + host],
    ['repository project', sideText(a.repository.project, a.repository.number)],
  ];
  const lines = decisionLines(a.decision, email);
  for (const h of a.holes) {
    lines.push({
      mark: 'undecided',
      text: `The access policies or perimeters of ${h.resource} could not be read (needs accesscontextmanager.servicePerimeters.list, in roles/accesscontextmanager.policyReader).`,
      facts: h.gapId ? [['gap', h.gapId]] : [],
    });
  }
  const dry = a.dryRunBlocks;
  if (dry && dry.kind === 'crossing') {
    for (const c of dry.crossings.filter((x) => x.outcome === 'blocked')) {
      lines.push({
        mark: 'note',
        text: `Dry run: the dry-run configuration of ${perimeterLabel(c.perimeter)} would block this pull. It only logs today; enforcing it as written would break the pull.`,
        facts: [
          ['perimeter', c.perimeter.name],
          ['direction', c.direction],
        ],
      });
    }
  }
  return { facts, lines };
}

function repositoryStep(inv: Inventory, repo: Repository): GuardStep {
  const a = engineFor(inv).repository(repo).analysis;
  if (a.kind === 'not-collected') return { facts: [], lines: [{ mark: 'not-applicable', text: 'Download rules were not read by this scan.', facts: [] }] };
  if (a.kind === 'unreadable') {
    return {
      facts: [],
      lines: [
        {
          mark: 'undecided',
          text: a.reason === 'refused' ? 'The download rules of the repository could not be read (needs artifactregistry.rules.list).' : 'The download rules of the repository were not read.',
          facts: a.gapId ? [['gap', a.gapId]] : [],
        },
      ],
    };
  }
  const lines: GuardLine[] = [];
  const ruleFacts = (r: (typeof a.downloadRules)[number]): [string, string][] => [
    ['rule', r.name],
    ['action', r.action],
    ['applies to', r.packageId ? `package ${packageName(r.packageId)}` : 'the whole repository'],
    ...(r.condition ? ([['condition', r.condition.expression]] as [string, string][]) : []),
  ];
  if (a.blocking) lines.push({ mark: 'fail', text: `Download rule ${lastSegment(a.blocking.name)} (DENY, the whole repository, no condition) matches every image: every pull is refused.`, facts: ruleFacts(a.blocking) });
  if (a.allowList) {
    lines.push({
      mark: 'pass',
      text: `Download rule ${lastSegment(a.allowList.deny.name)} denies by default; package-level ALLOW rules let ${a.allowList.allowed.map((r) => packageName(r.packageId ?? '')).join(', ')} through. Images of other packages are refused.`,
      facts: ruleFacts(a.allowList.deny),
    });
  }
  for (const r of a.partial) {
    const what = r.packageId ? `images of package ${packageName(r.packageId)}` : 'every image';
    lines.push({
      mark: 'note',
      text: r.condition
        ? `Download rule ${lastSegment(r.name)} denies ${what} when its condition holds (${r.condition.title ?? r.condition.expression}): whether a pull is refused depends on the condition.`
        : `Download rule ${lastSegment(r.name)} denies ${what} only; it does not decide this pair, but pulls of that package are refused.`,
      facts: ruleFacts(r),
    });
  }
  if (!a.blocking && !a.allowList) lines.push({ mark: 'pass', text: a.downloadRules.length ? `No download rule refuses every pull (${a.downloadRules.length} read).` : 'The repository has no download rules.', facts: [] });
  return { facts: [], lines };
}

/** The guard steps of one pair, for the reasoning chain. */
export function pairGuards(inv: Inventory, pool: NodePool, repo: Repository): PairGuards {
  return { deny: denyStep(inv, pool, repo), perimeter: perimeterStep(inv, pool, repo), repository: repositoryStep(inv, repo) };
}
