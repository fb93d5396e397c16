import { loadScan } from '@/lib/server/load-scan';
import { ScanStateNotice } from '@/components/scan-state-notice';
import { TitledSection } from '@/components/titled-section';
import { DiagnoseForm, type ClusterOption } from './_components/diagnose-form';

export const metadata = { title: 'Diagnose' };
export const dynamic = 'force-dynamic';

function one(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
}

export default async function DiagnosePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const scan = await loadScan(sp);
  const clusters: ClusterOption[] =
    scan.kind === 'ready'
      ? [...scan.inventory.clusters]
          .sort((a, b) => a.project.localeCompare(b.project) || a.shortName.localeCompare(b.shortName))
          .map((c) => ({
            name: c.name,
            label: `${c.shortName} (${c.project}, ${c.location})`,
            pools: scan.inventory.nodePools
              .filter((p) => p.cluster === c.name)
              .map((p) => ({ name: p.name, shortName: p.shortName }))
              .sort((a, b) => a.shortName.localeCompare(b.shortName)),
          }))
      : [];
  return (
    <TitledSection id="diagnose-title" title="Diagnose">
      <p className="mt-2 max-w-3xl text-slate-700 dark:text-slate-300">
        Paste a failing pull (ErrImagePull, ImagePullBackOff): Pullcheck reads the error, checks what the scanned estate says about that node pool and
        repository, and ranks the likely causes with the command that fixes each.
      </p>
      {scan.kind !== 'ready' ? <ScanStateNotice scan={scan} what="diagnoses (they are judged against a scan)" /> : null}
      <DiagnoseForm
        clusters={clusters}
        scan={scan.kind === 'ready' ? scan.scanParam : null}
        scanLabel={scan.kind === 'ready' ? scan.label : null}
        initial={{ image: one(sp.image), cluster: one(sp.cluster), nodePool: one(sp.pool) }}
      />
    </TitledSection>
  );
}
