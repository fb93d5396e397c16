'use client';

import { useRouter } from 'next/navigation';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { VerdictBadge } from '@/components/verdict-badge';
import { cellVerdict, SIG_BASE } from '@/lib/server/dashboard';
import { pairHref } from '../_lib/filters';
import type { GridData } from '../_lib/narrow';
import { causeText, cellLabel, emptyCellLabel } from './cell-text';

export const ROW_HEAD_W = 288;
export const CELL_W = 152;
export const HEAD_H = 80;
export const CELL_H = 52;
/** What the server renders before the browser measures the grid. */
const INITIAL = { width: 1200, height: 560 };

// Subtitles: slate-600 on slate-50/100 and slate-300 on slate-800/900 keep ≥ 4.5:1 (WCAG 1.4.3).
const SUB = 'truncate text-xs text-slate-600 dark:text-slate-300';

interface Shared {
  data: GridData;
  scan?: string;
  totalW: number;
}

/**
 * One row of the grid: its header and the cells of the visible columns. Memoized, so scrolling down renders
 * only the rows that come into view and moving the focus re-renders only the rows it leaves and enters.
 */
const GridRow = memo(function GridRow({ shared, r, top, c0, c1, activeC }: { shared: Shared; r: number; top: number; c0: number; c1: number; activeC: number }) {
  const { data, scan, totalW } = shared;
  const { rows, cols, verdicts, sigs, signatures } = data;
  const row = rows[r];
  const cells: React.ReactNode[] = [];
  for (let c = c0; c <= c1; c++) {
    const col = cols[c];
    const i = r * cols.length + c;
    const ch = verdicts[i];
    const verdict = cellVerdict(ch);
    const style = { left: ROW_HEAD_W + c * CELL_W, width: CELL_W, height: CELL_H };
    const tab = activeC === c ? 0 : -1;
    if (!verdict) {
      cells.push(
        <div
          key={c}
          role="gridcell"
          aria-colindex={c + 2}
          data-cell={`${r}-${c}`}
          tabIndex={tab}
          aria-label={emptyCellLabel(row, col, ch === '-')}
          className="absolute top-0 flex items-center justify-center border-b border-r border-slate-100 text-xs text-slate-500 outline-offset-[-2px] focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-800 dark:text-slate-400"
          style={style}
        >
          <span aria-hidden="true">·</span>
        </div>,
      );
      continue;
    }
    const sig = signatures[sigs.charCodeAt(i) - SIG_BASE];
    const label = cellLabel(row, col, verdict, sig);
    const why = causeText(sig);
    cells.push(
      <div key={c} role="gridcell" aria-colindex={c + 2} className="absolute top-0 border-b border-r border-slate-100 dark:border-slate-800" style={style}>
        <a
          href={pairHref(row.name, col.name, scan)}
          data-cell={`${r}-${c}`}
          tabIndex={tab}
          aria-label={label}
          title={label}
          className="flex h-full w-full flex-col items-start justify-center gap-0.5 px-2 hover:bg-sky-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600 dark:hover:bg-sky-950"
        >
          <VerdictBadge verdict={verdict} />
          {why ? <span className="w-full truncate text-[11px] text-slate-600 dark:text-slate-300">{why}</span> : null}
        </a>
      </div>,
    );
  }
  return (
    <div role="row" aria-rowindex={r + 2} className="absolute left-0" style={{ top: HEAD_H + top, height: CELL_H, width: totalW }}>
      <div
        role="rowheader"
        aria-colindex={1}
        title={row.name}
        className="sticky left-0 z-10 flex h-full flex-col justify-center overflow-hidden border-b border-r border-slate-200 bg-slate-50 px-3 dark:border-slate-700 dark:bg-slate-900"
        style={{ width: ROW_HEAD_W }}
      >
        <span className="truncate text-sm">
          <span className="font-semibold">{row.pool}</span> · {row.clusterShort}
        </span>
        <span className={SUB}>
          {row.project} · {row.location}
        </span>
      </div>
      {cells}
    </div>
  );
});

