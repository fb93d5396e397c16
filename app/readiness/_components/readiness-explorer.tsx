'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { EmptyState } from '@/components/empty-state';
import type { MatrixView, VerdictCounts } from '@/lib/server/dashboard';
import { ExportLinks } from '@/app/findings/_components/export-links';
import { hasFilters, parseFilters, readinessHref, withDefaultInUse, type ReadinessFilters } from '../_lib/filters';
import { narrowMatrix, type GridData } from '../_lib/narrow';
import { FilterBar } from './filter-bar';
import { MatrixGrid } from './matrix-grid';
import { PairList } from './pair-list';

/** Below Tailwind's `sm` breakpoint the matrix cannot show a useful slice, so the list is the default there. */
const PHONE = '(max-width: 639px)';

function subscribePhone(cb: () => void) {
  const m = window.matchMedia(PHONE);
  m.addEventListener('change', cb);
  return () => m.removeEventListener('change', cb);
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The readiness page's filters, counts and views over one scan's whole matrix. The URL is the state: a change
 * rewrites it with history.replaceState (Next.js keeps useSearchParams in step), and the matrix narrows in the
 * browser, so no change waits for the server.
 */
export function ReadinessExplorer({ base, all, options, scanId }: { base: GridData; all: VerdictCounts; options: MatrixView['options']; scanId: string }) {
  const params = useSearchParams();
  const query = params.toString();
  // The filters live in state, set in the same event as the change: a controlled select whose value waited for
  // Next.js to echo history.replaceState back through useSearchParams would snap back to the old option for a
  // moment, and a second arrow key pressed in that moment would re-pick the option the first one already chose.
  const [chosen, setState] = useState<ReadinessFilters>(() => parseFilters(new URLSearchParams(query)));
  // Once any pair is known to be used (declared, running, failing), the pairs in use are what the page opens on.
  const intentKnown = useMemo(() => Boolean(base.used?.includes('1')), [base.used]);
  const filters = useMemo(() => withDefaultInUse(chosen, intentKnown), [chosen, intentKnown]);
  const written = useRef(query);
  const latest = useRef(chosen);
  useEffect(() => {
    // The URL changed by something other than our own replaceState (back/forward, a link): follow it.
    if (query !== written.current) {
      written.current = query;
      latest.current = parseFilters(new URLSearchParams(query));
      setState(latest.current);
    }
  }, [query]);
  const phone = useSyncExternalStore(subscribePhone, () => window.matchMedia(PHONE).matches, () => false);
  const setFilters = useCallback((patch: Partial<ReadinessFilters>) => {
    const next = { ...latest.current, ...patch };
    latest.current = next;
    const href = readinessHref(next);
    written.current = new URL(href, window.location.href).searchParams.toString();
    window.history.replaceState(null, '', href);
    setState(next);
  }, []);
  const { shown, ...data } = useMemo(() => narrowMatrix(base, filters), [base, filters]);
  const mode = filters.view ?? (phone ? 'list' : 'matrix');
  const tab = (m: 'matrix' | 'list', label: string) => (
    <a
      href={readinessHref({ ...filters, view: m })}
      onClick={(e) => {
        e.preventDefault();
        setFilters({ view: m });
      }}
      aria-current={mode === m ? 'page' : undefined}
      className={`rounded-md px-3 py-1.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-sky-600 ${
        mode === m ? 'bg-sky-100 text-sky-900 dark:bg-sky-900/60 dark:text-sky-100' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
      }`}
    >
      {label}
    </a>
  );
  return (
    <>
      <FilterBar filters={filters} options={options} onChange={setFilters} intentKnown={intentKnown} />
      <ExportLinks scanId={scanId} kind="pairs" params={{ project: filters.project, cluster: filters.cluster, repository: filters.repository, verdict: filters.verdict, cause: filters.cause, inUse: filters.inUse }} count={shown.total} />
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        <p role="status" className="text-sm" data-testid="pair-counts">
          {hasFilters(filters) ? (
            <>
              Showing <strong>{fmt(shown.total)}</strong> of {fmt(all.total)} pairs
            </>
          ) : (
            <>
              <strong>{fmt(all.total)}</strong> pairs
            </>
          )}
          : {fmt(shown['cannot-pull'])} cannot pull, {fmt(shown.unknown)} unknown, {fmt(shown['can-pull'])} can pull · {fmt(data.rows.length)} node{' '}
          {data.rows.length === 1 ? 'pool' : 'pools'} × {fmt(data.cols.length)} {data.cols.length === 1 ? 'repository' : 'repositories'}
        </p>
        <nav aria-label="View" className="flex gap-1">
          {tab('matrix', 'Matrix')}
          {tab('list', 'List of pairs')}
        </nav>
      </div>
      {shown.total === 0 ? (
        <EmptyState title="No pairs match these filters" action={{ href: readinessHref({ scan: filters.scan, view: filters.view, inUse: intentKnown ? 'all' : undefined }), label: 'Clear filters' }} />
      ) : mode === 'list' ? (
        <PairList data={data} scan={filters.scan} narrow={phone} />
      ) : (
        <>
          <MatrixGrid data={data} scan={filters.scan} />
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-300">
            Keyboard: Tab into the matrix, arrow keys, Page Up/Down, Home and End move between cells, Enter opens a pair.
          </p>
        </>
      )}
    </>
  );
}
