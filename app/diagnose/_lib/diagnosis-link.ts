/**
 * A diagnosis's URL. A small input travels in the URL itself (`?image=&text=&cluster=&pool=&scan=`), so the
 * link works on any server; a larger one is saved and the URL carries its id (`?d=ID&scan=`).
 */

/** The input a diagnosis URL stands for. */
export interface LinkInput {
  image: string;
  errorText: string;
  cluster: string | null;
  nodePool: string | null;
  scan: string | null;
}

/** The longest query string that still carries the input itself (links stay well under common 8 KB URL limits). */
export const MAX_INLINE_QUERY = 2_000;

/** `image=…&text=…&cluster=…&pool=…&scan=…` (empty fields left out). */
export function inputQuery(input: LinkInput): string {
  const p = new URLSearchParams();
  if (input.image.trim()) p.set('image', input.image.trim());
  if (input.errorText) p.set('text', input.errorText);
  if (input.cluster) p.set('cluster', input.cluster);
  if (input.nodePool) p.set('pool', input.nodePool);
  if (input.scan) p.set('scan', input.scan);
  return p.toString();
}

/** The path and query of a diagnosis: the input inline when small, else a saved id from `save`. */
export async function diagnosisLink(input: LinkInput, save: (input: LinkInput) => Promise<string>): Promise<string> {
  const q = inputQuery(input);
  if (q.length <= MAX_INLINE_QUERY) return `/diagnose?${q}`;
  const p = new URLSearchParams({ d: await save(input) });
  if (input.scan) p.set('scan', input.scan);
  return `/diagnose?${p.toString()}`;
}

/** The input named by a diagnose URL's search params: inline (`text`), saved (`d`), or none (just the form's first values). */
export type LinkedInput = { kind: 'inline'; input: LinkInput } | { kind: 'saved'; id: string } | { kind: 'none' };

/** Reads what a diagnose URL carries. */
export function readLink(sp: Record<string, string | string[] | undefined>): LinkedInput {
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  const d = one(sp.d).trim();
  if (d) return { kind: 'saved', id: d };
  const text = one(sp.text);
  if (!text.trim()) return { kind: 'none' };
  return {
    kind: 'inline',
    input: {
      image: one(sp.image).trim(),
      errorText: text,
      cluster: one(sp.cluster).trim() || null,
      nodePool: one(sp.pool).trim() || null,
      scan: one(sp.scan).trim() || null,
    },
  };
}
