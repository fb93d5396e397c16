/** Tailwind class strings shared by the dashboard's tables, links and panels. */

/** A column header cell of a data table. */
export const th = 'px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400';

/** A body cell of a data table. */
export const td = 'px-3 py-2 align-top';

/** A data table (rows divided by rules). */
export const table = 'min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800';

/** The body of a data table. */
export const tbody = 'divide-y divide-slate-100 dark:divide-slate-800';

/** A link inside tables, breadcrumbs and lists: underlined on hover. */
export const link = 'text-sky-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300';

/** A link inside running text: always underlined (dotted until hovered). */
export const textLink =
  'font-medium text-sky-800 underline decoration-dotted underline-offset-2 hover:decoration-solid focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300';

/** A white panel with a border. */
export const card = 'rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';

/** The term of a definition list of facts. */
export const factTerm = 'text-slate-600 dark:text-slate-400';
