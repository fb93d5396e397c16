import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ScanStatePage } from '@/components/scan-state-notice';
import { VerdictBadge } from '@/components/verdict-badge';
import { TableHead } from '@/components/table-head';
import { PairCauses } from '@/components/pair-causes';
import { Fact } from '@/components/fact';
import { Breadcrumb } from '@/components/breadcrumb';
import { drillDownTitle, readDrillDown, type DrillDownProps } from '@/components/route-params';
import { link, table, tbody, td } from '@/components/ui-classes';
import { loadScan } from '@/lib/server/load-scan';
import { buildClusterViews, pairHref, pairsBy, withScan } from '../../../_lib/cluster-view';
import { AutoprovisioningFacts } from '../../../_components/cluster-parts';
import { AccountFacts, CountFacts, ImageFacts, NetworkFacts, ScopeFacts, VersionFacts } from '../../../_components/pool-facts';
import { repositoryHref } from '@/app/repositories/_lib/repository-view';
import { WorkloadImages } from '../../../_components/workload-images';
import { PullFailures } from '../../../_components/pull-failures';
import { RiskMarkers, ScopeRiskMark } from '@/components/grant-risk';
import { accountHref } from '@/app/service-accounts/_lib/accounts';
import { causeTitle } from '@/components/rule-titles';

type Props = DrillDownProps<'cluster'>;

export const dynamic = 'force-dynamic';

export function generateMetadata(props: Props) {
  return drillDownTitle(props, 'cluster', 'Cluster');
}

