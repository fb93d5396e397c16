import { getStore } from '@/lib/server/store';
import { scopeKey } from '@/lib/store/kysely-store';
import type { Scope } from '@/lib/inventory/raw';
import { formatTime } from '@/components/scan-heading';
import { formatNumber } from '@/components/format';
import { td, th } from '@/components/ui-classes';
import { TREND_POINTS, trendPoints } from './trend-points';
import { VerdictTrendChart } from './verdict-trend-chart';

/**
 * Verdict counts over time for the scope on screen, from the kept scans: a small chart, with the same figures
 * in a table for screen readers (the chart itself is hidden from them).
 */
export async function VerdictTrend({ scan }: { scan: { id: string; scope: Scope; startedAt: string } }) {
  const kept = await (await getStore()).listScans({ scopeKey: scopeKey(scan.scope), status: 'done', limit: 200 }).catch(() => null);
  if (!kept) return null;
  const points = trendPoints(kept, scan.id, scan.startedAt);
  return (
    <section aria-labelledby="trend-title" className="mt-6">
      <h2 id="trend-title" className="text-lg font-semibold">
        Trend
      </h2>
      {points.length < 2 ? (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          The trend appears once this scope has two finished scans; scan it again later, or schedule scans with <code>pullcheck serve --every 6h</code>.
        </p>
      ) : (
        <figure className="mt-2 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
          <figcaption id="trend-caption" className="text-sm text-slate-600 dark:text-slate-400">
            Pairs by verdict in the last {points.length} finished scans of this scope
            {points.length === TREND_POINTS ? ` (at most ${TREND_POINTS})` : ''}, from {formatTime(points[0].at)} to {formatTime(points[points.length - 1].at)}.
          </figcaption>
          <VerdictTrendChart points={points} />
          {/* Hidden by its wrapper: a table ignores a 1px width and would widen the page (sideways scroll on a phone). */}
          <div className="sr-only">
          <table>
            <caption>Pairs by verdict per scan, oldest first</caption>
            <thead>
              <tr>
                <th scope="col" className={th}>Scan started</th>
                <th scope="col" className={th}>Cannot pull</th>
                <th scope="col" className={th}>Unknown</th>
                <th scope="col" className={th}>Can pull</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.id}>
                  <th scope="row" className={td}>
                    {formatTime(p.at)}
                    {p.current ? ' (this scan)' : ''}
                  </th>
                  <td className={td}>{formatNumber(p.cannotPull)}</td>
                  <td className={td}>{formatNumber(p.unknown)}</td>
                  <td className={td}>{formatNumber(p.canPull)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </figure>
      )}
    </section>
  );
}
