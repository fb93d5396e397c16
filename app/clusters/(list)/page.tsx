import Link from 'next/link';
import { ScanStateNotice } from '@/components/scan-state-notice';
import { UrlFilterForm } from '@/components/url-filter-form';
import { StatusMark } from '@/components/status-mark';
import { TitledSection } from '@/components/titled-section';
import { ListGapsNote } from '@/components/list-gaps-note';
import { ListSummary } from '@/components/list-summary';
import { card, factTerm, link } from '@/components/ui-classes';
import { loadScan, type LoadedScan } from '@/lib/server/load-scan';
import { buildClusterViews, filterClusters, readClusterFilters, withScan } from '../_lib/cluster-view';
import { AutoprovisioningFacts, PoolTable } from '../_components/cluster-parts';
import { paginate, readPage } from './paging';
import { Pager } from './pager';

/** Clusters per page: each carries its node pool table, so a page stays small however large the estate. */
const PAGE_SIZE = 10;

export const metadata = { title: 'Clusters' };
export const dynamic = 'force-dynamic';

export default async function ClustersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const scan = await loadScan(sp);
  return (
    <TitledSection id="clusters-title" title="Clusters">
      {scan.kind !== 'ready' ? <ScanStateNotice scan={scan} what="the clusters and their node pools" /> : <ClustersBody scan={scan} sp={sp} />}
    </TitledSection>
  );
}

function ClustersBody({ scan, sp }: { scan: Extract<LoadedScan, { kind: 'ready' }>; sp: Record<string, string | string[] | undefined> }) {
  const { inventory: inv, report } = scan;
  const all = buildClusterViews(inv, report);
  const filters = readClusterFilters(sp);
  const shown = filterClusters(all, filters);
  const page = paginate(shown, readPage(sp), PAGE_SIZE);
  const pager = <Pager page={page} pathname="/clusters" sp={sp} plural="Clusters" label="Pages of clusters" />;
  const projects = [...new Set([...inv.clusters.map((c) => c.project), ...inv.clusterListGaps.map((g) => g.project)])].sort();
  return (
    <>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        Every GKE cluster in {scan.label}, with each node pool&apos;s version, node service account, access scopes and network path. The kubelet pulls
        images as the node service account; Workload Identity does not change that.
      </p>
      <ListGapsNote listGaps={inv.clusterListGaps} gaps={inv.gaps}>
        Clusters of {inv.clusterListGaps.length === 1 ? 'one project' : `${inv.clusterListGaps.length} projects`} could not be listed; their node pools are
        unknown, not absent:
      </ListGapsNote>
      <UrlFilterForm
        label="Filter clusters"
        keep={{ scan: scan.scanParam }}
        fields={[
          { kind: 'select', name: 'project', label: 'Project', value: filters.project ?? '', allLabel: 'All projects', options: projects.map((p) => ({ value: p, label: p })) },
          {
            kind: 'select',
            name: 'mode',
            label: 'Mode',
            value: filters.mode ?? '',
            allLabel: 'Any mode',
            options: [
              { value: 'Standard', label: 'Standard' },
              { value: 'Autopilot', label: 'Autopilot' },
            ],
          },
          { kind: 'search', name: 'q', label: 'Search', value: filters.q ?? '', placeholder: 'cluster, node pool, service account' },
        ]}
      />
      <ListSummary shown={shown.length} total={all.length} noun="cluster" plural="clusters" />
      {pager}
      <div className="mt-4 flex flex-col gap-6">
        {page.items.map((c) => (
          <section key={c.name} aria-labelledby={`cl-${c.name}`} className={card}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 id={`cl-${c.name}`} className="text-lg font-semibold">
                <Link href={withScan(c.href, scan.scanParam)} className={link}>
                  {c.shortName}
                </Link>
              </h2>
              <p className="text-sm text-slate-700 dark:text-slate-300">
                {c.counts['can-pull']} can pull · {c.counts['cannot-pull']} cannot pull · {c.counts.unknown} unknown
              </p>
            </div>
            <dl className="mt-1 flex flex-wrap gap-x-6 gap-y-1 text-sm">
              <div className="flex gap-1">
                <dt className={factTerm}>Project</dt>
                <dd>{c.project}</dd>
              </div>
              <div className="flex gap-1">
                <dt className={factTerm}>Location</dt>
                <dd>{c.location}</dd>
              </div>
              <div className="flex gap-1">
                <dt className={factTerm}>Mode</dt>
                <dd>{c.mode}</dd>
              </div>
              <div className="flex gap-1">
                <dt className={factTerm}>Control plane</dt>
                <dd className="font-mono">{c.controlPlaneVersion ?? 'unknown'}</dd>
              </div>
              {c.status && c.status !== 'RUNNING' ? (
                <div className="flex gap-1">
                  <dt className={factTerm}>Status</dt>
                  <dd>
                    <StatusMark tone="undecided">{c.status}</StatusMark>
                  </dd>
                </div>
              ) : null}
            </dl>
            {c.pools.length === 0 ? (
              <div className="mt-3 text-sm">
                <p>
                  {c.mode === 'Autopilot'
                    ? 'This Autopilot cluster lists no node pools: GKE creates nodes when workloads need them.'
                    : 'This cluster lists no node pools.'}
                </p>
                {c.autoprovisioning ? <AutoprovisioningFacts ap={c.autoprovisioning} /> : null}
              </div>
            ) : (
              <PoolTable cluster={c} scan={scan.scanParam} />
            )}
          </section>
        ))}
      </div>
      {pager}
    </>
  );
}
