/**
 * The engine's levels as data. Every pair rule belongs to one level; a level says which part of a pair its rules
 * depend on (the key the engine memoizes their outcome by) and how long the engine keeps an outcome. Adding an
 * evidence source is one collector, one normalized type and its rule files at the level whose key it depends on.
 */
import { PAIR_RULES } from './rule-catalog';
import type { Rule } from './rule';

export type LevelId = 'pool' | 'access' | 'perimeter' | 'repository';

export interface Level {
  id: LevelId;
  /** What the outcome depends on: one evaluation per distinct key, shared by every pair with that key. */
  key: string;
  /**
   * `scan`: kept for the inventory's life (few keys). `walk`: kept only while a walk over the node pools still needs it
   * (account × repository outcomes are dropped after the account's last pool, so a scan never holds that whole table).
   */
  memo: 'scan' | 'walk';
  description: string;
}

/** The levels, in the order their causes are merged when two share a step (none do today). */
export const LEVELS: readonly Level[] = [
  { id: 'pool', key: 'node pool', memo: 'scan', description: 'Identity, access scopes, network path and node version: one node pool, whatever the repository.' },
  {
    id: 'access',
    key: 'node service account × repository',
    memo: 'walk',
    description: 'IAM deny and allow policies on the repository and its ancestors, for one service account.',
  },
  {
    id: 'perimeter',
    key: "node network (its project) × repository's project",
    memo: 'scan',
    description: "VPC Service Controls: the perimeters around the node network's project and the repository's project, with bridges and ingress/egress rules.",
  },
  { id: 'repository', key: 'repository', memo: 'scan', description: 'Download rules on the repository itself, whoever pulls.' },
];

/** The pair rules of one level, in reasoning-chain order. */
export function rulesOf<L extends LevelId>(level: L): Extract<Rule, { level: L }>[] {
  return PAIR_RULES.filter((r): r is Extract<Rule, { level: L }> => r.level === level);
}
