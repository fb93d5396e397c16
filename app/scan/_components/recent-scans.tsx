'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { api, keys, type ScanSummary } from '@/components/api-client';

function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** The scans this server remembers, newest first; refreshed while any runs. */
export function RecentScans({ initial }: { initial: { demo: boolean; scans: ScanSummary[] } }) {
  const q = useQuery({
    queryKey: keys.scans,
    queryFn: api.listScans,
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.scans.some((s) => s.status === 'running') ? 1000 : false),
  });
  const scans = q.data?.scans ?? [];
  return (
    <section aria-labelledby="recent-title" className="mt-8">
      <div className="flex items-center gap-3">
        <h2 id="recent-title" className="text-lg font-semibold">
          Recent scans
        </h2>
        <button
          type="button"
          onClick={() => void q.refetch()}
          className="rounded-md px-2 py-1 text-sm font-medium text-sky-800 underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300"
        >
          Refresh
        </button>
      </div>
      {scans.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No scans yet: start one above or open a snapshot.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {scans.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2">
              <span className="font-medium">{s.label}</span>
              <span className="text-slate-600 dark:text-slate-400">
                {s.status} · {when(s.startedAt)}
              </span>
              <span className="ml-auto flex gap-3">
                <Link href={`/scan?id=${encodeURIComponent(s.id)}`} className="text-sky-800 underline dark:text-sky-300">
                  Progress<span className="sr-only"> of {s.label}</span>
                </Link>
                {s.status === 'done' && (
                  <Link href={`/?scan=${encodeURIComponent(s.id)}`} className="text-sky-800 underline dark:text-sky-300">
                    Overview<span className="sr-only"> of {s.label}</span>
                  </Link>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
