'use client';
/**
 * "Failed pulls in the last 24 hours": a cluster's Kubernetes `Failed to pull image` events, read from Cloud Logging
 * when the section is shown (GET /api/clusters/P/L/C/pull-failures), each with its classified cause, the real kubelet
 * message and a link to its pair. A read Google refused shows the gap: the call, the status and the role to grant.
 */
import Link from 'next/link';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { VerdictBadge } from '@/components/verdict-badge';
import { card, link } from '@/components/ui-classes';
import { pairHref } from '@/app/readiness/_lib/filters';
import type { PullFailuresBody } from '@/app/api/clusters/[project]/[location]/[cluster]/pull-failures/handle';

/** Rows shown at most (the server reads at most 200). */
const MAX_ROWS = 50;
/** Characters of a message shown before "show all". */
const SHORT = 400;

function apiPath(cluster: string, scan: string | null | undefined): string | null {
  const p = cluster.split('/');
  if (p.length !== 6 || p[0] !== 'projects' || p[2] !== 'locations' || p[4] !== 'clusters') return null;
  const q = scan ? `?scan=${encodeURIComponent(scan)}` : '';
  return `/api/clusters/${encodeURIComponent(p[1])}/${encodeURIComponent(p[3])}/${encodeURIComponent(p[5])}/pull-failures${q}`;
}

const short = (name: string | null) => (name ? name.slice(name.lastIndexOf('/') + 1) : null);

function when(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function Message({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const cut = text.length > SHORT && !open;
  return (
    <span className="block">
      <code className="block whitespace-pre-wrap break-all text-xs">{cut ? `${text.slice(0, SHORT)}…` : text}</code>
      {text.length > SHORT ? (
        <button type="button" className={`${link} text-xs`} onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? 'Show less' : 'Show the whole message'}
        </button>
      ) : null}
    </span>
  );
}

/** The section, for one cluster (optionally only the failures of one node pool). */
export function PullFailures({ cluster, scan, nodePool, id = 'pull-failures-title' }: { cluster: string; scan?: string | null; nodePool?: string | null; id?: string }) {
  const path = apiPath(cluster, scan);
  // One read per view of the section (each is a Cloud Logging call): no refetch on focus, no retry of a refusal.
  const q = useQuery({
    queryKey: ['pull-failures', path],
    enabled: path !== null,
    staleTime: 60_000,
    retry: false,
    refetchOnWindowFocus: false,
    queryFn: async ({ signal }) => {
      let res: Response;
      try {
        res = await fetch(path!, { signal, cache: 'no-store', headers: { accept: 'application/json' } });
      } catch {
        throw new Error('The Pullcheck server did not answer. Is it still running?');
      }
      const body = (await res.json().catch(() => null)) as (PullFailuresBody & { error?: string }) | null;
      if (!res.ok || !body || body.error) throw new Error(body?.error ?? `The server answered HTTP ${res.status}.`);
      return body;
    },
  });
  const state =
    q.isPending || q.isFetching ? ({ kind: 'loading' } as const) : q.isError ? ({ kind: 'error', message: q.error.message } as const) : ({ kind: 'done', body: q.data! } as const);
  if (!path) return null;
  const failures = state.kind === 'done' ? state.body.failures.filter((f) => !nodePool || !f.nodePool || f.nodePool === nodePool) : [];
  return (
    <section aria-labelledby={id} className={`mt-8 ${card}`} aria-busy={state.kind === 'loading'}>
      <h2 id={id} className="text-lg font-semibold">
        Failed pulls in the last 24 hours
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Kubernetes <code>Failed</code> events of {nodePool ? `node pool ${short(nodePool)} of ` : ''}cluster {short(cluster)}, read from Cloud Logging now, each classified as the Diagnose page would and joined to its pair.
      </p>
      {state.kind === 'loading' ? (
        <p role="status" className="mt-2 text-sm">
          Reading the cluster&apos;s events from Cloud Logging…
        </p>
      ) : state.kind === 'error' ? (
        <div role="alert" className="mt-2 text-sm">
          <p>Pullcheck could not read the failed pulls: {state.message}</p>
          <button type="button" className={`${link} mt-1`} onClick={() => void q.refetch()}
          >
            Try again
          </button>
        </div>
      ) : (
        <>
          {state.body.gap ? (
            <div role="alert" className="mt-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
              <p className="font-medium">Gap: the events could not be read{state.body.gap.status !== null ? ` (HTTP ${state.body.gap.status} ${state.body.gap.reason})` : ` (${state.body.gap.reason})`}.</p>
              <p className="mt-1">{state.body.gap.message}</p>
              <p className="mt-1 text-xs">
                Call: <code>{state.body.gap.api}</code> <code>{state.body.gap.method}</code> on <code className="break-all">{state.body.gap.resource}</code>
                {state.body.gap.permission ? (
                  <>
                    {' '}
                    · needs <code>{state.body.gap.permission}</code> (in <code>roles/logging.viewer</code>)
                  </>
                ) : null}
              </p>
            </div>
          ) : null}
          {!state.body.gap && failures.length === 0 ? (
            <p className="mt-2 text-sm" data-testid="pull-failures-empty">
              No failed pulls were logged in the last 24 hours.
            </p>
          ) : null}
          {failures.length ? (
            <ol className="mt-3 flex flex-col gap-3 text-sm" aria-label="Failed pulls, newest first">
              {failures.slice(0, MAX_ROWS).map((f, i) => (
                <li key={`${f.time}-${i}`} className="rounded-md border border-slate-200 p-3 dark:border-slate-800" data-testid="pull-failure">
                  <p>
                    <time dateTime={f.time} className="font-medium">
                      {when(f.time)}
                    </time>{' '}
                    · pod <code className="break-all">{f.pod ?? 'unknown'}</code>
                    {f.nodePool ? <> · node pool {short(f.nodePool)}</> : <> · node pool not known</>}
                  </p>
                  <p className="mt-1">
                    Image <code className="break-all">{f.image || 'not named in the message'}</code>
                  </p>
                  <p className="mt-1">
                    Cause: <span className="font-medium">{f.classTitle}</span> <code className="text-xs">{f.class}</code>
                  </p>
                  <Message text={f.message} />
                  {f.nodePool && f.repository ? (
                    <p className="mt-1">
                      {f.verdict ? <VerdictBadge verdict={f.verdict} /> : null}{' '}
                      <Link href={pairHref(f.nodePool, f.repository, state.body.scan)} className={link}>
                        Why: {short(f.nodePool)} → {short(f.repository)}
                      </Link>
                    </p>
                  ) : f.repository === null && f.image ? (
                    <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">This image is not in Artifact Registry: no pair to judge.</p>
                  ) : null}
                </li>
              ))}
            </ol>
          ) : null}
          {failures.length > MAX_ROWS ? <p className="mt-2 text-sm">… and {failures.length - MAX_ROWS} more</p> : null}
          {state.body.truncated ? <p className="mt-2 text-xs">Only the newest events were read (Pullcheck reads at most a few pages per cluster, within Cloud Logging&apos;s quota).</p> : null}
        </>
      )}
    </section>
  );
}
