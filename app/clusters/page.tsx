export const metadata = { title: 'Clusters' };

export default function Page() {
  return (
    <section>
      <h1 className="text-2xl font-semibold">Clusters</h1>
    </section>
  );
}
