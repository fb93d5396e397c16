'use client';

import { useEffect } from 'react';

/** The body of an error.tsx boundary: says what failed, offers a retry, never shows a stack trace. */
export function SegmentError({ what, error, retry }: { what: string; error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && 'digest' in error ? String((error as { digest?: unknown }).digest ?? '') : '';
  return (
    <div role="alert" className="rounded-lg border border-rose-300 bg-rose-50 p-6 text-rose-950 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
      <h1 className="text-xl font-semibold">Could not show {what}</h1>
      <p className="mt-1">Something went wrong while preparing this page. Trying again often helps; if it does not, rescan.</p>
      {digest ? <p className="mt-1 text-sm">Reference: {digest}</p> : null}
      <button
        type="button"
        onClick={() => retry()}
        className="mt-4 rounded-md bg-rose-700 px-3 py-1.5 text-sm font-medium text-white outline-offset-2 hover:bg-rose-800 focus-visible:outline-2 focus-visible:outline-rose-600"
      >
        Try again
      </button>
    </div>
  );
}
