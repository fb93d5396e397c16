/** The download URL of findings or pairs from a scan, carrying the view's current filters. */
export function exportHref(scanId: string, kind: 'findings' | 'pairs', format: 'csv' | 'json', sp: Record<string, string | string[] | undefined>): string {
  const p = new URLSearchParams({ kind, format });
  for (const [k, v] of Object.entries(sp)) {
    if (k === 'scan' || k === 'kind' || k === 'format') continue;
    const s = Array.isArray(v) ? v[0] : v;
    if (s) p.set(k, s);
  }
  return `/api/scans/${encodeURIComponent(scanId)}/export?${p.toString()}`;
}
