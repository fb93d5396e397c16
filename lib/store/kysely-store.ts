/** The ScanStore over Kysely: the same queries for PGlite and for a Postgres server. */
import { randomBytes } from 'node:crypto';
import { Migrator, sql, type Kysely, type Migration, type Selectable } from 'kysely';
import type { Scope } from '../inventory/raw';
import type { Report } from '../readiness/types';
import { StoreError } from './errors';
import { MIGRATIONS, migrationProvider } from './migrations';
import type { Database, ScansTable } from './schema';
import type {
  CompletedScan,
  DiagnosisInput,
  ListOptions,
  NewScan,
  PruneOptions,
  ScanPayload,
  ScanSource,
  ScanStore,
  StoredDiagnosis,
  StoredScanMeta,
  StoredScanStatus,
  VerdictCounts,
} from './types';

export const MIGRATION_TABLE = 'pullcheck_migration';
export const MIGRATION_LOCK_TABLE = 'pullcheck_migration_lock';
/** Ids are ours (UUIDs, short tokens); anything longer is not one and is never sent to the database. */
const MAX_ID = 100;
/** A pasted error larger than this is not kept (the diagnose form bounds it well below). */
export const MAX_DIAGNOSIS_TEXT = 256 * 1024;

/** Canonical text of a scope: two scans with the same key scanned the same thing and can be compared. */
export function scopeKey(scope: Scope): string {
  return `${scope.kind}:${[...scope.ids].sort().join(',')}`;
}

function iso(v: Date | string | null): string | null {
  if (v === null) return null;
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

function asJson<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}

function toMeta(r: Selectable<ScansTable>): StoredScanMeta {
  return {
    id: r.id,
    scope: asJson<Scope>(r.scope),
    scopeKey: r.scope_key,
    label: r.label,
    source: r.source as ScanSource,
    status: r.status as StoredScanStatus,
    startedAt: iso(r.started_at)!,
    finishedAt: iso(r.finished_at),
    error: r.error,
    ruleSetVersion: r.rule_set_version,
    reevaluatedFrom: r.reevaluated_from ?? null,
    pairs: r.pair_count,
    counts: r.counts == null ? null : asJson<VerdictCounts>(r.counts),
    gaps: r.gap_count,
    findings: r.finding_count,
    timings: r.timings == null ? null : asJson(r.timings),
  };
}

function tally(report: Report): VerdictCounts {
  const c: VerdictCounts = { 'can-pull': 0, 'cannot-pull': 0, unknown: 0 };
  for (const p of report.pairs) c[p.verdict]++;
  return c;
}

/**
 * Brings the schema to the newest migration this build knows, in one transaction. Refuses a database that a
 * newer Pullcheck has migrated (never downgrades, never loses data).
 */
export async function migrate(db: Kysely<Database>, where: string, migrations: Record<string, Migration> = MIGRATIONS): Promise<void> {
  const known = new Set(Object.keys(migrations));
  const exists = await sql<{ t: string | null }>`select to_regclass(${MIGRATION_TABLE})::text as t`.execute(db);
  if (exists.rows[0]?.t) {
    const done = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db);
    const unknown = done.rows.map((r) => r.name).filter((n) => !known.has(n));
    if (unknown.length) {
      throw new StoreError(
        `The scan database (${where}) was migrated by a newer Pullcheck (schema ${unknown.at(-1)}; this one knows up to ${Object.keys(migrations).sort().at(-1)}).`,
        'Upgrade Pullcheck, or point PULLCHECK_DATA_DIR (or DATABASE_URL) at another database; this one is left untouched.',
      );
    }
  }
  // Kysely looks for its tables in every schema unless told which: name the one this connection works in,
  // so two Pullchecks in two schemas of one server each get their own.
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s;
  const migrator = new Migrator({
    db,
    provider: migrationProvider(migrations),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new StoreError(
      `The scan database (${where}) could not be migrated${failed ? ` (migration ${failed})` : ''}: ${error instanceof Error ? error.message : String(error)}.`,
      'Nothing was changed: the migration ran in a transaction and was rolled back. Report this with the message above.',
      { cause: error },
    );
  }
}

