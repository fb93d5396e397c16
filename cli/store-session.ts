/** The CLI's side of the scan store: `scan --save` and `diff` open the same store the dashboard uses. */
import type { RawEstate } from '../lib/inventory/raw';
import type { Inventory } from '../lib/inventory/types';
import { rawToScenario } from '../lib/gcp/snapshot';
import { evaluate } from '../lib/readiness/engine';
import type { Report } from '../lib/readiness/types';
import { RULE_SET_VERSION } from '../lib/readiness/rule-set-version';
import { storeConfig } from '../lib/store/config';
import { StoreError } from '../lib/store/errors';
import { openStore } from '../lib/store/open';
import type { ScanPayload, ScanStore, StoredScanMeta } from '../lib/store/types';
import { CouldNotRunError, UsageError, type Io } from './io';

/** Opens the configured store (DATABASE_URL, else PGlite in PULLCHECK_DATA_DIR or ./.pullcheck); its failure is exit 4. */
export async function openCliStore(io: Io): Promise<ScanStore> {
  let cfg;
  try {
    cfg = storeConfig(io.env, io.cwd);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  try {
    return await openStore(cfg.location);
  } catch (err) {
    if (err instanceof StoreError) throw new CouldNotRunError(err.message);
    throw err;
  }
}

/** Stores a finished CLI scan (estate as a scenario, inventory, report); returns its id. */
export async function saveCliScan(io: Io, s: { raw: RawEstate; inventory: Inventory; report: Report; startedAt: string }): Promise<string> {
  const store = await openCliStore(io);
  try {
    const id = crypto.randomUUID();
    const label = `${s.inventory.scope.kind}${s.inventory.scope.ids.length ? ` ${s.inventory.scope.ids.join(', ')}` : ''}`;
    await store.createScan({ id, scope: s.inventory.scope, label, source: 'cli', startedAt: s.startedAt });
    const finishedAt = new Date().toISOString();
    await store.completeScan(id, {
      estate: rawToScenario(s.raw, { redact: false, description: label }),
      inventory: s.inventory,
      report: s.report,
      finishedAt,
      ruleSetVersion: RULE_SET_VERSION,
      timings: { totalMs: Date.parse(finishedAt) - Date.parse(s.startedAt) },
    });
    const cfg = storeConfig(io.env, io.cwd);
    await store.prune({ keep: cfg.retention.keep, maxAgeMs: cfg.retention.maxAgeMs, now: new Date() });
    return id;
  } finally {
    await store.close();
  }
}

/** A stored, finished scan with its payload, the report judged by this rule set. */
export async function loadStoredScan(store: ScanStore, id: string, command: string): Promise<{ meta: StoredScanMeta; payload: ScanPayload }> {
  const meta = await store.getScan(id);
  if (!meta) throw new UsageError(`${command}: no stored scan "${id}" (it never existed or was pruned; list kept scans in the dashboard's Scan page)`);
  if (meta.status !== 'done') throw new UsageError(`${command}: scan "${id}" is ${meta.status}; only finished scans can be compared`);
  const payload = await store.getPayload(id);
  if (!payload) throw new UsageError(`${command}: scan "${id}" has no stored result`);
  if (meta.ruleSetVersion !== RULE_SET_VERSION) {
    payload.report = { ...evaluate(payload.inventory, { now: new Date(payload.report.scannedAt) }), scannedAt: payload.report.scannedAt };
  }
  return { meta, payload };
}
