/**
 * Which rows and columns of a fixed-size grid to render for a scroll position: the visible ones plus overscan,
 * rounded out to whole blocks. The matrix recycles its cells (cell-pool.ts), so a window that moves one row
 * costs one row of rewritten cells: blocks of one row and one column spread that work evenly over the frames
 * of a scroll, where bigger blocks gathered it into one long frame at each block edge.
 */

export interface GridGeometry {
  rows: number;
  cols: number;
  /** Height of one row, width of one column (fixed: nothing is measured while scrolling). */
  cellH: number;
  cellW: number;
  /** The sticky header row's height and the sticky header column's width, both inside the scroller. */
  headH: number;
  headW: number;
}

export interface Viewport {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** Inclusive index ranges; an empty axis gives from 0 to -1. */
export interface GridWindow {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

export const ROW_BLOCK = 1;
export const COL_BLOCK = 1;
/** Blocks rendered beyond each edge of the visible part (rows, columns). */
export const ROW_OVERSCAN = 2;
export const COL_OVERSCAN = 1;

/** The block-aligned range of one axis covering [start, end) in content pixels, with `over` blocks of overscan each side. */
function axis(count: number, size: number, start: number, end: number, block: number, over: number): [number, number] {
  if (count <= 0) return [0, -1];
  const first = Math.max(0, Math.floor(start / size));
  const last = Math.min(count - 1, Math.max(first, Math.ceil(end / size) - 1));
  const b0 = Math.max(0, Math.floor(first / block) - over);
  const b1 = Math.floor(last / block) + over;
  return [Math.min(count - 1, b0 * block), Math.min(count - 1, b1 * block + block - 1)];
}

/** The window to render: rows under the sticky header and columns right of the sticky header column. */
export function gridWindow(g: GridGeometry, v: Viewport): GridWindow {
  const [r0, r1] = axis(g.rows, g.cellH, v.top, v.top + Math.max(0, v.height - g.headH), ROW_BLOCK, ROW_OVERSCAN);
  const [c0, c1] = axis(g.cols, g.cellW, v.left, v.left + Math.max(0, v.width - g.headW), COL_BLOCK, COL_OVERSCAN);
  return { r0, r1, c0, c1 };
}

export const sameWindow = (a: GridWindow, b: GridWindow) => a.r0 === b.r0 && a.r1 === b.r1 && a.c0 === b.c0 && a.c1 === b.c1;

/**
 * The scroll offset along one axis that brings item `i` fully into view under a sticky header of `head`
 * pixels, moving as little as possible (like scrollIntoView's "nearest"); `offset` when it is already in view.
 */
export function scrollToShow(i: number, size: number, head: number, offset: number, viewport: number): number {
  const top = i * size;
  const room = Math.max(size, viewport - head);
  if (top < offset) return top;
  if (top + size > offset + room) return top + size - room;
  return offset;
}

/**
 * The most rows and columns a window can span for a viewport of this size, wherever it is scrolled: the visible
 * items (one more when both edges cut one), the rounding to blocks and the overscan at both ends. The matrix
 * makes its pool of cells this big once, rather than growing it (a rebuild) in the middle of a scroll.
 */
export function windowCapacity(g: GridGeometry, width: number, height: number): { rows: number; cols: number } {
  const one = (count: number, size: number, room: number, block: number, over: number) =>
    Math.min(count, Math.ceil(Math.max(0, room) / size) + 1 + 2 * (block - 1) + 2 * over * block);
  return { rows: one(g.rows, g.cellH, height - g.headH, ROW_BLOCK, ROW_OVERSCAN), cols: one(g.cols, g.cellW, width - g.headW, COL_BLOCK, COL_OVERSCAN) };
}
