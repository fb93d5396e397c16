/** Client-safe query contracts for the route handlers: one key and fetcher per resource. */
import type { ScanSummary } from '@/lib/server/scans';
import type { GapAdvice } from '@/lib/server/gap-advice';
import type { ScenarioIssue } from '@/lib/scenario/schema';

/** An error answer from a route handler, with its status and any located issues. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: { path: string; message: string; line?: number | null; file?: string }[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function call<T>(input: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(input, { cache: 'no-store', ...init });
  } catch {
    throw new ApiError(0, 'The Pullcheck server did not answer. Is it still running?');
  }
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok) {
    const message = typeof body?.error === 'string' ? body.error : `The server answered HTTP ${res.status}.`;
    throw new ApiError(res.status, message, Array.isArray(body?.issues) ? (body!.issues as ApiError['issues']) : []);
  }
  return body as T;
}

/** Query keys, per resource. */
export const keys = {
  scans: ['scans'] as const,
  scan: (id: string) => ['scans', id] as const,
  gaps: (scan: string | null) => ['gaps', scan ?? 'current'] as const,
};

/** A scope as the scan form sends it. */
export interface ScopeInput {
  kind: 'projects' | 'folder' | 'organization' | 'all-projects' | 'demo';
  ids: string[];
}

export const api = {
  listScans: () => call<{ demo: boolean; scans: ScanSummary[] }>('/api/scans'),
  getScan: (id: string) => call<{ scan: ScanSummary }>(`/api/scans/${encodeURIComponent(id)}`).then((r) => r.scan),
  startScan: (scope: ScopeInput) =>
    call<{ scan: ScanSummary }>('/api/scans', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scope }) }).then((r) => r.scan),
  cancelScan: (id: string) => call<{ scan: ScanSummary }>(`/api/scans/${encodeURIComponent(id)}`, { method: 'DELETE' }).then((r) => r.scan),
  uploadSnapshot: (file: File) => {
    const form = new FormData();
    form.set('file', file, file.name);
    return call<{ scan: ScanSummary }>('/api/snapshots', { method: 'POST', body: form }).then((r) => r.scan);
  },
  gaps: (scan: string | null) => call<{ scan: { id: string; label: string } | null; gaps: GapAdvice[] }>(`/api/gaps${scan ? `?scan=${encodeURIComponent(scan)}` : ''}`),
};

export type { ScanSummary, GapAdvice, ScenarioIssue };
