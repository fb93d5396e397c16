import { describe, expect, it } from 'vitest';
import type { StoredScanMeta } from '@/lib/store/types';
import { TREND_POINTS, trendPoints } from './trend-points';

function meta(id: string, startedAt: string, counts: [number, number, number] | null, status: StoredScanMeta['status'] = 'done'): StoredScanMeta {
  return {
    id,
    scope: { kind: 'projects', ids: ['app'] },
    scopeKey: 'projects:app',
    label: 'projects app',
    source: 'scheduled',
    status,
    startedAt,
    finishedAt: startedAt,
    error: null,
    ruleSetVersion: 'v1',
    reevaluatedFrom: null,
    pairs: counts ? counts[0] + counts[1] + counts[2] : 0,
    counts: counts ? { 'can-pull': counts[0], 'cannot-pull': counts[1], unknown: counts[2] } : null,
    gaps: 0,
    findings: 0,
    timings: null,
  };
}

describe('trendPoints', () => {
  it('lists the finished scans oldest first up to the one on screen, with their verdict counts', () => {
    const scans = [
      meta('c', '2026-03-03T00:00:00.000Z', [5, 1, 0]),
      meta('a', '2026-03-01T00:00:00.000Z', [3, 3, 0]),
      meta('f', '2026-03-02T00:00:00.000Z', null, 'failed'),
      meta('b', '2026-03-02T06:00:00.000Z', [4, 1, 1]),
      meta('d', '2026-03-04T00:00:00.000Z', [6, 0, 0]),
    ];
    const points = trendPoints(scans, 'c', '2026-03-03T00:00:00.000Z');
    expect(points.map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(points[1]).toEqual({ id: 'b', at: '2026-03-02T06:00:00.000Z', canPull: 4, cannotPull: 1, unknown: 1, current: false });
    expect(points[2].current).toBe(true);
  });

  it('keeps the newest TREND_POINTS scans', () => {
    const scans = Array.from({ length: TREND_POINTS + 5 }, (_, i) => meta(`s${i}`, new Date(Date.UTC(2026, 0, 1 + i)).toISOString(), [i, 0, 0]));
    const points = trendPoints(scans, `s${TREND_POINTS + 4}`, '2027-01-01T00:00:00.000Z');
    expect(points).toHaveLength(TREND_POINTS);
    expect(points[0].canPull).toBe(5);
  });
});
