import Link from 'next/link';
import type { ClusterView } from '../_lib/cluster-view';
import { withScan } from '../_lib/cluster-view';
import { AccountFacts, CountFacts, ImageFacts, NetworkFacts, ScopeFacts, VersionFacts } from './pool-facts';

const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400';
const td = 'px-3 py-2 align-top';

export function PoolTable({ cluster, scan }: { cluster: ClusterView; scan: string | null }) {
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800">
        <caption className="sr-only">Node pools of cluster {cluster.shortName}</caption>
        <thead>
          <tr>
            <th scope="col" className={th}>
              Node pool
            </th>
            <th scope="col" className={th}>
              Version
            </th>
            <th scope="col" className={th}>
              Service account
            </th>
            <th scope="col" className={th}>
              Access scopes
            </th>
            <th scope="col" className={th}>
              Network path
            </th>
            <th scope="col" className={th}>
              Image type
            </th>
            <th scope="col" className={th}>
              Pairs
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {cluster.pools.map((p) => (
            <tr key={p.name}>
              <th scope="row" className={`${td} text-left font-medium`}>
                <Link
                  href={withScan(`${cluster.href}#pool-${p.shortName}`, scan)}
                  className="text-sky-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300"
                >
                  {p.shortName}
                </Link>
                {p.autoprovisioned ? <span className="block text-xs font-normal text-slate-600 dark:text-slate-400">auto-provisioned</span> : null}
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
        <dt className="text-slate-600 dark:text-slate-400">Service account</dt>
        <dd>
          <AccountFacts a={ap.account} />
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Access scopes</dt>
        <dd>
          <ScopeFacts s={ap.scopes} />
        </dd>
      </dl>
    </div>
  );
}
