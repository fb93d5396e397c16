import { describe, expect, it } from 'vitest';
import { formatJsonPath, JsonSyntaxError, locateJsonPaths } from './json-locate';

describe('locateJsonPaths', () => {
  it('finds the line where each value starts, through nesting, escapes and empty containers', () => {
    const text = ['{', '  "a": [1, {"b\\"q": "x\\ny"},', '    [], {}],', '  "c d": {', '    "e": null', '  },', '  "f": -1.5e3', '}'].join('\n');
    const lines = locateJsonPaths(text);
    expect(lines.get('$')).toBe(1);
    expect(lines.get('$.a')).toBe(2);
    expect(lines.get('$.a[1]["b\\"q"]')).toBe(2);
    expect(lines.get('$.a[2]')).toBe(3);
    expect(lines.get('$.a[3]')).toBe(3);
    expect(lines.get('$["c d"].e')).toBe(5);
    expect(lines.get('$.f')).toBe(7);
  });

  it('records only the wanted paths when asked', () => {
    const lines = locateJsonPaths('{"a":{"b":[true,false]}}', new Set(['$.a.b[1]']));
    expect([...lines.entries()]).toEqual([['$.a.b[1]', 1]]);
  });

  it('accepts what JSON.parse accepts and rejects what it rejects', () => {
    const valid = ['1'.repeat(1000), '0', '"s"', ' [ ] ', '{"x":[[[]]]}', '-0.0E-2', '"\\u00e9\\/"', 'true', '[null,false]'];
    for (const v of valid) expect(() => locateJsonPaths(v), v).not.toThrow();
    const invalid = ['', '01', '[1,]', '{"a" 1}', "{'a':1}", '"\\x"', '[1] 2', 'nul', '-', '1.', '"a\nb"', '{"a":1,}'];
    for (const v of invalid) {
      expect(() => JSON.parse(v), v).toThrow();
      expect(() => locateJsonPaths(v), v).toThrow(JsonSyntaxError);
    }
  });

  it('gives the line and column of a syntax error', () => {
    try {
      locateJsonPaths('{\n  "a": 1\n  "b": 2\n}');
      throw new Error('not thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(JsonSyntaxError);
      expect((err as JsonSyntaxError).line).toBe(3);
      expect((err as JsonSyntaxError).column).toBe(3);
    }
  });

  it('handles deep nesting without recursion', () => {
    const deep = '['.repeat(5_000) + ']'.repeat(5_000);
    expect(locateJsonPaths(deep, new Set()).size).toBe(0);
  });
});

describe('formatJsonPath', () => {
  it('writes identifiers with dots, indexes in brackets and other keys quoted', () => {
    expect(formatJsonPath(['projects', 2, 'clusters', 0, 'node-pools', 'x'])).toBe('$.projects[2].clusters[0]["node-pools"].x');
  });
});
