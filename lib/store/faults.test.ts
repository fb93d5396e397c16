import { mkdtempSync, rmSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql, type Kysely, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATION_TABLE } from './kysely-store';
import { LATEST_MIGRATION, MIGRATIONS } from './migrations';
import { openStore, storeOnKysely } from './open';
import { StoreError } from './errors';
import type { Database } from './schema';
import { dropPgSchemas, emptyPglite, freshPgLocation, pgliteKysely, testPgUrl } from './test-db';
import { completed, newScan } from './test-fixtures';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await dropPgSchemas();
});
beforeAll(() => emptyPglite().then(() => undefined), 120_000);

const names = Object.keys(MIGRATIONS).sort();
const upTo = (n: number): Record<string, Migration> => Object.fromEntries(names.slice(0, n).map((k) => [k, MIGRATIONS[k]]));

async function freshDb(): Promise<Kysely<Database>> {
  return pgliteKysely(await emptyPglite());
}

async function tables(db: Kysely<Database>): Promise<string[]> {
  const r = await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = current_schema() order by 1`.execute(db);
  return r.rows.map((x) => x.t);
}

describe('migrations', () => {
  it.each(names.map((_, i) => i))('upgrades a database at schema %i to the latest without losing its scans', async (n) => {
    const db = await freshDb();
    if (n > 0) await migrate(db, 'test', upTo(n));
    // A scan written the way that schema allows (every schema has had the scans table since 001).
    if (n > 0) {
      await sql`insert into scans (id, scope_key, scope, label, source, status, started_at, heartbeat_at, pair_count)
                values ('early', 'projects:app', '{"kind":"projects","ids":["app"]}', 'early', 'cli', 'failed', now(), now(), 0)`.execute(db);
    }
    const store = await storeOnKysely(db, 'test');
    if (n > 0) expect(await store.getScan('early')).toMatchObject({ id: 'early', status: 'failed', reevaluatedFrom: null });
    const done = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db);
    expect(done.rows.map((r) => r.name)).toEqual(names);
    await store.createScan(newScan('after', '2026-11-01T00:00:00Z'));
    expect(await store.completeScan('after', completed(true, '2026-11-01T00:01:00Z'))).toBe(true);
    expect(await store.saveDiagnosis({ text: 'x' })).toBeTruthy();
  });

  it('rolls back every pending migration when one fails: the schema stays as it was', async () => {
    const db = await freshDb();
    await migrate(db, 'test', upTo(1));
    const before = await tables(db);
    const broken = { ...MIGRATIONS, '999_broken': { up: async (d: Kysely<unknown>) => void (await sql`select * from no_such_table`.execute(d)) } };
    const err = await migrate(db, 'test', broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toMatch(/could not be migrated \(migration 999_broken\).*rolled back/);
    // 002 and 003 ran in the same transaction as the broken one: none of them stayed.
    expect(await tables(db)).toEqual(before);
    expect(before).not.toContain('diagnoses');
  });

  it('refuses a database a newer Pullcheck migrated, naming the way out, and changes nothing', async () => {
    const db = await freshDb();
    await migrate(db, 'test');
    await sql`insert into ${sql.table(MIGRATION_TABLE)} (name, timestamp) values ('900_from_the_future', now())`.execute(db);
    const err = await migrate(db, 'PGlite in test').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toContain(`migrated by a newer Pullcheck (schema 900_from_the_future; this one knows up to ${LATEST_MIGRATION})`);
    expect((err as Error).message).toContain('Upgrade Pullcheck, or point PULLCHECK_DATA_DIR (or DATABASE_URL) at another database');
    expect(await tables(db)).toContain('scans');
  });
});

describe('the embedded data directory', () => {
  it('refuses a second process on the same directory, and says which', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pullcheck-lock-'));
    dirs.push(dir);
    // A live process (this test's parent) holds the lock.
    writeFileSync(path.join(dir, 'store.lock'), String(process.ppid));
    await expect(openStore({ kind: 'pglite', dataDir: dir })).rejects.toThrow(`in use by process ${process.ppid}`);
  });

  it('reports damaged files with a way out that keeps them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pullcheck-corrupt-'));
    dirs.push(dir);
    const db = path.join(dir, 'db');
    rmSync(db, { recursive: true, force: true });
    // Not a Postgres data directory at all: a version file that lies, the rest garbage.
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(db, 'global'), { recursive: true });
    writeFileSync(path.join(db, 'PG_VERSION'), '15\n');
    writeFileSync(path.join(db, 'global', 'pg_control'), Buffer.alloc(8192, 0x5a));
    const err = await openStore({ kind: 'pglite', dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toContain('could not be opened');
    expect((err as Error).message).toContain(`mv ${db} ${db}.broken`);
    expect(existsSync(path.join(db, 'PG_VERSION'))).toBe(true);
    expect(readdirSync(dir)).not.toContain('store.lock');
  }, 120_000);
});

// Registered only where a PostgreSQL server is given (scripts/test.ts starts one): PGlite has one process by design.
if (testPgUrl) describe('two servers on one PostgreSQL', () => {
  it('migrate at the same time without error and see each other\'s scans', async () => {
    const loc = freshPgLocation();
    const [a, b] = await Promise.all([openStore(loc), openStore(loc)]);
    try {
      await a.createScan(newScan('from-a', '2026-11-01T00:00:00Z'));
      await b.createScan(newScan('from-b', '2026-11-01T00:00:01Z'));
      expect(await a.completeScan('from-a', completed(true, '2026-11-01T00:01:00Z'))).toBe(true);
      // b cannot complete a's scan twice; a's write is whole.
      expect(await b.completeScan('from-a', completed(false, '2026-11-01T00:02:00Z'))).toBe(false);
      expect((await b.getPayload('from-a'))?.report.pairs[0].verdict).toBe('can-pull');
      expect((await a.listScans()).map((s) => s.id)).toEqual(['from-b', 'from-a']);
      // A third server starting later does not fail b's scan, which is still beating; one whose server went silent, it does.
      await b.heartbeat('from-b', new Date());
      await b.createScan(newScan('silent', '2026-11-01T00:00:02Z'));
      const c = await openStore(loc);
      expect((await c.getScan('from-b'))?.status).toBe('running');
      expect((await c.getScan('silent'))?.status).toBe('failed');
      await c.close();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