export default async function ClusterPage(props: Props) {
  const { project, location, id: clusterId, sp } = await readDrillDown(props, 'cluster');
  const scan = await loadScan(sp);
  if (scan.kind !== 'ready') return <ScanStatePage id="cluster-title" title={`Cluster ${clusterId}`} scan={scan} what="this cluster" />;
  const { inventory: inv, report } = scan;
  const cluster = inv.clusters.find((c) => c.project === project && c.location === location && c.shortName === clusterId);
  if (!cluster) notFound();
  const view = buildClusterViews(inv, report).find((c) => c.name === cluster.name)!;
  const byPool = pairsBy(report, 'nodePool');
  const repos = new Map(inv.repositories.map((r) => [r.name, r]));
  const findings = report.findings.filter((f) => f.subject === cluster.name || f.subject.startsWith(`${cluster.name}/`));
  const s = scan.scanParam;

  return (
    <article aria-labelledby="cluster-title">
      <Breadcrumb parent={{ href: withScan('/clusters', s), label: 'Clusters' }} current={cluster.shortName} />
      <h1 id="cluster-title" className="mt-1 text-2xl font-semibold">
        Cluster {cluster.shortName}
      </h1>
      <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
        <Fact term="Project">{cluster.project}</Fact>
        <Fact term="Location">{cluster.location}</Fact>
        <Fact term="Mode">{view.mode}</Fact>
        <Fact term="Control-plane version" className="font-mono">
          {cluster.controlPlaneVersion ?? 'unknown'}
        </Fact>
        <Fact term="Status">{cluster.status ?? 'unknown'}</Fact>
        <Fact term="Network" className="break-all font-mono text-xs">
          {cluster.network ?? 'unknown'}
        </Fact>
        <Fact term="Node subnet" className="break-all font-mono text-xs">
          {cluster.subnetwork ?? 'unknown'}
        </Fact>
        <Fact term="Workload Identity">
          {view.workloadPool ? `on (${view.workloadPool})` : 'off'}
          <span className="block text-xs text-slate-600 dark:text-slate-400">Image pulls always use the node service account, with or without Workload Identity.</span>
        </Fact>
        <Fact term="Pairs">
          <CountFacts c={view.counts} />
        </Fact>
      </dl>

      {view.pools.length === 0 ? (
        <section aria-labelledby="no-pools" className="mt-6 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
          <h2 id="no-pools" className="text-lg font-semibold">
            No node pools
          </h2>
          <p className="mt-1">
            {view.mode === 'Autopilot'
              ? 'This Autopilot cluster lists no node pools: GKE creates nodes when workloads need them, with the auto-provisioning defaults below.'
              : 'This cluster lists no node pools, so there is nothing to pair with the repositories.'}
          </p>
          {view.autoprovisioning ? <AutoprovisioningFacts ap={view.autoprovisioning} /> : <p className="mt-1">No auto-provisioning defaults are set.</p>}
        </section>
      ) : view.autoprovisioning ? (
        <section aria-labelledby="ap-title" className="mt-6 text-sm">
          <h2 id="ap-title" className="text-lg font-semibold">
            Auto-provisioning
          </h2>
          <AutoprovisioningFacts ap={view.autoprovisioning} />
        </section>
      ) : null}

      {findings.length ? (
        <section aria-labelledby="findings-title" className="mt-6">
          <h2 id="findings-title" className="text-lg font-semibold">
            Findings
          </h2>
          <ul className="mt-2 flex flex-col gap-2 text-sm">
            {findings.map((f, i) => (
              <li key={`${f.rule}-${i}`} className="rounded-md border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
                <span className="font-medium">{f.severity}</span> · <span className="font-medium">{causeTitle(f.rule)}</span> <code className="break-all text-xs">{f.rule}</code>
                <p className="mt-1">{f.message}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {view.pools.map((pool) => {
        const pairs = (byPool.get(pool.name) ?? []).slice().sort((a, b) => a.repository.localeCompare(b.repository));
        return (
          <section
            key={pool.name}
            id={`pool-${pool.shortName}`}
            aria-labelledby={`pool-title-${pool.shortName}`}
            className="mt-6 scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
          >
            <h2 id={`pool-title-${pool.shortName}`} className="text-lg font-semibold">
              {pool.onDemand ? `Pools this cluster will create (${pool.displayName})` : `Node pool ${pool.shortName}`}
              {pool.onDemand ? (
                <span className="ml-2 text-sm font-normal text-slate-600 dark:text-slate-400">(nodePools/-: judged from the auto-provisioning defaults)</span>
              ) : pool.autoprovisioned ? (
                <span className="ml-2 text-sm font-normal text-slate-600 dark:text-slate-400">(auto-provisioned)</span>
              ) : null}
            </h2>
            <dl className="mt-3 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
              <Fact term="Version">
                <VersionFacts v={pool.version} />
              </Fact>
              <Fact term="Node service account">
                <AccountFacts a={pool.account} />
                <Link href={withScan(accountHref(pool.account.email), s)} className={`${link} block text-xs`}>
                  What this account can pull
                </Link>
                <RiskMarkers findings={report.findings} resource={pool.name} scan={s} />
              </Fact>
              <Fact term="Access scopes">
                <ScopeFacts s={pool.scopes} />
                <ScopeRiskMark isDefault={pool.account.isDefault} scopes={pool.scopes.scopes.map((x) => x.name)} />
                {pool.scopes.kind !== 'sufficient' ? (
                  <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400">
                    Access scopes cannot be changed on an existing node pool: create a new pool with the right scopes and move the workloads.
                  </span>
                ) : null}
              </Fact>
              <Fact term="Network path">
                <NetworkFacts n={pool.network} />
                <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400">Private nodes decided by: {sourceText(pool.network.privateNodesSource)}</span>
              </Fact>
              <Fact term="Image type">
                <ImageFacts imageType={pool.imageType} windows={pool.windows} />
              </Fact>
            </dl>
            <h3 className="mt-4 font-semibold">Repositories</h3>
            {pairs.length === 0 ? (
              <p className="mt-1 text-sm">No Docker repositories to pair with in this scan.</p>
            ) : (
              <div className="mt-2 overflow-x-auto">
                <table className={table}>
                  <caption className="sr-only">Pull verdicts of node pool {pool.shortName} for every Docker repository</caption>
                  <TableHead columns={['Repository', 'Verdict', 'Causes', <span key="details" className="sr-only">Details</span>]} />
                  <tbody className={tbody}>
                    {pairs.map((pair) => {
                      const repo = repos.get(pair.repository);
                      const repoLabel = repo ? repo.id : pair.repository;
                      return (
                        <tr key={pair.repository}>
                          <th scope="row" className={`${td} text-left font-medium`}>
                            {repo ? (
                              <Link href={withScan(repositoryHref(repo), s)} className={link}>
                                {repo.id}
                              </Link>
                            ) : (
                              repoLabel
                            )}
                            {repo ? (
                              <span className="block text-xs font-normal text-slate-600 dark:text-slate-400">
                                {repo.project} · {repo.location}
                              </span>
                            ) : null}
                          </th>
                          <td className={`${td} whitespace-nowrap`}>
                            <VerdictBadge verdict={pair.verdict} />
                          </td>
                          <td className={td}>
                            <PairCauses causes={pair.causes} />
                          </td>
                          <td className={td}>
                            <Link href={pairHref(pair.nodePool, pair.repository, s)} className={`${link} whitespace-nowrap`}>
                              Details<span className="sr-only"> for {pool.shortName} and {repoLabel}</span>
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
        );
      })}
      <WorkloadImages pairs={report.pairs} cluster={cluster.name} scan={s ?? undefined} />
      <PullFailures cluster={cluster.name} scan={scan.id} />
    </article>
  );
}

function sourceText(s: string): string {
  switch (s) {
    case 'node-pool':
      return "the node pool's own setting";
    case 'cluster-default':
      return "the cluster's default for new pools";
    case 'private-cluster-config':
      return "the cluster's private cluster configuration";
    default:
      return 'not set anywhere (public nodes)';
  }
}