/** Node pools × repositories, virtualized both ways with sticky headers; arrow keys move between cells and bring them into view. */
export function MatrixGrid({ data, scan }: { data: GridData; scan?: string }) {
  const { rows, cols } = data;
  const router = useRouter();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState({ r: 0, c: 0 });
  const [wantFocus, setWantFocus] = useState(false);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is used as documented; no React Compiler here
  const rowV = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => CELL_H, overscan: 4, scrollPaddingStart: HEAD_H, initialRect: INITIAL, useFlushSync: false });
  const colV = useVirtualizer({
    horizontal: true,
    count: cols.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CELL_W,
    overscan: 2,
    scrollPaddingStart: ROW_HEAD_W,
    initialRect: INITIAL,
    // Scroll renders are batched by React instead of flushed synchronously inside every scroll event.
    useFlushSync: false,
  });

  // A narrower matrix (new filters) keeps the focus inside it.
  const r0 = Math.min(active.r, Math.max(0, rows.length - 1));
  const cA = Math.min(active.c, Math.max(0, cols.length - 1));

  useEffect(() => {
    if (!wantFocus) return;
    let tries = 0;
    let frame = 0;
    const tick = () => {
      const el = scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${r0}-${cA}"]`);
      if (el) {
        el.focus({ preventScroll: true });
        // The grid's scroll-padding keeps the cell clear of the sticky headers; the page scrolls too when
        // the cell is below or above the window.
        el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        setWantFocus(false);
      } else if (tries++ < 10) frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [r0, cA, wantFocus]);

  const move = useCallback(
    (r: number, c: number) => {
      const nr = Math.max(0, Math.min(rows.length - 1, r));
      const nc = Math.max(0, Math.min(cols.length - 1, c));
      setActive({ r: nr, c: nc });
      // Render the target first when it is outside the rendered range; scrollIntoView then places it.
      const el = scrollRef.current?.querySelector(`[data-cell="${nr}-${nc}"]`);
      if (!el) {
        rowV.scrollToIndex(nr, { align: 'auto' });
        colV.scrollToIndex(nc, { align: 'auto' });
      }
      setWantFocus(true);
    },
    [rows.length, cols.length, rowV, colV],
  );

  const onKeyDown = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 400) - HEAD_H) / CELL_H) - 1);
    const [r, c] = [r0, cA];
    const keys: Record<string, () => void> = {
      ArrowUp: () => move(r - 1, c),
      ArrowDown: () => move(r + 1, c),
      ArrowLeft: () => move(r, c - 1),
      ArrowRight: () => move(r, c + 1),
      PageUp: () => move(r - page, c),
      PageDown: () => move(r + page, c),
      Home: () => (e.ctrlKey ? move(0, 0) : move(r, 0)),
      End: () => (e.ctrlKey ? move(rows.length - 1, cols.length - 1) : move(r, cols.length - 1)),
    };
    const fn = keys[e.key];
    if (fn) {
      e.preventDefault();
      fn();
    }
  };

  const onFocus = (e: React.FocusEvent) => {
    const at = (e.target as HTMLElement).dataset?.cell;
    if (!at) return;
    const [r, c] = at.split('-').map(Number);
    if (r !== r0 || c !== cA) setActive({ r, c });
  };

  // One listener for every cell: a plain click opens the pair inside the app; modified clicks (new tab) stay the browser's.
  const onClick = (e: React.MouseEvent) => {
    const a = (e.target as HTMLElement).closest<HTMLAnchorElement>('a[data-cell]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.push(a.getAttribute('href')!);
  };

  const totalW = ROW_HEAD_W + colV.getTotalSize();
  const totalH = HEAD_H + rowV.getTotalSize();
  const vRows = rowV.getVirtualItems();
  const vCols = colV.getVirtualItems();
  const c0 = vCols.length ? vCols[0].index : 0;
  const c1 = vCols.length ? vCols[vCols.length - 1].index : -1;
  const shared = useMemo<Shared>(() => ({ data, scan, totalW }), [data, scan, totalW]);
  // Roving tab stop: when the active cell is scrolled out (and so not rendered), the grid itself takes the
  // Tab stop and hands the focus back to that cell.
  const activeRendered = vRows.length > 0 && r0 >= vRows[0].index && r0 <= vRows[vRows.length - 1].index && cA >= c0 && cA <= c1;

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label="Readiness matrix: node pools (rows) by repositories (columns)"
      aria-rowcount={rows.length + 1}
      aria-colcount={cols.length + 1}
      onKeyDown={onKeyDown}
      onFocus={(e) => (e.target !== e.currentTarget ? onFocus(e) : e.currentTarget.matches(':focus-visible') ? move(r0, cA) : undefined)}
      onClick={onClick}
      tabIndex={activeRendered ? undefined : 0}
      data-testid="matrix-scroller"
      className="relative mt-3 overflow-auto overscroll-contain rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      style={{ height: `min(72vh, ${totalH + 2}px)`, scrollPaddingTop: HEAD_H, scrollPaddingLeft: ROW_HEAD_W }}
    >
      <div style={{ width: totalW, height: totalH, position: 'relative' }}>
        <div role="row" aria-rowindex={1} className="sticky top-0 z-20" style={{ height: HEAD_H, width: totalW }}>
          <div
            role="columnheader"
            aria-colindex={1}
            className="sticky left-0 z-30 flex h-full items-end border-b border-r border-slate-200 bg-slate-100 px-3 pb-2 text-xs font-semibold text-slate-700 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-200"
            style={{ width: ROW_HEAD_W }}
          >
            Node pool · cluster ↓ · repository →
          </div>
          {vCols.map((vc) => {
            const col = cols[vc.index];
            return (
              <div
                key={vc.key}
                role="columnheader"
                aria-colindex={vc.index + 2}
                title={col.name}
                className="absolute top-0 flex h-full flex-col justify-end overflow-hidden border-b border-r border-slate-200 bg-slate-100 px-2 pb-2 dark:border-slate-700 dark:bg-slate-800"
                style={{ left: ROW_HEAD_W + vc.start, width: vc.size }}
              >
                <span className="truncate text-sm font-semibold">{col.id}</span>
                <span className={SUB}>{col.project}</span>
                <span className={SUB}>{col.location}</span>
              </div>
            );
          })}
        </div>
        {vRows.map((vr) => (
          <GridRow key={vr.index} shared={shared} r={vr.index} top={vr.start} c0={c0} c1={c1} activeC={vr.index === r0 ? cA : -1} />
        ))}
      </div>
    </div>
  );
}
