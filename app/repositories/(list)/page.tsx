import Link from 'next/link';
import { ScanStateNotice } from '@/components/scan-state-notice';
import { UrlFilterForm } from '@/components/url-filter-form';
import { StatusMark } from '@/components/status-mark';
import { loadScan, type LoadedScan } from '@/lib/server/load-scan';
import { withScan } from '@/app/clusters/_lib/cluster-view';
import { CountFacts } from '@/app/clusters/_components/pool-facts';
import { TitledSection } from '@/components/titled-section';
import { ListGapsNote } from '@/components/list-gaps-note';
import { ListSummary } from '@/components/list-summary';
import { TableHead } from '@/components/table-head';
import { link, table, tbody, td } from '@/components/ui-classes';
import { paginate, readPage } from '@/app/clusters/(list)/paging';
import { Pager } from '@/app/clusters/(list)/pager';
import { buildRepositoryViews, filterRepositories, modeLabel, readRepositoryFilters } from '../_lib/repository-view';

/** Repositories per page: each row lists every binding that grants the download, so pages keep the HTML small. */
const PAGE_SIZE = 25;

export const metadata = { title: 'Repositories' };
export const dynamic = 'force-dynamic';

export default async function RepositoriesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const scan = await loadScan(sp);
  return (
    <TitledSection id="repos-title" title="Repositories">
      {scan.kind !== 'ready' ? <ScanStateNotice scan={scan} what="the repositories and who may download from them" /> : <Body scan={scan} sp={sp} />}
    </TitledSection>
  );
}

function Body({ scan, sp }: { scan: Extract<LoadedScan, { kind: 'ready' }>; sp: Record<string, string | string[] | undefined> }) {
  const { inventory: inv, report } = scan;
  const all = buildRepositoryViews(inv, report);
  const filters = readRepositoryFilters(sp);
  const shown = filterRepositories(all, filters);
  const page = paginate(shown, readPage(sp), PAGE_SIZE);
  const pager = <Pager page={page} pathname="/repositories" sp={sp} plural="Repositories" label="Pages of repositories" />;
  const projects = [...new Set(all.map((r) => r.project))].sort();
  const formats = [...new Set(all.map((r) => r.format.toUpperCase()))].sort();
  const s = scan.scanParam;
  return (
    <>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        Every Artifact Registry repository in {scan.label}, and every IAM binding that lets someone download from it, wherever it sits: on the
        repository, its project, its folders or its organization.
      </p>
      <ListGapsNote listGaps={inv.repositoryListGaps} gaps={inv.gaps}>
        Repositories of some projects could not be listed; they are unknown, not absent:
      </ListGapsNote>
      <UrlFilterForm
        label="Filter repositories"
        keep={{ scan: s }}
        fields={[
          { kind: 'select', name: 'project', label: 'Project', value: filters.project ?? '', allLabel: 'All projects', options: projects.map((p) => ({ value: p, label: p })) },
          { kind: 'select', name: 'format', label: 'Format', value: filters.format ?? '', allLabel: 'Any format', options: formats.map((f) => ({ value: f, label: f })) },
          { kind: 'search', name: 'q', label: 'Search', value: filters.q ?? '', placeholder: 'repository, location, member' },
        ]}
      />
      <ListSummary shown={shown.length} total={all.length} noun="repository" plural="repositories" />
      {pager}
      {shown.length === 0 ? null : (
        <div className="relative mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className={table}>
            <caption className="sr-only">Repositories and the bindings that grant downloads</caption>
            <TableHead columns={['Repository', 'Project', 'Location', 'Format · mode', 'Public', 'Who can download', 'Node pools']} />
            <tbody className={tbody}>
              {page.items.map((r) => (
                <tr key={r.name}>
                  <th scope="row" className={`${td} text-left font-medium`}>
                    <Link href={withScan(r.href, s)} className={link}>
                      {r.id}
                    </Link>
                  </th>
                  <td className={td}>{r.project}</td>
                  <td className={td}>{r.location}</td>
                  <td className={td}>
                    {r.format} · {modeLabel(r.mode)}
                  </td>
                  <td className={td}>{!r.docker ? '—' : r.public ? <StatusMark tone="neutral">public</StatusMark> : 'no'}</td>
                  <td className={td}>
                    {!r.docker ? (
                      <span className="text-slate-600 dark:text-slate-400">not paired: Pullcheck judges only Docker repositories</span>
                    ) : (
                      <>
                        {r.grants.length === 0 ? <span>no binding grants the download</span> : null}
                        <ul className="flex flex-col gap-1">
                          {r.grants.map((g, i) => (
                            <li key={`${g.resource}|${g.role}|${g.member}|${i}`} className="text-xs">
                              <span className="font-medium">{g.level}</span> · <span className="break-all font-mono">{g.member}</span> ·{' '}
                              <span className="font-mono">{g.role}</span>
                              {g.condition ? ' · conditional' : ''}
                              {g.grants.grants === 'unknown' ? ' · role unknown' : ''}
                              {g.deletedMember ? ' · grants nothing' : ''}
                            </li>
                          ))}
                        </ul>
                        {r.holes.length ? (
                          <span className="mt-1 block text-xs text-amber-800 dark:text-amber-300">
                            <span aria-hidden="true">? </span>
                            {r.holes.length} unreadable {r.holes.length === 1 ? 'policy' : 'policies'}
                          </span>
                        ) : null}
                      </>
                    )}
                  </td>
                  <td className={td}>{r.docker ? <CountFacts c={r.counts} /> : <span className="text-slate-600 dark:text-slate-400">not paired</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pager}
    </>
  );
}
