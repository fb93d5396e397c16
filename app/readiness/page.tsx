export const metadata = { title: 'Readiness' };

export default function Page() {
  return (
    <section>
      <h1 className="text-2xl font-semibold">Readiness</h1>
    </section>
  );
}
