import { notFound } from 'next/navigation';
import { loadScan } from '@/lib/server/load-scan';
import { matrixOf } from '@/lib/server/dashboard';
import { EmptyState } from '@/components/empty-state';
import { ScanHeading } from '@/components/scan-heading';
import { TitledSection } from '@/components/titled-section';
import { parseFilters } from '../_lib/filters';
import { ReadinessExplorer } from '../_components/readiness-explorer';

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
  // The whole matrix goes to the browser once; the filters narrow it there (ReadinessExplorer).
  const { rows, cols, verdicts, sigs, used, images, signatures, options, all } = matrixOf(report, inventory, {});
  const base = { rows, cols, verdicts, sigs, used, images, signatures };
  return (
    <TitledSection id="readiness-title" title="Readiness">
      <ScanHeading scan={scan} />
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        Can each node pool (row) pull from each Docker repository (column)? Open a cell for the reasoning and the exact fix.
      </p>
      {all.total === 0 ? (
        <EmptyState title="No pairs in this scan" action={{ href: '/scan', label: 'Scan another scope' }}>
          {inventory.nodePools.length === 0 ? 'No node pools were found in this scope. ' : ''}
          {inventory.repositories.every((r) => r.format !== 'DOCKER') ? 'No Docker repositories were found in this scope.' : ''}
        </EmptyState>
      ) : (
        <ReadinessExplorer base={base} all={all} options={options} scanId={scan.id} />
      )}
    </TitledSection>
  );
}
