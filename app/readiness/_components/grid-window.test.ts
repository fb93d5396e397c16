import { describe, expect, it } from 'vitest';
import { COL_BLOCK, COL_OVERSCAN, gridWindow, ROW_BLOCK, ROW_OVERSCAN, sameWindow, scrollToShow, windowCapacity, type GridGeometry } from './grid-window';

const g: GridGeometry = { rows: 410, cols: 149, cellH: 52, cellW: 152, headH: 80, headW: 288 };

describe('gridWindow', () => {
  it('covers the visible rows and columns plus overscan, in whole blocks', () => {
    const w = gridWindow(g, { top: 0, left: 0, width: 1200, height: 560 });
    // 480 px of rows under the header: rows 0–9 visible, then the overscan blocks ahead; 912 px of columns: 0–5.
    expect(w).toEqual({
      r0: 0,
      r1: (Math.floor(9 / ROW_BLOCK) + ROW_OVERSCAN) * ROW_BLOCK + ROW_BLOCK - 1,
      c0: 0,
      c1: (Math.floor(5 / COL_BLOCK) + COL_OVERSCAN) * COL_BLOCK + COL_BLOCK - 1,
    });
    expect(w.r1).toBeGreaterThan(9);
    expect(w.c1).toBeGreaterThan(5);
    const v = { top: 52 * 100 + 10, left: 152 * 50 + 5, width: 1200, height: 560 };
    const m = gridWindow(g, v);
    const lastRow = Math.ceil((v.top + 480) / 52) - 1;
    const lastCol = Math.ceil((v.left + 912) / 152) - 1;
    expect(m.r0).toBeLessThanOrEqual(100 - ROW_BLOCK + 1);
    expect(m.r1).toBeGreaterThanOrEqual(lastRow + 1);
    expect(m.c0).toBeLessThanOrEqual(50 - COL_BLOCK + 1);
    expect(m.c1).toBeGreaterThanOrEqual(lastCol + 1);
    expect(m.r0 % ROW_BLOCK).toBe(0);
    expect(m.c0 % COL_BLOCK).toBe(0);
    // Never more than the visible part plus the overscan and one block of rounding per axis.
    expect(m.r1 - m.r0 + 1).toBeLessThanOrEqual(Math.ceil(480 / 52) + 1 + (2 * ROW_OVERSCAN + 1) * ROW_BLOCK);
    expect(m.c1 - m.c0 + 1).toBeLessThanOrEqual(Math.ceil(912 / 152) + 1 + (2 * COL_OVERSCAN + 1) * COL_BLOCK);
  });

  it('does not change while a scroll stays inside the same blocks, and changes when it crosses one', () => {
    // No row or column edge is crossed between these two positions.
    const a = gridWindow(g, { top: 52 * 16 + 2, left: 2, width: 1200, height: 560 });
    const b = gridWindow(g, { top: 52 * 16 + 10, left: 8, width: 1200, height: 560 });
    expect(sameWindow(a, b)).toBe(true);
    const c = gridWindow(g, { top: 52 * 24, left: 0, width: 1200, height: 560 });
    expect(sameWindow(a, c)).toBe(false);
  });

  it('stops at the last row and column, and an empty axis is empty', () => {
    const end = gridWindow(g, { top: 52 * 410, left: 152 * 149, width: 1200, height: 560 });
    expect(end.r1).toBe(409);
    expect(end.c1).toBe(148);
    expect(gridWindow({ ...g, rows: 0, cols: 3 }, { top: 0, left: 0, width: 800, height: 400 })).toEqual({ r0: 0, r1: -1, c0: 0, c1: 2 });
  });
});

describe('scrollToShow', () => {
  it('moves as little as possible to show an item under a sticky header', () => {
    // Viewport 560 with an 80 px header: 480 px of room.
    expect(scrollToShow(5, 52, 80, 0, 560)).toBe(0);
    expect(scrollToShow(9, 52, 80, 0, 560)).toBe(10 * 52 - 480);
    expect(scrollToShow(3, 52, 80, 400, 560)).toBe(3 * 52);
  });
});

describe('windowCapacity', () => {
  it('holds every window of that viewport, wherever it is scrolled, and no more than the matrix', () => {
    for (const [width, height] of [
      [1200, 560],
      [1440, 648],
      [700, 300],
    ]) {
      const cap = windowCapacity(g, width, height);
      let most = { rows: 0, cols: 0 };
      for (let top = 0; top <= 52 * 410; top += 7) {
        const left = (top * 3) % (152 * 149);
        const w = gridWindow(g, { top, left, width, height });
        most = { rows: Math.max(most.rows, w.r1 - w.r0 + 1), cols: Math.max(most.cols, w.c1 - w.c0 + 1) };
      }
      expect(most.rows).toBeLessThanOrEqual(cap.rows);
      expect(most.cols).toBeLessThanOrEqual(cap.cols);
      // Not wastefully big: at most a couple of items beyond the largest window.
      expect(cap.rows - most.rows).toBeLessThanOrEqual(2);
      expect(cap.cols - most.cols).toBeLessThanOrEqual(2);
    }
    expect(windowCapacity({ ...g, rows: 3, cols: 2 }, 1200, 560)).toEqual({ rows: 3, cols: 2 });
  });
});
