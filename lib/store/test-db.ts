/**
 * Test databases: one PGlite instance per test file (starting PGlite runs initdb in WebAssembly: seconds),
 * emptied between tests; and, when PULLCHECK_TEST_DATABASE_URL names a Postgres server (scripts/test.ts
 * starts a throwaway one), a fresh schema per test on it.
 */
import { Kysely, sql } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from './schema';
import type { StoreLocation } from './config';

let shared: Promise<PGlite> | null = null;

/** The file's PGlite instance as it is (a "restarted server" opens it again). */
export function sharedPglite(): Promise<PGlite> {
  return (shared ??= import('@electric-sql/pglite').then(({ PGlite }) => PGlite.create()));
}

/** The file's PGlite instance, emptied: every table dropped (the next store migrates from nothing). */
export async function emptyPglite(): Promise<PGlite> {
  const pg = await sharedPglite();
  await pg.exec('drop schema public cascade; create schema public;');
  return pg;
}

/** A Kysely on the shared PGlite whose destroy() leaves the instance open for the next test. */
export async function pgliteKysely(pg: PGlite): Promise<Kysely<Database>> {
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const dialect = new PGliteDialect(pg);
  const createDriver = dialect.createDriver.bind(dialect);
  dialect.createDriver = () => {
    const d = createDriver();
    d.destroy = async () => {};
    return d;
  };
  return new Kysely<Database>({ dialect });
}

export const testPgUrl = process.env.PULLCHECK_TEST_DATABASE_URL || null;
const schemas: string[] = [];

/** A fresh schema on the test Postgres server. */
export function freshPgLocation(): StoreLocation {
  const schema = `pc_test_${process.pid}_${schemas.length}_${Math.random().toString(36).slice(2, 8)}`;
  schemas.push(schema);
  return { kind: 'postgres', url: testPgUrl!, schema };
}

/** Drops the schemas this file made. */
export async function dropPgSchemas(): Promise<void> {
  if (!testPgUrl || !schemas.length) return;
  const { default: pg } = await import('pg');
  const { PostgresDialect } = await import('kysely');
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: testPgUrl, max: 1 }) }) });
  for (const s of schemas.splice(0)) await sql`drop schema if exists ${sql.id(s)} cascade`.execute(db);
  await db.destroy();
}
