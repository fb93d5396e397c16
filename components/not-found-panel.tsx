import Link from 'next/link';

const nfLink = 'text-sky-800 underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300';

/** What a not-found page shows: a title, why, and where to go instead (one link, or a list of them). */
export function NotFoundPanel({ title, message, back, links }: { title: string; message: string; back?: { href: string; label: string }; links?: { href: string; label: string }[] }) {
  return (
    <section aria-labelledby="nf-title" className="rounded-lg border border-dashed border-slate-300 bg-white p-6 dark:border-slate-700 dark:bg-slate-900">
      <h1 id="nf-title" className="text-2xl font-semibold">
        {title}
      </h1>
      <p className="mt-2 text-slate-700 dark:text-slate-300">{message}</p>
      {back ? (
        <Link href={back.href} className={`mt-4 inline-block ${nfLink}`}>
          {back.label}
        </Link>
      ) : null}
      {links ? (
        <ul className="mt-3 flex flex-wrap gap-4">
          {links.map(({ href, label }) => (
            <li key={href}>
              <Link href={href} className={nfLink}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
