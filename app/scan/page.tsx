import { isDemo, listScans, summarize } from '@/lib/server/scans';
import { TitledSection } from '@/components/titled-section';
import { ScanForm } from './_components/scan-form';
import { SnapshotUpload } from './_components/snapshot-upload';
import { ScanWatch } from './_components/scan-watch';
import { RecentScans } from './_components/recent-scans';

export const metadata = { title: 'Scan' };
export const dynamic = 'force-dynamic';

export default async function ScanPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const id = typeof sp.id === 'string' ? sp.id : undefined;
  const open = sp.open === '1';
  const demo = isDemo();
  const scans = (await listScans()).map(summarize);
  return (
    <TitledSection id="scan-title" title="Scan">
      <p className="mt-1 text-slate-600 dark:text-slate-400">
        Read an estate (read-only) and judge every node pool against every Docker repository, or open a snapshot file written by <code>pullcheck collect</code>.
      </p>
      {id && <ScanWatch key={id} id={id} initial={scans.find((s) => s.id === id) ?? null} openWhenDone={open} />}
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <ScanForm demo={demo} />
        <SnapshotUpload />
      </div>
      <RecentScans initial={{ demo, scans }} />
    </TitledSection>
  );
}
