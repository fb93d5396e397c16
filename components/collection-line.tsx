import type { ReportCollection } from '@/lib/scan/report-json';
import { formatTime } from './scan-heading';
import { formatNumber } from './format';

const CAI_DOCS = 'https://cloud.google.com/asset-inventory/docs/overview';

/**
 * Which source answered a scan's resource lists and when Cloud Asset Inventory's assets were read (its answers'
 * `readTime`: what the scan saw may be that old), with the warning when it fell back to per-resource calls.
 * Renders nothing for a scan that does not say (a scenario or an older stored scan).
 */
export function CollectionLine({ collection, className = '' }: { collection: ReportCollection | undefined; className?: string }) {
  if (!collection) return null;
  const c = collection;
  const lists = `${formatNumber(c.lists)} ${c.lists === 1 ? 'list' : 'lists'} read${c.listsWithGaps ? `, ${formatNumber(c.listsWithGaps)} with gaps` : ''}`;
  return (
    <div className={`text-sm text-slate-600 dark:text-slate-400 ${className}`} data-testid="collection-source">
      <p>
        {c.source === 'asset-inventory' ? (
          <>
            Read through{' '}
            <a href={CAI_DOCS} className="underline decoration-dotted underline-offset-2 hover:text-sky-700 dark:hover:text-sky-300">
              Cloud Asset Inventory
            </a>
            , assets as of{' '}
            {c.assetsReadTime ? <time dateTime={c.assetsReadTime}>{formatTime(c.assetsReadTime)}</time> : 'an unknown time'}; per-resource API calls for what it does not hold
          </>
        ) : (
          <>Read through per-resource API calls</>
        )}
        {c.requested !== 'auto' ? ' (source chosen for this scan)' : ''} · {lists}.
      </p>
      {c.fallback ? (
        <p role="note" className="mt-1 text-amber-800 dark:text-amber-300">
          <span aria-hidden="true">⚠ </span>
          Warning: {c.fallback.message}
        </p>
      ) : null}
    </div>
  );
}
