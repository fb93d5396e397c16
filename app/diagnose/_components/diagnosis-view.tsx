'use client';

import Link from 'next/link';
import { CopyButton } from '@/components/copy-button';
import { VerdictBadge } from '@/components/verdict-badge';
import { StatusMark } from '@/components/status-mark';
import type { DiagnoseOkBody } from '@/app/api/diagnose/handle';
import type { RankedCause } from '@/lib/diagnose/diagnose';
import { pairHref } from '@/app/readiness/_lib/filters';
import { Fact } from '@/components/fact';
import { TableHead } from '@/components/table-head';
import { card, link, table, tbody, td } from '@/components/ui-classes';
import { causeTitle } from '@/components/rule-titles';
import { count, formatNumber } from '@/components/format';
import { ticketText } from '../_lib/ticket-text';

function poolLabel(name: string): string {
  const m = /\/clusters\/([^/]+)\/nodePools\/([^/]+)$/.exec(name);
  return m ? `${m[1]} / ${m[2]}` : name;
}

function confidenceTone(c: RankedCause['confidence']): 'bad' | 'undecided' | 'neutral' {
  return c === 'high' ? 'bad' : c === 'medium' ? 'undecided' : 'neutral';
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(', ');
  return JSON.stringify(v);
}

function CommandBlock({ label, command, copyLabel }: { label: string; command: string; copyLabel: string }) {
  return (
    <div className="mt-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">{label}</span>
        <CopyButton text={command} label={copyLabel} />
      </div>
      <pre className="mt-1 overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100 dark:bg-black">
        <code>{command}</code>
      </pre>
    </div>
  );
}

