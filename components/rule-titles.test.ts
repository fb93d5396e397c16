import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { causeTitle } from './rule-titles';

describe('rule titles', () => {
  it('every rule id the engine declares has a written title, not the id turned into words', () => {
    const dir = new URL('../lib/readiness/rules/', import.meta.url);
    const ids = new Set<string>();
    for (const f of readdirSync(dir)) {
      if (!f.endsWith('.ts') || f.endsWith('.test.ts')) continue;
      for (const m of readFileSync(new URL(f, dir), 'utf8').matchAll(/'((?:iam|perimeter|repository|network|scope|service-account|version)\.[a-z-]+)'/g)) ids.add(m[1]);
    }
    expect(ids.size).toBeGreaterThan(15);
    // An unknown id comes back as "Head: words" (e.g. "Iam: denied").
    expect(causeTitle('iam.not-a-rule')).toBe('Iam: not a rule');
    const untitled = [...ids].filter((id) => /^[A-Z][a-z-]*: /.test(causeTitle(id)));
    expect(untitled).toEqual([]);
  });
});
