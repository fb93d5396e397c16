import Link from 'next/link';

export default function NotFound() {
  return (
    <section aria-labelledby="nf-title">
      <h1 id="nf-title" className="text-2xl font-semibold">
        No such scan
      </h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">This scan is unknown or no longer kept (the server keeps the last 10 scans).</p>
      <div className="mt-4 flex gap-4">
        <Link href="/readiness" className="font-medium text-sky-800 underline dark:text-sky-300">
          The latest scan&apos;s matrix
        </Link>
        <Link href="/scan" className="font-medium text-sky-800 underline dark:text-sky-300">
          Scan
        </Link>
      </div>
    </section>
  );
}
