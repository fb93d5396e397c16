import { describe, expect, it } from 'vitest';
import { compareGkeVersions, parseGkeVersion, versionBracket } from './version';

describe('GKE versions', () => {
  it('compares all four parts as numbers: 1.14.10-gke.1504 is newer than 1.14.10-gke.22', () => {
    const a = parseGkeVersion('1.14.10-gke.1504');
    const b = parseGkeVersion('1.14.10-gke.22');
    expect(a && b && compareGkeVersions(a, b)).toBeGreaterThan(0);
    expect('1.14.10-gke.1504' < '1.14.10-gke.22').toBe(true);
  });
  it('places versions in the table of minimums', () => {
    expect(versionBracket('1.14.10-gke.22').kind).toBe('ok');
    expect(versionBracket('1.14.10-gke.21').kind).toBe('below-minimum');
    expect(versionBracket('1.14.9-gke.900').kind).toBe('below-minimum');
    expect(versionBracket('1.15.9-gke.8').kind).toBe('ok');
    expect(versionBracket('1.15.9-gke.7')).toEqual({ kind: 'below-minimum', minimum: '1.15.9-gke.8' });
    expect(versionBracket('1.16.0-gke.0').kind).toBe('ok');
    expect(versionBracket('1.33.5-gke.1308000').kind).toBe('ok');
    expect(versionBracket('1.13.12-gke.30').kind).toBe('needs-pull-secrets');
    expect(versionBracket('latest').kind).toBe('unparseable');
  });
});
