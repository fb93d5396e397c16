export const metadata = { title: 'Repositories' };

export default function Page() {
  return (
    <section>
      <h1 className="text-2xl font-semibold">Repositories</h1>
    </section>
  );
}
