import type { Gap } from '@/lib/inventory/types';

/** A warning that some projects could not be listed, with what would let the auditor see them. */
export function ListGapsNote({ listGaps, gaps, children }: { listGaps: { project: string; gapId: string }[]; gaps: Gap[]; children: React.ReactNode }) {
  if (listGaps.length === 0) return null;
  return (
    <div role="note" className="mt-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <p className="font-medium">
        <span aria-hidden="true">? </span>
        {children}
      </p>
      <ul className="mt-1 list-disc pl-5">
        {listGaps.map((g) => {
          const gap = gaps.find((x) => x.id === g.gapId);
          return (
            <li key={`${g.project}|${g.gapId}`}>
              {g.project}
              {gap?.permission ? `: grant the auditor ${gap.permission} to see them` : gap ? `: ${gap.message}` : ''}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
