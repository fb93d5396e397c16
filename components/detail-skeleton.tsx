/** A loading placeholder for a page: a title bar and a few blocks, announced as busy. */
export function DetailSkeleton({ label, blocks = 3 }: { label: string; blocks?: number }) {
  return (
    <div role="status" aria-busy="true" aria-live="polite" className="animate-pulse">
      <span className="sr-only">{label}</span>
      <div className="h-8 w-64 rounded bg-slate-200 dark:bg-slate-800" />
      <div className="mt-3 h-4 w-96 max-w-full rounded bg-slate-200 dark:bg-slate-800" />
      {Array.from({ length: blocks }, (_, i) => (
        <div key={i} className="mt-6 h-32 rounded-lg bg-slate-200 dark:bg-slate-800" />
      ))}
    </div>
  );
}