/** The answer of the Diagnose page. */
export function DiagnosisView({ result, scan, errorText, summaryId }: { result: DiagnoseOkBody; scan: string | null; errorText: string; summaryId: string }) {
  const d = result.diagnosis;
  const cls = d.classification;
  const top = d.rankedCauses[0];
  const repoName = d.found?.repository ?? (d.image?.kind === 'artifact-registry' ? d.image.repositoryName : null);
  return (
    <article aria-labelledby="diagnosis-title" className="flex flex-col gap-6">
      <section
        id={summaryId}
        tabIndex={-1}
        aria-labelledby="diagnosis-title"
        className="scroll-mt-4 rounded-lg border-2 border-sky-300 bg-sky-50 p-4 outline-offset-2 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-sky-800 dark:bg-sky-950"
      >
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="diagnosis-title" className="text-xl font-semibold">
            Diagnosis
          </h2>
          <CopyButton
            label="Copy as ticket text"
            text={() => ticketText(d, errorText, result.link ? new URL(result.link, window.location.origin).href : null)}
          />
        </div>
        <p className="mt-2 break-words text-base">{d.summary}</p>
        {top ? (
          <p className="mt-2 break-words text-sm">
            <span className="font-semibold">Most likely: {causeTitle(top.rule)}</span> ({top.confidence} confidence)
          </p>
        ) : null}
      </section>

      <section aria-labelledby="class-title" className={card}>
        <h3 id="class-title" className="text-lg font-semibold">
          What the error says
        </h3>
        <dl className="mt-2 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[12rem_1fr]">
          <Fact term="Error class" className="font-medium">
            {cls.classId ? cls.title : 'Unrecognized'}
          </Fact>
          <Fact term="How sure">
            {cls.classId === null ? (
              <StatusMark tone="undecided">the text fits no known pull error; the causes below come from the estate alone</StatusMark>
            ) : cls.ambiguous ? (
              <StatusMark tone="undecided">the text alone cannot tell these causes apart; the estate decides</StatusMark>
            ) : (
              <StatusMark tone="ok">the text is specific</StatusMark>
            )}
            {top ? <span className="ml-2">Top cause: {top.confidence} confidence.</span> : null}
          </Fact>
          {cls.matched ? (
            <Fact term="Matched">
              <code className="break-all text-xs">{cls.matched}</code>
            </Fact>
          ) : null}
          {cls.likelyCauses.length ? (
            <Fact term="Usual causes">
              <ul className="list-disc pl-5">
                {cls.likelyCauses.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </Fact>
          ) : null}
          <Fact term="First check">{cls.firstCheck}</Fact>
          <Fact term="Image">
            {d.image ? (
              <span className="flex flex-col gap-1">
                <code className="break-all text-xs">{d.image.raw}</code>
                {d.found?.imageFrom === 'error-text' ? <span className="text-xs">read from the pasted error</span> : null}
                {d.image.kind === 'artifact-registry' ? (
                  <span>
                    Repository <code className="text-xs">{d.image.repositoryName}</code>{' '}
                    {d.repositoryInEstate === true ? (
                      <StatusMark tone="ok">in the scan</StatusMark>
                    ) : d.repositoryInEstate === false ? (
                      <StatusMark tone="bad">not in the scanned estate</StatusMark>
                    ) : (
                      <StatusMark tone="undecided">could not be checked</StatusMark>
                    )}
                  </span>
                ) : (
                  <span>Registry {d.image.host}: Pullcheck judges only Artifact Registry.</span>
                )}
              </span>
            ) : repoName ? (
              <span>
                None named; the error names repository <code className="text-xs">{repoName}</code>
              </span>
            ) : (
              <span>{d.imageError ?? 'none'}</span>
            )}
          </Fact>
          {d.found?.nodePool || d.found?.nodePoolCandidates.length ? (
            <Fact term="Node pool (from the node name)">
              {d.found.nodePool ? poolLabel(d.found.nodePool) : `ambiguous: ${d.found.nodePoolCandidates.map(poolLabel).join(', ')}`}
            </Fact>
          ) : null}
        </dl>
      </section>

      {d.verdicts.length ? (
        <section aria-labelledby="verdicts-title" className={card}>
          <h3 id="verdicts-title" className="text-lg font-semibold">
            Verdict per node pool
          </h3>
          {d.verdictGroups.length < d.verdicts.length ? (
            <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
              {count(d.verdicts.length, 'node pool')} in {count(d.verdictGroups.length, 'group')}: pools with the same verdict for the same causes share a row.
            </p>
          ) : null}
          <div className="mt-2 overflow-x-auto">
            <table className={table}>
              <caption className="sr-only">Whether each node pool can pull from {repoName}</caption>
              <TableHead columns={['Node pools', 'Verdict', 'Causes', <span key="details" className="sr-only">Details</span>]} />
              <tbody className={tbody}>
                {d.verdictGroups.map((g) => (
                  <tr key={`${g.verdict} ${g.nodePools[0]}`}>
                    <th scope="row" className={`${td} text-left font-medium`}>
                      {g.nodePools.length === 1 ? (
                        poolLabel(g.nodePools[0])
                      ) : (
                        <details>
                          <summary className="cursor-pointer">{count(g.nodePools.length, 'node pool')}</summary>
                          <ul className="mt-1 font-normal">
                            {g.nodePools.map((p) => (
                              <li key={p}>
                                <Link href={pairHref(p, g.repository, scan)} className={link}>
                                  {poolLabel(p)}
                                </Link>
                              </li>
                            ))}
                          </ul>
                        </details>
                      )}
                    </th>
                    <td className={`${td} whitespace-nowrap`}>
                      <VerdictBadge verdict={g.verdict} />
                    </td>
                    <td className={td}>{g.causes.length ? [...new Set(g.causes.map((c) => causeTitle(c.rule)))].join('; ') : 'none'}</td>
                    <td className={td}>
                      {g.nodePools.length === 1 ? (
                        <Link href={pairHref(g.nodePools[0], g.repository, scan)} className={`${link} whitespace-nowrap`}>
                          Reasoning<span className="sr-only"> for {poolLabel(g.nodePools[0])}</span>
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <section aria-labelledby="causes-title" className={card}>
        <h3 id="causes-title" className="text-lg font-semibold">
          Likely causes, most likely first
        </h3>
        {d.rankedCauses.length === 0 ? (
          <p className="mt-2 text-sm">No cause found in the estate. Run the on-node check below to see the registry&apos;s own answer.</p>
        ) : (
          <ol className="mt-3 flex flex-col gap-4">
            {d.rankedCauses.map((c) => (
              <li key={`${c.rank}`} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-semibold">#{formatNumber(c.rank)}</span>
                  <h4 className="font-semibold">{causeTitle(c.rule)}</h4>
                  <StatusMark tone={confidenceTone(c.confidence)}>{c.confidence} confidence</StatusMark>
                  <StatusMark tone="neutral">{c.category}</StatusMark>
                  {c.rule ? <code className="break-all text-xs text-slate-600 dark:text-slate-400">{c.rule}</code> : null}
                </div>
                <p className="mt-2 break-words">{c.message}</p>
                {Object.keys(c.evidence).length ? (
                  <details className="mt-2 text-sm">
                    <summary className="cursor-pointer font-medium text-slate-700 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-slate-300">
                      Evidence
                    </summary>
                    <dl className="mt-1 grid gap-x-4 gap-y-1 sm:grid-cols-[12rem_1fr]">
                      {Object.entries(c.evidence).map(([k, v]) => (
                        <div key={k} className="contents">
                          <dt className="text-slate-600 dark:text-slate-400">{k}</dt>
                          <dd className="break-all font-mono text-xs">{show(v)}</dd>
                        </div>
                      ))}
                    </dl>
                  </details>
                ) : null}
                {c.remediation ? (
                  <div className="mt-3">
                    <h4 className="text-sm font-semibold">Fix</h4>
                    {c.remediation.warning ? (
                      <p role="note" className="mt-1 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
                        <span aria-hidden="true">⚠ </span>
                        {c.remediation.warning}
                      </p>
                    ) : null}
                    {c.remediation.steps.length ? (
                      <ol className="mt-1 list-decimal pl-5 text-sm">
                        {c.remediation.steps.map((s) => (
                          <li key={s}>{s}</li>
                        ))}
                      </ol>
                    ) : null}
                    {c.remediation.gcloud ? <CommandBlock label="gcloud" command={c.remediation.gcloud} copyLabel="Copy gcloud command" /> : null}
                    {c.remediation.terraform ? <CommandBlock label="Terraform" command={c.remediation.terraform} copyLabel="Copy Terraform" /> : null}
                    {c.remediation.docs.length ? (
                      <ul className="mt-2 flex flex-wrap gap-3 text-sm">
                        {c.remediation.docs.map((u) => (
                          <li key={u}>
                            <a href={u} className={link} target="_blank" rel="noreferrer">
                              {u.replace(/^https:\/\//, '')}
                            </a>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="onnode-title" className={card}>
        <h3 id="onnode-title" className="text-lg font-semibold">
          Check on a node
        </h3>
        <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
          Reproduce the pull on a node of the pool to see the registry&apos;s own answer (nodes on GKE 1.24 and later run containerd).
        </p>
        <CommandBlock label="Linux nodes (crictl, with the node's own token)" command={d.onNodeCheck.linux} copyLabel="Copy Linux check" />
        <CommandBlock label="Windows nodes (containerd log)" command={d.onNodeCheck.windows} copyLabel="Copy Windows check" />
      </section>

      {d.notes.length ? (
        <section aria-labelledby="notes-title" className={card}>
          <h3 id="notes-title" className="text-lg font-semibold">
            Notes
          </h3>
          <ul className="mt-2 list-disc pl-5 text-sm">
            {d.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
