import Link from 'next/link';
import { ScanStateNotice } from '@/components/scan-state-notice';
import { UrlFilterForm } from '@/components/url-filter-form';
import { StatusMark } from '@/components/status-mark';
import { loadScan, type LoadedScan } from '@/app/clusters/_lib/load-scan';
import { withScan } from '@/app/clusters/_lib/cluster-view';
import { CountFacts } from '@/app/clusters/_components/pool-facts';
import { buildRepositoryViews, filterRepositories, modeLabel, readRepositoryFilters } from './_lib/repository-view';

export const metadata = { title: 'Repositories' };
export const dynamic = 'force-dynamic';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400';
const td = 'px-3 py-2 align-top';
const link = 'text-sky-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300';

export default async function RepositoriesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const scan = await loadScan(sp);
  return (
    <section aria-labelledby="repos-title">
      <h1 id="repos-title" className="text-2xl font-semibold">
        Repositories
      </h1>
      {scan.kind !== 'ready' ? <ScanStateNotice scan={scan} what="the repositories and who may download from them" /> : <Body scan={scan} sp={sp} />}
    </section>
  );
}

function Body({ scan, sp }: { scan: Extract<LoadedScan, { kind: 'ready' }>; sp: Record<string, string | string[] | undefined> }) {
  const { inventory: inv, report } = scan;
  const all = buildRepositoryViews(inv, report);
  const filters = readRepositoryFilters(sp);
  const shown = filterRepositories(all, filters);
  const projects = [...new Set(all.map((r) => r.project))].sort();
  const formats = [...new Set(all.map((r) => r.format.toUpperCase()))].sort();
  const s = scan.scanParam;
  return (
    <>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        Every Artifact Registry repository in {scan.label}, and every IAM binding that lets someone download from it, wherever it sits: on the
        repository, its project, its folders or its organization.
      </p>
      {inv.repositoryListGaps.length ? (
        <div role="note" className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <p className="font-medium">
            <span aria-hidden="true">? </span>Repositories of some projects could not be listed; they are unknown, not absent:
          </p>
          <ul className="mt-1 list-disc pl-5">
            {inv.repositoryListGaps.map((g) => {
              const gap = inv.gaps.find((x) => x.id === g.gapId);
              return (
                <li key={`${g.project}|${g.gapId}`}>
                  {g.project}
                  {gap?.permission ? `: grant the auditor ${gap.permission} to see them` : gap ? `: ${gap.message}` : ''}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      <UrlFilterForm
        label="Filter repositories"
        keep={{ scan: s }}
        fields={[
          { kind: 'select', name: 'project', label: 'Project', value: filters.project ?? '', allLabel: 'All projects', options: projects.map((p) => ({ value: p, label: p })) },
          { kind: 'select', name: 'format', label: 'Format', value: filters.format ?? '', allLabel: 'Any format', options: formats.map((f) => ({ value: f, label: f })) },
          { kind: 'search', name: 'q', label: 'Search', value: filters.q ?? '', placeholder: 'repository, location, member' },
        ]}
      />
      <p className="mt-3 text-sm text-slate-700 dark:text-slate-300" aria-live="polite">
        Showing {shown.length} of {all.length} {all.length === 1 ? 'repository' : 'repositories'}.
      </p>
      {all.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-300 p-6 dark:border-slate-700">No repositories in this scan.</p>
      ) : shown.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-300 p-6 dark:border-slate-700">No repositories match these filters.</p>
      ) : (
        <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
            <caption className="sr-only">Repositories and the bindings that grant downloads</caption>
            <thead>
              <tr>
                <th scope="col" className={th}>
                  Repository
                </th>
                <th scope="col" className={th}>
                  Project
                </th>
                <th scope="col" className={th}>
                  Location
                </th>
                <th scope="col" className={th}>
                  Format · mode
                </th>
                <th scope="col" className={th}>
                  Public
                </th>
                <th scope="col" className={th}>
                  Who can download
                </th>
                <th scope="col" className={th}>
                  Node pools
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {shown.map((r) => (
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
    </>
  );
}
