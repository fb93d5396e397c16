/** One scan: collect the estate through googleapis, normalize it, judge every pair. Shared by the CLI and the app. */
import type { RawEstate, Scope } from '../inventory/raw';
import type { Inventory } from '../inventory/types';
import type { Report } from '../readiness/types';
import { collectEstate, type CollectProgress, type SourceChoice } from '../gcp/collect';
import { collectKubernetesAssets } from '../gcp/collect-workloads';
import type { GcpConfig } from '../gcp/config';
import { normalize } from '../inventory/normalize';
import { evaluate } from '../readiness/engine';
import { workloadsOf, type Workload } from '../workloads/estate';
import { imageUses } from '../workloads/assets';
import { reportWithIntent } from './intent';

export interface ScanOutcome {
  raw: RawEstate;
  inventory: Inventory;
  report: Report;
  /** Workloads read from Cloud Asset Inventory (empty when none were read). */
  workloads: Workload[];
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
  /** Read Kubernetes workloads from Cloud Asset Inventory (default true). */
  workloads?: boolean;
}

/** Collects the scope through googleapis (live or the emulator, per config) and normalizes it, without judging. */
export async function collectInventory(opts: RunScanOptions): Promise<{ raw: RawEstate; inventory: Inventory; workloads: Workload[] }> {
  const raw = await collectEstate({ scope: opts.scope, config: opts.config, source: opts.source, signal: opts.signal, onProgress: opts.onProgress });
  if (opts.workloads !== false) {
    // After the estate: the parents to list follow from the projects' ancestry (one organization-level list, not one per project).
    const { assets, gaps } = await collectKubernetesAssets(raw, { config: opts.config, signal: opts.signal });
    raw.kubernetesAssets = assets;
    raw.gaps = [...raw.gaps, ...gaps].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  const inventory = normalize(raw);
  inventory.scope = opts.scope;
  return { raw, inventory, workloads: workloadsOf(raw) };
}

/** Collects the scope through googleapis (live or the emulator, per config), normalizes, judges; pairs marked inUse from workloads. */
export async function runScan(opts: RunScanOptions): Promise<ScanOutcome> {
  const { raw, inventory, workloads } = await collectInventory(opts);
  const now = opts.now?.() ?? new Date();
  const report = reportWithIntent(evaluate(inventory, { now }), inventory, { workloads: imageUses(workloads) });
  return { raw, inventory, report, workloads };
}
