/**
 * The scan store: where finished scans, their collected estate and their report are kept, so they outlive
 * the server process and can be compared. One interface, two backends on one schema: PGlite (Postgres in
 * WebAssembly, the embedded default) and a Postgres server (`DATABASE_URL`).
 */
import type { Inventory } from '../inventory/types';
import type { Scope } from '../inventory/raw';
import type { Report, Verdict } from '../readiness/types';
import type { Scenario } from '../scenario/schema';

export type StoredScanStatus = 'running' | 'done' | 'failed' | 'cancelled';
export type ScanSource = 'live' | 'demo' | 'snapshot' | 'cli' | 'scheduled';

export type VerdictCounts = Record<Verdict, number>;

/** How long the parts of a scan took, in milliseconds. */
export interface ScanTimings {
  collectMs?: number;
  evaluateMs?: number;
  totalMs?: number;
}

/** A scan's row without its payload (estate, inventory, report): cheap to list. */
export interface StoredScanMeta {
  id: string;
  scope: Scope;
  /** Canonical text of the scope: scans with equal keys are comparable. */
  scopeKey: string;
  label: string;
  source: ScanSource;
  status: StoredScanStatus;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  /** The rule set that judged the stored report. */
  ruleSetVersion: string | null;
  /** Set when the report was re-judged because the rule set changed: the version that first judged it. */
  reevaluatedFrom: string | null;
  pairs: number;
  counts: VerdictCounts | null;
  gaps: number;
  findings: number;
  timings: ScanTimings | null;
}

/** What a finished scan stores: the estate as a scenario (re-openable, re-judgeable), the inventory and the report. */
export interface ScanPayload {
  estate: Scenario;
  inventory: Inventory;
  report: Report;
}

export interface NewScan {
  id: string;
  scope: Scope;
  label: string;
  source: ScanSource;
  startedAt: string;
}

export interface CompletedScan extends ScanPayload {
  finishedAt: string;
  ruleSetVersion: string;
  timings: ScanTimings;
}

export interface ListOptions {
  scopeKey?: string;
  status?: StoredScanStatus;
  /** Newest first; at most this many. */
  limit?: number;
}

export interface PruneOptions {
  /** Finished scans kept at most (the newest). */
  keep: number;
  /** Finished scans (and stored diagnoses) older than this are dropped; the newest finished scan is always kept. */
  maxAgeMs: number;
  now: Date;
}

/** A pasted pull error and what it was pasted against, kept so the diagnosis has its own URL. */
export interface DiagnosisInput {
  /** The pasted error text. */
  text: string;
  image?: string | null;
  cluster?: string | null;
  nodePool?: string | null;
  scanId?: string | null;
}

export interface StoredDiagnosis extends DiagnosisInput {
  id: string;
  createdAt: string;
}

/** Stored diagnoses: the same shape whether kept in this store or in a short-lived in-memory one. */
export interface DiagnosisStore {
  saveDiagnosis(input: DiagnosisInput): Promise<string>;
  getDiagnosis(id: string): Promise<StoredDiagnosis | null>;
}

export interface ScanStore extends DiagnosisStore {
  /** Which backend answers: "pglite DIR", "pglite (memory)", "postgres host/db". */
  readonly description: string;
  createScan(scan: NewScan): Promise<void>;
  /** Marks a running scan as alive (see failStaleScans). */
  heartbeat(id: string, at: Date): Promise<void>;
  /** Stores the result and marks the scan done, in one transaction; false when the scan is no longer running. */
  completeScan(id: string, result: CompletedScan): Promise<boolean>;
  /** Ends a running scan as failed or cancelled; false when it was not running. */
  endScan(id: string, status: 'failed' | 'cancelled', error: string | null, finishedAt: string): Promise<boolean>;
  getScan(id: string): Promise<StoredScanMeta | null>;
  getPayload(id: string): Promise<ScanPayload | null>;
  /** Replaces a done scan's report after re-judging it with another rule set. */
  replaceReport(id: string, report: Report, ruleSetVersion: string): Promise<void>;
  listScans(opts?: ListOptions): Promise<StoredScanMeta[]>;
  /** The newest done scan of the same scope that started before this one. */
  previousScan(id: string): Promise<StoredScanMeta | null>;
  /** Drops the oldest finished scans past `keep` and those older than `maxAgeMs`; returns the dropped ids. */
  prune(opts: PruneOptions): Promise<string[]>;
  /** Marks running scans whose heartbeat is older than `before` as failed (their server stopped). */
  failStaleScans(before: Date, message: string): Promise<string[]>;
  close(): Promise<void>;
}
