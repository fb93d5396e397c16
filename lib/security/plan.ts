/**
 * Grouped fixes and the least-privilege plan, both checked by the engine itself: the grant (or the plan) is applied to a
 * copy of the inventory and the pairs are judged again (Artifact Registry "Access control with IAM": grant the reader
 * role on the repository; GKE "Harden your cluster's security": a least-privilege node service account).
 */
import type { Binding, Inventory, Policy, Repository } from '../inventory/types';
import { evaluatePair } from '../readiness/engine';
import { IamResolver, type Grant } from '../readiness/iam';
import type { Pair } from '../readiness/types';
import { command, commands, v } from '../safe/command';
import { iamBindingWords, readerGrant } from '../readiness/remediation';
import { hclString } from '../safe/quote';
import type { PairWithIntent } from './findings/unused';

const READER = 'roles/artifactregistry.reader';
const MAX_CANDIDATES = 300;

/** The inventory with one policy's bindings changed (the rest shared: inventories are treated as immutable). */
function withPolicies(inv: Inventory, changes: Map<string, Binding[]>): Inventory {
  const policies = { ...inv.policies };
  for (const [resource, bindings] of changes) policies[resource] = { status: 'ok', value: { resource, bindings } satisfies Policy };
  return { ...inv, policies };
}

function bindingsOf(inv: Inventory, resource: string): Binding[] | null {
  const p = inv.policies[resource];
  if (!p) return resource.startsWith('projects/') ? [] : null;
  return p.status === 'ok' ? p.value.bindings : null;
}

/** One grant that fixes many pairs: reader for one account on a repository or a project, and the pairs it turns can-pull. */
export interface GroupedFix {
  serviceAccount: string;
  resource: string;
  level: 'repository' | 'project';
  role: string;
  /** Pairs that are not can-pull today and are can-pull once the grant is applied (re-evaluated by the engine). */
  fixes: { nodePool: string; repository: string }[];
  gcloud?: string;
}

/**
 * For every account whose pairs fail on IAM alone, the repository-level and project-level reader grants, each proven
 * by applying it and judging the account's pairs again; ranked by pairs fixed (a repository grant wins a tie).
 */
export function groupedFixes(inv: Inventory, pairs: Pair[]): GroupedFix[] {
  const pools = new Map(inv.nodePools.map((p) => [p.name, p]));
  const repos = new Map(inv.repositories.map((r) => [r.name, r]));
  const blocked = pairs.filter((p) => p.verdict !== 'can-pull');
  const failing = blocked.filter((p) => p.causes.some((c) => c.rule === 'iam.no-download-permission'));
  const candidates = new Map<string, { sa: string; resource: string; level: GroupedFix['level'] }>();
  for (const p of failing) {
    const sa = pools.get(p.nodePool)?.serviceAccount.email;
    const repo = repos.get(p.repository);
    if (!sa || !repo) continue;
    for (const [resource, level] of [[repo.name, 'repository'], [`projects/${repo.project}`, 'project']] as const) {
      const key = `${sa}\n${resource}`;
      if (!candidates.has(key) && candidates.size < MAX_CANDIDATES) candidates.set(key, { sa, resource, level });
    }
  }
  const out: GroupedFix[] = [];
  for (const { sa, resource, level } of candidates.values()) {
    const existing = bindingsOf(inv, resource);
    if (!existing) continue; // An unreadable policy cannot be rewritten faithfully: no proof, no offer.
    const inv2 = withPolicies(inv, new Map([[resource, [...existing, { role: READER, members: [`serviceAccount:${sa}`], condition: null }]]]));
    const fixes: GroupedFix['fixes'] = [];
    // Every blocked pair the grant reaches is judged again: it may also settle pairs that were only unknown.
    for (const p of blocked) {
      if (pools.get(p.nodePool)?.serviceAccount.email !== sa) continue;
      const repo = repos.get(p.repository);
      if (!repo || (level === 'repository' ? repo.name !== resource : `projects/${repo.project}` !== resource)) continue;
      if (evaluatePair(inv2, p.nodePool, p.repository).verdict === 'can-pull') fixes.push({ nodePool: p.nodePool, repository: p.repository });
    }
    if (!fixes.length) continue;
    const built = command(iamBindingWords('add', resource, `serviceAccount:${sa}`, READER));
    out.push({ serviceAccount: sa, resource, level, role: READER, fixes, ...(built.ok ? { gcloud: built.text } : {}) });
  }
  return out.sort((a, b) => b.fixes.length - a.fixes.length || (a.level === b.level ? 0 : a.level === 'repository' ? -1 : 1) || a.resource.localeCompare(b.resource));
}

