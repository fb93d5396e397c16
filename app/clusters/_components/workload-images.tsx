import Link from 'next/link';
import { VerdictBadge } from '@/components/verdict-badge';
import { link } from '@/components/ui-classes';
import { pairHref } from '@/app/readiness/_lib/filters';
import type { Pair } from '@/lib/readiness/types';

const MAX_ROWS = 200;

/** The images this cluster's workloads run (or are declared or failed to pull), each with its pool's verdict on the image's repository. */
export function WorkloadImages({ pairs, cluster, scan }: { pairs: Pair[]; cluster: string; scan?: string }) {
  const rows: { image: string; pair: Pair }[] = [];
  const declared: Pair[] = [];
  for (const p of pairs) {
    if (!p.inUse || !p.nodePool.startsWith(`${cluster}/nodePools/`)) continue;
    if (!p.inUse.images.length) declared.push(p);
    for (const image of p.inUse.images) rows.push({ image, pair: p });
  }
  if (!rows.length && !declared.length) return null;
  rows.sort((a, b) => (a.image < b.image ? -1 : a.image > b.image ? 1 : a.pair.nodePool < b.pair.nodePool ? -1 : 1));
  const pool = (n: string) => n.slice(n.lastIndexOf('/') + 1);
  return (
    <section aria-labelledby="workload-images-title" className="mt-8">
      <h2 id="workload-images-title" className="text-lg font-semibold">
        Workload images
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Images this cluster&apos;s workloads run (Cloud Asset Inventory) and repositories declared in the expectations file, with each node pool&apos;s verdict.
      </p>
      <ul className="mt-2 space-y-1 text-sm">
        {rows.slice(0, MAX_ROWS).map(({ image, pair }) => (
          <li key={`${image} ${pair.nodePool}`}>
            <VerdictBadge verdict={pair.verdict} /> <span className="break-all font-mono text-xs">{image}</span> on pool {pool(pair.nodePool)}{' '}
            <Link className={link} href={pairHref(pair.nodePool, pair.repository, scan)}>
              Why<span className="sr-only"> for {image} on {pool(pair.nodePool)}</span>
            </Link>
          </li>
        ))}
        {declared.map((pair) => (
          <li key={`declared ${pair.nodePool} ${pair.repository}`}>
            <VerdictBadge verdict={pair.verdict} /> declared: pool {pool(pair.nodePool)} pulls from <span className="break-all font-mono text-xs">{pair.repository}</span>
          </li>
        ))}
      </ul>
      {rows.length > MAX_ROWS ? <p className="text-sm">… and {rows.length - MAX_ROWS} more</p> : null}
    </section>
  );
}
