import type { Verdict } from '@/lib/readiness/types';

/** The icon shown before a verdict's words (never colour alone, WCAG 1.4.1): the badge's and the matrix cells'. */
export const VERDICT_ICON: Record<Verdict, string> = { 'can-pull': '✓', 'cannot-pull': '✗', unknown: '?' };

const styles: Record<Verdict, { label: string; cls: string }> = {
  'can-pull': { label: 'can pull', cls: 'bg-emerald-100 text-emerald-900 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800' },
  'cannot-pull': { label: 'cannot pull', cls: 'bg-rose-100 text-rose-900 ring-rose-300 dark:bg-rose-950 dark:text-rose-200 dark:ring-rose-800' },
  unknown: { label: 'unknown', cls: 'bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800' },
};

/** A verdict as an icon and text (never colour alone). */
export function VerdictBadge({ verdict, compact = false }: { verdict: Verdict; compact?: boolean }) {
  const s = styles[verdict];
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${s.cls}`} data-verdict={verdict}>
      <span aria-hidden="true">{VERDICT_ICON[verdict]}</span>
      {compact ? <span className="sr-only">{s.label}</span> : <span>{s.label}</span>}
    </span>
  );
}
