import Link from 'next/link';
import { pairHref, readinessHref } from '@/app/readiness/_lib/filters';
import { VerdictBadge } from '@/components/verdict-badge';
import { textLink as link } from '@/components/ui-classes';
import { intentSummary } from '@/lib/intent/summary';
import type { Pair } from '@/lib/readiness/types';

const SHOWN = 10;
// projects/P/locations/L/clusters/C/nodePools/NP → C/NP; repositories → P/R.
const poolLabel = (n: string) => n.split('/').filter((_, i) => i === 5 || i === 7).join('/');
const repoLabel = (n: string) => n.split('/').filter((_, i) => i === 1 || i === 5).join('/');

function PairRows({ pairs, scan }: { pairs: Pair[]; scan?: string }) {
  return (
    <ul className="mt-2 space-y-2">
      {pairs.slice(0, SHOWN).map((p) => (
        <li key={`${p.nodePool} ${p.repository}`} className="text-sm">
          <VerdictBadge verdict={p.verdict} />{' '}
          <Link className={link} href={pairHref(p.nodePool, p.repository, scan)}>
            {poolLabel(p.nodePool)} → {repoLabel(p.repository)}
          </Link>
          {p.inUse?.images.length ? <span className="text-slate-600 dark:text-slate-400"> · {p.inUse.images.slice(0, 2).join(', ')}{p.inUse.images.length > 2 ? ` (+${p.inUse.images.length - 2})` : ''}</span> : null}
          {p.inUse?.failures?.[0] ? (
            <p className="mt-1 break-words font-mono text-xs text-red-800 dark:text-red-300">
              Failed pull {p.inUse.failures[0].time}: {p.inUse.failures[0].message.slice(0, 300)}
            </p>
          ) : null}
        </li>
      ))}
      {pairs.length > SHOWN ? <li className="text-sm text-slate-600 dark:text-slate-400">… and {pairs.length - SHOWN} more</li> : null}
    </ul>
  );
}

/** The pairs that matter first: in-use pairs that cannot pull, then in-use pairs Pullcheck could not decide. Nothing when no intent is known. */
export function InUseOverview({ pairs, scan }: { pairs: Pair[]; scan?: string }) {
  const s = intentSummary(pairs);
  if (!s.known) return null;
  return (
    <section aria-labelledby="in-use-title" className="mt-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="in-use-title" className="text-lg font-semibold">
        Pairs in use
      </h2>
      <p className="mt-1 text-3xl font-semibold" data-testid="in-use-cannot-pull">
        {s.broken.length}
      </p>
      <p className="text-sm">
        in-use {s.broken.length === 1 ? 'pair cannot' : 'pairs cannot'} pull ({s.undecided.length} undecided, {s.fine} pulling fine, of {s.inUse} pairs a workload,
        a declaration or a failed pull says are used; {s.unused} other pairs are not known to be used).{' '}
        <Link className={link} href={readinessHref({ scan, inUse: '1' })}>
          Show only the pairs in use
        </Link>
      </p>
      {s.broken.length ? <PairRows pairs={s.broken} scan={scan} /> : null}
      {s.undecided.length ? (
        <>
          <h3 className="mt-4 font-semibold">In use, undecided</h3>
          <PairRows pairs={s.undecided} scan={scan} />
        </>
      ) : null}
    </section>
  );
}
