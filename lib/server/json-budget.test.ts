import { describe, expect, it } from 'vitest';
import { countJsonContainers } from './json-budget';

describe('countJsonContainers', () => {
  it('counts objects and arrays outside strings, honouring escapes', () => {
    expect(countJsonContainers('{"a":[1,{"b":"{[\\"{"}],"c":"\\\\"}')).toBe(3);
    expect(countJsonContainers('[]')).toBe(1);
    expect(countJsonContainers('"{{{"')).toBe(0);
  });

  it('stops as soon as it passes the limit, in linear time on 18 MB', () => {
    const big = '[' + Array(6_000_000).fill('{}').join(',') + ']';
    const t0 = performance.now();
    expect(countJsonContainers(big)).toBe(6_000_001);
    // About 0.1 s on one idle core; generous for a shared CI machine.
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(countJsonContainers(big, 10)).toBe(11);
  });
});
