/**
 * Test helpers: read printed commands and Terraform back the way a shell and Terraform would, to prove that what
 * Pullcheck prints means exactly the argv and values it was built from. Used by tests only.
 */
import hcl from 'hcl2-parser';
import { parse } from 'shell-quote';

/** Characters a bare (unquoted) word may hold: nothing a POSIX shell expands, splits or globs. */
const BARE = /[A-Za-z0-9_@%+=:,./-]/;

/**
 * The words of one command line under a strict reading of POSIX quoting: words separated by single spaces, each made
 * of bare safe characters, single-quoted runs, and `\'`. Anything else (an operator, `$`, a backtick, a glob, an
 * unquoted newline or tab) throws: such a line would make a shell do more than run one command.
 */
export function strictShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated single quote at ${i} in ${JSON.stringify(line)}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (ch === '\\' && line[i + 1] === "'") {
      word += "'";
      inWord = true;
      i++;
    } else if (ch === ' ') {
      if (!inWord || line[i + 1] === ' ' || i === line.length - 1) throw new Error(`stray space at ${i} in ${JSON.stringify(line)}`);
      words.push(word);
      word = '';
      inWord = false;
    } else if (BARE.test(ch) && !(ch === '=' && !inWord)) {
      word += ch;
      inWord = true;
    } else {
      throw new Error(`unquoted ${JSON.stringify(ch)} at ${i} in ${JSON.stringify(line)}`);
    }
  }
  if (!inWord) throw new Error(`empty command or trailing space: ${JSON.stringify(line)}`);
  words.push(word);
  return words;
}

/**
 * The argv of one printed command, read twice: by shell-quote's parser (which must return only strings: no
 * operator, glob or comment, and no variable is expanded) and by strictShellWords; both readings must agree.
 */
export function shellArgv(line: string): string[] {
  const parsed = parse(line, (name) => {
    throw new Error(`variable $${name} in ${JSON.stringify(line)}`);
  });
  for (const p of parsed) if (typeof p !== 'string') throw new Error(`not a plain word: ${JSON.stringify(p)} in ${JSON.stringify(line)}`);
  const strict = strictShellWords(line);
  if (JSON.stringify(strict) !== JSON.stringify(parsed)) throw new Error(`readings differ: ${JSON.stringify(strict)} vs ${JSON.stringify(parsed)}`);
  return strict;
}

/** Parses HCL with the HCL v2 parser (hcl2json); throws on a syntax error. */
export function parseHcl(source: string): Record<string, unknown> {
  const [value, error] = hcl.parseToObject(source) as [Record<string, unknown> | null, unknown];
  if (error || !value) throw new Error(`HCL does not parse: ${JSON.stringify(error)}\n${source}`);
  return value;
}

/**
 * The value of a quoted HCL string literal, read where HCL allows no template at all (a block label): an
 * interpolation `${...}` or directive `%{...}` that escaping missed is a parse error there, not a value.
 */
export function hclLiteralValue(literal: string): string {
  const parsed = parseHcl(`block ${literal} {\n}\n`) as { block?: Record<string, unknown> };
  const keys = Object.keys(parsed.block ?? {});
  if (keys.length !== 1) throw new Error(`expected one label, got ${JSON.stringify(keys)}`);
  return keys[0];
}

/** The one resource of a Terraform snippet: its type, name and attributes (nested blocks as arrays, as hcl2json gives them). */
export function terraformResourceOf(snippet: string): { type: string; name: string; body: Record<string, unknown> } {
  const parsed = parseHcl(snippet);
  const top = Object.keys(parsed);
  if (top.length !== 1 || top[0] !== 'resource') throw new Error(`expected only a resource block, got ${JSON.stringify(top)}`);
  const resources = parsed.resource as Record<string, Record<string, Record<string, unknown>[]>>;
  const types = Object.keys(resources);
  if (types.length !== 1) throw new Error(`expected one resource type, got ${JSON.stringify(types)}`);
  const names = Object.keys(resources[types[0]]);
  if (names.length !== 1) throw new Error(`expected one resource, got ${JSON.stringify(names)}`);
  const bodies = resources[types[0]][names[0]];
  if (bodies.length !== 1) throw new Error('expected one body');
  return { type: types[0], name: names[0], body: bodies[0] };
}
