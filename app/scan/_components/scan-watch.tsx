'use client';

import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { api, keys, type ScanSummary, type ScopeInput } from '@/components/api-client';
import { button } from './scan-form';
import { CollectionLine } from '@/components/collection-line';

const secondary =
  'rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700';
const link = 'font-medium text-sky-800 underline focus-visible:outline-2 focus-visible:outline-sky-600 dark:text-sky-300';

/** The percentage a scan has done (100 once it stopped). */
export function percentDone(s: Pick<ScanSummary, 'status' | 'progress'>): number {
  if (s.status !== 'running') return 100;
  const { projectsDone, projectsTotal } = s.progress;
  return projectsTotal > 0 ? Math.min(99, Math.round((projectsDone / projectsTotal) * 100)) : 0;
}

function rescanScope(s: ScanSummary): ScopeInput | null {
  if (s.source === 'snapshot') return null;
  if (s.source === 'demo' && s.scope.kind === 'scenario') return { kind: 'demo', ids: [] };
  if (s.scope.kind === 'scenario') return null;
  return { kind: s.scope.kind, ids: s.scope.ids };
}

const statusText: Record<ScanSummary['status'], string> = { running: 'Scanning…', done: 'Scan finished', failed: 'Scan failed', cancelled: 'Scan cancelled' };

/** A scan's live progress: a progress bar, counts, cancel; links to its results when done. */
export function ScanWatch({ id, initial, openWhenDone = false }: { id: string; initial: ScanSummary | null; openWhenDone?: boolean }) {
  const router = useRouter();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: keys.scan(id),
    queryFn: () => api.getScan(id),
    initialData: initial ?? undefined,
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 400 : false),
  });
  const scan = q.data;
  const status = scan?.status;
  useEffect(() => {
    if (!status || status === 'running') return;
    void qc.invalidateQueries({ queryKey: keys.scans });
    void qc.invalidateQueries({ queryKey: ['gaps'] });
    if (openWhenDone && status === 'done') router.replace(`/?scan=${encodeURIComponent(id)}`);
  }, [status, id, openWhenDone, qc, router]);
  const cancel = useMutation({
    mutationFn: () => api.cancelScan(id),
    onSettled: () => void qc.invalidateQueries({ queryKey: keys.scan(id) }),
  });
  const rescan = useMutation({
    mutationFn: (scope: ScopeInput) => api.startScan(scope),
    onSuccess: (s) => {
      qc.setQueryData(keys.scan(s.id), s);
      void qc.invalidateQueries({ queryKey: keys.scans });
      router.push(`/scan?id=${encodeURIComponent(s.id)}`);
    },
  });

  if (!scan) {
    return (
      <section aria-labelledby="watch-title" className="mt-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
        <h2 id="watch-title" className="text-lg font-semibold">
          Scan {id}
        </h2>
        <p role={q.isError ? 'alert' : 'status'} className="mt-1 text-sm">
          {q.isError ? q.error.message : 'Loading…'}
        </p>
      </section>
    );
  }
  const pct = percentDone(scan);
  const p = scan.progress;
  const again = rescanScope(scan);
  return (
    <section aria-labelledby="watch-title" className="mt-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="watch-title" className="text-lg font-semibold">
        {statusText[scan.status]}: {scan.label}
      </h2>
      <div
        role="progressbar"
        aria-label="Scan progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={scan.status === 'running' ? `${pct}% (${p.phase})` : statusText[scan.status]}
        className="mt-3 h-3 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div
          className={`h-full rounded-full transition-[width] ${scan.status === 'failed' ? 'bg-rose-600' : scan.status === 'cancelled' ? 'bg-slate-500' : 'bg-sky-600'} ${
            scan.status === 'running' && p.projectsTotal === 0 ? 'animate-pulse' : ''
          }`}
          style={{ width: `${scan.status === 'running' && p.projectsTotal === 0 ? 8 : pct}%` }}
        />
      </div>
      <dl role="status" aria-live="polite" className="mt-3 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Phase</dt>
          <dd className="font-medium">{scan.status === 'running' ? p.phase : scan.status}</dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Projects</dt>
          <dd className="font-medium tabular-nums">
            {p.projectsDone} of {p.projectsTotal || '?'}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">API calls</dt>
          <dd className="font-medium tabular-nums">{p.calls}</dd>
        </div>
        <div>
          <dt className="text-slate-500 dark:text-slate-400">Gaps</dt>
          <dd className="font-medium tabular-nums">{p.gaps}</dd>
        </div>
      </dl>
      {scan.status === 'running' && p.waiting && (
        <p className="mt-2 text-sm text-amber-800 dark:text-amber-300">
          Waiting on quota: {Math.ceil(p.waiting.ms / 1000)} s ({p.waiting.reason})
        </p>
      )}
      {scan.status === 'done' && <CollectionLine collection={scan.collection} className="mt-2" />}
      {scan.status === 'failed' && scan.error && (
        <p role="alert" className="mt-2 text-sm text-rose-800 dark:text-rose-300">
          {scan.error}
        </p>
      )}
      {cancel.isError && (
        <p role="alert" className="mt-2 text-sm text-rose-800 dark:text-rose-300">
          {cancel.error.message}
        </p>
      )}
      {rescan.isError && (
        <p role="alert" className="mt-2 text-sm text-rose-800 dark:text-rose-300">
          {rescan.error.message}
        </p>
      )}
      <div className="mt-4 flex flex-wrap items-center gap-3">
        {scan.status === 'running' && (
          <button type="button" className={secondary} onClick={() => cancel.mutate()} disabled={cancel.isPending}>
            {cancel.isPending ? 'Cancelling…' : 'Cancel scan'}
          </button>
        )}
        {scan.status === 'done' && (
          <>
            <Link href={`/?scan=${encodeURIComponent(scan.id)}`} className={button}>
              Open the Overview of this scan
            </Link>
            <Link href={`/readiness?scan=${encodeURIComponent(scan.id)}`} className={link}>
              Readiness matrix
            </Link>
            <a href={`/api/scans/${encodeURIComponent(scan.id)}/report`} download className={link}>
              Download the JSON report (.json.gz)
            </a>
          </>
        )}
        {scan.status !== 'running' && again && (
          <button type="button" className={secondary} onClick={() => rescan.mutate(again)} disabled={rescan.isPending}>
            {rescan.isPending ? 'Starting…' : 'Rescan'}
          </button>
        )}
        {scan.status === 'done' && openWhenDone && <span role="status">Opening the dashboard…</span>}
      </div>
    </section>
  );
}
