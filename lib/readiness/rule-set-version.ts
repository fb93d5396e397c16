/**
 * The version of the rule set that judged a report: a revision bumped by hand when a rule's logic changes,
 * plus a digest of the rule catalog (ids, titles, categories, docs), so adding or renaming a rule changes it
 * too. A stored scan judged by another version is re-judged from its stored inventory when opened.
 */
import { createHash } from 'node:crypto';
import { ruleCatalog } from './rule-catalog';

/** Bump when a rule decides differently on the same evidence. */
export const RULE_REVISION = 1;

export const RULE_SET_VERSION = `${RULE_REVISION}.${createHash('sha256').update(JSON.stringify(ruleCatalog())).digest('hex').slice(0, 10)}`;
