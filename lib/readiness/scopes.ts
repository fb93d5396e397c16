/** Access-scope classification (GKE "Access scopes"). */

const AUTH = 'https://www.googleapis.com/auth/';

/** Full scope URL (the API returns URLs; short aliases such as `cloud-platform` are expanded). */
export function scopeUrl(s: string): string {
  const t = s.trim();
  return t.startsWith('https://') ? t : AUTH + t;
}

/** `sufficient`: a devstorage.* or cloud-platform scope; `read-only-cloud-platform`: only cloud-platform.read-only; `none`: no scope the credential helper accepts. */
export type ScopeClass = 'sufficient' | 'read-only-cloud-platform' | 'none';

/**
 * The node's credential helper (cloud-provider-gcp gcpcredential.go) hands out a token only when a scope
 * starts with .../auth/devstorage or .../auth/cloud-platform; cloud-platform.read-only passes that prefix
 * test but whether Artifact Registry accepts its token is undocumented.
 */
export function classifyScopes(scopes: string[]): { kind: ScopeClass; matching: string[] } {
  const urls = scopes.map(scopeUrl);
  const sufficient = urls.filter((u) => u.startsWith(AUTH + 'devstorage') || u === AUTH + 'cloud-platform');
  if (sufficient.length) return { kind: 'sufficient', matching: sufficient };
  const ro = urls.filter((u) => u.startsWith(AUTH + 'cloud-platform'));
  if (ro.length) return { kind: 'read-only-cloud-platform', matching: ro };
  return { kind: 'none', matching: [] };
}
