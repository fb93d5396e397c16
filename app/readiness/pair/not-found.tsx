import Link from 'next/link';

export default function NotFound() {
  return (
    <section aria-labelledby="nf-title">
      <h1 id="nf-title" className="text-2xl font-semibold">
        No such pair
      </h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        This node pool or repository is not in the scan (it may belong to another scan, or the link is incomplete: it needs both <code>pool</code> and <code>repo</code>).
      </p>
      <Link href="/readiness" className="mt-4 inline-block font-medium text-sky-800 underline dark:text-sky-300">
        Back to the readiness matrix
      </Link>
    </section>
  );
}
