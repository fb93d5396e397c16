/**
 * The matrix body as a fixed pool of recycled DOM rows and cells. Scrolling never creates or removes elements:
 * the row slot that leaves the window is given the row that enters it, and only the cells whose pair changed
 * are rewritten (text, link, name, colour class). A frame that scrolls one row in rewrites one row of cells,
 * where rendering new blocks of cells (React elements, then new DOM nodes to style, lay out and paint) took
 * long tasks of 100 ms at 400 × 150 on a slow machine.
 *
 * Each cell keeps the grid pattern of the WAI-ARIA Authoring Practices
 * (https://www.w3.org/WAI/ARIA/apg/patterns/grid/): role=row/rowheader/gridcell with aria-rowindex and
 * aria-colindex (the grid holds only a window of its rows and columns), one roving tab stop, and a pair is
 * a real link (modified and middle clicks open a new tab as a link does).
 */
import { VERDICT_ICON } from '@/components/verdict-badge';
import { cellVerdict, SIG_BASE } from '@/lib/server/dashboard';
import type { Verdict } from '@/lib/readiness/types';
import { pairHref } from '../_lib/filters';
import type { GridData } from '../_lib/narrow';
import { causeText, cellLabel, emptyCellLabel, VERDICT_WORDS } from './cell-text';
import { orderChildren } from './dom-order';
import { sameWindow, type GridWindow } from './grid-window';

export interface PoolSizes {
  cellW: number;
  cellH: number;
  headH: number;
  headW: number;
}

// Light: the -900 text on the -50/-100 fills and slate-600 keep ≥ 4.5:1; dark: -200 text on -950 (WCAG 1.4.3).
const FOCUS = 'outline-offset-[-2px] focus-visible:outline-2 focus-visible:outline-sky-600';
// A link shows one text node: the verdict, then its causes on a second line (white-space: pre keeps the line
// break and cuts a long line with an ellipsis). One node per cell instead of spans: less to style, lay out and
// paint for every cell a scroll brings in. The padding centres one line or two in the 52 px cell.
const LINK_BASE = `block h-full w-full overflow-hidden text-ellipsis whitespace-pre px-2 text-xs font-medium hover:underline ${FOCUS}`;
const LINES = ['pt-[17px]', 'pt-[9px]'] as const;
const VERDICT_COLOURS: Record<Verdict, string> = {
  'can-pull': 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  'cannot-pull': 'bg-rose-50 text-rose-900 dark:bg-rose-950 dark:text-rose-200',
  unknown: 'bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
};
/** The link's class for a verdict, with one line (no causes) or two. */
const linkClass = (v: Verdict, twoLines: boolean) => `${LINK_BASE} ${LINES[twoLines ? 1 : 0]} ${VERDICT_COLOURS[v]}`;
// Cells are flex items of their row, not positioned boxes: a positioned box is a paint layer of its own, and
// hundreds of them made every frame's paint and compositing update slower.
const CELL_CLASS = 'flex-none border-b border-r border-slate-100 dark:border-slate-800';
const EMPTY_CELL_CLASS = `${CELL_CLASS} flex items-center justify-center text-xs text-slate-500 dark:text-slate-400 ${FOCUS}`;
const ROW_HEAD_CLASS =
  'sticky left-0 z-10 flex h-full flex-col justify-center overflow-hidden border-b border-r border-slate-200 bg-slate-50 px-3 dark:border-slate-700 dark:bg-slate-900';
// Subtitles: slate-600 on slate-50 and slate-300 on slate-900 keep ≥ 4.5:1 (WCAG 1.4.3).
export const SUB = 'truncate text-xs text-slate-600 dark:text-slate-300';

interface CellSlot {
  el: HTMLDivElement;
  a: HTMLAnchorElement;
  text: Text;
  /** The column and link class last written (skipped when unchanged). */
  c: number;
  cls: string;
  /** The pair painted here (row × cols + column), or -1. */
  key: number;
  empty: boolean | null;
}

