import { PairGrantRisk } from '@/components/pair-grant-risk';
import Link from 'next/link';
import { poolDisplayName } from '@/lib/inventory/pool-label';
import { notFound } from 'next/navigation';
import { loadScan } from '@/lib/server/load-scan';
import { evaluatePair, type PairEvaluation } from '@/lib/readiness/engine';
import type { Cause, CheckResult, Finding } from '@/lib/readiness/types';
import { VerdictBadge } from '@/components/verdict-badge';
import { CopyButton } from '@/components/copy-button';
import { ScanHeading } from '@/components/scan-heading';
import { card as panel, textLink as link } from '@/components/ui-classes';
import { readinessHref } from '../_lib/filters';
import { AskGoogle } from './_components/ask-google';
import { GuardEvidence } from './_components/guard-evidence';
import { pairGuards, type PairGuards } from './_lib/guard-steps';
import { causeTitle, checkLabel } from '@/components/rule-titles';
import { pairTitle } from '@/components/page-titles';
import { resourceNames, withResourceNames } from '@/components/resource-names';

export async function generateMetadata({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  return { title: pairTitle(one(sp.pool), one(sp.repo)) };
}
export const dynamic = 'force-dynamic';

const STEP_LABEL: Record<CheckResult['step'], string> = {
  identity: 'Node identity',
  scopes: 'Access scopes',
  deny: 'IAM deny policies',
  iam: 'IAM',
  network: 'Network path',
  perimeter: 'VPC Service Controls',
  version: 'GKE version',
  repository: 'Repository',
};

const OUTCOME: Record<CheckResult['outcome'], { icon: string; text: string; cls: string }> = {
  pass: { icon: '✓', text: 'passed', cls: 'text-emerald-800 dark:text-emerald-300' },
  fail: { icon: '✗', text: 'failed', cls: 'text-rose-800 dark:text-rose-300' },
  undecided: { icon: '?', text: 'undecided', cls: 'text-amber-800 dark:text-amber-300' },
  'not-applicable': { icon: '–', text: 'not applicable', cls: 'text-slate-500 dark:text-slate-400' },
};


function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v || undefined;
}

