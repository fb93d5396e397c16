import type { ReportSeverity } from '@/lib/security/severity';

const STYLE: Record<ReportSeverity, { icon: string; cls: string }> = {
  high: { icon: '▲', cls: 'bg-rose-50 text-rose-900 ring-rose-300 dark:bg-rose-950 dark:text-rose-200 dark:ring-rose-800' },
  medium: { icon: '◆', cls: 'bg-amber-50 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800' },
  low: { icon: '▼', cls: 'bg-sky-50 text-sky-900 ring-sky-300 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-800' },
  info: { icon: 'i', cls: 'bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-600' },
};

/** A finding's severity as a shape and a word (never colour alone). */
export function SeverityBadge({ severity }: { severity: ReportSeverity }) {
  const s = STYLE[severity];
  return (
    <span className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${s.cls}`}>
      <span aria-hidden="true">{s.icon}</span>
      <span>{severity}</span>
    </span>
  );
}
