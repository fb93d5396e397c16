'use client';

import { useRouter } from 'next/navigation';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { VerdictBadge } from '@/components/verdict-badge';
import { cellVerdict, SIG_BASE } from '@/lib/server/dashboard';
import { pairHref } from '../_lib/filters';
import type { GridData } from '../_lib/narrow';
import { causeText, cellLabel, emptyCellLabel } from './cell-text';
import { COL_BLOCK, gridWindow, sameWindow, scrollToShow, type GridGeometry, type GridWindow } from './grid-window';

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
}

/** Every cell box has its own fixed size: containment keeps a cell's layout and paint from reaching its neighbours. */
const cellStyle = (c: number): React.CSSProperties => ({ left: ROW_HEAD_W + c * CELL_W, width: CELL_W, height: CELL_H, contain: 'strict' });

/**
 * One row's cells for one block of columns. Memoized: a block renders when it comes into view, and again only
 * when the roving tab stop enters or leaves it; scrolling sideways renders only the blocks that appear.
 */
const CellBlock = memo(function CellBlock({ shared, r, b, activeC }: { shared: Shared; r: number; b: number; activeC: number }) {
  const { data, scan } = shared;
  const { rows, cols, verdicts, sigs, signatures } = data;
  const row = rows[r];
  const cells: React.ReactNode[] = [];
  const end = Math.min(cols.length, (b + 1) * COL_BLOCK);
  for (let c = b * COL_BLOCK; c < end; c++) {
    const col = cols[c];
    const i = r * cols.length + c;
    const ch = verdicts[i];
    const verdict = cellVerdict(ch);
    const style = cellStyle(c);
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
  return <>{cells}</>;
});

/** The blocks of columns a window spans. */
function blocks(c0: number, c1: number): number[] {
  const out: number[] = [];
  for (let b = Math.floor(c0 / COL_BLOCK); b * COL_BLOCK <= c1; b++) out.push(b);
  return out;
}

/**
 * One row of the grid: its header (sticky at the left) and the cells of the rendered columns, at a fixed place
 * (nothing is measured). Memoized, so scrolling down renders only the rows that come into view and moving the
 * focus re-renders only the rows it leaves and enters.
 */
const GridRow = memo(function GridRow({ shared, r, c0, c1, activeC, totalW }: { shared: Shared; r: number; c0: number; c1: number; activeC: number; totalW: number }) {
  const row = shared.data.rows[r];
  return (
    <div role="row" aria-rowindex={r + 2} className="absolute left-0" style={{ top: HEAD_H + r * CELL_H, height: CELL_H, width: totalW }}>
      <RowHeader row={row} />
      {blocks(c0, c1).map((b) => (
        <CellBlock key={b} shared={shared} r={r} b={b} activeC={Math.floor(activeC / COL_BLOCK) === b ? activeC : -1} />
      ))}
    </div>
  );
});

/** A node pool: pool · cluster, then project · location, so namesakes in other clusters or projects read apart. */
function RowHeader({ row }: { row: GridData['rows'][number] }) {
  return (
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
  );
}

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
 * Node pools × repositories, virtualized both ways with sticky headers: only the visible window plus a block
 * of overscan is in the DOM, every cell has a fixed size and place, and a passive scroll listener reads the
 * scroll position once per animation frame and re-renders only when a block edge is crossed. Arrow keys move
 * between cells (one roving tab stop) and bring them into view.
 */
export function MatrixGrid({ data, scan }: { data: GridData; scan?: string }) {
  const { rows, cols } = data;
  const router = useRouter();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState({ r: 0, c: 0 });
  const [wantFocus, setWantFocus] = useState(false);
  const geometry = useMemo<GridGeometry>(() => ({ rows: rows.length, cols: cols.length, cellH: CELL_H, cellW: CELL_W, headH: HEAD_H, headW: ROW_HEAD_W }), [rows.length, cols.length]);
  const [win, setWin] = useState<GridWindow>(() => gridWindow(geometry, { top: 0, left: 0, ...INITIAL }));

  /** Reads the scroll position and size, and renders a new window only when it differs. */
  const sync = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    const next = gridWindow(geometry, { top: el.scrollTop, left: el.scrollLeft, width: el.clientWidth, height: el.clientHeight });
    setWin((prev) => (sameWindow(prev, next) ? prev : next));
  }, [geometry]);

  useEffect(() => {
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
      // Render the target first when it is outside the rendered window; scrollIntoView then places it.
      const el = scrollRef.current;
      if (el && !el.querySelector(`[data-cell="${nr}-${nc}"]`)) {
        el.scrollTop = scrollToShow(nr, CELL_H, HEAD_H, el.scrollTop, el.clientHeight);
        el.scrollLeft = scrollToShow(nc, CELL_W, ROW_HEAD_W, el.scrollLeft, el.clientWidth);
        sync();
      }
      setWantFocus(true);
    },
    [rows.length, cols.length, sync],
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

  const totalW = ROW_HEAD_W + cols.length * CELL_W;
  const totalH = HEAD_H + rows.length * CELL_H;
  // The window may still be the wider matrix's for one render after a filter narrows it.
  const w0 = Math.min(win.r0, rows.length);
  const w1 = Math.min(win.r1, rows.length - 1);
  const c0 = Math.min(win.c0, cols.length);
  const c1 = Math.min(win.c1, cols.length - 1);
  const shared = useMemo<Shared>(() => ({ data, scan }), [data, scan]);
  // Roving tab stop: when the active cell is scrolled out (and so not rendered), the grid itself takes the
  // Tab stop and hands the focus back to that cell.
  const activeRendered = w1 >= w0 && r0 >= w0 && r0 <= w1 && cA >= c0 && cA <= c1;
  const body: React.ReactNode[] = [];
  for (let r = w0; r <= w1; r++) body.push(<GridRow key={r} shared={shared} r={r} c0={c0} c1={c1} activeC={r === r0 ? cA : -1} totalW={totalW} />);

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
      // will-change: scroll-position asks the browser to scroll the grid on the compositor: without it, a screen of
      // device pixel ratio 1 (LCD text) may repaint the visible cells on the main thread at every scrolled frame
      // (https://developer.mozilla.org/en-US/docs/Web/CSS/will-change).
      style={{ height: `min(72vh, ${totalH + 2}px)`, scrollPaddingTop: HEAD_H, scrollPaddingLeft: ROW_HEAD_W, willChange: 'scroll-position' }}
    >
      <div style={{ width: totalW, height: totalH, position: 'relative' }}>
        <HeaderRow cols={cols} c0={c0} c1={c1} totalW={totalW} />
        {body}
      </div>
    </div>
  );
}
