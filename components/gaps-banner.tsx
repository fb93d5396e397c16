'use client';

import { useQuery } from '@tanstack/react-query';
import { usePathname, useSearchParams } from 'next/navigation';
import { api, keys } from './api-client';
import type { ScanGaps } from '@/lib/server/gaps';

const SHOWN = 5;

/**
 * The auditor's own gaps for the scan on screen; always visible while the scan has any, never dismissible.
 * The server renders it with `initial` (the layout's scan), so it is in the page's HTML from the first byte.
 */
export function GapsBanner({ initial }: { initial: { scanParam: string | null; data: ScanGaps | null } }) {
  const scan = useSearchParams().get('scan');
  const pathname = usePathname();
  const { data } = useQuery({
    queryKey: [...keys.gaps(scan), pathname],
    queryFn: () => api.gaps(scan),
    staleTime: 5_000,
    initialData: scan === initial.scanParam && initial.data ? initial.data : undefined,
  });
  const gaps = data?.gaps ?? [];
  if (gaps.length === 0) return null;
  const first = gaps.slice(0, SHOWN);
  const rest = gaps.slice(SHOWN);
  return (
    <section
      aria-labelledby="gaps-banner-title"
      className="border-b border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <div className="mx-auto max-w-7xl px-4 py-3 text-sm">
        <h2 id="gaps-banner-title" className="font-semibold">
          <span aria-hidden="true">⚠ </span>
          Pullcheck could not read everything in {data?.scan?.label ?? 'this scan'}: {gaps.length} gap{gaps.length === 1 ? '' : 's'}. Verdicts that needed the missing evidence are “unknown”.
        </h2>
        <ul className="mt-2 space-y-1">
          {first.map((g) => (
            <li key={g.id}>
              {g.what} <strong className="font-medium">{g.fix}</strong>
            </li>
          ))}
        </ul>
        {rest.length > 0 && (
          <details className="mt-1">
            <summary className="cursor-pointer rounded outline-offset-2 focus-visible:outline-2 focus-visible:outline-amber-700">
              {rest.length} more gap{rest.length === 1 ? '' : 's'}
            </summary>
            <ul className="mt-1 space-y-1">
              {rest.map((g) => (
                <li key={g.id}>
                  {g.what} <strong className="font-medium">{g.fix}</strong>
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </section>
  );
}
