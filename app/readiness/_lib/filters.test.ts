import { describe, expect, it } from 'vitest';
import { hasFilters, pairHref, parseFilters, readinessHref, withDefaultInUse } from './filters';

describe('readiness filters in the URL', () => {
  it('round-trips through the URL, dropping empty and unknown values', () => {
    const f = parseFilters(new URLSearchParams('verdict=cannot-pull&cause=iam&project=&view=bogus&cluster=projects/p/locations/l/clusters/c'));
    expect(f).toEqual({ scan: undefined, project: undefined, cluster: 'projects/p/locations/l/clusters/c', repository: undefined, verdict: 'cannot-pull', cause: 'iam', view: undefined });
    expect(readinessHref(f)).toBe('/readiness?cluster=projects%2Fp%2Flocations%2Fl%2Fclusters%2Fc&verdict=cannot-pull&cause=iam');
    expect(parseFilters(new URLSearchParams(readinessHref(f).split('?')[1]))).toEqual(f);
  });

  it('ignores a verdict that does not exist and reads page searchParams objects', () => {
    expect(parseFilters({ verdict: 'maybe', view: 'list', scan: ['a', 'b'] })).toMatchObject({ verdict: undefined, view: 'list', scan: 'a' });
    expect(readinessHref({})).toBe('/readiness');
  });

  it('knows when anything narrows the pairs (the view and scan do not)', () => {
    expect(hasFilters({ view: 'list', scan: 'x' })).toBe(false);
    expect(hasFilters({ cause: 'scope.no-storage' })).toBe(true);
    expect(hasFilters({ inUse: '1' })).toBe(true);
    expect(parseFilters(new URLSearchParams('inUse=1'))).toMatchObject({ inUse: '1' });
    expect(parseFilters(new URLSearchParams('inUse=yes')).inUse).toBeUndefined();
    expect(readinessHref({ scan: 's', inUse: '1' })).toBe('/readiness?scan=s&inUse=1');
  });

  it('links to a pair with both names', () => {
    expect(pairHref('projects/p/locations/l/clusters/c/nodePools/np', 'projects/r/locations/l/repositories/x', 's1')).toBe(
      '/readiness/pair?pool=projects%2Fp%2Flocations%2Fl%2Fclusters%2Fc%2FnodePools%2Fnp&repo=projects%2Fr%2Flocations%2Fl%2Frepositories%2Fx&scan=s1',
    );
  });
});

describe('the in-use default', () => {
  it('opens on the pairs in use once any intent is known, and keeps an explicit choice', () => {
    expect(withDefaultInUse({}, true).inUse).toBe('1');
    expect(withDefaultInUse({}, false).inUse).toBeUndefined();
    expect(withDefaultInUse(parseFilters(new URLSearchParams('inUse=all')), true).inUse).toBe('all');
    expect(hasFilters({ inUse: 'all' })).toBe(false);
    expect(readinessHref({ inUse: 'all' })).toBe('/readiness?inUse=all');
  });
});
