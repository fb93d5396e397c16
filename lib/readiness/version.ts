/** GKE node version parsing and the minimum versions for credential-helper pulls from Artifact Registry (Artifact Registry "Deploy to Google Kubernetes Engine", version requirements). */

/** A parsed `MAJOR.MINOR.PATCH-gke.N` version; `gke` is 0 when the suffix is absent. */
export interface GkeVersion {
  major: number;
  minor: number;
  patch: number;
  gke: number;
}

/** Parses `1.15.9-gke.8` (also `1.29.1`, `v1.30.2-gke.1587003`); null when it is not a GKE version. */
export function parseGkeVersion(v: string): GkeVersion | null {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-gke\.(\d+))?$/.exec(v.trim());
  if (!m) return null;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), gke: Number(m[4] ?? 0) };
}

/**
 * Compares all four parts as numbers. As strings, `1.14.10-gke.1504` sorts before `1.14.10-gke.22`,
 * which is wrong: GKE version strings must never be compared as text.
 */
export function compareGkeVersions(a: GkeVersion, b: GkeVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || a.gke - b.gke;
}

/** The outcome of checking a node version against the minimum-version table of Artifact Registry "Deploy to Google Kubernetes Engine". */
export type VersionBracket =
  | { kind: 'ok'; minimum: string | null }
  | { kind: 'below-minimum'; minimum: string }
  | { kind: 'needs-pull-secrets' }
  | { kind: 'unparseable' };

const MIN_1_14 = parseGkeVersion('1.14.10-gke.22') as GkeVersion;
const MIN_1_15 = parseGkeVersion('1.15.9-gke.8') as GkeVersion;

/** Places a node version in the minimum-version table of Artifact Registry "Deploy to Google Kubernetes Engine". */
export function versionBracket(version: string): VersionBracket {
  const v = parseGkeVersion(version);
  if (!v) return { kind: 'unparseable' };
  if (v.major > 1 || (v.major === 1 && v.minor >= 16)) return { kind: 'ok', minimum: null };
  if (v.major < 1 || v.minor < 14) return { kind: 'needs-pull-secrets' };
  const min = v.minor === 14 ? MIN_1_14 : MIN_1_15;
  const minText = v.minor === 14 ? '1.14.10-gke.22' : '1.15.9-gke.8';
  return compareGkeVersions(v, min) >= 0 ? { kind: 'ok', minimum: minText } : { kind: 'below-minimum', minimum: minText };
}
