import type { Inventory } from '@/lib/inventory/types';
import type { Report } from '@/lib/readiness/types';
import { groupedFixes } from '@/lib/security/plan';
import { TableHead } from '@/components/table-head';
import { CopyButton } from '@/components/copy-button';
import { table, tbody, td } from '@/components/ui-classes';

/** Grants that fix many pairs at once, each shown once with the number of pairs it turns can-pull (proven by judging again). */
export function GroupedFixes({ inv, report, limit = 15 }: { inv: Inventory; report: Report; limit?: number }) {
  const fixes = groupedFixes(inv, report.pairs).slice(0, limit);
  if (!fixes.length) return null;
  return (
    <section aria-labelledby="grouped-title" className="mt-8">
      <h2 id="grouped-title" className="text-lg font-semibold">
        Grouped fixes
      </h2>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        One reader grant for one node service account, on a repository or a project, ranked by the pairs it turns can-pull. Each count comes from applying the grant
        and judging those pairs again.
      </p>
      <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className={table}>
          <caption className="sr-only">Grants ranked by the pairs they fix</caption>
          <TableHead columns={['Pairs fixed', 'Grant', 'Command']} />
          <tbody className={tbody}>
            {fixes.map((f) => (
              <tr key={`${f.serviceAccount}|${f.resource}`}>
                <td className={`${td} text-lg font-semibold tabular-nums`}>{f.fixes.length}</td>
                <th scope="row" className={`${td} break-all text-left font-normal`}>
                  {f.role} for <span className="font-mono text-xs">{f.serviceAccount}</span> on {f.level} <span className="font-mono text-xs">{f.resource}</span>
                </th>
                <td className={td}>
                  {f.gcloud ? (
                    <div className="flex items-start gap-2">
                      <pre className="whitespace-pre-wrap break-all text-xs">{f.gcloud}</pre>
                      <CopyButton text={f.gcloud} label={`Copy the grant on ${f.resource}`} />
                    </div>
                  ) : (
                    'a value does not match Google’s format: no command printed'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
