'use client';

import Link from 'next/link';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { VerdictBadge } from '@/components/verdict-badge';
import { cellVerdict, pairImagesKey, SIG_BASE, type MatrixView } from '@/lib/server/dashboard';
import { pairHref } from '../_lib/filters';
import { pairName } from './cell-text';

const ROW_H = 60;
/** On a phone each pair takes two lines of two cells, so nothing scrolls sideways at 390 px. */
const ROW_H_NARROW = 104;
const GRID = 'grid grid-cols-[minmax(0,2fr)_minmax(0,2fr)_8rem_minmax(0,2fr)] gap-3';
const GRID_NARROW = 'grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)] gap-x-3 gap-y-1';
const SUB = 'block truncate text-xs text-slate-600 dark:text-slate-300';

type ListData = Pick<MatrixView, 'rows' | 'cols' | 'verdicts' | 'sigs' | 'signatures'> & Partial<Pick<MatrixView, 'images'>>;

/** One row per pair that the filters let through, virtualized. */
export function PairList({ data, scan, narrow = false }: { data: ListData; scan?: string; narrow?: boolean }) {
  const rowH = narrow ? ROW_H_NARROW : ROW_H;
  const grid = narrow ? GRID_NARROW : GRID;
  const { rows, cols, verdicts, sigs, signatures } = data;
  const items = useMemo(() => {
    const out: number[] = [];
    for (let i = 0; i < verdicts.length; i++) if (cellVerdict(verdicts[i])) out.push(i);
    return out;
  }, [verdicts]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is used as documented; no React Compiler here
  const v = useVirtualizer({ count: items.length, getScrollElement: () => scrollRef.current, estimateSize: () => rowH, overscan: 8 });
  // A new row height (phone ↔ desktop) is a new layout for the virtualizer.
  useEffect(() => v.measure(), [rowH, v]);
  return (
    <div role="table" aria-label="Pairs" aria-rowcount={items.length + 1} className="mt-3 rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={`${grid} border-b border-slate-200 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-700 dark:border-slate-700 dark:text-slate-300`}>
          <span role="columnheader">Node pool</span>
          <span role="columnheader">Repository</span>
          <span role="columnheader">Verdict</span>
          <span role="columnheader">Causes</span>
        </div>
      </div>
      <div ref={scrollRef} role="rowgroup" className="overflow-auto" style={{ height: `min(68vh, ${items.length * rowH + 2}px)` }}>
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const i = items[vi.index];
            const row = rows[Math.floor(i / cols.length)];
            const col = cols[i % cols.length];
            const verdict = cellVerdict(verdicts[i])!;
            const sig = signatures[sigs.charCodeAt(i) - SIG_BASE];
            const images = data.images?.[pairImagesKey(row.name, col.name)];
            return (
              <div
                key={vi.key}
                role="row"
                aria-rowindex={vi.index + 2}
                className={`${grid} absolute left-0 w-full items-center border-b border-slate-100 px-3 text-sm dark:border-slate-800`}
                style={{ top: vi.start, height: vi.size }}
              >
                <span role="cell" className="min-w-0">
                  <span className="block truncate font-medium">{row.pool}</span>
                  <span className={SUB}>
                    {row.clusterShort} · {row.project}
                  </span>
                </span>
                <span role="cell" className="min-w-0">
                  <span className="block truncate font-medium">{col.id}</span>
                  <span className={SUB}>
                    {col.project} · {col.location}
                  </span>
                  {images && (
                    <span className={`${SUB} font-mono`} title={images.join('\n')} data-testid="pair-images">
                      in use: {images.join(', ')}
                    </span>
                  )}
                </span>
                <span role="cell">
                  <VerdictBadge verdict={verdict} />
                </span>
                <span role="cell" className="min-w-0">
                  <span className="block truncate font-mono text-xs">{sig?.rules.join(', ') || '—'}</span>
                  <Link
                    href={pairHref(row.name, col.name, scan)}
                    prefetch={false}
                    className="text-xs font-medium text-sky-800 underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300"
                  >
                    Details<span className="sr-only">: {pairName(row, col)}</span>
                  </Link>
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
