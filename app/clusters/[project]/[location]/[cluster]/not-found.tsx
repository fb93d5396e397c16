import Link from 'next/link';

export default function ClusterNotFound() {
  return (
    <section aria-labelledby="nf-title" className="rounded-lg border border-dashed border-slate-300 bg-white p-6 dark:border-slate-700 dark:bg-slate-900">
      <h1 id="nf-title" className="text-2xl font-semibold">
        Cluster not found
      </h1>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        This scan has no cluster at that project, location and name. It may be outside the scanned scope, or its project&apos;s clusters could not be listed.
      </p>
      <Link href="/clusters" className="mt-4 inline-block text-sky-800 underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300">
        All clusters
      </Link>
    </section>
  );
}
