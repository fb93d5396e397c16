'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { api, ApiError, keys, type ScopeInput } from '@/components/api-client';

type Kind = ScopeInput['kind'];

const input =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 dark:border-slate-600 dark:bg-slate-950';
export const button =
  'rounded-md bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600';

/** Splits "a, b c\nd" into ids. */
export function splitIds(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Choose a scope and start a scan; the form keeps what was typed when the server refuses it. */
export function ScanForm({ demo }: { demo: boolean }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [kind, setKind] = useState<Kind>(demo ? 'demo' : 'projects');
  const [projects, setProjects] = useState('');
  const [folder, setFolder] = useState('');
  const [organization, setOrganization] = useState('');
  const errId = useId();
  const start = useMutation({
    mutationFn: (scope: ScopeInput) => api.startScan(scope),
    onSuccess: (scan) => {
      qc.setQueryData(keys.scan(scan.id), scan);
      void qc.invalidateQueries({ queryKey: keys.scans });
      router.push(`/scan?id=${encodeURIComponent(scan.id)}`);
    },
  });
  const scope = (): ScopeInput =>
    kind === 'projects'
      ? { kind, ids: splitIds(projects) }
      : kind === 'folder'
        ? { kind, ids: splitIds(folder) }
        : kind === 'organization'
          ? { kind, ids: splitIds(organization) }
          : { kind, ids: [] };
  const choices: { value: Kind; label: string; help: string }[] = [
    ...(demo ? [{ value: 'demo' as Kind, label: 'The demo estate', help: 'Northwind Voyages, served by the built-in emulator.' }] : []),
    { value: 'projects', label: 'Projects', help: 'One or more project ids.' },
    { value: 'folder', label: 'Folder', help: 'Every project under a folder, at any depth.' },
    { value: 'organization', label: 'Organization', help: 'Every project in the organization.' },
    { value: 'all-projects', label: 'All projects', help: 'Every project the credentials can see.' },
  ];
  const error = start.error instanceof ApiError || start.error instanceof Error ? start.error : null;
  return (
    <form
      aria-labelledby="scope-title"
      aria-describedby={error ? errId : undefined}
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate(scope());
      }}
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="scope-title" className="text-lg font-semibold">
        Start a scan
      </h2>
      <fieldset className="mt-3">
        <legend className="text-sm font-medium">Scope</legend>
        <div className="mt-1 space-y-2">
          {choices.map((c) => (
            <label key={c.value} className="flex items-start gap-2 text-sm">
              <input type="radio" name="kind" value={c.value} checked={kind === c.value} onChange={() => setKind(c.value)} className="mt-1" />
              <span>
                <span className="font-medium">{c.label}</span>
                <span className="block text-xs text-slate-500 dark:text-slate-400">{c.help}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {kind === 'projects' && (
        <label className="mt-3 block text-sm font-medium">
          Project ids (separated by commas or spaces)
          <textarea className={input} rows={2} value={projects} onChange={(e) => setProjects(e.target.value)} placeholder="shop-prod, shop-registry" />
        </label>
      )}
      {kind === 'folder' && (
        <label className="mt-3 block text-sm font-medium">
          Folder id
          <input className={input} value={folder} onChange={(e) => setFolder(e.target.value)} inputMode="numeric" placeholder="311122223333" />
        </label>
      )}
      {kind === 'organization' && (
        <label className="mt-3 block text-sm font-medium">
          Organization id
          <input className={input} value={organization} onChange={(e) => setOrganization(e.target.value)} inputMode="numeric" placeholder="731904562218" />
        </label>
      )}
      {error && (
        <div id={errId} role="alert" className="mt-3 rounded-md border border-rose-300 bg-rose-50 p-2 text-sm text-rose-950 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
          <p className="font-medium">The scan did not start.</p>
          {error instanceof ApiError && error.issues.length > 0 ? (
            <ul className="mt-1 list-disc pl-5">
              {error.issues.map((i, n) => (
                <li key={n}>
                  <code>{i.path}</code>: {i.message}
                </li>
              ))}
            </ul>
          ) : (
            <p>{error.message}</p>
          )}
        </div>
      )}
      <div className="mt-4">
        <button type="submit" className={button} disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Start scan'}
        </button>
      </div>
    </form>
  );
}
