/**
 * Hostile inputs for a regular expression, built from its own tokens: a string the pattern nearly matches,
 * its literal pieces, and each of these repeated to a given length (the shapes that make a backtracking engine
 * try every split of a long run).
 */

/** A rough string the pattern matches (or nearly), read from its source: literals kept, classes and escapes replaced by one fitting character. */
export function sampleOf(source: string): { sample: string; pieces: string[] } {
  const pieces: string[] = [];
  let piece = '';
  let sample = '';
  const push = (ch: string) => {
    piece += ch;
    sample += ch;
  };
  const cut = () => {
    if (piece) pieces.push(piece);
    piece = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      const next = source[++i] ?? '';
      if (next === 'b' || next === 'B') continue;
      if (next === 's') push(' ');
      else if (next === 'S' || next === 'w' || next === 'W') push('a');
      else if (next === 'd' || next === 'D') push('1');
      else if (next === 'n') push('\n');
      else if (/\d/.test(next)) continue;
      else push(next);
    } else if (ch === '[') {
      // A character class: the first plain character it allows (a negated class: one it does not exclude).
      let j = i + 1;
      const negated = source[j] === '^';
      if (negated) j++;
      let body = '';
      while (j < source.length && source[j] !== ']') {
        if (source[j] === '\\') {
          body += source[j] + (source[j + 1] ?? '');
          j += 2;
        } else body += source[j++];
      }
      i = j;
      if (negated) push(body.includes('a') ? (body.includes(' ') ? '_' : ' ') : 'a');
      else {
        const plain = body.replace(/\\./g, '');
        push(plain.length > 0 && plain[0] !== '-' ? plain[0] : body.startsWith('\\s') ? ' ' : body.startsWith('\\d') ? '1' : 'a');
      }
    } else if (ch === '(') {
      cut();
      if (source[i + 1] === '?') {
        // (?: (?= (?! (?<= (?<! (?<name>
        i++;
        if (source[i + 1] === '<' && source[i + 2] !== '=' && source[i + 2] !== '!') {
          while (i < source.length && source[i] !== '>') i++;
        } else i += source[i + 1] === '<' ? 2 : 1;
      }
    } else if (ch === '{') {
      cut();
      while (i < source.length && source[i] !== '}') i++;
    } else if (ch === '|' || ch === ')' || ch === '*' || ch === '+' || ch === '?' || ch === '^' || ch === '$') {
      cut();
    } else if (ch === '.') {
      push('a');
    } else {
      push(ch);
    }
  }
  cut();
  return { sample, pieces: [...new Set(pieces.filter((p) => p.length > 0))] };
}

/** `unit` repeated up to exactly `length` characters. */
export function repeatTo(unit: string, length: number): string {
  if (!unit) return '';
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Hostile strings of `length` characters for a pattern: its sample, the sample without its last character, each piece, all pieces joined. */
export function hostileInputs(source: string, length: number): { label: string; text: string }[] {
  const { sample, pieces } = sampleOf(source);
  const units = new Map<string, string>();
  const add = (label: string, unit: string) => {
    if (unit && !units.has(unit)) units.set(unit, label);
  };
  add('sample', sample);
  add('sample minus its last character', sample.slice(0, -1));
  add('sample with a space', `${sample} `);
  pieces.forEach((p, i) => add(`piece ${i + 1}`, p));
  add('pieces joined', pieces.join(''));
  add('pieces joined by spaces', pieces.join(' '));
  return [...units].map(([unit, label]) => ({ label: `${label} (${JSON.stringify(unit.slice(0, 40))})`, text: repeatTo(unit, length) }));
}
