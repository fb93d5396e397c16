import { describe, expect, it } from 'vitest';
import { DEFAULT_SEVERITY, severityOf, severityRank, withSeverity } from './severity';
import { FINDING_RULES } from '../readiness/rule-catalog';

describe('severity table', () => {
  it('lists every finding rule the catalog knows, on the four report levels', () => {
    for (const r of FINDING_RULES) expect(['high', 'medium', 'low', 'info']).toContain(severityOf(r.id));
  });
  it('overrides a producer (the default account on a pool is medium)', () => {
    expect(withSeverity({ rule: 'identity.default-service-account', severity: 'low' }).severity).toBe('medium');
  });
  it('an unknown rule keeps its producer’s level, critical becomes high, nothing usable becomes the default', () => {
    expect(severityOf('deny.something-new', 'low')).toBe('low');
    expect(severityOf('deny.something-new', 'critical')).toBe('high');
    expect(severityOf('deny.something-new', 'bogus')).toBe(DEFAULT_SEVERITY);
    expect(severityOf('toString')).toBe(DEFAULT_SEVERITY);
  });
  it('ranks high first', () => {
    expect(['info', 'high', 'low', 'medium'].sort((a, b) => severityRank(a) - severityRank(b))).toEqual(['high', 'medium', 'low', 'info']);
  });
});