interface RowSlot {
  el: HTMLDivElement;
  pool: Text;
  cluster: Text;
  sub: Text;
  head: HTMLDivElement;
  r: number;
  /** The first column of the window its padding was set for, and its cells were put in order for. */
  c0: number;
  orderC0: number;
  cells: CellSlot[];
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, parent?: Node): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  parent?.appendChild(el);
  return el;
}

/** A slot out of the window: out of sight, out of the accessibility tree, and no longer answering for its pair. */
function hideCell(cell: CellSlot): void {
  cell.el.hidden = true;
  cell.el.removeAttribute('data-cell');
  cell.a.removeAttribute('data-cell');
  cell.key = -2;
  // Its next pair sets every attribute again.
  cell.empty = null;
}

export class CellPool {
  private rows: RowSlot[] = [];
  /** Column slots per row: column c lives in slot c % colSlots, row r in row slot r % rows.length. */
  private colSlots = 0;
  private win: GridWindow = { r0: 0, r1: -1, c0: 0, c1: -1 };
  private data: GridData;
  private scan: string | undefined;
  private active = { r: 0, c: 0 };
  /** Every slot must be looked at again (new data). */
  private dirty = true;
  /** The first row of the window the rows were put in order for. */
  private orderR0 = -1;
  /** Set while the pool moves the focus off a recycled cell, so the grid does not answer that focus. */
  quietFocus = false;

  constructor(
    private readonly body: HTMLElement,
    private readonly grid: HTMLElement,
    private readonly sizes: PoolSizes,
    data: GridData,
    scan: string | undefined,
  ) {
    this.data = data;
    this.scan = scan;
  }

  /** New data (a filter changed): every slot is painted again; the active cell stays inside the matrix. */
  setData(data: GridData, scan: string | undefined): void {
    this.data = data;
    this.scan = scan;
    // Shown slots are painted again (-1); hidden ones (-2) stay hidden until the window needs them.
    for (const row of this.rows) {
      if (row.r >= 0) row.r = -1;
      for (const cell of row.cells) if (cell.key >= 0) cell.key = -1;
    }
    this.active = { r: Math.min(this.active.r, Math.max(0, data.rows.length - 1)), c: Math.min(this.active.c, Math.max(0, data.cols.length - 1)) };
    const w = this.win;
    this.dirty = true;
    this.setWindow({ r0: w.r0, r1: Math.min(w.r1, data.rows.length - 1), c0: w.c0, c1: Math.min(w.c1, data.cols.length - 1) });
  }

  getActive(): { r: number; c: number } {
    return { ...this.active };
  }

  /** The element that takes the focus for a cell, when the cell is rendered. */
  cellElement(r: number, c: number): HTMLElement | null {
    if (r < this.win.r0 || r > this.win.r1 || c < this.win.c0 || c > this.win.c1) return null;
    const row = this.rows[r % this.rows.length];
    const cell = row?.cells[c % this.colSlots];
    if (!row || row.r !== r || !cell || cell.key !== r * this.data.cols.length + c) return null;
    return cell.empty ? cell.el : cell.a;
  }

  /** Moves the roving tab stop. */
  setActive(r: number, c: number): void {
    const before = this.cellElement(this.active.r, this.active.c);
    this.active = { r, c };
    if (before) before.tabIndex = -1;
    const now = this.cellElement(r, c);
    if (now) now.tabIndex = 0;
    this.syncGridTabStop();
  }

  /** When the active cell is scrolled out (not rendered), the grid itself is the Tab stop and hands the focus back. */
  syncGridTabStop(): void {
    // The grid keeps its tabindex while it holds the focus (a focused element that stops being focusable drops the focus to the page).
    if (this.cellElement(this.active.r, this.active.c) && document.activeElement !== this.grid) this.grid.removeAttribute('tabindex');
    else this.grid.tabIndex = 0;
  }

