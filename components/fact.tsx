import { factTerm } from './ui-classes';

/** One term and its value in a definition list of facts (`<dl>`). */
export function Fact({ term, className, children }: { term: string; className?: string; children: React.ReactNode }) {
  return (
    <>
      <dt className={factTerm}>{term}</dt>
      <dd className={className}>{children}</dd>
    </>
  );
}
