import Link from 'next/link';

/** A friendly "nothing here" panel with an optional next step. */
export function EmptyState({ title, children, action }: { title: string; children?: React.ReactNode; action?: { href: string; label: string } }) {
  return (
    <div className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center dark:border-slate-700 dark:bg-slate-900">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children && <div className="mt-2 text-slate-600 dark:text-slate-400">{children}</div>}
      {action && (
        <Link
          href={action.href}
          className="mt-4 inline-block rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600"
        >
          {action.label}
        </Link>
      )}
    </div>
  );
}
