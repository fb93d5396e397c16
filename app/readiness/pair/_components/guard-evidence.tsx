import { withResourceNames } from '@/components/resource-names';
import { isGuardStep, type GuardMark, type PairGuards } from '../_lib/guard-steps';

/** The same icons, words and colours as the reasoning chain's outcomes, plus `note` (read, does not decide this pair). */
const MARK: Record<GuardMark, { icon: string; text: string; cls: string }> = {
  pass: { icon: '✓', text: 'passed', cls: 'text-emerald-800 dark:text-emerald-300' },
  fail: { icon: '✗', text: 'failed', cls: 'text-rose-800 dark:text-rose-300' },
  undecided: { icon: '?', text: 'undecided', cls: 'text-amber-800 dark:text-amber-300' },
  'not-applicable': { icon: '–', text: 'not applicable', cls: 'text-slate-500 dark:text-slate-400' },
  note: { icon: '!', text: 'note', cls: 'text-sky-800 dark:text-sky-300' },
};

const LABEL = { deny: 'Deny rules read for this pair', perimeter: 'Perimeters between the node network and the repository', repository: 'Download rules of the repository' } as const;

function Facts({ facts, names }: { facts: [string, string][]; names: ReadonlyMap<string, string> }) {
  if (!facts.length) return null;
  return (
    <dl className="mt-1 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
      {facts.map(([k, v], i) => (
        <div key={`${k}-${i}`} className="contents">
          <dt className="font-medium text-slate-500 dark:text-slate-400">{k}</dt>
          <dd className="min-w-0 break-words font-mono">{withResourceNames(v, names)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Under the first check of the deny, perimeter or download-rule step: what was read, each line marked as the chain is. */
export function GuardEvidence({ step, guards, names }: { step: string; guards: PairGuards; names: ReadonlyMap<string, string> }) {
  if (!isGuardStep(step)) return null;
  const g = guards[step];
  return (
    <div role="group" aria-label={LABEL[step]} className="mt-2 rounded-md border border-slate-200 p-2 dark:border-slate-700" data-guard-step={step}>
      <p className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">{LABEL[step]}</p>
      <Facts facts={g.facts} names={names} />
      <ul className="mt-1 space-y-1.5">
        {g.lines.map((l, i) => {
          const m = MARK[l.mark];
          return (
            <li key={i} className="text-sm">
              <span className={`font-semibold ${m.cls}`}>
                <span aria-hidden="true">{m.icon} </span>
                {m.text}:
              </span>{' '}
              <span className="break-words">{withResourceNames(l.text, names)}</span>
              <Facts facts={l.facts} names={names} />
            </li>
          );
        })}
      </ul>
    </div>
  );
}
