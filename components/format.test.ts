import { describe, expect, it } from 'vitest';
import { count, formatNumber, noun, pluralOf } from './format';

describe('formatNumber', () => {
  it('adds thousands separators', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(12408)).toBe('12,408');
    expect(formatNumber(1234567)).toBe('1,234,567');
  });
});

describe('count', () => {
  it('says "1 node pool" and "2 node pools"', () => {
    expect(count(1, 'node pool')).toBe('1 node pool');
    expect(count(2, 'node pool')).toBe('2 node pools');
    expect(count(0, 'node pool')).toBe('0 node pools');
    expect(count(4100, 'pair')).toBe('4,100 pairs');
  });
  it('forms regular plurals and takes irregular ones', () => {
    expect(pluralOf('repository')).toBe('repositories');
    expect(pluralOf('class')).toBe('classes');
    expect(pluralOf('day')).toBe('days');
    expect(count(3, 'person', 'people')).toBe('3 people');
    expect(noun(1, 'gap')).toBe('gap');
    expect(noun(5, 'gap')).toBe('gaps');
  });
});
