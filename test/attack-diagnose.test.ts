/**
 * The on-node check diagnose prints for Windows nodes: the image comes from a paste, so it must stay inside one
 * PowerShell single-quoted string. PowerShell treats ' and the typographic quotes U+2018, U+2019, U+201A, U+201B
 * alike ("about_Quoting_Rules"): any of them ends the string unless doubled.
 */
import { describe, expect, it } from 'vitest';
import { onNodeCheck } from '../lib/diagnose/diagnose';

const QUOTES = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);

/** The value of the single-quoted string starting at `start`, and where it ends, as PowerShell's tokenizer reads it. */
function psSingleQuoted(text: string, start: number): { value: string; end: number } {
  expect(QUOTES.has(text[start])).toBe(true);
  let value = '';
  for (let i = start + 1; i < text.length; i++) {
    if (QUOTES.has(text[i])) {
      if (QUOTES.has(text[i + 1] ?? '')) {
        value += text[i];
        i++;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += text[i];
  }
  throw new Error('unterminated string');
}

describe('diagnose on-node check for Windows', () => {
  it.each([
    "europe-west3-docker.pkg.dev/p/r/app\u2019;calc.exe;\u2018x:1",
    "app'; Remove-Item C:\\ -Recurse; 'x",
    'app\u201a;calc\u201b',
    "a''b\u2019\u2019c",
  ])('keeps %j inside one string, value unchanged', (image) => {
    const { windows } = onNodeCheck(image, null);
    const at = windows.indexOf('-SimpleMatch ') + '-SimpleMatch '.length;
    const s = psSingleQuoted(windows, at);
    expect(s.value).toBe(image);
    expect(s.end).toBe(windows.length);
  });
});
