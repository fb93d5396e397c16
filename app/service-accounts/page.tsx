import Link from 'next/link';
import { ScanStateNotice } from '@/components/scan-state-notice';
import { TitledSection } from '@/components/titled-section';
import { TableHead } from '@/components/table-head';
import { StatusMark } from '@/components/status-mark';
import { link, table, tbody, td } from '@/components/ui-classes';
import { loadScan } from '@/lib/server/load-scan';
import { withScan } from '@/app/clusters/_lib/cluster-view';
import { nodeAccounts } from './_lib/accounts';

export const metadata = { title: 'Node service accounts' };
export const dynamic = 'force-dynamic';

export default async function ServiceAccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const scan = await loadScan(sp);
  if (scan.kind !== 'ready') {
    return (
      <TitledSection id="sa-title" title="Node service accounts">
        <ScanStateNotice scan={scan} what="what each node service account can pull" />
      </TitledSection>
    );
  }
  const accounts = nodeAccounts(scan.inventory);
  const byPool = new Map<string, number>();
  for (const p of scan.report.pairs) if (p.verdict === 'can-pull') byPool.set(p.nodePool, (byPool.get(p.nodePool) ?? 0) + 1);
  return (
    <TitledSection id="sa-title" title="Node service accounts">
      <p className="mt-2 text-slate-700 dark:text-slate-300">The kubelet pulls images with the node pool&apos;s service account. What each account can pull, and the least-privilege plan that keeps what it needs.</p>
      <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table className={table}>
          <caption className="sr-only">Node service accounts and their node pools</caption>
          <TableHead columns={['Service account', 'Node pools', 'Pairs that can pull']} />
          <tbody className={tbody}>
            {accounts.map((a) => (
              <tr key={a.email}>
                <th scope="row" className={`${td} break-all text-left font-normal`}>
                  <Link href={withScan(a.href, scan.scanParam)} className={`${link} font-mono text-xs`}>
                    {a.email}
                  </Link>
                  {a.isDefault ? (
                    <span className="ml-2">
                      <StatusMark tone="undecided">Compute Engine default</StatusMark>
                    </span>
                  ) : null}
                </th>
                <td className={td}>{a.pools.map((p) => p.shortName).join(', ')}</td>
                <td className={`${td} tabular-nums`}>{a.pools.reduce((n, p) => n + (byPool.get(p.name) ?? 0), 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </TitledSection>
  );
}
