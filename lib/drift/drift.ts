/**
 * Drift between two scans of one scope: the pairs whose verdict changed, with the evidence that changed
 * under them (an IAM binding, a node pool setting, a perimeter, the node service account's state), and the
 * findings that appeared or were resolved. Pure: reads two reports and their inventories.
 */
import type { Inventory, NodePool } from '../inventory/types';
import type { Cause, Finding, Pair, Report, Verdict } from '../readiness/types';

export type EvidenceKind = 'binding' | 'setting' | 'perimeter' | 'account' | 'other';

export interface EvidenceChange {
  kind: EvidenceKind;
  /** The resource it is about: a policy's resource, the node pool, the subnetwork, the account. */
  subject: string;
  /** What changed, in a few words: "binding removed", "oauthScopes", "disabled". */
  what: string;
  before: unknown;
  after: unknown;
}

export interface CauseRef {
  rule: string;
  category: string;
  message: string;
}

export interface PairChange {
  nodePool: string;
  repository: string;
  /** null: the pair did not exist in that scan (a pool or repository created or deleted). */
  before: Verdict | null;
  after: Verdict | null;
  causesAdded: CauseRef[];
  causesRemoved: CauseRef[];
  evidence: EvidenceChange[];
}

export interface ScanSide {
  id?: string;
  report: Report;
  inventory: Inventory;
}

export interface Drift {
  from: { id: string | null; scannedAt: string };
  to: { id: string | null; scannedAt: string };
  summary: { changed: number; stoppedPulling: number; startedPulling: number; becameUnknown: number; newFindings: number; resolvedFindings: number };
  pairs: PairChange[];
  findings: { added: Finding[]; resolved: Finding[] };
}

const key = (p: { nodePool: string; repository: string }) => `${p.nodePool}\u0000${p.repository}`;
const findingKey = (f: Finding) => `${f.rule}\u0000${f.subject}`;
const ref = (c: Cause): CauseRef => ({ rule: c.rule, category: c.category, message: c.message });
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const KIND_OF_CATEGORY: Record<string, EvidenceKind> = {
  iam: 'binding',
  perimeter: 'perimeter',
  'service-account': 'account',
  scope: 'setting',
  network: 'setting',
  version: 'setting',
  repository: 'setting',
};

/** Members whose bindings can reach a node's service account: itself, and every principal that may contain it. */
function reaches(member: string, email: string): boolean {
  const m = member.toLowerCase();
  return m === `serviceaccount:${email}` || m === 'allusers' || m === 'allauthenticatedusers' || /^(group|domain|principalset|principal):/.test(m);
}

function bindingLines(inv: Inventory, resource: string, email: string): Set<string> | null {
  const p = inv.policies[resource];
  if (!p || p.status !== 'ok') return null;
  const out = new Set<string>();
  for (const b of p.value.bindings) {
    for (const m of b.members) if (reaches(m, email)) out.add(`${b.role} ${m}${b.condition ? ` if ${b.condition.expression}` : ''}`);
  }
  return out;
}

function policyChain(inv: Inventory, repository: string): string[] {
  const repo = inv.repositories.find((r) => r.name === repository);
  if (!repo) return [repository];
  const project = inv.projects.find((p) => p.id === repo.project);
  const ancestry = project?.ancestry.status === 'ok' ? project.ancestry.value : [];
  return [repository, `projects/${repo.project}`, ...ancestry];
}

function poolEvidence(a: Inventory, b: Inventory, pa: NodePool | undefined, pb: NodePool | undefined, repository: string): EvidenceChange[] {
  const out: EvidenceChange[] = [];
  if (!pa || !pb) return out;
  for (const field of ['oauthScopes', 'version', 'privateNodes', 'subnetwork'] as const) {
    if (!same(pa[field], pb[field])) out.push({ kind: 'setting', subject: pb.name, what: field, before: pa[field], after: pb[field] });
  }
  if (pa.serviceAccount.email !== pb.serviceAccount.email) {
    out.push({ kind: 'account', subject: pb.name, what: 'service account', before: pa.serviceAccount.email, after: pb.serviceAccount.email });
  }
  const email = pb.serviceAccount.email;
  const sa = (inv: Inventory) => {
    const f = inv.serviceAccounts[email];
    return !f ? 'not read' : f.status === 'ok' ? (f.value.disabled ? 'disabled' : 'enabled') : f.status === 'not-found' ? 'deleted' : 'unreadable';
  };
  if (pa.serviceAccount.email === email && sa(a) !== sa(b)) out.push({ kind: 'account', subject: email, what: 'state', before: sa(a), after: sa(b) });
  if (pb.subnetwork) {
    const pga = (inv: Inventory) => {
      const s = inv.subnetworks[pb.subnetwork!];
      return s?.status === 'ok' ? s.value.privateIpGoogleAccess : null;
    };
    if (pga(a) !== pga(b)) out.push({ kind: 'setting', subject: pb.subnetwork, what: 'privateIpGoogleAccess', before: pga(a), after: pga(b) });
  }
  for (const resource of policyChain(b, repository)) {
    const before = bindingLines(a, resource, email);
    const after = bindingLines(b, resource, email);
    if (!before || !after) {
      if ((before === null) !== (after === null)) out.push({ kind: 'binding', subject: resource, what: 'policy readable', before: before !== null, after: after !== null });
      continue;
    }
    for (const l of before) if (!after.has(l)) out.push({ kind: 'binding', subject: resource, what: 'binding removed', before: l, after: null });
    for (const l of after) if (!before.has(l)) out.push({ kind: 'binding', subject: resource, what: 'binding added', before: null, after: l });
  }
  return out;
}

