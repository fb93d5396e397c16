/** The overview's trend: verdict counts of the finished scans of one scope, oldest first. */
import type { StoredScanMeta } from '@/lib/store/types';

export interface TrendPoint {
  id: string;
  /** When the scan started (ISO). */
  at: string;
  canPull: number;
  cannotPull: number;
  unknown: number;
  /** The scan the page shows. */
  current: boolean;
}

/** Scans the chart shows at most: the newest up to the one on screen. */
export const TREND_POINTS = 30;

/**
 * The finished scans of the scope up to (and including) the one on screen, oldest first, at most
 * TREND_POINTS; a scan without stored counts is left out.
 */
export function trendPoints(scans: StoredScanMeta[], currentId: string, currentStartedAt: string): TrendPoint[] {
  return scans
    .filter((m) => m.status === 'done' && m.counts && m.startedAt <= currentStartedAt)
    .sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id < b.id ? -1 : 1))
    .slice(-TREND_POINTS)
    .map((m) => ({
      id: m.id,
      at: m.startedAt,
      canPull: m.counts!['can-pull'],
      cannotPull: m.counts!['cannot-pull'],
      unknown: m.counts!.unknown,
      current: m.id === currentId,
    }));
}
