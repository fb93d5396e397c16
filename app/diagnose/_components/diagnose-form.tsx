'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { DiagnoseErrorBody, DiagnoseField, DiagnoseOkBody } from '@/app/api/diagnose/handle';
import { DiagnosisView } from './diagnosis-view';
import { RecentFailures } from './recent-failures';

/** A cluster and its node pools, for the pickers. */
export interface ClusterOption {
  name: string;
  label: string;
  pools: { name: string; shortName: string }[];
}

class DiagnoseRequestError extends Error {
  constructor(
    message: string,
    readonly field: DiagnoseField,
  ) {
    super(message);
  }
}

const STORAGE_KEY = 'pullcheck.diagnose.errorText';
const SUMMARY_ID = 'diagnosis-summary';

async function postDiagnose(vars: { image: string; errorText: string; cluster: string; nodePool: string; scan: string | null }): Promise<DiagnoseOkBody> {
  let res: Response;
  try {
    res = await fetch('/api/diagnose', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        image: vars.image,
        errorText: vars.errorText,
        cluster: vars.cluster || null,
        nodePool: vars.nodePool || null,
        scan: vars.scan,
      }),
    });
  } catch {
    throw new DiagnoseRequestError('Could not reach the Pullcheck server. Check that it is still running, then try again.', null);
  }
  const data = (await res.json().catch(() => null)) as DiagnoseOkBody | DiagnoseErrorBody | null;
  if (!res.ok || !data || !('diagnosis' in data)) {
    const e = data && 'error' in data ? data : { error: `The server answered ${res.status}.`, field: null };
    throw new DiagnoseRequestError(e.error, e.field);
  }
  return data;
}

const control =
  'w-full rounded-md border bg-white px-3 py-2 text-sm outline-offset-1 focus-visible:outline-2 focus-visible:outline-sky-600 dark:bg-slate-900';
const okBorder = 'border-slate-300 dark:border-slate-600';
const badBorder = 'border-rose-600 dark:border-rose-400';

