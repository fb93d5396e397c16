import type { CoverageView } from '@/lib/server/coverage-view';
import { failedText } from '@/lib/server/coverage-view';
import { formatTime } from '@/components/scan-heading';
import { count, formatNumber } from '@/components/format';
import { card, table, tbody, td, th } from '@/components/ui-classes';

/**
 * What the scan listed, from which source and under what, and which lists failed: each failed list's gaps are
 * gathered by call, answer and permission, with every resource one click away.
 */
export function CoverageSection({ view }: { view: CoverageView }) {
  const failing = view.lines.filter((l) => l.groups.length > 0);
  return (
    <section aria-labelledby="coverage-title" className="mt-6">
      <h2 id="coverage-title" className="text-lg font-semibold">
        Coverage: what was listed
      </h2>
      {view.assetsReadTime ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Cloud Asset Inventory answered with its assets as of <time dateTime={view.assetsReadTime}>{formatTime(view.assetsReadTime)}</time>.
        </p>
      ) : null}
      <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className={table}>
          <caption className="sr-only">Lists read per resource type and source</caption>
          <thead>
            <tr>
              <th scope="col" className={th}>Listed</th>
              <th scope="col" className={th}>Source</th>
              <th scope="col" className={th}>Under</th>
              <th scope="col" className={`${th} text-right`}>Items</th>
              <th scope="col" className={th}>Lists</th>
            </tr>
          </thead>
          <tbody className={tbody}>
            {view.lines.map((l) => (
              <tr key={`${l.what}|${l.source}`}>
                <th scope="row" className={`${td} text-left font-medium`}>
                  {l.what}
                </th>
                <td className={td}>{l.source}</td>
                <td className={td}>{l.under}</td>
                <td className={`${td} text-right tabular-nums`}>{formatNumber(l.items)}</td>
                <td className={`${td} ${l.failed ? 'font-medium text-amber-900 dark:text-amber-200' : ''}`}>
                  {l.failed ? <span aria-hidden="true">? </span> : null}
                  {failedText(l)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {failing.length > 0 ? (
        <ul className="mt-3 space-y-2">
          {failing.flatMap((l) =>
            l.groups.map((g) => (
              <li key={`${l.what}|${l.source}|${g.gapIds[0]}`} className={`${card} break-words text-sm`}>
                <p>
                  <strong className="font-medium">{l.what}</strong> ({l.source}): {g.call} answered {g.how} for {count(g.resources.length, 'resource')}
                  {g.permission ? (
                    <>
                      ; the auditor lacks <code>{g.permission}</code>
                    </>
                  ) : null}
                  .
                </p>
                <p className="mt-1 font-medium">{g.fix}</p>
                <details className="mt-1">
                  <summary className="cursor-pointer text-slate-700 dark:text-slate-300">{g.resources.length === 1 ? 'The resource' : `All ${formatNumber(g.resources.length)} resources`}</summary>
                  <ul className="mt-1 list-disc pl-5 font-mono text-xs">
                    {g.resources.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                </details>
              </li>
            )),
          )}
        </ul>
      ) : null}
    </section>
  );
}
