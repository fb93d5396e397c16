import { causeTitle } from './rule-titles';

/** The causes of a pair's verdict as a short list (title, then what was found), or "none". */
export function PairCauses({ causes }: { causes: { rule: string; category: string; message: string }[] }) {
  if (causes.length === 0) return <span className="text-slate-600 dark:text-slate-400">none</span>;
  return (
    <ul className="flex flex-col gap-1">
      {causes.map((c, i) => (
        <li key={`${c.rule}-${i}`} className="break-words">
          <span className="font-medium">{causeTitle(c.rule)}</span>
          <span className="sr-only"> ({c.category})</span>: {c.message}
        </li>
      ))}
    </ul>
  );
}
