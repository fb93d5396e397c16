'use client';

import Link from 'next/link';

/** What an error boundary shows: what failed, a retry, a way back. Never a stack trace. */
export function ErrorPanel({ title, error, reset }: { title: string; error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-rose-300 bg-rose-50 p-6 text-rose-950 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="mt-2">
        {error.digest ? 'The server could not build this page.' : error.message || 'Something went wrong.'}
        {error.digest && <span className="block text-sm opacity-80">Reference: {error.digest} (the server log has the details).</span>}
      </p>
      <div className="mt-4 flex gap-3">
        <button
          type="button"
          onClick={reset}
          className="rounded-md bg-rose-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-600"
        >
          Try again
        </button>
        <Link href="/scan" className="rounded-md px-3 py-1.5 text-sm font-medium underline focus-visible:outline-2 focus-visible:outline-rose-600">
          Go to Scan
        </Link>
      </div>
    </div>
  );
}
