/** How many items a filtered list shows, and why it is empty when it is. */
export function ListSummary({ shown, total, noun, plural }: { shown: number; total: number; noun: string; plural: string }) {
  const empty = 'mt-6 rounded-lg border border-dashed border-slate-300 p-6 dark:border-slate-700';
  return (
    <>
      <p className="mt-3 text-sm text-slate-700 dark:text-slate-300" aria-live="polite">
        Showing {shown} of {total} {total === 1 ? noun : plural}.
      </p>
      {total === 0 ? <p className={empty}>No {plural} in this scan.</p> : shown === 0 ? <p className={empty}>No {plural} match these filters.</p> : null}
    </>
  );
}
