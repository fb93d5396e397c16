'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useId, useTransition } from 'react';

/** One filter control of a UrlFilterForm. */
export type FilterField =
  | { kind: 'select'; name: string; label: string; value: string; options: { value: string; label: string }[]; allLabel: string }
  | { kind: 'search'; name: string; label: string; value: string; placeholder?: string };

/** Filters that live in the URL: a GET form (works without JavaScript) that, with it, updates the URL in place. */
export function UrlFilterForm({ fields, keep, label }: { fields: FilterField[]; keep?: Record<string, string | null>; label: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const id = useId();
  const kept = Object.entries(keep ?? {}).filter((e): e is [string, string] => !!e[1]);

  function submit(form: HTMLFormElement) {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form).entries()) {
      if (typeof v === 'string' && v.trim() !== '') params.set(k, v.trim());
    }
    const qs = params.toString();
    startTransition(() => router.push(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
  }

  const clearHref = kept.length ? `${pathname}?${new URLSearchParams(kept).toString()}` : pathname;
  const control =
    'rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm outline-offset-1 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:bg-slate-900';
  return (
    <form
      key={fields.map((f) => f.value).join('\u0000')}
      role="search"
      aria-label={label}
      method="get"
      action={pathname}
      onSubmit={(e) => {
        e.preventDefault();
        submit(e.currentTarget);
      }}
      className="mt-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900"
      aria-busy={pending}
    >
      {kept.map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {fields.map((f) => (
        <label key={f.name} htmlFor={`${id}-${f.name}`} className="flex flex-col gap-1 text-xs font-medium text-slate-700 dark:text-slate-300">
          {f.label}
          {f.kind === 'select' ? (
            <select
              id={`${id}-${f.name}`}
              name={f.name}
              defaultValue={f.value}
              className={control}
              onChange={(e) => e.currentTarget.form && submit(e.currentTarget.form)}
            >
              <option value="">{f.allLabel}</option>
              {f.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <input id={`${id}-${f.name}`} type="search" name={f.name} defaultValue={f.value} placeholder={f.placeholder} className={`${control} w-64`} />
          )}
        </label>
      ))}
      <button
        type="submit"
        className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white outline-offset-2 hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-sky-600"
      >
        Apply
      </button>
      <Link href={clearHref} className="rounded-md px-2 py-1.5 text-sm text-sky-800 underline outline-offset-2 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300">
        Clear filters
      </Link>
    </form>
  );
}
