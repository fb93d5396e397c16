import 'server-only';
/** The gaps of the scan a page shows, explained for the banner (shared by the layout and /api/gaps). */
import { adviseGap, type GapAdvice } from './gap-advice';
import { ensureScan } from './scans';
import { coverageView, type CoverageView } from './coverage-view';

export interface ScanGaps {
  scan: { id: string; label: string } | null;
  gaps: GapAdvice[];
}

/** `?scan=ID`, else the newest finished scan; null when an ID was named and is unknown. */
export async function gapsOf(scanId: string | null): Promise<ScanGaps | null> {
  const rec = await ensureScan(scanId);
  if (!rec && scanId) return null;
  return { scan: rec ? { id: rec.id, label: rec.label } : null, gaps: (rec?.outcome?.report.gaps ?? []).map(adviseGap) };
}

/** What the scan shown listed and where its lists failed (null when its report does not say). */
export async function coverageOf(scanId: string | null): Promise<CoverageView | null> {
  const rec = await ensureScan(scanId);
  return rec?.outcome ? coverageView(rec.outcome.report) : null;
}
