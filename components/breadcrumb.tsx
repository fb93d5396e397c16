import Link from 'next/link';
import { link } from './ui-classes';

/** The breadcrumb of a drill-down page: the list it belongs to, then the page itself. */
export function Breadcrumb({ parent, current }: { parent: { href: string; label: string }; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm">
      <ol className="flex flex-wrap gap-1 text-slate-600 dark:text-slate-400">
        <li>
          <Link href={parent.href} className={link}>
            {parent.label}
          </Link>
          <span aria-hidden="true"> /</span>
        </li>
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}