/** A grant the plan would remove: the account named directly on a broad level or with a basic role. */
export interface Removal {
  resource: string;
  role: string;
  member: string;
  why: 'basic-role' | 'project-level' | 'folder-level' | 'organization-level';
  gcloud?: string;
}

/** The least-privilege plan of one node service account, and the engine's check of it. */
export interface LeastPrivilegePlan {
  serviceAccount: string;
  /** in-use: pairs some workload, declaration or pull error uses; can-pull-today: every pair that can pull now. */
  basis: 'in-use' | 'can-pull-today';
  needed: { nodePool: string; repository: string }[];
  /** Repository-level reader grants to add (repositories where the account has no direct repository grant yet). */
  grants: { repository: string; gcloud?: string; terraform?: string; refused?: string; note?: string }[];
  removals: Removal[];
  /** Broad grants the plan keeps because a needed repository's own policy could not be read (no grant can be added there). */
  kept: { resource: string; role: string; member: string; because: string }[];
  /** Grants through groups or principalSets that also reach the account: listed, not removed (other members rely on them). */
  shared: { resource: string; role: string; member: string }[];
  /** Applying grants and removals and judging the needed pairs again: every one must stay can-pull. */
  check: { ok: boolean; stillPulling: number; lost: { nodePool: string; repository: string; verdict: string }[] };
}

function removalWhy(g: Grant): Removal['why'] | null {
  if (g.role === 'roles/owner' || g.role === 'roles/editor' || g.role === 'roles/viewer') return 'basic-role';
  if (g.resource.startsWith('folders/')) return 'folder-level';
  if (g.resource.startsWith('organizations/')) return 'organization-level';
  if (!g.resource.includes('/repositories/')) return 'project-level';
  return null;
}

