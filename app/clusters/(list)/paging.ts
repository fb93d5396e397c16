/**
 * Pages of a long list (clusters, repositories): a 200-project estate has hundreds of each, and rendering all
 * of them at once made a page of megabytes that froze the browser while it hydrated.
 */

/** One page of a list. */
export interface ListPage<T> {
  items: T[];
  /** 1-based, clamped to the pages that exist. */
  page: number;
  pages: number;
  /** 1-based positions of the first and last item shown (0 and 0 when empty). */
  from: number;
  to: number;
  total: number;
}

/** The largest page number the URL may ask for; beyond it the number is ignored. */
const MAX_PAGE = 1_000_000;

/** The `page` search parameter: a whole number ≥ 1, or 1 for anything else (missing, "abc", "-3", "1e9"). */
export function readPage(sp: Record<string, string | string[] | undefined>): number {
  const raw = sp.page;
  const v = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  if (!/^\d{1,7}$/.test(v)) return 1;
  const n = Number(v);
  return n >= 1 && n <= MAX_PAGE ? n : 1;
}

/** The items of page `page` (clamped into range) of `size` items each. */
export function paginate<T>(all: T[], page: number, size: number): ListPage<T> {
  const total = all.length;
  const pages = Math.max(1, Math.ceil(total / size));
  const p = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
  const start = (p - 1) * size;
  const items = all.slice(start, start + size);
  return { items, page: p, pages, from: items.length ? start + 1 : 0, to: start + items.length, total };
}

/** The list's URL for another page, keeping every other parameter (scan, filters); page 1 leaves `page` out. */
export function pageHref(pathname: string, sp: Record<string, string | string[] | undefined>, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(sp)) {
    if (k === 'page' || v === undefined) continue;
    const s = Array.isArray(v) ? v[0] : v;
    if (s !== undefined && s !== '') q.set(k, s);
  }
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `${pathname}?${s}` : pathname;
}
