/** The store's tables as Kysely sees them (after every migration in ./migrations). */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface ScansTable {
  id: string;
  scope_key: string;
  scope: Json<unknown>;
  label: string;
  source: string;
  status: string;
  started_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  heartbeat_at: Timestamp;
  error: string | null;
  rule_set_version: string | null;
  pair_count: Generated<number>;
  counts: ColumnType<unknown, string | null, string | null>;
  gap_count: Generated<number>;
  finding_count: Generated<number>;
  timings: ColumnType<unknown, string | null, string | null>;
  /** Added by 003. */
  reevaluated_from: string | null;
}

export interface ScanPayloadsTable {
  scan_id: string;
  /** JSON text: kept as text, not jsonb, so a large report is stored and read without a per-key rewrite. */
  estate: string;
  inventory: string;
  report: string;
}

export interface DiagnosesTable {
  id: string;
  created_at: Timestamp;
  payload: Json<unknown>;
}

export interface Database {
  scans: ScansTable;
  scan_payloads: ScanPayloadsTable;
  diagnoses: DiagnosesTable;
}