  /** Shows a window of rows and columns: only the slots whose row or pair changed are written. */
  setWindow(w: GridWindow, capacity?: { rows: number; cols: number }): void {
    const nr = w.r1 - w.r0 + 1;
    const nc = w.c1 - w.c0 + 1;
    const needR = Math.max(nr, capacity?.rows ?? 0);
    const needC = Math.max(nc, capacity?.cols ?? 0);
    if (needR > this.rows.length || needC > this.colSlots) {
      this.grow(Math.max(needR, this.rows.length), Math.max(needC, this.colSlots));
      this.dirty = true;
    }
    if (!this.dirty && sameWindow(w, this.win)) return;
    this.dirty = false;
    this.win = w;
    const R = this.rows.length;
    const C = this.colSlots;
    const { rows, cols } = this.data;
    const ncols = cols.length;
    const focused = document.activeElement;
    for (let s = 0; s < R; s++) {
      const row = this.rows[s];
      const r = nr > 0 ? w.r0 + ((((s - w.r0) % R) + R) % R) : -1;
      if (r < 0 || r > w.r1 || r >= rows.length) {
        if (row.r !== -2) {
          if (row.el.contains(focused)) this.releaseFocus();
          row.el.hidden = true;
          row.r = -2;
          for (const cell of row.cells) hideCell(cell);
        }
        continue;
      }
      if (row.r !== r) {
        if (row.r === -2) row.el.hidden = false;
        this.paintRow(row, r);
      }
      if (row.c0 !== w.c0) {
        row.el.style.paddingLeft = `${w.c0 * this.sizes.cellW}px`;
        row.c0 = w.c0;
      }
      for (let j = 0; j < C; j++) {
        const cell = row.cells[j];
        const c = nc > 0 ? w.c0 + ((((j - w.c0) % C) + C) % C) : -1;
        if (c < 0 || c > w.c1 || c >= ncols) {
          if (cell.key !== -2) {
            if (cell.el.contains(focused)) this.releaseFocus();
            hideCell(cell);
          }
          continue;
        }
        const key = r * ncols + c;
        if (cell.key === key) continue;
        if (cell.key !== -1 && cell.el.contains(focused)) this.releaseFocus();
        if (cell.key === -2) cell.el.hidden = false;
        this.paintCell(cell, r, c);
        cell.key = key;
      }
      if (row.orderC0 !== w.c0 && nc > 1) {
        orderChildren(row.el, Array.from({ length: Math.min(nc, ncols - w.c0) }, (_, k) => row.cells[(w.c0 + k) % C].el));
        row.orderC0 = w.c0;
      }
    }
    // The DOM (and so the accessibility tree) lists rows and cells in their order, as the grid pattern expects.
    if (this.orderR0 !== w.r0 && nr > 1) {
      orderChildren(this.body, Array.from({ length: Math.min(nr, rows.length - w.r0) }, (_, k) => this.rows[(w.r0 + k) % R].el));
      this.orderR0 = w.r0;
    }
    this.syncGridTabStop();
  }

  /** The focused cell is about to show another pair: the grid holds the focus meanwhile (not the page's body). */
  private releaseFocus(): void {
    this.quietFocus = true;
    this.grid.tabIndex = 0;
    this.grid.focus({ preventScroll: true });
    this.quietFocus = false;
  }

  private grow(R: number, C: number): void {
    // Sizes change rarely (the first window, a resize): the pool is built again.
    this.releaseIfInside();
    this.body.replaceChildren();
    this.rows = [];
    this.orderR0 = -1;
    this.colSlots = C;
    const { cellW, cellH } = this.sizes;
    for (let s = 0; s < R; s++) {
      // A row lays out its cells in column order (CSS order) after a padding as wide as the columns left of
      // the window. No containment on rows: paint containment made each row a stacking context holding its
      // sticky header, and the compositing update of every frame slower.
      const el = make('div', 'absolute left-0 flex', this.body);
      el.setAttribute('role', 'row');
      el.style.height = `${cellH}px`;
      el.hidden = true;
      const head = make('div', ROW_HEAD_CLASS, el);
      head.setAttribute('role', 'rowheader');
      head.setAttribute('aria-colindex', '1');
      head.style.width = `${this.sizes.headW}px`;
      head.style.flex = 'none';
      head.style.order = '-1';
      const line = make('span', 'truncate text-sm', head);
      const strong = make('span', 'font-semibold', line);
      const pool = document.createTextNode('');
      strong.appendChild(pool);
      const cluster = document.createTextNode('');
      line.appendChild(cluster);
      const subEl = make('span', SUB, head);
      const sub = document.createTextNode('');
      subEl.appendChild(sub);
      const cells: CellSlot[] = [];
      for (let j = 0; j < C; j++) {
        const cel = make('div', CELL_CLASS, el);
        cel.setAttribute('role', 'gridcell');
        cel.style.cssText = `width:${cellW}px;height:${cellH}px`;
        cel.hidden = true;
        const a = make('a', '', cel);
        const text = document.createTextNode('');
        a.appendChild(text);
        cells.push({ el: cel, a, text, c: -1, cls: '', key: -2, empty: null });
      }
      this.rows.push({ el, pool, cluster, sub, head, r: -2, c0: -1, orderC0: -1, cells });
    }
  }

