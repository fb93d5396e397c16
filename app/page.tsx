export default function OverviewPage() {
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title" className="text-2xl font-semibold">Overview</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        Whether every GKE node pool can pull from every Artifact Registry Docker repository, why not, and the step that fixes it.
      </p>
    </section>
  );
}
