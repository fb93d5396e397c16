/** Opens the configured scan store: PGlite in a data directory, or a Postgres server; migrates it. */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { describeLocation, type StoreLocation } from './config';
import { StoreError } from './errors';
import { KyselyScanStore, migrate } from './kysely-store';
import type { Database } from './schema';
import type { ScanStore } from './types';

/** How old a running scan's heartbeat may be before a server sharing the database declares it dead. */
export const STALE_AFTER_MS = 2 * 60_000;
export const INTERRUPTED = 'The server stopped while this scan ran (a crash or a restart); nothing of it was stored. Scan again.';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process's database: a second process opening the same directory would corrupt it. A lock
 * file with the owner's pid keeps it to one; a lock left by a dead process is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = path.join(dir, 'store.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new StoreError(
          `The scan database in ${dir} is in use by process ${pid} (a running dashboard or CLI); PGlite serves one process at a time.`,
          'Stop that process, or set PULLCHECK_DATA_DIR to another directory, or point every process at one Postgres server with DATABASE_URL.',
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new StoreError(`Could not take the lock on ${dir}.`, 'Remove store.lock in that directory if no Pullcheck process is running.');
}

async function openPglite(dataDir: string | null): Promise<ScanStore> {
  const where = describeLocation({ kind: 'pglite', dataDir });
  let unlock = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  try {
    const [{ PGlite }, { PGliteDialect }] = await Promise.all([import('@electric-sql/pglite'), import('kysely-pglite-dialect')]);
    let pg;
    try {
      pg = await PGlite.create(dataDir ? path.join(dataDir, 'db') : undefined);
    } catch (err) {
      throw new StoreError(
        `The scan database (${where}) could not be opened: ${err instanceof Error ? err.message : String(err)}. Its files may be damaged.`,
        `Move it aside (mv ${path.join(dataDir ?? '.', 'db')} ${path.join(dataDir ?? '.', 'db.broken')}) and start again: Pullcheck creates a fresh one; the old files stay for recovery.`,
        { cause: err },
      );
    }
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pg) });
    return await storeOnKysely(db, where, unlock);
  } catch (err) {
    unlock();
    throw err;
  }
}

async function openPostgres(url: string, schema: string | null): Promise<ScanStore> {
  const where = describeLocation({ kind: 'postgres', url, schema });
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 5, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    try {
      await sql`select 1`.execute(db);
    } catch (err) {
      throw new StoreError(
        `Could not reach the scan database (${where}): ${err instanceof Error ? err.message : String(err)}.`,
        'Check DATABASE_URL (host, port, user, database) and that the server accepts connections, or unset it to use the embedded store.',
        { cause: err },
      );
    }
    if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
    await migrate(db, where);
    await new KyselyScanStore(db, where).failStaleScans(new Date(Date.now() - STALE_AFTER_MS), INTERRUPTED);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw err;
  }
  return new KyselyScanStore(db, where);
}

/**
 * A store on an open Kysely database (PGlite owned by this process): migrates it and marks what an earlier
 * process left running as failed. Tests use it to share one PGlite instance (starting one costs seconds).
 */
export async function storeOnKysely(db: Kysely<Database>, where: string, onClose: () => void = () => {}): Promise<ScanStore> {
  try {
    await migrate(db, where);
    // One process owns this database: whatever it left running died with it.
    await new KyselyScanStore(db, where).failStaleScans(new Date(Date.now() + 1000), INTERRUPTED);
  } catch (err) {
    await db.destroy().catch(() => {});
    throw err;
  }
  return new KyselyScanStore(db, where, async () => onClose());
}

/** Opens and migrates the store at `location`. Throws StoreError with a way out when it cannot. */
export async function openStore(location: StoreLocation): Promise<ScanStore> {
  return location.kind === 'postgres' ? openPostgres(location.url, location.schema) : openPglite(location.dataDir);
}
