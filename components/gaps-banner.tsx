'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { usePathname, useSearchParams } from 'next/navigation';
import { api, keys } from './api-client';
import type { ScanGaps } from '@/lib/server/gaps';
import { count, noun } from './format';
import { GAPS_BANNER_ATTRIBUTE, GAPS_BANNER_STORAGE_KEY, gapsHref } from './gaps-banner-state';

const SHOWN = 3;

/**
 * The auditor's own gaps for the scan on screen: one line naming the count (with a link to the full list)
 * that opens to the first few; the choice is remembered. Never dismissed entirely while the scan has gaps.
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
  const [collapsed, setCollapsed] = useState(false);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the remembered choice lives in the browser only
    setCollapsed(document.documentElement.getAttribute(GAPS_BANNER_ATTRIBUTE) === 'collapsed');
  }, []);
  const gaps = data?.gaps ?? [];
  if (gaps.length === 0 || pathname === '/gaps') return null;
  const toggle = () => {
    const next = !collapsed;
    setCollapsed(next);
    document.documentElement.setAttribute(GAPS_BANNER_ATTRIBUTE, next ? 'collapsed' : 'open');
    try {
      window.localStorage.setItem(GAPS_BANNER_STORAGE_KEY, next ? 'collapsed' : 'open');
    } catch {
      /* storage disabled: the choice lasts for this page */
    }
  };
  const first = gaps.slice(0, SHOWN);
  // Visibility follows the attribute set before the first paint; the state mirrors it for the button's name.
  const whenOpen = 'gaps-collapsed:hidden';
  const whenCollapsed = 'hidden gaps-collapsed:inline';
  return (
    <section
      aria-labelledby="gaps-banner-title"
      className="border-b border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <div className="mx-auto max-w-7xl px-4 py-2 text-sm">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <h2 id="gaps-banner-title" className="min-w-0 font-semibold">
            <span aria-hidden="true">⚠ </span>
            {count(gaps.length, 'gap')}
            <span className={whenCollapsed}> in what Pullcheck could read</span>
            <span className={whenOpen}>
              : Pullcheck could not read everything in {data?.scan?.label ?? 'this scan'}; verdicts that needed the missing evidence are “unknown”.
            </span>
          </h2>
          <Link href={gapsHref(scan)} className="font-medium underline underline-offset-2 outline-offset-2 focus-visible:outline-2 focus-visible:outline-amber-700">
            See all {noun(gaps.length, 'gap')}
          </Link>
          <button
            type="button"
            onClick={toggle}
            aria-expanded={!collapsed}
            aria-controls="gaps-banner-list"
            className="rounded border border-amber-400 px-2 py-0.5 text-xs font-medium outline-offset-2 hover:bg-amber-100 focus-visible:outline-2 focus-visible:outline-amber-700 dark:border-amber-700 dark:hover:bg-amber-900"
          >
            <span className={whenOpen}>Collapse</span>
            <span className={whenCollapsed}>Show</span>
          </button>
        </div>
        <ul id="gaps-banner-list" className={`mt-1 space-y-1 ${whenOpen}`}>
          {first.map((g) => (
            <li key={g.id} className="break-words">
              {g.what} <strong className="font-medium">{g.fix}</strong>
            </li>
          ))}
          {gaps.length > SHOWN ? (
            <li>
              <Link href={gapsHref(scan)} className="underline underline-offset-2 outline-offset-2 focus-visible:outline-2 focus-visible:outline-amber-700">
                {count(gaps.length - SHOWN, 'more gap')}
              </Link>
            </li>
          ) : null}
        </ul>
      </div>
    </section>
  );
}
