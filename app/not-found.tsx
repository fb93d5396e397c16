import Link from 'next/link';

export default function NotFound() {
  return (
    <section aria-labelledby="nf-title" className="rounded-lg border border-dashed border-slate-300 bg-white p-6 dark:border-slate-700 dark:bg-slate-900">
      <h1 id="nf-title" className="text-2xl font-semibold">
        Page not found
      </h1>
      <p className="mt-2 text-slate-700 dark:text-slate-300">There is nothing at this address. These pages might help:</p>
      <ul className="mt-3 flex flex-wrap gap-4">
        {[
          ['/', 'Overview'],
          ['/clusters', 'Clusters'],
          ['/repositories', 'Repositories'],
          ['/readiness', 'Readiness'],
          ['/diagnose', 'Diagnose'],
        ].map(([href, label]) => (
          <li key={href}>
            <Link href={href} className="text-sky-800 underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300">
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