function Evidence({ evidence, names }: { evidence: Record<string, unknown>; names: ReadonlyMap<string, string> }) {
  const entries = Object.entries(evidence ?? {}).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return null;
  return (
    <dl className="mt-2 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
      {entries.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-medium text-slate-500 dark:text-slate-400">{k}</dt>
          <dd className="min-w-0 break-words font-mono">
            {typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? (
              withResourceNames(String(v), names)
            ) : (
              <pre className="whitespace-pre-wrap break-words">{withResourceNames(JSON.stringify(v, null, 2), names)}</pre>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Code({ title, text, copyLabel, wrap = false }: { title: string; text: string; copyLabel: string; wrap?: boolean }) {
  return (
    <div className="mt-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h4 className="text-sm font-semibold">{title}</h4>
        <CopyButton text={text} label={copyLabel} />
      </div>
      <pre className={`mt-1 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100 dark:bg-black ${wrap ? 'whitespace-pre-wrap break-all' : ''}`}>
        <code>{text}</code>
      </pre>
    </div>
  );
}

function CauseCard({ cause, index, names }: { cause: Cause; index: number; names: ReadonlyMap<string, string> }) {
  const r = cause.remediation;
  const id = `cause-${index}`;
  return (
    <article aria-labelledby={id} className={panel}>
      <div className="flex flex-wrap items-center gap-2">
        <span className={`text-sm font-semibold ${cause.outcome === 'fail' ? OUTCOME.fail.cls : OUTCOME.undecided.cls}`}>
          <span aria-hidden="true">{cause.outcome === 'fail' ? '✗' : '?'} </span>
          {cause.outcome === 'fail' ? 'Fails' : 'Undecided'}
        </span>
        <span className="font-semibold">{causeTitle(cause.rule)}</span>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium dark:bg-slate-800">{cause.category}</span>
        <code className="break-all text-xs text-slate-600 dark:text-slate-400">{cause.rule}</code>
      </div>
      <h3 id={id} className="mt-2 break-words font-semibold">
        {withResourceNames(cause.message, names)}
      </h3>
      <details className="mt-1">
        <summary className="cursor-pointer text-sm text-slate-600 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-slate-400">Evidence</summary>
        <Evidence evidence={cause.evidence} names={names} />
      </details>
      <section aria-label={`Fix for ${causeTitle(cause.rule)}`} className="mt-3">
        {r.warning && (
          <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm font-medium text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
            <span aria-hidden="true">⚠ </span>
            {r.warning}
          </p>
        )}
        {r.steps.length > 0 && (
          <>
            <h4 className="mt-3 text-sm font-semibold">How to fix it</h4>
            <ol className="mt-1 list-decimal space-y-1 pl-5 text-sm">
              {r.steps.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ol>
          </>
        )}
        {r.gcloud && <Code title="gcloud" text={r.gcloud} copyLabel="Copy gcloud command" wrap />}
        {r.terraform && <Code title="Terraform" text={r.terraform} copyLabel="Copy Terraform" />}
        {r.docs.length > 0 && (
          <>
            <h4 className="mt-3 text-sm font-semibold">Documentation</h4>
            <ul className="mt-1 space-y-0.5 text-sm">
              {r.docs.map((d) => (
                <li key={d}>
                  <a href={d} target="_blank" rel="noreferrer" className={`${link} break-all`}>
                    {d}
                  </a>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </article>
  );
}

function Chain({ checks, names, guards }: { checks: CheckResult[]; names: ReadonlyMap<string, string>; guards: PairGuards }) {
  return (
    <ol className="mt-2 space-y-2">
      {checks.map((c, i) => {
        const o = OUTCOME[c.outcome];
        return (
          <li key={`${c.rule}-${i}`} className={panel}>
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <span className="text-xs font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
                {i + 1}. {STEP_LABEL[c.step] ?? c.step}
              </span>
              <span className={`text-sm font-semibold ${o.cls}`}>
                <span aria-hidden="true">{o.icon} </span>
                {o.text}
              </span>
              <span className="text-sm font-medium">{checkLabel(c.rule, c.outcome, c.title)}</span>
              {c.outcome === 'fail' || c.outcome === 'undecided' ? <code className="break-all text-xs text-slate-600 dark:text-slate-400">{c.rule}</code> : null}
            </div>
            <p className="mt-1 break-words text-sm">{withResourceNames(c.summary, names)}</p>
            {checks.findIndex((x) => x.step === c.step) === i && <GuardEvidence step={c.step} guards={guards} names={names} />}
            {Object.keys(c.evidence ?? {}).length > 0 && (
              <details className="mt-1">
                <summary className="cursor-pointer text-xs text-slate-600 focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-slate-400">Evidence</summary>
                <Evidence evidence={c.evidence} names={names} />
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function Notes({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return null;
  return (
    <section aria-labelledby="notes-title" className="mt-8">
      <h2 id="notes-title" className="text-lg font-semibold">
        Findings about this node pool, its cluster or this repository
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">These do not change the verdict.</p>
      <ul className="mt-2 space-y-2">
        {findings.map((f, i) => (
          <li key={i} className={panel}>
            <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium dark:bg-slate-800">{f.severity}</span>{' '}
            <span className="text-sm font-medium">{causeTitle(f.rule)}</span> <code className="break-all text-xs text-slate-600 dark:text-slate-400">{f.rule}</code>
            <p className="mt-1 text-sm">{f.message}</p>
            {f.remediation.gcloud && <Code title="gcloud" text={f.remediation.gcloud} copyLabel="Copy gcloud command" wrap />}
          </li>
        ))}
      </ul>
    </section>
  );
}

export default async function PairPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const poolName = one(sp.pool);
  const repoName = one(sp.repo);
  const scanId = one(sp.scan);
  if (!poolName || !repoName) notFound();
  const scan = (await loadScan({ scan: scanId ?? undefined })).record ?? null;
  if (!scan?.outcome) notFound();
  const { inventory: inv, report } = scan.outcome;
  const pool = inv.nodePools.find((p) => p.name === poolName);
  const repo = inv.repositories.find((r) => r.name === repoName && r.format.toUpperCase() === 'DOCKER');
  if (!pool || !repo) notFound();
  const cluster = inv.clusters.find((c) => c.name === pool.cluster) ?? null;
  let pair: PairEvaluation;
  try {
    pair = evaluatePair(inv, pool.name, repo.name);
  } catch {
    notFound();
  }
  const findings = report.findings.filter((f) => f.subject === pool.name || f.subject === pool.cluster || f.subject === repo.name);
  const names = resourceNames(inv);
  const sa = pool.serviceAccount;
  const saState = inv.serviceAccounts[sa.email];
  const saStatus =
    !saState ? 'not read' : saState.status === 'not-found' ? 'deleted' : saState.status === 'gap' ? 'could not be read' : saState.value.disabled ? 'disabled' : 'enabled';

  return (
    <article aria-labelledby="pair-title">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href={readinessHref({ scan: scanId })} className={link}>
          Readiness
        </Link>{' '}
        / <Link href={readinessHref({ scan: scanId, cluster: pool.cluster })} className={link}>{cluster?.shortName ?? pool.cluster}</Link> / pair
      </nav>
      <h1 id="pair-title" className="mt-2 text-2xl font-semibold">
        Can <span className="font-mono">{poolDisplayName(pool)}</span>{pool.autoProvisioned ? ` of cluster ${cluster?.shortName ?? pool.cluster} (the node pools it will create on demand, judged from its auto-provisioning defaults)` : ''} pull from <span className="font-mono">{repo.id}</span>?
      </h1>
      <ScanHeading scan={scan} />
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <span className="text-lg">
          <VerdictBadge verdict={pair.verdict} />
        </span>
        <span className="text-sm text-slate-600 dark:text-slate-400">
          {pair.verdict === 'can-pull'
            ? 'Every check passed on evidence that was read.'
            : pair.verdict === 'cannot-pull'
              ? `${pair.causes.length} cause${pair.causes.length === 1 ? '' : 's'}: at least one check failed on evidence that was read.`
              : `${pair.causes.length} cause${pair.causes.length === 1 ? '' : 's'}: nothing failed, but a check could not be decided.`}
        </span>
      </div>

      <div className="mt-4 grid gap-4 md:grid-cols-2">
        <section aria-labelledby="pool-title" className={panel}>
          <h2 id="pool-title" className="text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
            Node pool
          </h2>
          <dl className="mt-2 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-500 dark:text-slate-400">Name</dt>
            <dd className="break-all font-mono text-xs">{pool.name}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Service account</dt>
            <dd className="break-all">
              <span className="font-mono text-xs">{sa.email}</span> ({sa.isDefault ? 'Compute Engine default' : 'custom'}, {saStatus})
            </dd>
            <dt className="text-slate-500 dark:text-slate-400">Access scopes</dt>
            <dd className="break-all font-mono text-xs">{pool.oauthScopes.map((s) => s.replace('https://www.googleapis.com/auth/', '')).join(', ') || '(none)'}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Version</dt>
            <dd>{pool.version ?? 'unknown'}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Private nodes</dt>
            <dd>{pool.privateNodes ? 'yes' : 'no'}</dd>
            {pool.imageType && (
              <>
                <dt className="text-slate-500 dark:text-slate-400">Image type</dt>
                <dd>
                  {pool.imageType}
                  <span className="block text-xs text-slate-500 dark:text-slate-400">
                    {/windows/i.test(pool.imageType)
                      ? 'On a node: the containerd log is C:\\etc\\kubernetes\\logs\\containerd.log.'
                      : 'On a node: inspect pulls with crictl (containerd).'}
                  </span>
                </dd>
              </>
            )}
          </dl>
        </section>
        <section aria-labelledby="repo-title" className={panel}>
          <h2 id="repo-title" className="text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
            Repository
          </h2>
          <dl className="mt-2 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-500 dark:text-slate-400">Name</dt>
            <dd className="break-all font-mono text-xs">{repo.name}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Project</dt>
            <dd>{repo.project}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Location</dt>
            <dd>{repo.location}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Mode</dt>
            <dd>{repo.mode ?? 'STANDARD_REPOSITORY'}</dd>
            {repo.registryUri && (
              <>
                <dt className="text-slate-500 dark:text-slate-400">Images</dt>
                <dd className="break-all font-mono text-xs">{repo.registryUri}/IMAGE:TAG</dd>
              </>
            )}
          </dl>
        </section>
      </div>
      <PairGrantRisk inv={inv} email={sa.email} pool={pool.name} repo={repo} findings={report.findings} scan={scanId} />

      <p role="note" className="mt-4 rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-sky-950 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100">
        <span aria-hidden="true">ℹ </span>
        Workload Identity does not change who pulls images: the kubelet pulls with the node service account (<span className="font-mono text-xs">{sa.email}</span>), never with a
        workload&apos;s Kubernetes or Google service account.
      </p>

      {pair.causes.length > 0 && (
        <section aria-labelledby="causes-title" className="mt-8">
          <h2 id="causes-title" className="text-lg font-semibold">
            Why, and how to fix it
          </h2>
          <div className="mt-2 space-y-4">
            {pair.causes.map((c, i) => (
              <CauseCard key={`${c.rule}-${i}`} cause={c} index={i} names={names} />
            ))}
          </div>
        </section>
      )}

      <section aria-labelledby="chain-title" className="mt-8">
        <h2 id="chain-title" className="text-lg font-semibold">
          Reasoning chain
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">Identity → scopes → deny policies → IAM → network → perimeters → version → download rules, each with what was read.</p>
        <Chain checks={pair.checks} names={names} guards={pairGuards(inv, pool, repo)} />
        <AskGoogle scan={scan.id} nodePool={pool.name} repository={repo.name} />
      </section>

      <Notes findings={findings} />
    </article>
  );
}
