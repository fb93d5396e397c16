import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ScanStatePage } from '@/components/scan-state-notice';
import { VerdictBadge } from '@/components/verdict-badge';
import { StatusMark } from '@/components/status-mark';
import { TableHead } from '@/components/table-head';
import { PairCauses } from '@/components/pair-causes';
import { Fact } from '@/components/fact';
import { Breadcrumb } from '@/components/breadcrumb';
import { drillDownTitle, readDrillDown, type DrillDownProps } from '@/components/route-params';
import { link, table, tbody, td } from '@/components/ui-classes';
import { loadScan } from '@/lib/server/load-scan';
import { clusterHref, countVerdicts, pairHref, withScan } from '@/app/clusters/_lib/cluster-view';
import { CountFacts } from '@/app/clusters/_components/pool-facts';
import { buildRepositoryView, modeLabel } from '../../../_lib/repository-view';
import { GrantTable, HoleList } from '../../../_components/grant-table';
import { WhoCanPull } from '../../../_components/who-can-pull';
import { RepositoryGuards } from '../../../_components/repository-guards';
import { RiskMarkers } from '@/components/grant-risk';

type Props = DrillDownProps<'repository'>;

export const dynamic = 'force-dynamic';

export function generateMetadata(props: Props) {
  return drillDownTitle(props, 'repository', 'Repository');
}

export default async function RepositoryPage(props: Props) {
  const { project, location, id: repoId, sp } = await readDrillDown(props, 'repository');
  const scan = await loadScan(sp);
  if (scan.kind !== 'ready') return <ScanStatePage id="repo-title" title={`Repository ${repoId}`} scan={scan} what="this repository" />;
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
      <Breadcrumb parent={{ href: withScan('/repositories', s), label: 'Repositories' }} current={repo.id} />
      <h1 id="repo-title" className="mt-1 text-2xl font-semibold">
        Repository {repo.id}
      </h1>
      <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
        <Fact term="Project">{repo.project}</Fact>
        <Fact term="Location">{repo.location}</Fact>
        <Fact term="Format">{repo.format}</Fact>
        <Fact term="Mode">{modeLabel(repo.mode)}</Fact>
        {view.docker ? (
          <>
            <Fact term="Image path" className="break-all font-mono text-xs">
              {host}/IMAGE
            </Fact>
            <Fact term="Public">{view.public ? <StatusMark tone="neutral">public: allUsers may download</StatusMark> : 'no'}</Fact>
          </>
        ) : null}
        {repo.description ? <Fact term="Description">{repo.description}</Fact> : null}
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
          <RiskMarkers findings={report.findings} resource={repo.name} scan={s} />
          <WhoCanPull inv={inv} repo={repo} sp={sp} scan={s} />
          <RepositoryGuards inv={inv} repo={repo} />

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
              <div className="relative mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
                <table className={table}>
                  <caption className="sr-only">Pull verdicts of every node pool for {repo.id}</caption>
                  <TableHead columns={['Node pool', 'Cluster', 'Verdict', 'Causes', <span key="details" className="sr-only">Details</span>]} />
                  <tbody className={tbody}>
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
                            <PairCauses causes={pair.causes} />
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
