export const metadata = { title: 'Diagnose' };

export default function Page() {
  return (
    <section>
      <h1 className="text-2xl font-semibold">Diagnose</h1>
    </section>
  );
}
