'use client';

import { useRouter } from 'next/navigation';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { GridData } from '../_lib/narrow';
import { CellPool, SUB } from './cell-pool';
import { gridWindow, scrollToShow, windowCapacity, type GridGeometry } from './grid-window';

export const ROW_HEAD_W = 288;
export const CELL_W = 152;
export const HEAD_H = 80;
export const CELL_H = 52;
/** What the server renders before the browser measures the grid. */
const INITIAL = { width: 1200, height: 560 };

/** The sticky header row: the corner, then the rendered repositories (id, project, location: namesakes read apart). */
const HeaderRow = memo(function HeaderRow({ cols, c0, c1, totalW }: { cols: GridData['cols']; c0: number; c1: number; totalW: number }) {
  const heads: React.ReactNode[] = [];
  for (let c = c0; c <= c1; c++) {
    const col = cols[c];
    heads.push(
      <div
        key={c}
        role="columnheader"
        aria-colindex={c + 2}
        title={col.name}
        className="absolute top-0 flex h-full flex-col justify-end overflow-hidden border-b border-r border-slate-200 bg-slate-100 px-2 pb-2 dark:border-slate-700 dark:bg-slate-800"
        style={{ left: ROW_HEAD_W + c * CELL_W, width: CELL_W, contain: 'strict' }}
      >
        <span className="truncate text-sm font-semibold">{col.id}</span>
        <span className={SUB}>{col.project}</span>
        <span className={SUB}>{col.location}</span>
      </div>,
    );
  }
  return (
    <div role="row" aria-rowindex={1} className="sticky top-0 z-20" style={{ height: HEAD_H, width: totalW }}>
      <div
        role="columnheader"
        aria-colindex={1}
        className="sticky left-0 z-30 flex h-full items-end border-b border-r border-slate-200 bg-slate-100 px-3 pb-2 text-xs font-semibold text-slate-700 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-200"
        style={{ width: ROW_HEAD_W }}
      >
        Node pool · cluster ↓ · repository →
      </div>
      {heads}
    </div>
  );
});

/**
 * Node pools × repositories, virtualized both ways with sticky headers: only the visible window plus a little
 * overscan is in the DOM, every cell has a fixed size and place, and a passive scroll listener reads the
 * scroll position once per animation frame. The body is a fixed pool of recycled rows and cells (CellPool):
 * scrolling rewrites the few cells that come into view instead of rendering new ones, so no frame does more
 * than a row or a column's worth of work. Arrow keys move between cells (one roving tab stop) and bring them
 * into view.
 */
