import type { Inventory, Repository } from '@/lib/inventory/types';
import { StatusMark } from '@/components/status-mark';
import { TableHead } from '@/components/table-head';
import { UrlFilterForm } from '@/components/url-filter-form';
import { ListSummary } from '@/components/list-summary';
import { table, tbody, td } from '@/components/ui-classes';
import { filterPrincipals, whoCanPull } from '@/lib/security/who-can-pull';
import { grantRiskIsBad } from '@/lib/security/risk';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || null;

/** "Who can pull from this repository?": every principal, groups resolved, filterable by role, member type and level. */
export function WhoCanPull({ inv, repo, sp, scan }: { inv: Inventory; repo: Repository; sp: Record<string, string | string[] | undefined>; scan: string | null }) {
  const all = whoCanPull(inv, repo);
  const f = { role: one(sp.wrole), type: one(sp.wtype), level: one(sp.wlevel) };
  const rows = filterPrincipals(all, f);
  const opts = (xs: string[]) => [...new Set(xs)].sort().map((x) => ({ value: x, label: x }));
  return (
    <section aria-labelledby="who-title" className="mt-6">
      <h2 id="who-title" className="text-lg font-semibold">
        Who can pull
      </h2>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">Every principal holding a role that downloads from {repo.id}, with groups resolved to their members.</p>
      <UrlFilterForm
        label="Filter who can pull"
        keep={{ scan }}
        fields={[
          { kind: 'select', name: 'wrole', label: 'Role', value: f.role ?? '', allLabel: 'Any role', options: opts(all.map((r) => r.role)) },
          { kind: 'select', name: 'wtype', label: 'Member type', value: f.type ?? '', allLabel: 'Any type', options: opts(all.map((r) => r.type)) },
          { kind: 'select', name: 'wlevel', label: 'Level', value: f.level ?? '', allLabel: 'Any level', options: opts(all.map((r) => r.level)) },
        ]}
      />
      <ListSummary shown={rows.length} total={all.length} noun="principal" plural="principals" />
      {rows.length ? (
        <div className="relative mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className={table}>
            <caption className="sr-only">Principals that can pull from {repo.id}</caption>
            <TableHead columns={['Principal', 'Type', 'Role', 'Level', 'Through', 'Risk']} />
            <tbody className={tbody}>
              {rows.map((r, i) => (
                <tr key={`${r.principal}|${r.role}|${r.resource}|${i}`}>
                  <th scope="row" className={`${td} break-all text-left font-mono text-xs font-normal`}>
                    {r.principal}
                  </th>
                  <td className={td}>{r.type === 'allAuthenticatedUsers' ? 'any Google account' : r.type}</td>
                  <td className={`${td} font-mono text-xs`}>{r.role}</td>
                  <td className={td}>
                    {r.level}
                    <span className="block break-all text-xs text-slate-600 dark:text-slate-400">{r.resource}</span>
                  </td>
                  <td className={`${td} text-xs`}>
                    {r.groupPath.length ? `group ${r.groupPath.join(' → ')}` : 'bound directly'}
                    {r.condition ? <span className="block">conditional{r.condition.title ? `: ${r.condition.title}` : ''}</span> : null}
                    {r.unresolved ? <StatusMark tone="undecided">members not all readable</StatusMark> : null}
                    {r.roleUnknown ? <StatusMark tone="undecided">role unknown</StatusMark> : null}
                  </td>
                  <td className={td}>{r.risk ? <StatusMark tone={grantRiskIsBad(r.role, r.principal) ? 'bad' : 'undecided'}>{r.risk}</StatusMark> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
