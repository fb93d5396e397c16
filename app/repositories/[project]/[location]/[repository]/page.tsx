import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { ScanStateNotice } from '@/components/scan-state-notice';
import { VerdictBadge } from '@/components/verdict-badge';
import { StatusMark } from '@/components/status-mark';
import { loadScan } from '@/app/clusters/_lib/load-scan';
import { clusterHref, countVerdicts, pairHref, withScan } from '@/app/clusters/_lib/cluster-view';
import { CountFacts } from '@/app/clusters/_components/pool-facts';
import { buildRepositoryView, modeLabel } from '../../../_lib/repository-view';
import { GrantTable, HoleList } from '../../../_components/grant-table';

type Params = { project: string; location: string; repository: string };
type Props = { params: Promise<Params>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export const dynamic = 'force-dynamic';

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await params;
  return { title: `Repository ${decode(p.repository)}` };
}

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400';
const td = 'px-3 py-2 align-top';
const link = 'text-sky-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300';

export default async function RepositoryPage({ params, searchParams }: Props) {
  const [p, sp] = await Promise.all([params, searchParams]);
  const project = decode(p.project);
  const location = decode(p.location);
  const repoId = decode(p.repository);
  const scan = await loadScan(sp);
  if (scan.kind !== 'ready') {
    return (
      <section aria-labelledby="repo-title">
        <h1 id="repo-title" className="text-2xl font-semibold">
          Repository {repoId}
        </h1>
        <ScanStateNotice scan={scan} what="this repository" />
      </section>
    );
  }
  const { inventory: inv, report } = scan;
  const repo = inv.repositories.find((r) => r.project === project && r.location === location && r.id === repoId);
  if (!repo) notFound();
  const view = buildRepositoryView(inv, report, repo);
  const s = scan.scanParam;
  const pools = new Map(inv.nodePools.map((np) => [np.name, np]));
  const clusters = new Map(inv.clusters.map((c) => [c.name, c]));
  const pairs = report.pairs.filter((x) => x.repository === repo.name).sort((a, b) => a.nodePool.localeCompare(b.nodePool));
  const counts = countVerdicts(pairs);
  const host = view.registryUri ?? `${repo.location}-docker.pkg.dev/${repo.project.replace(':', '/')}/${repo.id}`;

  return (
    <article aria-labelledby="repo-title">
      <nav aria-label="Breadcrumb" className="text-sm">
        <ol className="flex flex-wrap gap-1 text-slate-600 dark:text-slate-400">
          <li>
            <Link href={withScan('/repositories', s)} className={link}>
              Repositories
            </Link>
            <span aria-hidden="true"> /</span>
          </li>
          <li aria-current="page">{repo.id}</li>
        </ol>
      </nav>
      <h1 id="repo-title" className="mt-1 text-2xl font-semibold">
        Repository {repo.id}
      </h1>
      <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
        <dt className="text-slate-600 dark:text-slate-400">Project</dt>
        <dd>{repo.project}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Location</dt>
        <dd>{repo.location}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Format</dt>
        <dd>{repo.format}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Mode</dt>
        <dd>{modeLabel(repo.mode)}</dd>
        {view.docker ? (
          <>
            <dt className="text-slate-600 dark:text-slate-400">Image path</dt>
            <dd className="break-all font-mono text-xs">{host}/IMAGE</dd>
            <dt className="text-slate-600 dark:text-slate-400">Public</dt>
            <dd>{view.public ? <StatusMark tone="neutral">public: allUsers may download</StatusMark> : 'no'}</dd>
          </>
        ) : null}
        {repo.description ? (
          <>
            <dt className="text-slate-600 dark:text-slate-400">Description</dt>
            <dd>{repo.description}</dd>
          </>
        ) : null}
      </dl>

      {!view.docker ? (
        <p role="note" className="mt-6 rounded-lg border border-dashed border-slate-300 p-4 dark:border-slate-700">
          This is a {repo.format} repository, so it is not paired with node pools: Pullcheck judges pulls from Docker repositories only.
        </p>
      ) : (
        <>
          <section aria-labelledby="grants-title" className="mt-6">
            <h2 id="grants-title" className="text-lg font-semibold">
              Who can download
            </h2>
            <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
              Bindings whose role contains artifactregistry.repositories.downloadArtifacts, on the repository and every resource above it.
            </p>
            <div className="mt-2 rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
              {view.grants.length === 0 ? (
                <p className="p-4 text-sm">No readable binding grants the download from this repository.</p>
              ) : (
                <GrantTable grants={view.grants} caption={`Bindings that grant downloads from ${repo.id}`} />
              )}
            </div>
            <HoleList holes={view.holes} />
          </section>

          <section aria-labelledby="pools-title" className="mt-6">
            <h2 id="pools-title" className="text-lg font-semibold">
              Node pools
            </h2>
            <div className="mt-1 text-sm">
              <CountFacts c={counts} />
            </div>
            {pairs.length === 0 ? (
              <p className="mt-2 text-sm">No node pools in this scan.</p>
            ) : (
              <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
                <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
                  <caption className="sr-only">Pull verdicts of every node pool for {repo.id}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className={th}>
                        Node pool
                      </th>
                      <th scope="col" className={th}>
                        Cluster
                      </th>
                      <th scope="col" className={th}>
                        Verdict
                      </th>
                      <th scope="col" className={th}>
                        Causes
                      </th>
                      <th scope="col" className={th}>
                        <span className="sr-only">Details</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                    {pairs.map((pair) => {
                      const np = pools.get(pair.nodePool);
                      const cl = np ? clusters.get(np.cluster) : undefined;
                      const poolLabel = np?.shortName ?? pair.nodePool;
                      return (
                        <tr key={pair.nodePool}>
                          <th scope="row" className={`${td} text-left font-medium`}>
                            {poolLabel}
                            {np ? <span className="block break-all text-xs font-normal text-slate-600 dark:text-slate-400">{np.serviceAccount.email}</span> : null}
                          </th>
                          <td className={td}>
                            {cl ? (
                              <Link href={withScan(clusterHref(cl), s)} className={link}>
                                {cl.shortName}
                              </Link>
                            ) : (
                              '—'
                            )}
                            {cl ? (
                              <span className="block text-xs text-slate-600 dark:text-slate-400">
                                {cl.project} · {cl.location}
                              </span>
                            ) : null}
                          </td>
                          <td className={`${td} whitespace-nowrap`}>
                            <VerdictBadge verdict={pair.verdict} />
                          </td>
                          <td className={td}>
                            {pair.causes.length === 0 ? (
                              <span className="text-slate-600 dark:text-slate-400">none</span>
                            ) : (
                              <ul className="flex flex-col gap-1">
                                {pair.causes.map((c, i) => (
                                  <li key={`${c.rule}-${i}`}>
                                    <span className="font-medium">{c.category}</span>: {c.message}
                                  </li>
                                ))}
                              </ul>
                            )}
                          </td>
                          <td className={td}>
                            <Link href={pairHref(pair.nodePool, pair.repository, s)} className={`${link} whitespace-nowrap`}>
                              Details<span className="sr-only"> for {poolLabel} and {repo.id}</span>
                            </Link>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </article>
  );
}
