/**
 * Puts a parent's children in a wanted order with as few moves as possible. The matrix recycles rows and cells,
 * so after a scroll its DOM order is the wanted order rotated by a row or a column; the order the DOM gives is
 * the order of the accessibility tree (what a screen reader reads in browse mode), so it is put right, moving
 * the one element that wrapped around rather than every element.
 */

/**
 * Which items must move so that items at these current positions end in ascending order: all but a longest
 * increasing subsequence of the positions (those keep their relative order and stay put).
 */
export function itemsToMove(positions: readonly number[]): boolean[] {
  const n = positions.length;
  // Patience sorting with predecessor links: O(n log n).
  const tails: number[] = [];
  const prev = new Array<number>(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (positions[tails[mid]] < positions[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const move = new Array<boolean>(n).fill(true);
  for (let i = tails.length ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) move[i] = false;
  return move;
}

/** Orders `want` (children of `parent`) as listed; other children may end anywhere before the last wanted one or after it. */
export function orderChildren(parent: Element, want: readonly Element[]): void {
  if (want.length < 2) return;
  const index = new Map<Element, number>();
  let i = 0;
  for (let el = parent.firstElementChild; el; el = el.nextElementSibling) index.set(el, i++);
  const move = itemsToMove(want.map((el) => index.get(el) ?? -1));
  // From the end: each element that moves goes just before its successor, which is already in place; the
  // last one goes just after the last element that stays.
  const lastKept = move.lastIndexOf(false);
  for (let k = want.length - 1; k >= 0; k--) {
    if (!move[k]) continue;
    if (k + 1 < want.length) parent.insertBefore(want[k], want[k + 1]);
    else parent.insertBefore(want[k], want[lastKept].nextElementSibling);
  }
}
