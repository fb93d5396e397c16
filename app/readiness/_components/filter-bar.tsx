'use client';

import { readinessHref, type ReadinessFilters } from '../_lib/filters';
import type { NarrowingKey } from '../_lib/narrow';
import type { MatrixView } from '@/lib/server/dashboard';

type Option = { value: string; label: string };

/** One select of the bar; a new filter is one more entry in `fieldsOf`. */
interface FieldDef {
  key: NarrowingKey;
  label: string;
  any: string;
  options: Option[];
}

const selectCls =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 dark:border-slate-600 dark:bg-slate-900';

const VERDICT_OPTIONS: Option[] = [
  { value: 'cannot-pull', label: '✗ cannot pull' },
  { value: 'unknown', label: '? unknown' },
  { value: 'can-pull', label: '✓ can pull' },
];

function fieldsOf(options: MatrixView['options']): FieldDef[] {
  return [
    { key: 'project', label: 'Project', any: 'Any project', options: options.projects.map((p) => ({ value: p, label: p })) },
    { key: 'cluster', label: 'Cluster', any: 'Any cluster', options: options.clusters },
    { key: 'repository', label: 'Repository', any: 'Any repository', options: options.repositories },
    { key: 'verdict', label: 'Verdict', any: 'Any verdict', options: VERDICT_OPTIONS },
    { key: 'cause', label: 'Cause', any: 'Any cause', options: options.causes },
  ];
}

/**
 * The matrix's filters. A change applies at once in the page (the matrix narrows in the browser and the URL
 * follows with history.replaceState), so arrowing through a select's options never reloads the page or moves
 * the focus (WCAG 3.2.2, On Input). Without JavaScript it is a GET form with an Apply button.
 */
export function FilterBar({
  filters,
  options,
  onChange,
  intentKnown = false,
}: {
  filters: ReadinessFilters;
  options: MatrixView['options'];
  onChange: (patch: Partial<ReadinessFilters>) => void;
  /** True when the scan knows which pairs are used: the bar then offers in use / all pairs (in use by default). */
  intentKnown?: boolean;
}) {
  const fields = fieldsOf(options);
  return (
    <form
      role="search"
      aria-label="Filter pairs"
      method="get"
      action="/readiness"
      onSubmit={(e) => e.preventDefault()}
      className="mt-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-6 dark:border-slate-800 dark:bg-slate-900"
    >
      {filters.scan ? <input type="hidden" name="scan" value={filters.scan} /> : null}
      {filters.view ? <input type="hidden" name="view" value={filters.view} /> : null}
      {intentKnown && (
        <label className="block min-w-0 text-sm font-medium">
          Pairs
          <select name="inUse" className={selectCls} value={filters.inUse === '1' ? '1' : 'all'} onChange={(e) => onChange({ inUse: e.target.value === '1' ? '1' : 'all' })}>
            <option value="1">In use (declared, running or failing)</option>
            <option value="all">All pairs</option>
          </select>
        </label>
      )}
      {fields.map(({ key, label, any, options: opts }) => {
        const value = filters[key] ?? '';
        const known = opts.some((o) => o.value === value);
        return (
          <label key={key} className="block min-w-0 text-sm font-medium">
            {label}
            <select name={key} className={selectCls} value={value} onChange={(e) => onChange({ [key]: e.target.value || undefined })}>
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
      })}
      <div className="flex items-center gap-3 text-sm sm:col-span-2 lg:col-span-6">
        <noscript>
          <button type="submit" className="rounded-md bg-sky-700 px-3 py-1.5 font-medium text-white">
            Apply
          </button>
        </noscript>
        {fields.some((f) => filters[f.key]) && (
          <a
            href={readinessHref({ scan: filters.scan, view: filters.view })}
            onClick={(e) => {
              e.preventDefault();
              // Back to the page's default: the pairs in use when any are known, else every pair.
              onChange({ ...Object.fromEntries(fields.map((f) => [f.key, undefined])), inUse: undefined });
            }}
            className="font-medium text-sky-800 underline dark:text-sky-300"
          >
            Clear filters
          </a>
        )}
      </div>
    </form>
  );
}
