/**
 * The store's schema, one migration per change, oldest first. Kysely's Migrator runs the pending ones in one
 * transaction under a Postgres advisory lock, so a failed migration leaves the schema as it was and two
 * servers starting on one database do not migrate it twice. Never edit a migration that has shipped: add one.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their own time, not today's Database type */
type AnyDb = Kysely<any>;

export const MIGRATIONS: Record<string, Migration> = {
  '001_scans': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('scans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope_key', 'text', (c) => c.notNull())
        .addColumn('scope', 'jsonb', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'done', 'failed', 'cancelled')`))
        .addColumn('started_at', 'timestamptz', (c) => c.notNull())
        .addColumn('finished_at', 'timestamptz')
        .addColumn('heartbeat_at', 'timestamptz', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('rule_set_version', 'text')
        .addColumn('pair_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('counts', 'jsonb')
        .addColumn('gap_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('finding_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('timings', 'jsonb')
        .execute();
      await db.schema
        .createTable('scan_payloads')
        .addColumn('scan_id', 'text', (c) => c.primaryKey().references('scans.id').onDelete('cascade'))
        .addColumn('estate', 'text', (c) => c.notNull())
        .addColumn('inventory', 'text', (c) => c.notNull())
        .addColumn('report', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '002_diagnoses': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('diagnoses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('payload', 'jsonb', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('diagnoses_created_at').on('diagnoses').column('created_at').execute();
    },
  },
  '003_reevaluation_and_scope_index': {
    async up(db: AnyDb) {
      await db.schema.alterTable('scans').addColumn('reevaluated_from', 'text').execute();
      await db.schema.createIndex('scans_scope_started').on('scans').columns(['scope_key', 'started_at']).execute();
      await db.schema.createIndex('scans_started').on('scans').column('started_at').execute();
    },
  },
};

/** The migrations in order, as Kysely's Migrator reads them. */
export function migrationProvider(migrations: Record<string, Migration> = MIGRATIONS): MigrationProvider {
  return { getMigrations: async () => migrations };
}

/** The newest migration this build knows. */
export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1)!;