export function MatrixGrid({ data, scan }: { data: GridData; scan?: string }) {
  const { rows, cols } = data;
  const router = useRouter();
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const poolRef = useRef<CellPool | null>(null);
  const geometry = useMemo<GridGeometry>(() => ({ rows: rows.length, cols: cols.length, cellH: CELL_H, cellW: CELL_W, headH: HEAD_H, headW: ROW_HEAD_W }), [rows.length, cols.length]);
  // Only the header row is rendered by React: it changes when a column comes into view, not at every frame.
  const [colWin, setColWin] = useState(() => {
    const w = gridWindow(geometry, { top: 0, left: 0, ...INITIAL });
    return { c0: w.c0, c1: w.c1 };
  });

  const shownCols = useRef(colWin);

  /** Reads the scroll position and size and shows that window. */
  const sync = useCallback(() => {
    const el = scrollRef.current;
    const pool = poolRef.current;
    if (!el || !pool) return;
    const [width, height] = [el.clientWidth, el.clientHeight];
    const next = gridWindow(geometry, { top: el.scrollTop, left: el.scrollLeft, width, height });
    pool.setWindow(next, windowCapacity(geometry, width, height));
    // React hears of a scroll only when a column enters or leaves (the header row), not at every frame.
    const shown = shownCols.current;
    if (shown.c0 !== next.c0 || shown.c1 !== next.c1) {
      shownCols.current = { c0: next.c0, c1: next.c1 };
      setColWin(shownCols.current);
    }
  }, [geometry]);

  useLayoutEffect(() => {
    const pool = new CellPool(bodyRef.current!, scrollRef.current!, { cellW: CELL_W, cellH: CELL_H, headH: HEAD_H, headW: ROW_HEAD_W }, data, scan);
    poolRef.current = pool;
    return () => {
      pool.destroy();
      poolRef.current = null;
    };
    // The pool is made once; new data reaches it through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useLayoutEffect(() => {
    poolRef.current?.setData(data, scan);
  }, [data, scan]);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    let frame = 0;
    const onScroll = () => {
      if (!frame)
        frame = requestAnimationFrame(() => {
          frame = 0;
          sync();
        });
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    sync();
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [sync]);

  /** Makes a cell the tab stop, renders it first when it is outside the window, focuses it and keeps it in view. */
  const move = useCallback(
    (r: number, c: number) => {
      const pool = poolRef.current;
      const el = scrollRef.current;
      if (!pool || !el || rows.length === 0 || cols.length === 0) return;
      const nr = Math.max(0, Math.min(rows.length - 1, r));
      const nc = Math.max(0, Math.min(cols.length - 1, c));
      pool.setActive(nr, nc);
      let cell = pool.cellElement(nr, nc);
      if (!cell) {
        el.scrollTop = scrollToShow(nr, CELL_H, HEAD_H, el.scrollTop, el.clientHeight);
        el.scrollLeft = scrollToShow(nc, CELL_W, ROW_HEAD_W, el.scrollLeft, el.clientWidth);
        sync();
        cell = pool.cellElement(nr, nc);
      }
      if (!cell) return;
      cell.focus({ preventScroll: true });
      // The grid's scroll-padding keeps the cell clear of the sticky headers; the page scrolls too when
      // the cell is below or above the window.
      cell.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    },
    [rows.length, cols.length, sync],
  );

  const onKeyDown = (e: React.KeyboardEvent) => {
    const pool = poolRef.current;
    if (!pool) return;
    const page = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 400) - HEAD_H) / CELL_H) - 1);
    const { r, c } = pool.getActive();
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

  const onFocus = (e: React.FocusEvent<HTMLDivElement>) => {
    const pool = poolRef.current;
    if (!pool || pool.quietFocus) return;
    if (e.target === e.currentTarget) {
      // The grid is the Tab stop while the active cell is scrolled out: a keyboard focus goes on to that cell.
      if (e.currentTarget.matches(':focus-visible')) {
        const { r, c } = pool.getActive();
        move(r, c);
      }
      return;
    }
    const at = (e.target as HTMLElement).dataset?.cell;
    if (!at) return;
    const [r, c] = at.split('-').map(Number);
    const now = pool.getActive();
    if (r !== now.r || c !== now.c) pool.setActive(r, c);
    // A cell has the focus: the grid stops being a second Tab stop (it kept its tabindex while it held the focus).
    else pool.syncGridTabStop();
  };

  // One listener for every cell: a plain click opens the pair inside the app; modified clicks (new tab) stay the browser's.
  const onClick = (e: React.MouseEvent) => {
    const a = (e.target as HTMLElement).closest<HTMLAnchorElement>('a[data-cell]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.push(a.getAttribute('href')!);
  };

  const totalW = ROW_HEAD_W + cols.length * CELL_W;
  const totalH = HEAD_H + rows.length * CELL_H;
  // The window may still be the wider matrix's for one render after a filter narrows it.
  const c0 = Math.min(colWin.c0, cols.length);
  const c1 = Math.min(colWin.c1, cols.length - 1);

  return (
    // The grid's tabindex belongs to the pool (the Tab stop while the active cell is scrolled out): React sets
    // it once, so the HTML the server sends (no cells until the pool runs) can be scrolled from the keyboard.
    <div
      ref={scrollRef}
      role="grid"
      aria-label="Readiness matrix: node pools (rows) by repositories (columns)"
      aria-rowcount={rows.length + 1}
      aria-colcount={cols.length + 1}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      onClick={onClick}
      tabIndex={0}
      data-testid="matrix-scroller"
      className="relative mt-3 overflow-auto overscroll-contain rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      // will-change: scroll-position asks the browser to scroll the grid on the compositor: without it, a screen of
      // device pixel ratio 1 (LCD text) may repaint the visible cells on the main thread at every scrolled frame
      // (https://developer.mozilla.org/en-US/docs/Web/CSS/will-change).
      style={{ height: `min(72vh, ${totalH + 2}px)`, scrollPaddingTop: HEAD_H, scrollPaddingLeft: ROW_HEAD_W, willChange: 'scroll-position' }}
    >
      <div style={{ width: totalW, height: totalH, position: 'relative' }}>
        <HeaderRow cols={cols} c0={c0} c1={c1} totalW={totalW} />
        <div ref={bodyRef} />
      </div>
    </div>
  );
}
