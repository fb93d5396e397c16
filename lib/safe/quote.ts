/**
 * Quoting for everything Pullcheck prints for a person to paste: POSIX shell arguments and Terraform (HCL)
 * strings. Every value that comes from an estate, a snapshot or a paste is hostile: it goes through here.
 * Shell: POSIX "Shell Command Language" 2.2.3 (inside single quotes every character is literal, so the only
 * character to handle is the single quote itself). HCL: "Template" and "String Literals" in the HCL native
 * syntax specification (escapes `\\`, `\"`, `\n`, `\r`, `\t`, `\uNNNN`; `${` and `%{` start interpolation and
 * directives, written literally as `$${` and `%%{`).
 */

/**
 * Characters that never need quoting in a POSIX shell word (no globbing, no expansion, no word splitting). A word
 * may not start with `=`: zsh expands `=cmd` to the path of cmd ("Filename Expansion", EQUALS option).
 */
const SAFE_WORD = /^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/;

/**
 * One shell word: bare when it is plainly safe, otherwise single-quoted (`'` written as `'\''`). Inside single
 * quotes every character is literal, newlines and control characters included; callers that print for a
 * terminal refuse such values first (lib/safe/formats.ts), since a terminal may act on control characters.
 */
export function shellQuote(arg: string): string {
  if (SAFE_WORD.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A whole command line from its argv, every argument quoted. */
export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** A double-quoted HCL string literal whose value is exactly `value`. */
export function hclString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    const code = value.charCodeAt(i);
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if ((ch === '$' || ch === '%') && value[i + 1] === '{') out += ch + ch;
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/** A Terraform resource name (an HCL identifier) derived from free text: letters, digits and `_` only. */
export function hclIdentifier(text: string): string {
  const id = text.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(id) ? id : `r_${id}`;
}