/** The Diagnose form: image, pasted error, optional cluster and node pool; the answer appears below. */
export function DiagnoseForm({
  clusters,
  scan,
  scanLabel,
  initial,
  initialResult = null,
  initialError = null,
}: {
  clusters: ClusterOption[];
  scan: string | null;
  scanLabel: string | null;
  initial: { image: string; cluster: string; nodePool: string; errorText?: string };
  /** The diagnosis the URL names, computed by the server (reopening a diagnosis link). */
  initialResult?: DiagnoseOkBody | null;
  /** Why the diagnosis the URL names cannot be shown. */
  initialError?: string | null;
}) {
  const id = useId();
  const initialCluster = clusters.find((c) => c.name === initial.cluster);
  const initialPool = initialCluster?.pools.find((p) => p.name === initial.nodePool || p.shortName === initial.nodePool);
  const [image, setImage] = useState(initial.image);
  const [errorText, setErrorText] = useState(initial.errorText ?? '');
  const [submitted, setSubmitted] = useState(initial.errorText ?? '');
  const [cluster, setCluster] = useState(initialCluster?.name ?? '');
  const [nodePool, setNodePool] = useState(initialPool?.name ?? '');
  const restored = useRef(false);
  useEffect(() => {
    if (restored.current) return;
    restored.current = true;
    if (initialResult) {
      // A reopened diagnosis: its answer is what the visitor came for.
      const el = document.getElementById(SUMMARY_ID);
      if (el && el.getBoundingClientRect().top > window.innerHeight / 2) el.scrollIntoView({ block: 'start' });
      return;
    }
    const saved = window.sessionStorage.getItem(STORAGE_KEY);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- restoring a paste kept from an earlier visit; sessionStorage is browser-only
    if (saved) setErrorText((t) => t || saved);
  }, [initialResult]);

  const mutation = useMutation({
    mutationFn: postDiagnose,
    onSuccess: (data) => {
      if (data.link) window.history.replaceState(null, '', data.link);
      // The answer's summary is the first thing on screen, and where keyboard and screen-reader focus lands.
      requestAnimationFrame(() => {
        const el = document.getElementById(SUMMARY_ID);
        if (!el) return;
        el.focus({ preventScroll: true });
        el.scrollIntoView({ block: 'start' });
      });
    },
  });
  const result = mutation.data ?? (mutation.isIdle ? initialResult : null);

  const pools = clusters.find((c) => c.name === cluster)?.pools ?? [];
  const err = mutation.error instanceof DiagnoseRequestError ? mutation.error : mutation.error ? new DiagnoseRequestError(String(mutation.error), null) : null;
  const fieldError = (f: DiagnoseField) => (err && err.field === f ? err.message : null);
  const generalError = err && !['image', 'errorText', 'cluster', 'nodePool'].includes(err.field ?? '') ? err.message : mutation.isIdle ? initialError : null;

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const params = new URLSearchParams();
    if (image.trim()) params.set('image', image.trim());
    if (cluster) params.set('cluster', cluster);
    if (nodePool) params.set('pool', nodePool);
    if (scan) params.set('scan', scan);
    const qs = params.toString();
    window.history.replaceState(null, '', qs ? `?${qs}` : window.location.pathname);
    setSubmitted(errorText);
    mutation.mutate({ image, errorText, cluster, nodePool, scan });
  }

  const imageErr = fieldError('image');
  const textErr = fieldError('errorText');
  const clusterErr = fieldError('cluster');
  const poolErr = fieldError('nodePool');

  return (
    <>
      <div className={result ? 'mt-6' : undefined}>
        {result ? <DiagnosisView result={result} scan={scan} errorText={submitted} summaryId={SUMMARY_ID} /> : null}
      </div>
      <form onSubmit={submit} noValidate aria-label="Diagnose a failing pull" className="mt-8 grid max-w-4xl gap-4">
        <div className="grid gap-1">
          <label htmlFor={`${id}-image`} className="text-sm font-medium">
            Image reference
          </label>
          <input
            id={`${id}-image`}
            name="image"
            value={image}
            onChange={(e) => setImage(e.target.value)}
            placeholder="europe-west1-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE:TAG"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={imageErr ? true : undefined}
            aria-describedby={`${id}-image-hint${imageErr ? ` ${id}-image-error` : ''}`}
            className={`${control} font-mono ${imageErr ? badBorder : okBorder}`}
          />
          <p id={`${id}-image-hint`} className="text-xs text-slate-600 dark:text-slate-400">
            The image that fails. Leave it empty to use the image the pasted error names.
          </p>
          {imageErr ? (
            <p id={`${id}-image-error`} role="alert" className="text-sm font-medium text-rose-800 dark:text-rose-300">
              <span aria-hidden="true">✗ </span>
              {imageErr}
            </p>
          ) : null}
        </div>

        <div className="grid gap-1">
          <label htmlFor={`${id}-text`} className="text-sm font-medium">
            Error text
          </label>
          <textarea
            id={`${id}-text`}
            name="errorText"
            value={errorText}
            onChange={(e) => {
              setErrorText(e.target.value);
              try {
                window.sessionStorage.setItem(STORAGE_KEY, e.target.value);
              } catch {
                /* storage full or disabled: the text stays in the form */
              }
            }}
            rows={14}
            spellCheck={false}
            placeholder={'Paste the output of kubectl describe pod POD (or kubectl get events), noise and all, e.g.\n  Warning  Failed  12s  kubelet  Failed to pull image "…": … 403 Forbidden'}
            aria-invalid={textErr ? true : undefined}
            aria-describedby={textErr ? `${id}-text-error` : undefined}
            className={`${control} font-mono text-xs ${textErr ? badBorder : okBorder}`}
          />
          {textErr ? (
            <p id={`${id}-text-error`} role="alert" className="text-sm font-medium text-rose-800 dark:text-rose-300">
              <span aria-hidden="true">✗ </span>
              {textErr}
            </p>
          ) : null}
        </div>

        <div className="grid gap-4 sm:grid-cols-2">
          <div className="grid gap-1">
            <label htmlFor={`${id}-cluster`} className="text-sm font-medium">
              Cluster (optional)
            </label>
            <select
              id={`${id}-cluster`}
              name="cluster"
              value={cluster}
              onChange={(e) => {
                setCluster(e.target.value);
                setNodePool('');
              }}
              aria-invalid={clusterErr ? true : undefined}
              aria-describedby={clusterErr ? `${id}-cluster-error` : undefined}
              className={`${control} ${clusterErr ? badBorder : okBorder}`}
            >
              <option value="">Any cluster</option>
              {clusters.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.label}
                </option>
              ))}
            </select>
            {clusterErr ? (
              <p id={`${id}-cluster-error`} role="alert" className="text-sm font-medium text-rose-800 dark:text-rose-300">
                {clusterErr}
              </p>
            ) : null}
          </div>
          <div className="grid gap-1">
            <label htmlFor={`${id}-pool`} className="text-sm font-medium">
              Node pool (optional)
            </label>
            <select
              id={`${id}-pool`}
              name="nodePool"
              value={nodePool}
              disabled={!cluster}
              onChange={(e) => setNodePool(e.target.value)}
              aria-invalid={poolErr ? true : undefined}
              aria-describedby={`${id}-pool-hint${poolErr ? ` ${id}-pool-error` : ''}`}
              className={`${control} disabled:opacity-60 ${poolErr ? badBorder : okBorder}`}
            >
              <option value="">{cluster ? 'Every pool of the cluster' : 'Choose a cluster first'}</option>
              {pools.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.shortName}
                </option>
              ))}
            </select>
            <p id={`${id}-pool-hint`} className="text-xs text-slate-600 dark:text-slate-400">
              Without a cluster, every node pool in the scan is judged.
            </p>
            {poolErr ? (
              <p id={`${id}-pool-error`} role="alert" className="text-sm font-medium text-rose-800 dark:text-rose-300">
                {poolErr}
              </p>
            ) : null}
          </div>
        </div>

        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            disabled={mutation.isPending}
            className="rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white outline-offset-2 hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-sky-600 disabled:opacity-60"
          >
            {mutation.isPending ? 'Diagnosing…' : 'Diagnose'}
          </button>
          {scanLabel ? <span className="text-xs text-slate-600 dark:text-slate-400">Judged against the scan of {scanLabel}.</span> : null}
        </div>
        {generalError ? (
          <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-950 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
            {generalError}
          </p>
        ) : null}
      </form>
      <RecentFailures cluster={cluster} nodePool={nodePool || null} scan={scan} />

    </>
  );
}
