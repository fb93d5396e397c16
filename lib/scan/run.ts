/** One scan: collect the estate through googleapis, normalize it, judge every pair. Shared by the CLI and the app. */
import type { RawEstate, Scope } from '../inventory/raw';
import type { Inventory } from '../inventory/types';
import type { Report } from '../readiness/types';
import { collectEstate, type CollectProgress, type SourceChoice } from '../gcp/collect';
import type { GcpConfig } from '../gcp/config';
import { normalize } from '../inventory/normalize';
import { evaluate } from '../readiness/engine';

export interface ScanOutcome {
  raw: RawEstate;
  inventory: Inventory;
  report: Report;
}

/** What a scan reports while it runs: the collector's progress (the engine's part is instant). */
export type ScanProgress = CollectProgress;


export interface RunScanOptions {
  scope: Scope;
  config: GcpConfig;
  signal?: AbortSignal;
  onProgress?: (p: ScanProgress) => void;
  now?: () => Date;
  /** Collection path: `auto` (default), or forced (`--source`). */
  source?: SourceChoice;
}

/** Collects the scope through googleapis (live or the emulator, per config) and normalizes it, without judging. */
export async function collectInventory(opts: RunScanOptions): Promise<{ raw: RawEstate; inventory: Inventory }> {
  const raw = await collectEstate({ scope: opts.scope, config: opts.config, source: opts.source, signal: opts.signal, onProgress: opts.onProgress });
  const inventory = normalize(raw);
  inventory.scope = opts.scope;
  return { raw, inventory };
}

/** Collects the scope through googleapis (live or the emulator, per config), normalizes, judges. */
export async function runScan(opts: RunScanOptions): Promise<ScanOutcome> {
  const { raw, inventory } = await collectInventory(opts);
  const now = opts.now?.() ?? new Date();
  const report = evaluate(inventory, { now });
  return { raw, inventory, report };
}
