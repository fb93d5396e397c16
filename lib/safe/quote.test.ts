import { describe, expect, it } from 'vitest';
import { parse } from 'shell-quote';
import { hclIdentifier, hclString, shellCommand, shellQuote } from './quote';
import { hclLiteralValue, parseHcl, shellArgv, strictShellWords } from './testing';

/** Every control character but NUL (a shell argument cannot hold NUL), and DEL. */
const CONTROLS = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).concat('\u007f');

/** Strings an attacker would put in a name, email or member. */
const HOSTILE: string[] = [
  '',
  ' ',
  "'",
  "''",
  "a'b",
  "'; touch /tmp/pwned; '",
  '"',
  '"$(id)"',
  '$(id)',
  '$(touch /tmp/pwned)',
  '`id`',
  '${HOME}',
  '$HOME',
  '$1',
  '$$',
  '\\',
  '\\\\',
  "\\'",
  'a\\nb',
  'a\nb',
  'a\r\nb',
  '\n; rm -rf ~\n',
  'a;b',
  'a|b',
  'a||b',
  'a&b',
  'a&&b',
  'a>b',
  'a<b',
  'a>>b',
  '<(id)',
  '>(id)',
  '(id)',
  '{a,b}',
  'a{b}',
  '*',
  '?',
  '[a-z]',
  '*.txt',
  '~',
  '~root',
  '#comment',
  'a #b',
  '!',
  '!!',
  '-rf',
  '--help',
  '-',
  '=ls',
  '==',
  'a=b',
  '--member=user:a@b.c',
  'sa@p.iam.gserviceaccount.com',
  'serviceAccount:sa@p.iam.gserviceaccount.com',
  'ünïcödé',
  '日本語',
  '😀 emoji',
  '\u2028\u2029',
  '\u00a0nbsp',
  'tab\there',
  ...CONTROLS,
  `${'x'.repeat(5000)}'$(id)'`,
];

describe('shellQuote', () => {
  it('leaves ordinary words of gcloud commands bare', () => {
    for (const w of ['gcloud', '--member=serviceAccount:sa@p.iam.gserviceaccount.com', '--role=roles/artifactregistry.reader', 'europe-west1', '1.30.5-gke.1000', 'a+b%c,d']) {
      expect(shellQuote(w)).toBe(w);
    }
  });

  it('quotes the empty string, a leading = (zsh expands =cmd) and everything with a character outside the safe set', () => {
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('=ls')).toBe("'=ls'");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('$(id)')).toBe("'$(id)'");
    expect(shellQuote('~')).toBe("'~'");
  });

  it.each(HOSTILE.map((s) => [JSON.stringify(s).slice(0, 60), s]))('round-trips %s through shell-quote and a strict POSIX reading', (_, s) => {
    const quoted = shellQuote(s);
    expect(parse(quoted, () => '')).toEqual([s]);
    expect(strictShellWords(quoted)).toEqual([s]);
    // Bare only when nothing in it means anything to a shell.
    if (!quoted.startsWith("'")) expect(quoted).toMatch(/^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/);
  });
});

describe('shellCommand', () => {
  it('parses back to the same argv for every hostile word, alone and all together', () => {
    for (const s of HOSTILE) {
      const argv = ['gcloud', 'projects', 'add-iam-policy-binding', s, `--member=${s}`, s];
      const line = shellCommand(argv);
      expect(parse(line, () => '')).toEqual(argv);
      expect(strictShellWords(line)).toEqual(argv);
    }
    const all = ['gcloud', ...HOSTILE];
    expect(parse(shellCommand(all), () => '')).toEqual(all);
    expect(strictShellWords(shellCommand(all))).toEqual(all);
  });

  it('reads as a single command with no operator, substitution or variable', () => {
    const line = shellCommand(['gcloud', 'iam', 'service-accounts', 'enable', 'a$(id)`id`;b|c&&d\ne', '--project=$HOME']);
    expect(shellArgv(line)).toEqual(['gcloud', 'iam', 'service-accounts', 'enable', 'a$(id)`id`;b|c&&d\ne', '--project=$HOME']);
  });

  it('the strict reading refuses what a shell would act on', () => {
    for (const bad of ['gcloud a;b', 'gcloud $(id)', 'gcloud `id`', 'gcloud a\nb', 'gcloud *', 'gcloud ~', 'gcloud =ls', 'gcloud a && b', "gcloud 'a", 'gcloud  a']) {
      expect(() => shellArgv(bad)).toThrow();
    }
  });
});

/** Strings that matter to HCL: quotes, escapes, interpolation and directive starts, and their escaped forms. */
const HCL_HOSTILE: string[] = [
  '',
  '"',
  '""',
  '\\',
  '\\"',
  '\\\\"',
  '${',
  '${var.x}',
  '${file("/etc/passwd")}',
  '%{',
  '%{ if true }x%{ endif }',
  '$${',
  '$$${',
  '%%{',
  '%%%{',
  '$',
  '%',
  '$}',
  '{',
  '}',
  'a$',
  '$ {',
  'a\nb',
  'a\r\nb',
  'a\tb',
  '" \n  provisioner "local-exec" {\n    command = "id"\n  }\n  x = "',
  'sa"@p.iam.gserviceaccount.com',
  '\\u0041',
  '\\n',
  'ünïcödé 日本語 😀',
  '\u2028\u2029',
  '<<EOF\nx\nEOF',
  '# comment',
  '// comment',
  '/* c */',
  ...CONTROLS,
  '$'.repeat(50) + '{',
  '%'.repeat(51) + '{',
];

describe('hclString', () => {
  it.each(HCL_HOSTILE.map((s) => [JSON.stringify(s).slice(0, 60), s]))('parses back to the same value, even where no template is allowed: %s', (_, s) => {
    const literal = hclString(s);
    // A block label admits no interpolation: an escape that let `${` or `%{` through fails to parse here.
    expect(hclLiteralValue(literal)).toBe(s);
    // As an attribute, the value is the same, and the body has nothing but that attribute.
    expect(parseHcl(`resource "t" "n" {\n  x = ${literal}\n}\n`)).toEqual({ resource: { t: { n: [{ x: s }] } } });
  });

  it('writes the escapes HCL documents', () => {
    expect(hclString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    expect(hclString('${x} %{y}')).toBe('"$${x} %%{y}"');
    expect(hclString('\u0001')).toBe('"\\u0001"');
    expect(hclString('plain')).toBe('"plain"');
  });

  it('the label reading refuses an unescaped interpolation', () => {
    expect(() => hclLiteralValue('"${var.x}"')).toThrow();
    expect(() => hclLiteralValue('"%{ if true }x%{ endif }"')).toThrow();
  });
});

describe('hclIdentifier', () => {
  it('makes a Terraform resource name of any text', () => {
    expect(hclIdentifier('images_reader')).toBe('images_reader');
    expect(hclIdentifier('my-pool')).toBe('my_pool');
    expect(hclIdentifier('9lives')).toBe('r_9lives');
    expect(hclIdentifier('')).toBe('r_');
    for (const s of HCL_HOSTILE) {
      const id = hclIdentifier(s);
      expect(id).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      expect(parseHcl(`resource "t" "${id}" {\n}\n`)).toEqual({ resource: { t: { [id]: [{}] } } });
    }
  });
});