/** What changed in the causes' own evidence, for rules failing in both scans (a perimeter's members, a gap). */
function causeEvidence(a: Pair | undefined, b: Pair | undefined): EvidenceChange[] {
  const out: EvidenceChange[] = [];
  if (!a || !b) return out;
  const before = new Map(a.causes.map((c) => [c.rule, c]));
  for (const c of b.causes) {
    const old = before.get(c.rule);
    if (old && !same(old.evidence, c.evidence)) {
      out.push({ kind: KIND_OF_CATEGORY[c.category] ?? 'other', subject: c.rule, what: 'evidence', before: old.evidence, after: c.evidence });
    }
  }
  return out;
}

const RANK: Record<Verdict, number> = { 'can-pull': 0, unknown: 1, 'cannot-pull': 2 };

/** The drift from scan `a` (older) to scan `b` (newer). */
export function diffScans(a: ScanSide, b: ScanSide): Drift {
  const pa = new Map(a.report.pairs.map((p) => [key(p), p]));
  const pb = new Map(b.report.pairs.map((p) => [key(p), p]));
  const poolsA = new Map(a.inventory.nodePools.map((p) => [p.name, p]));
  const poolsB = new Map(b.inventory.nodePools.map((p) => [p.name, p]));
  const pairs: PairChange[] = [];
  for (const k of new Set([...pa.keys(), ...pb.keys()])) {
    const x = pa.get(k);
    const y = pb.get(k);
    if (x && y && x.verdict === y.verdict) continue;
    const [nodePool, repository] = k.split('\u0000');
    const rulesX = new Set(x?.causes.map((c) => c.rule));
    const rulesY = new Set(y?.causes.map((c) => c.rule));
    pairs.push({
      nodePool,
      repository,
      before: x?.verdict ?? null,
      after: y?.verdict ?? null,
      causesAdded: (y?.causes ?? []).filter((c) => !rulesX.has(c.rule)).map(ref),
      causesRemoved: (x?.causes ?? []).filter((c) => !rulesY.has(c.rule)).map(ref),
      evidence: [...poolEvidence(a.inventory, b.inventory, poolsA.get(nodePool), poolsB.get(nodePool), repository), ...causeEvidence(x, y)],
    });
  }
  // Worst news first: pairs that stopped pulling, then the rest, by name.
  pairs.sort((p, q) => RANK[q.after ?? 'can-pull'] - RANK[p.after ?? 'can-pull'] || key(p).localeCompare(key(q)));
  const fa = new Map(a.report.findings.map((f) => [findingKey(f), f]));
  const fb = new Map(b.report.findings.map((f) => [findingKey(f), f]));
  const added = [...fb.entries()].filter(([k]) => !fa.has(k)).map(([, f]) => f);
  const resolved = [...fa.entries()].filter(([k]) => !fb.has(k)).map(([, f]) => f);
  return {
    from: { id: a.id ?? null, scannedAt: a.report.scannedAt },
    to: { id: b.id ?? null, scannedAt: b.report.scannedAt },
    summary: {
      changed: pairs.length,
      stoppedPulling: pairs.filter((p) => p.before === 'can-pull' && p.after === 'cannot-pull').length,
      startedPulling: pairs.filter((p) => p.before !== null && p.before !== 'can-pull' && p.after === 'can-pull').length,
      becameUnknown: pairs.filter((p) => p.before !== null && p.before !== 'unknown' && p.after === 'unknown').length,
      newFindings: added.length,
      resolvedFindings: resolved.length,
    },
    pairs,
    findings: { added, resolved },
  };
}

const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** One line per evidence change, as a person reads it. */
export function describeEvidence(e: EvidenceChange): string {
  if (e.what === 'binding removed') return `binding removed on ${e.subject}: ${show(e.before)}`;
  if (e.what === 'binding added') return `binding added on ${e.subject}: ${show(e.after)}`;
  return `${e.kind} ${e.subject} ${e.what}: ${show(e.before)} → ${show(e.after)}`;
}

/** The drift as plain text (the CLI's `diff` without --format json). */
export function driftText(d: Drift): string {
  const s = d.summary;
  const lines = [
    `From ${d.from.id ?? 'scan'} (${d.from.scannedAt}) to ${d.to.id ?? 'scan'} (${d.to.scannedAt}):`,
    `${s.changed} pair${s.changed === 1 ? '' : 's'} changed verdict (${s.stoppedPulling} stopped pulling, ${s.startedPulling} started pulling, ${s.becameUnknown} became unknown); ${s.newFindings} new finding${s.newFindings === 1 ? '' : 's'}, ${s.resolvedFindings} resolved.`,
  ];
  for (const p of d.pairs) {
    lines.push('', `${p.before ?? '(absent)'} → ${p.after ?? '(absent)'}  ${p.nodePool}  →  ${p.repository}`);
    for (const c of p.causesAdded) lines.push(`  + ${c.rule}: ${c.message}`);
    for (const c of p.causesRemoved) lines.push(`  - ${c.rule}: ${c.message}`);
    for (const e of p.evidence) lines.push(`  * ${describeEvidence(e)}`);
  }
  for (const f of d.findings.added) lines.push('', `new finding ${f.rule} (${f.severity}) on ${f.subject}: ${f.message}`);
  for (const f of d.findings.resolved) lines.push('', `resolved finding ${f.rule} on ${f.subject}`);
  return `${lines.join('\n')}\n`;
}
