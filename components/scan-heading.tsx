import Link from 'next/link';
import type { ScanRecord } from '@/lib/server/scans';

/** "2026-11-25 16:30 UTC": the same on server and client. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** What was scanned and when, with a way to scan again. */
export function ScanHeading({ scan }: { scan: Pick<ScanRecord, 'id' | 'label' | 'scope' | 'source' | 'startedAt' | 'finishedAt'> & Partial<Pick<ScanRecord, 'reevaluatedFrom' | 'ruleSetVersion'>> }) {
  const scope = scan.scope.kind === 'scenario' ? scan.label : `${scan.scope.kind}${scan.scope.ids.length ? `: ${scan.scope.ids.join(', ')}` : ''}`;
  return (
    <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
      Scope <strong className="font-medium text-slate-800 dark:text-slate-200">{scope}</strong>
      {scan.source === 'snapshot' ? ' (uploaded snapshot)' : scan.source === 'demo' ? ' (demo)' : ''} · scanned{' '}
      <time dateTime={scan.finishedAt ?? scan.startedAt}>{formatTime(scan.finishedAt ?? scan.startedAt)}</time> ·{' '}
      <Link href="/scan" className="underline decoration-dotted underline-offset-2 hover:text-sky-700 dark:hover:text-sky-300">
        Scan again or open a snapshot
      </Link>
      {scan.reevaluatedFrom ? (
        <span className="block">
          Re-evaluated: this stored scan was judged by rule set {scan.reevaluatedFrom}; its estate was judged again by the current rule set {scan.ruleSetVersion}.
        </span>
      ) : null}
    </p>
  );
}
