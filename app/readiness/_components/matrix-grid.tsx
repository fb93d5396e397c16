'use client';

import Link from 'next/link';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, useState } from 'react';
import { VerdictBadge } from '@/components/verdict-badge';
import { cellVerdict, SIG_BASE, type MatrixView } from '@/lib/server/dashboard';
import { pairHref } from '../_lib/filters';
import { cellLabel } from './cell-text';

const ROW_HEAD_W = 248;
const CELL_W = 140;
const HEAD_H = 64;
const CELL_H = 52;
/** What the server renders before the browser measures the grid. */
const INITIAL = { width: 1200, height: 560 };

type GridData = Pick<MatrixView, 'rows' | 'cols' | 'verdicts' | 'sigs' | 'signatures'>;

/** Node pools × repositories, virtualized both ways with sticky headers; arrow keys move between cells. */
export function MatrixGrid({ data, scan }: { data: GridData; scan?: string }) {
  const { rows, cols, verdicts, sigs, signatures } = data;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState({ r: 0, c: 0 });
  const [wantFocus, setWantFocus] = useState(false);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is used as documented; no React Compiler here
  const rowV = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => CELL_H, overscan: 6, scrollPaddingStart: HEAD_H, initialRect: INITIAL });
  const colV = useVirtualizer({
    horizontal: true,
    count: cols.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CELL_W,
    overscan: 3,
    scrollPaddingStart: ROW_HEAD_W,
    initialRect: INITIAL,
  });

  const at = (r: number, c: number) => r * cols.length + c;

  useEffect(() => {
    if (!wantFocus) return;
    let tries = 0;
    let frame = 0;
    const tick = () => {
      const el = scrollRef.current?.querySelector<HTMLElement>(`[data-cell="${active.r}-${active.c}"]`);
      if (el) {
        el.focus({ preventScroll: true });
        setWantFocus(false);
      } else if (tries++ < 10) frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [active, wantFocus]);

  const move = useCallback(
    (r: number, c: number) => {
      const nr = Math.max(0, Math.min(rows.length - 1, r));
      const nc = Math.max(0, Math.min(cols.length - 1, c));
      setActive({ r: nr, c: nc });
      rowV.scrollToIndex(nr, { align: 'auto' });
      colV.scrollToIndex(nc, { align: 'auto' });
      setWantFocus(true);
    },
    [rows.length, cols.length, rowV, colV],
  );

  const onKeyDown = (e: React.KeyboardEvent) => {
    const page = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 400) - HEAD_H) / CELL_H) - 1);
    const { r, c } = active;
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

  const totalW = ROW_HEAD_W + colV.getTotalSize();
  const totalH = HEAD_H + rowV.getTotalSize();
  const vRows = rowV.getVirtualItems();
  const vCols = colV.getVirtualItems();

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label="Readiness matrix: node pools (rows) by repositories (columns)"
      aria-rowcount={rows.length + 1}
      aria-colcount={cols.length + 1}
      onKeyDown={onKeyDown}
      className="relative mt-3 overflow-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      style={{ height: `min(72vh, ${totalH + 2}px)` }}
    >
      <div style={{ width: totalW, height: totalH, position: 'relative' }}>
        <div role="row" aria-rowindex={1} className="sticky top-0 z-20" style={{ height: HEAD_H, width: totalW }}>
          <div
            role="columnheader"
            aria-colindex={1}
            className="sticky left-0 z-30 flex h-full items-end border-b border-r border-slate-200 bg-slate-100 px-3 pb-2 text-xs font-semibold text-slate-600 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-300"
            style={{ width: ROW_HEAD_W }}
          >
            Node pool ↓ · repository →
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
                <span className="truncate text-xs text-slate-500 dark:text-slate-400">
                  {col.project} · {col.location}
                </span>
              </div>
            );
          })}
        </div>
        {vRows.map((vr) => {
          const row = rows[vr.index];
          return (
            <div key={vr.key} role="row" aria-rowindex={vr.index + 2} className="absolute left-0" style={{ top: HEAD_H + vr.start, height: vr.size, width: totalW }}>
              <div
                role="rowheader"
                aria-colindex={1}
                title={row.name}
                className="sticky left-0 z-10 flex h-full flex-col justify-center overflow-hidden border-b border-r border-slate-200 bg-slate-50 px-3 dark:border-slate-700 dark:bg-slate-900"
                style={{ width: ROW_HEAD_W }}
              >
                <span className="truncate text-sm font-semibold">{row.pool}</span>
                <span className="truncate text-xs text-slate-500 dark:text-slate-400">
                  {row.clusterShort} · {row.project} · {row.location}
                </span>
              </div>
              {vCols.map((vc) => {
                const col = cols[vc.index];
                const i = at(vr.index, vc.index);
                const verdict = cellVerdict(verdicts[i]);
                const isActive = active.r === vr.index && active.c === vc.index;
                const style = { left: ROW_HEAD_W + vc.start, width: vc.size, height: vr.size };
                const cellCls = 'absolute top-0 border-b border-r border-slate-100 dark:border-slate-800';
                if (!verdict) {
                  const label = verdicts[i] === '-' ? 'hidden by the filters' : 'no pair';
                  return (
                    <div key={vc.key} role="gridcell" aria-colindex={vc.index + 2} className={`${cellCls} flex items-center justify-center text-xs text-slate-400 dark:text-slate-600`} style={style}>
                      <span
                        data-cell={`${vr.index}-${vc.index}`}
                        tabIndex={isActive ? 0 : -1}
                        aria-label={`${row.pool} (${row.clusterShort}) → ${col.id}: ${label}`}
                        onFocus={() => setActive({ r: vr.index, c: vc.index })}
                        className="rounded px-1 outline-offset-2 focus-visible:outline-2 focus-visible:outline-sky-600"
                      >
                        ·
                      </span>
                    </div>
                  );
                }
                const sig = signatures[sigs.charCodeAt(i) - SIG_BASE];
                const label = cellLabel(row, col, verdict, sig);
                return (
                  <div key={vc.key} role="gridcell" aria-colindex={vc.index + 2} className={cellCls} style={style}>
                    <Link
                      href={pairHref(row.name, col.name, scan)}
                      data-cell={`${vr.index}-${vc.index}`}
                      tabIndex={isActive ? 0 : -1}
                      aria-label={label}
                      title={label}
                      prefetch={false}
                      onFocus={() => setActive({ r: vr.index, c: vc.index })}
                      className="flex h-full w-full flex-col items-start justify-center gap-0.5 px-2 hover:bg-sky-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600 dark:hover:bg-sky-950"
                    >
                      <VerdictBadge verdict={verdict} />
                      {sig && sig.categories.length > 0 && <span className="w-full truncate text-[11px] text-slate-500 dark:text-slate-400">{sig.categories.join(', ')}</span>}
                    </Link>
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
}