/** The plan for every node service account of the inventory, each checked by re-evaluating its needed pairs. */
export function leastPrivilegePlans(inv: Inventory, pairs: PairWithIntent[], only?: string): LeastPrivilegePlan[] {
  const intent = pairs.some((p) => p.inUse);
  const pools = new Map(inv.nodePools.map((p) => [p.name, p]));
  const repos = new Map(inv.repositories.map((r) => [r.name, r]));
  const iam = new IamResolver(inv);
  const bySa = new Map<string, { nodePool: string; repository: string }[]>();
  for (const p of pairs) {
    const sa = pools.get(p.nodePool)?.serviceAccount.email;
    if (!sa || (only !== undefined && sa !== only)) continue;
    if (!bySa.has(sa)) bySa.set(sa, []);
    if (intent ? p.inUse && p.verdict === 'can-pull' : p.verdict === 'can-pull') bySa.get(sa)!.push({ nodePool: p.nodePool, repository: p.repository });
  }
  const out: LeastPrivilegePlan[] = [];
  for (const [sa, needed] of bySa) {
    const view = iam.account(sa);
    const neededRepos = [...new Set(needed.map((n) => n.repository))].map((r) => repos.get(r)).filter((r): r is Repository => !!r);
    const grants: LeastPrivilegePlan['grants'] = [];
    const changes = new Map<string, Binding[]>();
    const change = (resource: string, f: (b: Binding[]) => Binding[]) => {
      const cur = changes.get(resource) ?? bindingsOf(inv, resource);
      if (cur) changes.set(resource, f(cur));
    };
    const keep = new Map<string, LeastPrivilegePlan['kept'][number]>();
    for (const repo of neededRepos) {
      const a = iam.analyzeFor(view, repo);
      if (a.public) continue; // Public: no credentials needed.
      if (!bindingsOf(inv, repo.name)) {
        // The repository's policy was not read: a grant there cannot be proven, so the grants that reach it now stay.
        grants.push({ repository: repo.name, note: 'its IAM policy could not be read, so the grants that reach it now are kept' });
        for (const g of a.grants) keep.set(`${g.resource}\n${g.role}\n${g.member}`, { resource: g.resource, role: g.role, member: g.member, because: repo.name });
        continue;
      }
      if (a.grants.some((g) => g.resource === repo.name && g.via === 'service-account' && !g.condition)) continue;
      const g = readerGrant(repo, sa);
      grants.push(g.refusals.length ? { repository: repo.name, refused: g.refusals.map((r) => r.value).join(', ') } : { repository: repo.name, gcloud: g.gcloud, terraform: g.terraform });
      change(repo.name, (b) => [...b, { role: READER, members: [`serviceAccount:${sa}`], condition: null }]);
    }
    // Broad grants of the account, over every Docker repository (a project grant may reach repositories nothing needs).
    const removals = new Map<string, Removal>();
    const shared = new Map<string, { resource: string; role: string; member: string }>();
    for (const repo of inv.repositories) {
      if (repo.format.toUpperCase() !== 'DOCKER') continue;
      for (const g of iam.analyzeFor(view, repo).grants) {
        const why = removalWhy(g);
        if (!why) continue;
        const key = `${g.resource}\n${g.role}\n${g.member}`;
        if (g.via !== 'service-account') {
          if (g.via === 'group' || g.via === 'principal-set') shared.set(key, { resource: g.resource, role: g.role, member: g.member });
          continue;
        }
        if (removals.has(key) || keep.has(key)) continue;
        const built = command(iamBindingWords('remove', g.resource, g.member, g.role));
        removals.set(key, { resource: g.resource, role: g.role, member: g.member, why, ...(built.ok ? { gcloud: built.text } : {}) });
      }
    }
    for (const r of removals.values()) {
      change(r.resource, (bs) => bs.map((b) => (b.role === r.role ? { ...b, members: b.members.filter((m) => m.toLowerCase() !== r.member.toLowerCase()) } : b)));
    }
    const inv2 = withPolicies(inv, changes);
    const lost: LeastPrivilegePlan['check']['lost'] = [];
    for (const n of needed) {
      const v = evaluatePair(inv2, n.nodePool, n.repository).verdict;
      if (v !== 'can-pull') lost.push({ ...n, verdict: v });
    }
    out.push({
      serviceAccount: sa,
      basis: intent ? 'in-use' : 'can-pull-today',
      needed,
      grants,
      removals: [...removals.values()],
      kept: [...keep.values()],
      shared: [...shared.values()],
      check: { ok: lost.length === 0, stillPulling: needed.length - lost.length, lost },
    });
  }
  return out.sort((a, b) => a.serviceAccount.localeCompare(b.serviceAccount));
}

/** The plans as one Terraform file: the reader grants as resources; removals as comments (Terraform does not own them). */
export function planTerraform(plans: LeastPrivilegePlan[]): string {
  const out = ['# Pullcheck least-privilege plan: repository-level reader grants for each node service account.', '# Checked by re-evaluating every needed pair with the grants added and the broad grants removed.', ''];
  for (const p of plans) {
    if (!p.grants.length && !p.removals.length) continue;
    out.push(`# ${p.serviceAccount.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ')}`);
    for (const g of p.grants) {
      if (g.terraform) out.push(g.terraform, '');
      else out.push(`# no grant printed for ${hclString(g.repository)}: ${g.note ?? `a value does not match Google's format (${hclString(g.refused ?? '')})`}`);
    }
    for (const r of p.removals) if (r.gcloud) out.push(`# then remove (outside Terraform): ${r.gcloud}`);
    out.push('');
  }
  return out.join('\n');
}

/** The plans as one POSIX shell script: grants first; removals follow, commented out, to run once nothing else relies on them. */
export function planShell(plans: LeastPrivilegePlan[]): string {
  const out = ['#!/bin/sh', '# Pullcheck least-privilege plan. Every argument is shell-quoted.', 'set -eu', ''];
  for (const p of plans) {
    if (!p.grants.length && !p.removals.length) continue;
    const banner = commands([['echo', v('serviceAccountEmail', p.serviceAccount)]]);
    if (banner.ok) out.push(banner.text);
    for (const g of p.grants) if (g.gcloud) out.push(g.gcloud);
    for (const r of p.removals) if (r.gcloud) out.push(`# ${r.gcloud}`);
    out.push('');
  }
  return out.join('\n');
}
