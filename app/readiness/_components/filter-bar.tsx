'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { hasFilters, readinessHref, type ReadinessFilters } from '../_lib/filters';
import type { MatrixView } from '@/lib/server/dashboard';

type Option = { value: string; label: string };

const selectCls =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 dark:border-slate-600 dark:bg-slate-900';

/** The matrix's filters: each change navigates, so every view is a link. */
export function FilterBar({ filters, options }: { filters: ReadinessFilters; options: MatrixView['options'] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const go = (patch: Partial<ReadinessFilters>) => startTransition(() => router.push(readinessHref({ ...filters, ...patch })));
  const field = (key: 'project' | 'cluster' | 'repository' | 'verdict' | 'cause', label: string, opts: Option[], any: string) => {
    const value = filters[key] ?? '';
    const known = opts.some((o) => o.value === value);
    return (
      <label className="block min-w-0 text-sm font-medium">
        {label}
        <select className={selectCls} value={value} onChange={(e) => go({ [key]: e.target.value || undefined })}>
          <option value="">{any}</option>
          {!known && value && <option value={value}>{value} (not in this scan)</option>}
          {opts.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
    );
  };
  return (
    <form
      role="search"
      aria-label="Filter pairs"
      aria-busy={pending}
      onSubmit={(e) => e.preventDefault()}
      className="mt-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-5 dark:border-slate-800 dark:bg-slate-900"
    >
      {field('project', 'Project', options.projects.map((p) => ({ value: p, label: p })), 'Any project')}
      {field('cluster', 'Cluster', options.clusters, 'Any cluster')}
      {field('repository', 'Repository', options.repositories, 'Any repository')}
      {field(
        'verdict',
        'Verdict',
        [
          { value: 'cannot-pull', label: '✗ cannot pull' },
          { value: 'unknown', label: '? unknown' },
          { value: 'can-pull', label: '✓ can pull' },
        ],
        'Any verdict',
      )}
      {field('cause', 'Cause', options.causes, 'Any cause')}
      <div className="flex items-center gap-3 text-sm sm:col-span-2 lg:col-span-5">
        {hasFilters(filters) && (
          <Link href={readinessHref({ scan: filters.scan, view: filters.view })} className="font-medium text-sky-800 underline dark:text-sky-300">
            Clear filters
          </Link>
        )}
        {pending && <span role="status">Updating…</span>}
      </div>
    </form>
  );
}
