import Link from 'next/link';
import type { ListPage } from './paging';
import { pageHref } from './paging';

const fmt = (n: number) => n.toLocaleString('en-US');
const btn =
  'rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-sky-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:text-sky-300 dark:hover:bg-slate-800';
const off = 'rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-600 dark:border-slate-700 dark:text-slate-300';

/** "Clusters 21–40 of 180 · page 2 of 9" with first, previous, next and last links; nothing when one page holds all. */
export function Pager({ page, pathname, sp, plural, label }: { page: ListPage<unknown>; pathname: string; sp: Record<string, string | string[] | undefined>; plural: string; label: string }) {
  if (page.pages <= 1) return null;
  const link = (to: number, text: string, rel?: string) =>
    to === page.page || to < 1 || to > page.pages ? (
      <span className={off} aria-disabled="true">
        {text}
      </span>
    ) : (
      <Link href={pageHref(pathname, sp, to)} rel={rel} className={btn}>
        {text}
      </Link>
    );
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center gap-2">
      <p className="mr-2 text-sm text-slate-700 dark:text-slate-300">
        {plural} {fmt(page.from)}–{fmt(page.to)} of {fmt(page.total)} · page {fmt(page.page)} of {fmt(page.pages)}
      </p>
      {link(1, 'First')}
      {link(page.page - 1, 'Previous', 'prev')}
      {link(page.page + 1, 'Next', 'next')}
      {link(page.pages, 'Last')}
    </nav>
  );
}
