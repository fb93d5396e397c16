/**
 * Commands and Terraform built from checked values: every data-derived word of a command names its format
 * (lib/safe/formats.ts), every word goes through shellCommand, every Terraform string through hclString and every
 * resource name through hclIdentifier. A value that does not match its format yields a refusal instead of text.
 */
import { isValid, type FormatKind, type Refusal } from './formats';
import { hclIdentifier, hclString, shellCommand } from './quote';

/** A value from an estate, with the format it must match before it is printed. */
export interface Checked {
  readonly kind: FormatKind;
  readonly value: string;
}

/** Marks `value` as data of format `kind`. */
export function v(kind: FormatKind, value: string): Checked {
  return { kind, value };
}

/** A word of a command: a constant written in the code, a checked value, or the concatenation of both (`--project=` + value). */
export type Word = string | Checked | readonly (string | Checked)[];

/** Text, or the values that kept it from being printed. */
export type Built = { ok: true; text: string } | { ok: false; refusals: Refusal[] };

function collect(part: string | Checked, refusals: Refusal[]): string {
  if (typeof part === 'string') return part;
  if (!isValid(part.kind, part.value)) refusals.push({ kind: part.kind, value: part.value });
  return part.value;
}

/** The argv of a command whose data-derived words were checked, and the refused values. */
export function buildArgv(words: readonly Word[]): { argv: string[]; refusals: Refusal[] } {
  const refusals: Refusal[] = [];
  const argv = words.map((w) => (typeof w === 'string' ? w : 'kind' in w ? collect(w as Checked, refusals) : (w as readonly (string | Checked)[]).map((p) => collect(p, refusals)).join('')));
  return { argv, refusals };
}

/** One command line, every word quoted, or the refusals when a value does not match its format. */
export function command(words: readonly Word[]): Built {
  const { argv, refusals } = buildArgv(words);
  return refusals.length ? { ok: false, refusals } : { ok: true, text: shellCommand(argv) };
}

/** Several commands, one a line (each parses alone: no `&&`), or every refusal of every command. */
export function commands(lines: readonly (readonly Word[])[]): Built {
  const refusals: Refusal[] = [];
  const texts: string[] = [];
  for (const l of lines) {
    const b = command(l);
    if (b.ok) texts.push(b.text);
    else refusals.push(...b.refusals);
  }
  return refusals.length ? { ok: false, refusals } : { ok: true, text: texts.join('\n') };
}

/** An HCL value: a checked string, a constant string (a literal written in the code), a boolean, or a list of strings. */
export type HclValue = Checked | { readonly literal: string } | boolean | readonly (Checked | { readonly literal: string })[];

/** A line inside a Terraform block. */
export type HclLine =
  | { readonly attr: string; readonly value: HclValue; readonly comment?: string }
  | { readonly comment: string }
  | { readonly block: string; readonly lines: readonly HclLine[] };

/** A comment never ends its line early: control characters and line separators become spaces. */
function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ');
}

function hclValue(value: HclValue, refusals: Refusal[]): string {
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${(value as readonly (Checked | { literal: string })[]).map((x) => hclValue(x, refusals)).join(', ')}]`;
  if ('literal' in value) return hclString(value.literal);
  const c = value as Checked;
  if (!isValid(c.kind, c.value)) refusals.push({ kind: c.kind, value: c.value });
  return hclString(c.value);
}

function renderLines(lines: readonly HclLine[], indent: string, out: string[], refusals: Refusal[]): void {
  const width = Math.max(0, ...lines.map((l) => ('attr' in l ? l.attr.length : 0)));
  for (const l of lines) {
    if ('attr' in l) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(l.attr)) throw new Error(`not an HCL attribute name: ${l.attr}`);
      const tail = l.comment ? ` # ${commentText(l.comment)}` : '';
      out.push(`${indent}${l.attr.padEnd(width)} = ${hclValue(l.value, refusals)}${tail}`);
    } else if ('block' in l) {
      out.push(`${indent}${hclIdentifier(l.block)} {`);
      renderLines(l.lines, `${indent}  `, out, refusals);
      out.push(`${indent}}`);
    } else {
      out.push(`${indent}# ${commentText(l.comment)}`);
    }
  }
}

/** A `resource "TYPE" "NAME" { ... }` block; NAME should come from resourceName so snippets never collide. */
export function terraformResource(type: string, name: string, lines: readonly HclLine[]): Built {
  const refusals: Refusal[] = [];
  const out = [`resource ${hclString(type)} ${hclString(hclIdentifier(name))} {`];
  renderLines(lines, '  ', out, refusals);
  out.push('}');
  return refusals.length ? { ok: false, refusals } : { ok: true, text: out.join('\n') };
}

/** FNV-1a over UTF-16 code units with the given offset basis; 32 bits. */
function fnv1a(text: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * A Terraform resource name: a readable stem (cut to 40 characters) and a 40-bit digest of everything that makes the
 * resource distinct (`identity`: the repository's full name and the member, the pool's full name, ...). Two
 * snippets of one view, or of a whole report, get the same name only when they describe the same resource.
 */
export function resourceName(stem: string, identity: string): string {
  const a = fnv1a(identity, 0x811c9dc5).toString(16).padStart(8, '0');
  const b = fnv1a(identity, 0x050c5d1f).toString(16).padStart(8, '0');
  return hclIdentifier(`${stem.slice(0, 40)}_${a}${b.slice(0, 2)}`);
}