/** A ScanStore on an open, migrated Kysely database. `onClose` releases what the backend holds. */
export class KyselyScanStore implements ScanStore {
  constructor(
    readonly db: Kysely<Database>,
    readonly description: string,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {}

  async createScan(s: NewScan): Promise<void> {
    await this.db
      .insertInto('scans')
      .values({
        id: s.id,
        scope_key: scopeKey(s.scope),
        scope: JSON.stringify(s.scope),
        label: s.label,
        source: s.source,
        status: 'running',
        started_at: s.startedAt,
        heartbeat_at: s.startedAt,
        error: null,
        rule_set_version: null,
        counts: null,
        timings: null,
        finished_at: null,
        reevaluated_from: null,
      })
      .execute();
  }

  async heartbeat(id: string, at: Date): Promise<void> {
    await this.db.updateTable('scans').set({ heartbeat_at: at }).where('id', '=', id).where('status', '=', 'running').execute();
  }

  async completeScan(id: string, r: CompletedScan): Promise<boolean> {
    // Serialized before the transaction, so a failure to serialize leaves nothing half-written.
    const estate = JSON.stringify(r.estate);
    const inventory = JSON.stringify(r.inventory);
    const report = JSON.stringify(r.report);
    return await this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('scans')
        .set({
          status: 'done',
          finished_at: r.finishedAt,
          heartbeat_at: r.finishedAt,
          rule_set_version: r.ruleSetVersion,
          pair_count: r.report.pairs.length,
          counts: JSON.stringify(tally(r.report)),
          gap_count: r.report.gaps.length,
          finding_count: r.report.findings.length,
          timings: JSON.stringify(r.timings),
        })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return false;
      await trx.insertInto('scan_payloads').values({ scan_id: id, estate, inventory, report }).execute();
      return true;
    });
  }

  async endScan(id: string, status: 'failed' | 'cancelled', error: string | null, finishedAt: string): Promise<boolean> {
    const r = await this.db
      .updateTable('scans')
      .set({ status, error, finished_at: finishedAt })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async getScan(id: string): Promise<StoredScanMeta | null> {
    if (!id || id.length > MAX_ID) return null;
    const r = await this.db.selectFrom('scans').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toMeta(r) : null;
  }

  async getPayload(id: string): Promise<ScanPayload | null> {
    if (!id || id.length > MAX_ID) return null;
    const r = await this.db.selectFrom('scan_payloads').selectAll().where('scan_id', '=', id).executeTakeFirst();
    if (!r) return null;
    return { estate: JSON.parse(r.estate), inventory: JSON.parse(r.inventory), report: JSON.parse(r.report) };
  }

  async replaceReport(id: string, report: Report, ruleSetVersion: string): Promise<void> {
    const text = JSON.stringify(report);
    await this.db.transaction().execute(async (trx) => {
      const cur = await trx.selectFrom('scans').select(['rule_set_version', 'reevaluated_from']).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!cur) return;
      await trx
        .updateTable('scans')
        .set({
          rule_set_version: ruleSetVersion,
          reevaluated_from: cur.reevaluated_from ?? cur.rule_set_version,
          pair_count: report.pairs.length,
          counts: JSON.stringify(tally(report)),
          gap_count: report.gaps.length,
          finding_count: report.findings.length,
        })
        .where('id', '=', id)
        .execute();
      await trx.updateTable('scan_payloads').set({ report: text }).where('scan_id', '=', id).execute();
    });
  }

  async listScans(opts: ListOptions = {}): Promise<StoredScanMeta[]> {
    let q = this.db.selectFrom('scans').selectAll();
    if (opts.scopeKey !== undefined) q = q.where('scope_key', '=', opts.scopeKey);
    if (opts.status !== undefined) q = q.where('status', '=', opts.status);
    q = q.orderBy('started_at', 'desc').orderBy('id', 'desc');
    if (opts.limit !== undefined) q = q.limit(opts.limit);
    return (await q.execute()).map(toMeta);
  }

  async previousScan(id: string): Promise<StoredScanMeta | null> {
    const cur = await this.getScan(id);
    if (!cur) return null;
    const r = await this.db
      .selectFrom('scans')
      .selectAll()
      .where('scope_key', '=', cur.scopeKey)
      .where('status', '=', 'done')
      .where('started_at', '<', new Date(cur.startedAt))
      .where('id', '<>', id)
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? toMeta(r) : null;
  }

  async prune(opts: PruneOptions): Promise<string[]> {
    const cutoff = new Date(opts.now.getTime() - opts.maxAgeMs);
    return await this.db.transaction().execute(async (trx) => {
      const finished = await trx
        .selectFrom('scans')
        .select(['id', 'status', 'started_at'])
        .where('status', '<>', 'running')
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      const newestDone = finished.find((r) => r.status === 'done')?.id;
      const drop = finished
        .filter((r, i) => r.id !== newestDone && (i >= opts.keep || new Date(r.started_at) < cutoff))
        .map((r) => r.id);
      if (drop.length) await trx.deleteFrom('scans').where('id', 'in', drop).execute();
      await trx.deleteFrom('diagnoses').where('created_at', '<', cutoff).execute();
      return drop;
    });
  }

  async failStaleScans(before: Date, message: string): Promise<string[]> {
    const rows = await this.db
      .updateTable('scans')
      .set({ status: 'failed', error: message, finished_at: sql<Date>`now()` })
      .where('status', '=', 'running')
      .where('heartbeat_at', '<', before)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  async saveDiagnosis(input: DiagnosisInput): Promise<string> {
    if (typeof input.text !== 'string' || input.text.length > MAX_DIAGNOSIS_TEXT) {
      throw new RangeError(`A stored diagnosis holds at most ${MAX_DIAGNOSIS_TEXT} characters of pasted text.`);
    }
    const id = randomBytes(12).toString('base64url');
    const payload: DiagnosisInput = {
      text: input.text,
      image: input.image ?? null,
      cluster: input.cluster ?? null,
      nodePool: input.nodePool ?? null,
      scanId: input.scanId ?? null,
    };
    await this.db.insertInto('diagnoses').values({ id, created_at: new Date(), payload: JSON.stringify(payload) }).execute();
    return id;
  }

  async getDiagnosis(id: string): Promise<StoredDiagnosis | null> {
    if (!id || id.length > MAX_ID) return null;
    const r = await this.db.selectFrom('diagnoses').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return null;
    return { ...asJson<DiagnosisInput>(r.payload), id: r.id, createdAt: iso(r.created_at)! };
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }
}
