'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import { api, ApiError, keys } from '@/components/api-client';

const MAX_BYTES = 20 * 1024 * 1024;

/** Open a scenario or `collect` file: upload it, then see the same dashboard for it. */
export function SnapshotUpload() {
  const router = useRouter();
  const qc = useQueryClient();
  const inputId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);
  const upload = useMutation({
    mutationFn: (file: File) => api.uploadSnapshot(file),
    onSuccess: (scan) => {
      qc.setQueryData(keys.scan(scan.id), scan);
      void qc.invalidateQueries({ queryKey: keys.scans });
      router.push(`/scan?id=${encodeURIComponent(scan.id)}&open=1`);
    },
  });
  const send = (file: File | undefined) => {
    setLocalError(null);
    upload.reset();
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setLocalError(`${file.name} is ${(file.size / (1024 * 1024)).toFixed(1)} MB; Pullcheck opens snapshots up to 20 MB.`);
      return;
    }
    upload.mutate(file);
  };
  const err = upload.error instanceof ApiError ? upload.error : upload.error ? new ApiError(0, upload.error.message) : null;
  return (
    <section
      aria-labelledby="snapshot-title"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        send(e.dataTransfer.files[0]);
      }}
      className={`rounded-lg border bg-white p-4 dark:bg-slate-900 ${dragging ? 'border-2 border-dashed border-sky-500' : 'border-slate-200 dark:border-slate-800'}`}
    >
      <h2 id="snapshot-title" className="text-lg font-semibold">
        Open a snapshot
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        A scenario file, or what <code>pullcheck collect</code> wrote (JSON, up to 20 MB). Drop it here or choose it; it is scanned through the built-in emulator, exactly like a live estate.
      </p>
      <label htmlFor={inputId} className="mt-3 block text-sm font-medium">
        Snapshot file
      </label>
      <input
        id={inputId}
        ref={fileRef}
        type="file"
        accept=".json,application/json"
        onChange={(e) => send(e.target.files?.[0])}
        className="mt-1 block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-sky-700 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-white hover:file:bg-sky-800 focus-visible:outline-2 focus-visible:outline-sky-600"
      />
      {upload.isPending && (
        <p role="status" className="mt-2 text-sm">
          Uploading and checking the file…
        </p>
      )}
      {(localError || err) && (
        <div role="alert" className="mt-3 rounded-md border border-rose-300 bg-rose-50 p-2 text-sm text-rose-950 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
          <p className="font-medium">{localError ?? err!.message}</p>
          {err && err.issues.length > 0 && (
            <ul className="mt-1 max-h-64 list-disc overflow-auto pl-5 font-mono text-xs">
              {err.issues.map((i, n) => (
                <li key={n}>
                  {i.file ?? 'file'}
                  {i.line != null ? `:${i.line}` : ''}: {i.path}: {i.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
