/** A short status as an icon and text (never colour alone): ok, bad, undecided or neutral. */
export function StatusMark({ tone, children }: { tone: 'ok' | 'bad' | 'undecided' | 'neutral'; children: React.ReactNode }) {
  const s = {
    ok: { icon: '✓', cls: 'bg-emerald-50 text-emerald-900 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800' },
    bad: { icon: '✗', cls: 'bg-rose-50 text-rose-900 ring-rose-300 dark:bg-rose-950 dark:text-rose-200 dark:ring-rose-800' },
    undecided: { icon: '?', cls: 'bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800' },
    neutral: { icon: '•', cls: 'bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-600' },
  }[tone];
  return (
    <span className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${s.cls}`}>
      <span aria-hidden="true">{s.icon}</span>
      <span>{children}</span>
    </span>
  );
}
