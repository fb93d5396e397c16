import Link from 'next/link';
import { notFound } from 'next/navigation';
import { loadScan } from '@/lib/server/load-scan';
import { matrixOf } from '@/lib/server/dashboard';
import { EmptyState } from '@/components/empty-state';
import { ScanHeading } from '@/components/scan-heading';
import { TitledSection } from '@/components/titled-section';
import { hasFilters, parseFilters, readinessHref } from '../_lib/filters';
import { ExportLinks } from '@/app/findings/_components/export-links';
import { FilterBar } from '../_components/filter-bar';
import { MatrixGrid } from '../_components/matrix-grid';
import { PairList } from '../_components/pair-list';

export const metadata = { title: 'Readiness' };
export const dynamic = 'force-dynamic';

export default async function ReadinessPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const filters = parseFilters(await searchParams);
  const scan = (await loadScan({ scan: filters.scan ?? undefined })).record ?? null;
  if (!scan && filters.scan) notFound();
  if (!scan?.outcome) {
    return (
      <TitledSection id="readiness-title" title="Readiness">
        <EmptyState
          title={scan ? (scan.status === 'running' ? 'The scan is still running' : 'This scan has no results') : 'Nothing has been scanned yet'}
          action={{ href: scan ? `/scan?id=${encodeURIComponent(scan.id)}` : '/scan', label: scan?.status === 'running' ? 'Watch its progress' : 'Start a scan' }}
        />
      </TitledSection>
    );
  }
  const { report, inventory } = scan.outcome;
  const view = matrixOf(report, inventory, filters);
  const { options, shown, all, ...data } = view;
  const mode = filters.view ?? 'matrix';
  const tab = (m: 'matrix' | 'list', label: string) => (
    <Link
      href={readinessHref({ ...filters, view: m === 'matrix' ? undefined : m })}
      aria-current={mode === m ? 'page' : undefined}
      className={`rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-sky-600 ${
        mode === m ? 'bg-sky-100 text-sky-900 dark:bg-sky-900/60 dark:text-sky-100' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
      }`}
    >
      {label}
    </Link>
  );
  return (
    <TitledSection id="readiness-title" title="Readiness">
      <ScanHeading scan={scan} />
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        Can each node pool (row) pull from each Docker repository (column)? Open a cell for the reasoning and the exact fix.
      </p>
      <FilterBar filters={filters} options={options} />
      <ExportLinks scanId={scan.id} kind="pairs" params={{ project: filters.project, cluster: filters.cluster, repository: filters.repository, verdict: filters.verdict, cause: filters.cause }} count={shown.total} />
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        <p role="status" className="text-sm">
          {hasFilters(filters) ? (
            <>
              Showing <strong>{shown.total}</strong> of {all.total} pairs
            </>
          ) : (
            <>
              <strong>{all.total}</strong> pairs
            </>
          )}
          : {shown['cannot-pull']} cannot pull, {shown.unknown} unknown, {shown['can-pull']} can pull · {data.rows.length} node pools × {data.cols.length} repositories
        </p>
        <nav aria-label="View" className="flex gap-1">
          {tab('matrix', 'Matrix')}
          {tab('list', 'List of pairs')}
        </nav>
      </div>
      {all.total === 0 ? (
        <EmptyState title="No pairs in this scan" action={{ href: '/scan', label: 'Scan another scope' }}>
          {inventory.nodePools.length === 0 ? 'No node pools were found in this scope. ' : ''}
          {inventory.repositories.every((r) => r.format !== 'DOCKER') ? 'No Docker repositories were found in this scope.' : ''}
        </EmptyState>
      ) : shown.total === 0 ? (
        <EmptyState title="No pairs match these filters" action={{ href: readinessHref({ scan: filters.scan, view: filters.view }), label: 'Clear filters' }} />
      ) : mode === 'list' ? (
        <PairList data={data} scan={filters.scan} />
      ) : (
        <>
          <MatrixGrid data={data} scan={filters.scan} />
          <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Keyboard: Tab into the matrix, arrow keys move between cells, Enter opens a pair.</p>
        </>
      )}
    </TitledSection>
  );
}
