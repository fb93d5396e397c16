/** Number and plural formatting shared by every page: "12,408 pairs", "1 node pool", "2 node pools". */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** An integer with thousands separators (12,408). */
export function formatNumber(n: number): string {
  return Number.isFinite(n) ? integer.format(n) : String(n);
}

/** The plural of an English noun phrase: the last word gains "s" (or "es" after s, x, z, ch, sh); "y" after a consonant becomes "ies". */
export function pluralOf(singular: string): string {
  if (/(?:s|x|z|ch|sh)$/.test(singular)) return `${singular}es`;
  if (/[^aeiou]y$/.test(singular)) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

/** "1 node pool", "2 node pools", "12,408 pairs"; `plural` for irregular nouns. */
export function count(n: number, singular: string, plural: string = pluralOf(singular)): string {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}

/** The noun alone, singular or plural for `n` ("pool" / "pools"). */
export function noun(n: number, singular: string, plural: string = pluralOf(singular)): string {
  return n === 1 ? singular : plural;
}
