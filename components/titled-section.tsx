/** A page's main section, labelled by its level-1 heading. */
export function TitledSection({ id, title, children }: { id: string; title: React.ReactNode; children?: React.ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h1 id={id} className="text-2xl font-semibold">
        {title}
      </h1>
      {children}
    </section>
  );
}
