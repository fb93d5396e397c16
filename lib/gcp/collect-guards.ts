/**
 * What else decides a pull, read after the estate itself: IAM deny policies on each repository's chain
 * (collect-deny.ts), VPC Service Controls perimeters of each organization (collect-perimeters.ts) and each Docker
 * repository's download rules (collect-rules.ts). The collector calls `collectGuards` once, after the scope's
 * projects, folders and organizations are read; every read goes through the scan's Caller (memo, retries, gaps).
 */
import type { Gap, Readable, RawEstate } from '../inventory/raw';
import type { CallOutcome, CallSpec } from './call';
import type { GcpClients } from './clients';
import type { CallTarget, Failure } from './gaps';
import { collectDenyPolicies } from './collect-deny';
import { collectPerimeters } from './collect-perimeters';
import { collectRepositoryRules } from './collect-rules';

/** What the guard collectors use of the running scan. */
export interface GuardContext {
  estate: RawEstate;
  clients: GcpClients;
  call<T>(spec: CallSpec<T>): Promise<CallOutcome<T>>;
  /** Records a gap for an answer Pullcheck cannot use (a malformed name in a list). */
  recordGap(target: CallTarget, failure: Failure, message: string): Gap;
  /** Page size asked of list methods (each API caps it). */
  pageSize: number;
  /** Resolves groups (lower-case emails) into estate.groups as the collector resolves groups of allow bindings, nested ones included. */
  resolveGroups(emails: string[]): Promise<void>;
}

export const ok = <T>(value: T): Readable<T> => ({ ok: true, value });
export const gapOf = <T>(o: CallOutcome<T>): Readable<never> => ({ ok: false, gapId: (o as { gapId: string | null }).gapId ?? 'gap-unknown' });

/** Every page of a list method; all-or-nothing (a failed page makes the whole list a gap, never a shorter list). */
export async function listPages<R, T>(
  ctx: GuardContext,
  target: CallTarget & Pick<CallSpec<R>, 'notFoundIsAnswer' | 'isAnswer'>,
  page: (token: string | undefined, signal: AbortSignal) => Promise<{ data: R }>,
  items: (r: R) => T[] | null | undefined,
  next: (r: R) => string | null | undefined,
): Promise<CallOutcome<T[]>> {
  const all: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const t = token;
    const o = await ctx.call<R>({ ...target, keySuffix: t ?? '', run: (signal) => page(t, signal) });
    if (!o.ok) return o;
    all.push(...(items(o.value) ?? []));
    token = next(o.value) || undefined;
    if (token && seen.has(token)) break;
    if (token) seen.add(token);
  } while (token);
  return { ok: true, value: all };
}

/** Sorts a record by key, so two scans of one estate write the same JSON. */
export function sortRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Reads deny policies, perimeters (and the host projects they need) and download rules, concurrently. */
export async function collectGuards(ctx: GuardContext): Promise<void> {
  await Promise.all([collectDenyPolicies(ctx), collectPerimeters(ctx), collectRepositoryRules(ctx)]);
}
