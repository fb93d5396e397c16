import Link from 'next/link';
import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { ScanStateNotice } from '@/components/scan-state-notice';
import { VerdictBadge } from '@/components/verdict-badge';
import { loadScan } from '../../../_lib/load-scan';
import { buildClusterViews, pairHref, pairsBy, withScan } from '../../../_lib/cluster-view';
import { AutoprovisioningFacts } from '../../../_components/cluster-parts';
import { AccountFacts, CountFacts, ImageFacts, NetworkFacts, ScopeFacts, VersionFacts } from '../../../_components/pool-facts';
import { repositoryHref } from '@/app/repositories/_lib/repository-view';

type Params = { project: string; location: string; cluster: string };
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
  return { title: `Cluster ${decode(p.cluster)}` };
}

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400';
const td = 'px-3 py-2 align-top';
const link = 'text-sky-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300';

export default async function ClusterPage({ params, searchParams }: Props) {
  const [p, sp] = await Promise.all([params, searchParams]);
  const project = decode(p.project);
  const location = decode(p.location);
  const clusterId = decode(p.cluster);
  const scan = await loadScan(sp);
  if (scan.kind !== 'ready') {
    return (
      <section aria-labelledby="cluster-title">
        <h1 id="cluster-title" className="text-2xl font-semibold">
          Cluster {clusterId}
        </h1>
        <ScanStateNotice scan={scan} what="this cluster" />
      </section>
    );
  }
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
      <nav aria-label="Breadcrumb" className="text-sm">
        <ol className="flex flex-wrap gap-1 text-slate-600 dark:text-slate-400">
          <li>
            <Link href={withScan('/clusters', s)} className={link}>
              Clusters
            </Link>
            <span aria-hidden="true"> /</span>
          </li>
          <li aria-current="page">{cluster.shortName}</li>
        </ol>
      </nav>
      <h1 id="cluster-title" className="mt-1 text-2xl font-semibold">
        Cluster {cluster.shortName}
      </h1>
      <dl className="mt-3 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
        <dt className="text-slate-600 dark:text-slate-400">Project</dt>
        <dd>{cluster.project}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Location</dt>
        <dd>{cluster.location}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Mode</dt>
        <dd>{view.mode}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Control-plane version</dt>
        <dd className="font-mono">{cluster.controlPlaneVersion ?? 'unknown'}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Status</dt>
        <dd>{cluster.status ?? 'unknown'}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Network</dt>
        <dd className="break-all font-mono text-xs">{cluster.network ?? 'unknown'}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Node subnet</dt>
        <dd className="break-all font-mono text-xs">{cluster.subnetwork ?? 'unknown'}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Workload Identity</dt>
        <dd>
          {view.workloadPool ? `on (${view.workloadPool})` : 'off'}
          <span className="block text-xs text-slate-600 dark:text-slate-400">
            Image pulls always use the node service account, with or without Workload Identity.
          </span>
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Pairs</dt>
        <dd>
          <CountFacts c={view.counts} />
        </dd>
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
                <span className="font-medium">{f.severity}</span> · <code className="text-xs">{f.rule}</code>
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
              Node pool {pool.shortName}
              {pool.autoprovisioned ? <span className="ml-2 text-sm font-normal text-slate-600 dark:text-slate-400">(auto-provisioned)</span> : null}
            </h2>
            <dl className="mt-3 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
              <dt className="text-slate-600 dark:text-slate-400">Version</dt>
              <dd>
                <VersionFacts v={pool.version} />
              </dd>
              <dt className="text-slate-600 dark:text-slate-400">Node service account</dt>
              <dd>
                <AccountFacts a={pool.account} />
              </dd>
              <dt className="text-slate-600 dark:text-slate-400">Access scopes</dt>
              <dd>
                <ScopeFacts s={pool.scopes} />
                {pool.scopes.kind !== 'sufficient' ? (
                  <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400">
                    Access scopes cannot be changed on an existing node pool: create a new pool with the right scopes and move the workloads.
                  </span>
                ) : null}
              </dd>
              <dt className="text-slate-600 dark:text-slate-400">Network path</dt>
              <dd>
                <NetworkFacts n={pool.network} />
                <span className="mt-1 block text-xs text-slate-600 dark:text-slate-400">Private nodes decided by: {sourceText(pool.network.privateNodesSource)}</span>
              </dd>
              <dt className="text-slate-600 dark:text-slate-400">Image type</dt>
              <dd>
                <ImageFacts imageType={pool.imageType} windows={pool.windows} />
              </dd>
            </dl>
            <h3 className="mt-4 font-semibold">Repositories</h3>
            {pairs.length === 0 ? (
              <p className="mt-1 text-sm">No Docker repositories to pair with in this scan.</p>
            ) : (
              <div className="mt-2 overflow-x-auto">
                <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
                  <caption className="sr-only">Pull verdicts of node pool {pool.shortName} for every Docker repository</caption>
                  <thead>
                    <tr>
                      <th scope="col" className={th}>
                        Repository
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
