import { describe, expect, it } from 'vitest';
import { pairTitle } from './page-titles';

describe('pairTitle', () => {
  it('names the pool, its cluster and the repository', () => {
    expect(pairTitle('projects/p/locations/europe-west1/clusters/booking-prod/nodePools/api', 'projects/r/locations/europe-west1/repositories/booking-images')).toBe(
      'api (booking-prod) → booking-images',
    );
    expect(pairTitle('projects/p/locations/us/clusters/storefront/nodePools/-', 'projects/r/locations/us/repositories/x')).toBe('on-demand pools of storefront → x');
  });
  it('falls back to a plain title for a URL without a pair', () => {
    expect(pairTitle(undefined, 'projects/r/locations/us/repositories/x')).toBe('Pair');
    expect(pairTitle('nonsense', 'nonsense')).toBe('Pair');
  });
});
