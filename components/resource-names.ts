/** Folder and organization display names beside their numbers: "folders/718245 (Platform)". */

/** Display names by resource name ("folders/718245" → "Platform"), from the scan's folders and organizations. */
export function resourceNames(inv: { folders: { name: string; displayName: string | null }[]; organizations: { name: string; displayName: string | null }[] }): Map<string, string> {
  const m = new Map<string, string>();
  for (const x of [...inv.organizations, ...inv.folders]) if (x.displayName) m.set(x.name, x.displayName);
  return m;
}

/** Text with every `folders/N` and `organizations/N` it names followed by its display name, when known. */
export function withResourceNames(text: string, names: ReadonlyMap<string, string>): string {
  if (names.size === 0) return text;
  return text.replace(/\b(?:folders|organizations)\/\d{1,30}(?![\d/])/g, (ref) => {
    const n = names.get(ref);
    return n ? `${ref} (${n})` : ref;
  });
}
