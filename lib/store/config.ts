/** Where scans are kept and for how long, read from the environment (README, "Kept scans"). */
import path from 'node:path';

export type StoreLocation =
  | { kind: 'pglite'; dataDir: string | null }
  | { kind: 'postgres'; url: string; schema: string | null };

export interface Retention {
  /** PULLCHECK_KEEP_SCANS: finished scans kept at most (default 100). */
  keep: number;
  /** PULLCHECK_KEEP_DAYS: finished scans older than this many days are dropped (default 90). */
  maxAgeMs: number;
}

export interface StoreConfig {
  location: StoreLocation;
  retention: Retention;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function positive(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v.trim() === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not "${v}".`);
  return n;
}

/**
 * DATABASE_URL (a Postgres server, shared by every dashboard and CLI that points at it; PULLCHECK_DATABASE_SCHEMA
 * picks a schema other than the search path's) wins; else PGlite in PULLCHECK_DATA_DIR (default `.pullcheck/`
 * in the working directory; `:memory:` keeps nothing).
 */
export function storeConfig(env: Record<string, string | undefined> = process.env, cwd: string = process.cwd()): StoreConfig {
  const keep = Math.floor(positive(env, 'PULLCHECK_KEEP_SCANS', 100));
  const days = positive(env, 'PULLCHECK_KEEP_DAYS', 90);
  const retention = { keep, maxAgeMs: days * 86_400_000 };
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//i.test(url)) throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL.');
    const schema = env.PULLCHECK_DATABASE_SCHEMA?.trim() || null;
    if (schema && !SCHEMA_NAME.test(schema)) {
      throw new Error(`PULLCHECK_DATABASE_SCHEMA must be a lower-case Postgres name (letters, digits, _), not "${schema}".`);
    }
    return { location: { kind: 'postgres', url, schema }, retention };
  }
  const dir = env.PULLCHECK_DATA_DIR?.trim();
  if (dir === ':memory:') return { location: { kind: 'pglite', dataDir: null }, retention };
  return { location: { kind: 'pglite', dataDir: path.resolve(cwd, dir || '.pullcheck') }, retention };
}

/** The database as a person can recognise it, without its password. */
export function describeLocation(loc: StoreLocation): string {
  if (loc.kind === 'pglite') return loc.dataDir ? `PGlite in ${loc.dataDir}` : 'PGlite in memory';
  try {
    const u = new URL(loc.url);
    return `Postgres ${u.hostname || u.searchParams.get('host') || 'localhost'}${u.port ? `:${u.port}` : ''}${u.pathname}${loc.schema ? ` (schema ${loc.schema})` : ''}`;
  } catch {
    return 'Postgres (DATABASE_URL)';
  }
}
