import { describe, expect, it } from 'vitest';
import { DEFAULT_SEVERITY, severityOf, severityRank, withSeverity } from './severity';
import { FINDING_RULES, PAIR_RULES } from '../readiness/rule-catalog';

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
  it('rates deny policies, perimeters and download rules: sure blocks high, undecidable or unread medium, partial rules low, allow lists info', () => {
    expect(severityOf('iam.denied', 'info')).toBe('high');
    expect(severityOf('perimeter.blocked')).toBe('high');
    expect(severityOf('repository.download-denied')).toBe('high');
    for (const id of ['iam.deny-conditional', 'iam.deny-membership-unreadable', 'iam.deny-unreadable', 'perimeter.undecided', 'perimeter.unreadable', 'repository.download-rules-unreadable']) {
      expect(severityOf(id, 'high'), id).toBe('medium');
    }
    expect(severityOf('repository.download-rule-partial', 'high')).toBe('low');
    expect(severityOf('repository.download-allow-list', 'high')).toBe('info');
    expect(severityOf('perimeter.dry-run-would-block', 'info')).toBe('medium');
  });
  it('agrees with the catalog for every deny, perimeter and download-rule id the engine really has', () => {
    const ids = ['iam.denied', 'iam.deny-conditional', 'iam.deny-membership-unreadable', 'iam.deny-unreadable', 'perimeter.blocked', 'perimeter.undecided', 'perimeter.unreadable', 'repository.download-denied', 'repository.download-rules-unreadable'];
    const findings = ['repository.download-rule-partial', 'repository.download-allow-list', 'perimeter.dry-run-would-block'];
    for (const id of ids) {
      const rule = PAIR_RULES.find((r) => r.id === id);
      expect(rule, id).toBeDefined();
      expect(severityOf(id), id).toBe(rule!.severity === 'critical' ? 'high' : rule!.severity);
    }
    for (const id of findings) {
      const meta = FINDING_RULES.find((r) => r.id === id);
      expect(meta, id).toBeDefined();
      expect(severityOf(id), id).toBe(meta!.severity);
    }
  });
  it('ranks high first', () => {
    expect(['info', 'high', 'low', 'medium'].sort((a, b) => severityRank(a) - severityRank(b))).toEqual(['high', 'medium', 'low', 'info']);
  });
});