  private releaseIfInside(): void {
    if (this.body.contains(document.activeElement)) this.releaseFocus();
  }

  private paintRow(row: RowSlot, r: number): void {
    const { cellH, headH } = this.sizes;
    const data = this.data.rows[r];
    row.r = r;
    row.el.style.top = `${headH + r * cellH}px`;
    row.el.style.width = `${this.sizes.headW + this.data.cols.length * this.sizes.cellW}px`;
    row.el.setAttribute('aria-rowindex', String(r + 2));
    // A node pool: pool · cluster, then project · location, so namesakes in other clusters or projects read apart.
    row.pool.data = data.pool;
    row.cluster.data = ` · ${data.clusterShort}`;
    row.sub.data = `${data.project} · ${data.location}`;
    row.head.title = data.name;
  }

  private paintCell(cell: CellSlot, r: number, c: number): void {
    const { rows, cols, verdicts, sigs, signatures } = this.data;
    const row = rows[r];
    const col = cols[c];
    const i = r * cols.length + c;
    const ch = verdicts[i];
    const verdict = cellVerdict(ch);
    const { el, a } = cell;
    if (cell.c !== c) {
      el.style.order = String(c);
      el.setAttribute('aria-colindex', String(c + 2));
      cell.c = c;
    }
    const tab = r === this.active.r && c === this.active.c ? 0 : -1;
    const id = `${r}-${c}`;
    if (!verdict) {
      if (cell.empty !== true) {
        el.className = EMPTY_CELL_CLASS;
        a.removeAttribute('href');
        a.removeAttribute('data-cell');
        a.removeAttribute('tabindex');
        a.removeAttribute('aria-label');
        a.className = '';
        cell.cls = '';
        a.setAttribute('aria-hidden', 'true');
        cell.empty = true;
      }
      cell.text.data = '·';
      el.dataset.cell = id;
      el.tabIndex = tab;
      el.setAttribute('aria-label', emptyCellLabel(row, col, ch === '-'));
      return;
    }
    if (cell.empty !== false) {
      el.className = CELL_CLASS;
      el.removeAttribute('data-cell');
      el.removeAttribute('tabindex');
      el.removeAttribute('aria-label');
      a.removeAttribute('aria-hidden');
      cell.empty = false;
    }
    const sig = signatures[sigs.charCodeAt(i) - SIG_BASE];
    const why = causeText(sig);
    const cls = linkClass(verdict, why !== '');
    if (cell.cls !== cls) {
      a.className = cls;
      cell.cls = cls;
    }
    a.href = pairHref(row.name, col.name, this.scan);
    a.dataset.cell = id;
    a.tabIndex = tab;
    // The accessible name starts with the words the cell shows (WCAG 2.5.3, Label in Name), then names the pair.
    a.setAttribute('aria-label', cellLabel(row, col, verdict, sig));
    cell.text.data = `${VERDICT_ICON[verdict]} ${VERDICT_WORDS[verdict]}${why ? `\n${why}` : ''}`;
  }

  destroy(): void {
    this.releaseIfInside();
    this.body.replaceChildren();
    this.rows = [];
  }
}
