'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';

const links = [
  { href: '/', label: 'Overview' },
  { href: '/clusters', label: 'Clusters' },
  { href: '/repositories', label: 'Repositories' },
  { href: '/readiness', label: 'Readiness' },
  { href: '/findings', label: 'Findings' },
  { href: '/diagnose', label: 'Diagnose' },
  { href: '/scan', label: 'Scan' },
];

/** The main navigation; keeps the scan on screen (`?scan=`) when moving between sections. */
export function Nav() {
  const pathname = usePathname();
  const scan = useSearchParams().get('scan');
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1">
      {links.map((l) => {
        const active = l.href === '/' ? pathname === '/' : pathname.startsWith(l.href);
        const href = scan && l.href !== '/scan' ? `${l.href}?scan=${encodeURIComponent(scan)}` : l.href;
        return (
          <Link
            key={l.href}
            href={href}
            aria-current={active ? 'page' : undefined}
            className={`rounded-md px-3 py-1.5 text-sm font-medium outline-offset-2 focus-visible:outline-2 focus-visible:outline-sky-600 ${
              active
                ? 'bg-sky-100 text-sky-900 dark:bg-sky-900/60 dark:text-sky-100'
                : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
            }`}
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
