/**
 * Counts the objects and arrays in a JSON text in one linear pass, without parsing it: `JSON.parse` of
 * 18 MB of `{},{},…` builds six million objects (about 700 MB), so an upload is measured before it is parsed.
 */

/** Objects plus arrays in `text` (strings skipped, escapes honoured); stops counting past `stopAt`. */
export function countJsonContainers(text: string, stopAt = Infinity): number {
  let n = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++n > stopAt) return n;
    }
  }
  return n;
}

/** Most objects and arrays an uploaded snapshot may hold (a large real `collect` file holds far fewer). */
export const MAX_SNAPSHOT_CONTAINERS = 400_000;
