/**
 * A position-tracking scan of JSON text: where each value starts (line numbers for error messages), and
 * where a syntax error is (line and column). It validates exactly what JSON.parse accepts (RFC 8259).
 */

/** A JSON path segment: an object key or an array index. */
export type PathSegment = string | number;

/** A JSON syntax error at a 1-based line and column. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a path as "$.projects[2].clusters[0].name" (keys that are not identifiers as ["key"]). */
export function formatJsonPath(path: readonly PathSegment[]): string {
  let out = '$';
  for (const seg of path) out += formatSegment(seg);
  return out;
}

function formatSegment(seg: PathSegment): string {
  if (typeof seg === 'number') return `[${seg}]`;
  return IDENT.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`;
}

/**
 * Scans `text` and returns the 1-based line where each wanted path's value starts (paths formatted with
 * formatJsonPath). Throws JsonSyntaxError when the text is not valid JSON.
 */
export function locateJsonPaths(text: string, wanted?: ReadonlySet<string>): Map<string, number> {
  const found = new Map<string, number>();
  let i = 0;
  let line = 1;
  const n = text.length;

  const fail = (msg: string, at = i): never => {
    let l = 1;
    let ls = 0;
    for (let k = 0; k < at && k < n; k++) {
      if (text.charCodeAt(k) === 10) {
        l++;
        ls = k + 1;
      }
    }
    throw new JsonSyntaxError(msg, l, at - ls + 1);
  };
  const describe = (at: number) => (at >= n ? 'end of input' : `"${text[at]}"`);

  const skipWs = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        line++;
        i++;
      } else if (c === 32 || c === 9 || c === 13) i++;
      else break;
    }
  };

  const scanString = (): string => {
    const start = ++i;
    let out = '';
    let chunk = start;
    for (;;) {
      if (i >= n) fail('unterminated string', start - 1);
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(chunk, i);
        i++;
        return out;
      }
      if (c < 0x20) fail('control character in string (escape it)');
      if (c === 92) {
        out += text.slice(chunk, i);
        const e = text[i + 1];
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape in string');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
          if (e === undefined || !(e in map)) fail(`bad escape "\\${e ?? ''}" in string`);
          out += map[e];
          i += 2;
        }
        chunk = i;
        continue;
      }
      i++;
    }
  };

  const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
  const scanNumber = () => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m) fail(`unexpected ${describe(i)}`);
    i += m![0].length;
  };

  // The formatted path of every open level, so that recording a value costs O(1), not O(depth).
  const paths: string[] = ['$'];
  const push = (seg: PathSegment) => paths.push(paths[paths.length - 1] + formatSegment(seg));
  const pop = () => void paths.pop();
  const record = () => {
    const key = paths[paths.length - 1];
    if (!wanted || wanted.has(key)) found.set(key, line);
  };

  // An explicit stack instead of recursion, so deeply nested input cannot overflow the call stack.
  type Frame = { kind: 'obj' | 'arr'; index: number };
  const stack: Frame[] = [];

  const scanValueStart = (): boolean => {
    skipWs();
    record();
    const c = text[i];
    if (c === '{') {
      i++;
      skipWs();
      if (text[i] === '}') {
        i++;
        return false;
      }
      stack.push({ kind: 'obj', index: 0 });
      return true;
    }
    if (c === '[') {
      i++;
      skipWs();
      if (text[i] === ']') {
        i++;
        return false;
      }
      stack.push({ kind: 'arr', index: 0 });
      return true;
    }
    if (c === '"') scanString();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) scanNumber();
    else if (text.startsWith('true', i)) i += 4;
    else if (text.startsWith('false', i)) i += 5;
    else if (text.startsWith('null', i)) i += 4;
    else fail(`expected a value, found ${describe(i)}`);
    return false;
  };

  const scanKey = () => {
    skipWs();
    if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe(i)}`);
    const key = scanString();
    skipWs();
    if (text[i] !== ':') fail(`expected ":" after property name, found ${describe(i)}`);
    i++;
    push(key);
  };

  skipWs();
  if (i >= n) fail('empty input: expected a JSON value');
  let needValue = true;
  for (;;) {
    if (needValue) {
      if (scanValueStart()) {
        if (stack[stack.length - 1].kind === 'obj') scanKey();
        else push(0);
        continue;
      }
      needValue = false;
    }
    if (stack.length === 0) break;
    skipWs();
    const top = stack[stack.length - 1];
    const close = top.kind === 'obj' ? '}' : ']';
    if (text[i] === ',') {
      i++;
      pop();
      if (top.kind === 'obj') scanKey();
      else push(++top.index);
      needValue = true;
      continue;
    }
    if (text[i] === close) {
      i++;
      pop();
      stack.pop();
      continue;
    }
    fail(`expected "," or "${close}" ${top.kind === 'obj' ? 'after a property value' : 'after an array element'}, found ${describe(i)}`);
  }
  skipWs();
  if (i < n) fail(`unexpected ${describe(i)} after the end of the JSON value`);
  return found;
}
