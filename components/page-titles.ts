/** Page titles that name what the page is about (the browser tab, history and bookmarks show them). */

function lastSegment(name: string, after: string): string | null {
  const parts = name.split('/');
  const i = parts.lastIndexOf(after);
  return i >= 0 && parts[i + 1] ? parts[i + 1] : null;
}

/** "api (booking-prod) → booking-images" for a pair page, from the resource names in its URL. */
export function pairTitle(pool: string | undefined, repository: string | undefined): string {
  const np = pool ? lastSegment(pool, 'nodePools') : null;
  const cluster = pool ? lastSegment(pool, 'clusters') : null;
  const repo = repository ? lastSegment(repository, 'repositories') : null;
  if (!np || !repo) return 'Pair';
  const who = np === '-' ? `on-demand pools of ${cluster}` : cluster ? `${np} (${cluster})` : np;
  return `${who} → ${repo}`.slice(0, 200);
}
