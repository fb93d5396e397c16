import Link from 'next/link';
import type { ClusterView } from '../_lib/cluster-view';
import { withScan } from '../_lib/cluster-view';
import { Fact } from '@/components/fact';
import { TableHead } from '@/components/table-head';
import { link, table, tbody, td } from '@/components/ui-classes';
import { AccountFacts, CountFacts, ImageFacts, NetworkFacts, ScopeFacts, VersionFacts } from './pool-facts';

export function PoolTable({ cluster, scan }: { cluster: ClusterView; scan: string | null }) {
  return (
    <div className="mt-3 overflow-x-auto">
      <table className={table}>
        <caption className="sr-only">Node pools of cluster {cluster.shortName}</caption>
        <TableHead columns={['Node pool', 'Version', 'Service account', 'Access scopes', 'Network path', 'Image type', 'Pairs']} />
        <tbody className={tbody}>
          {cluster.pools.map((p) => (
            <tr key={p.name}>
              <th scope="row" className={`${td} text-left font-medium`}>
                <Link href={withScan(`${cluster.href}#pool-${p.shortName}`, scan)} className={link}>
                  {p.displayName}
                </Link>
                {p.onDemand ? (
                  <span className="block text-xs font-normal text-slate-600 dark:text-slate-400">created on demand; judged from the auto-provisioning defaults</span>
                ) : p.autoprovisioned ? (
                  <span className="block text-xs font-normal text-slate-600 dark:text-slate-400">auto-provisioned</span>
                ) : null}
              </th>
              <td className={td}>
                <VersionFacts v={p.version} />
              </td>
              <td className={td}>
                <AccountFacts a={p.account} />
              </td>
              <td className={td}>
                <ScopeFacts s={p.scopes} />
              </td>
              <td className={td}>
                <NetworkFacts n={p.network} />
              </td>
              <td className={td}>
                <ImageFacts imageType={p.imageType} windows={p.windows} />
              </td>
              <td className={td}>
                <CountFacts c={p.counts} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AutoprovisioningFacts({ ap }: { ap: NonNullable<ClusterView['autoprovisioning']> }) {
  return (
    <div className="mt-2 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <p className="font-medium">Auto-provisioning defaults (what future node pools get)</p>
      <dl className="mt-2 grid gap-2 sm:grid-cols-[12rem_1fr]">
        <Fact term="Service account">
          <AccountFacts a={ap.account} />
        </Fact>
        <Fact term="Access scopes">
          <ScopeFacts s={ap.scopes} />
        </Fact>
      </dl>
    </div>
  );
}
