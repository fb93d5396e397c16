/**
 * Finds every regular expression written in the TypeScript sources under a folder: regex literals and
 * `new RegExp(...)` / `RegExp(...)` calls, parsed with the TypeScript compiler so comments and strings are never
 * mistaken for patterns.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** One regular expression found in the source. */
export interface FoundRegex {
  file: string;
  line: number;
  /** The pattern source, or null when it is built at run time (then `expression` says how). */
  source: string | null;
  flags: string;
  expression: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name === '__fixtures__') continue;
      out.push(...sourceFiles(path));
    } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(path);
    }
  }
  return out.sort();
}

function literalText(node: ts.Expression | undefined): string | null {
  if (!node) return null;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return null;
}

/** Every regex literal and RegExp constructor call in the non-test .ts/.tsx files under `root`/`dir`. */
export function findRegexes(root: string, dir: string): FoundRegex[] {
  const found: FoundRegex[] = [];
  for (const path of sourceFiles(join(root, dir))) {
    const text = readFileSync(path, 'utf8');
    const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const file = relative(root, path);
    const visit = (node: ts.Node) => {
      const line = () => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const raw = node.getText(sf);
        const slash = raw.lastIndexOf('/');
        found.push({ file, line: line(), source: raw.slice(1, slash), flags: raw.slice(slash + 1), expression: raw });
      } else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        const args = node.arguments ?? ts.factory.createNodeArray<ts.Expression>();
        const source = literalText(args[0]);
        const flags = args[1] === undefined ? '' : literalText(args[1]);
        found.push({ file, line: line(), source: flags === null ? null : source, flags: flags ?? '', expression: node.getText(sf) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

/**
 * True when a pattern source repeats anything (`*`, `+`, `?` after an atom, `{n,m}`) outside character classes.
 * A pattern without repetition matches in time proportional to its length at each start: nothing to check.
 */
export function hasRepetition(source: string): boolean {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '*' || ch === '+' || ch === '{') return true;
    else if (ch === '?' && source[i - 1] !== '(') return true;
  }
  return false;
}
