'use client';

import { useState } from 'react';
import { card as panel } from '@/components/ui-classes';

type Answer = {
  pullcheck: { iam: string; evidence: string[] };
  google:
    | { answered: true; access: string; overallAccessState: string; explanation: string[] }
    | { answered: false; gap: { status: number | null; reason: string; message: string } };
  agreement: 'agree' | 'both-undecided' | 'google-decided' | 'disagree' | 'not-compared';
  sentence: string;
};

type State = { kind: 'idle' } | { kind: 'asking' } | { kind: 'error'; message: string } | { kind: 'done'; answer: Answer };

/**
 * "Ask Google": Policy Troubleshooter's answer for this pair, beside Pullcheck's IAM step. The server asks with its own
 * credentials; the browser sends only the scan id and the pair's names. Agreement is quiet, a disagreement loud.
 */
export function AskGoogle({ scan, nodePool, repository }: { scan: string; nodePool: string; repository: string }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const ask = async () => {
    setState({ kind: 'asking' });
    try {
      const res = await fetch('/api/troubleshoot', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ scan, nodePool, repository }),
      });
      const body = (await res.json()) as Answer | { error: string };
      if (!res.ok || 'error' in body) setState({ kind: 'error', message: 'error' in body ? body.error : `HTTP ${res.status}` });
      else setState({ kind: 'done', answer: body });
    } catch {
      setState({ kind: 'error', message: 'The request did not reach Pullcheck; check the connection and try again.' });
    }
  };
  const a = state.kind === 'done' ? state.answer : null;
  const loud = a?.agreement === 'disagree';
  return (
    <section aria-labelledby="ask-google-title" className={`mt-4 ${panel}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="ask-google-title" className="text-sm font-semibold">
          Second opinion from Google (Policy Troubleshooter)
        </h3>
        <button
          type="button"
          onClick={ask}
          disabled={state.kind === 'asking'}
          className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-60 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700"
        >
          {state.kind === 'asking' ? 'Asking Google…' : 'Ask Google'}
        </button>
      </div>
      <div role="status" aria-live="polite" className="mt-2 text-sm">
        {state.kind === 'idle' && <p className="text-slate-600 dark:text-slate-400">Asks Google whether the node service account holds artifactregistry.repositories.downloadArtifacts on this repository.</p>}
        {state.kind === 'error' && <p className="text-rose-800 dark:text-rose-300">{state.message}</p>}
        {a && (
          <div className={loud ? 'rounded-md border-2 border-rose-500 bg-rose-50 p-3 text-rose-950 dark:bg-rose-950 dark:text-rose-100' : ''}>
            <p className={loud ? 'font-semibold' : 'text-slate-700 dark:text-slate-300'}>{a.sentence}</p>
            {a.google.answered && !loud && a.google.explanation[0] && <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{a.google.explanation[0]}</p>}
            {loud && (
              <div className="mt-2 grid gap-3 md:grid-cols-2">
                <div>
                  <h4 className="text-xs font-semibold uppercase tracking-wide">Pullcheck: IAM {a.pullcheck.iam}</h4>
                  <ul className="mt-1 list-disc pl-5 text-xs">
                    {a.pullcheck.evidence.map((e, i) => (
                      <li key={i} className="break-words">{e}</li>
                    ))}
                  </ul>
                </div>
                {a.google.answered && (
                  <div>
                    <h4 className="text-xs font-semibold uppercase tracking-wide">Google: {a.google.access}</h4>
                    <ul className="mt-1 list-disc pl-5 text-xs">
                      {a.google.explanation.map((e, i) => (
                        <li key={i} className="break-words">{e}</li>
                      ))}
                    </ul>
                  </div>
                )}
              </div>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
