/** Runs a scan for a CLI command: live through ADC, or a scenario file served by the built-in emulator. */
import type { ScopeArgs } from './args';
import { CouldNotRunError, UsageError, type Io } from './io';
import { terminalSafe } from './output';
import { collectInventory, type ScanOutcome, type ScanProgress } from '../lib/scan/run';
import { describeCollection, reportCollection } from '../lib/scan/report-json';
import { evaluate } from '../lib/readiness/engine';
import type { RawEstate } from '../lib/inventory/raw';
import type { Inventory } from '../lib/inventory/types';
import { readGcpConfig, type GcpConfig } from '../lib/gcp/config';
import { formatPreflight, preflight } from '../lib/gcp/preflight';
import { loadScenarioFile, ScenarioError, formatScenarioIssues } from '../lib/scenario/schema';
import { startEmulator, type Emulator } from '../lib/emulator';
import type { Workload } from '../lib/workloads/estate';
import { imageUses } from '../lib/workloads/assets';
import { reportWithIntent } from '../lib/scan/intent';
import { scanPullFailures } from '../lib/gcp/collect-logs';
import type { FailureUse } from '../lib/intent/in-use';

/** Progress on one stderr line (rewritten in place on a terminal). */
export function progressPrinter(io: Io): (p: ScanProgress) => void {
  let last = 0;
  const tty = process.stderr.isTTY && !io.env.CI;
  return (p) => {
    const now = Date.now();
    if (now - last < 250 && p.projectsDone < p.projectsTotal) return;
    last = now;
    const wait = p.waiting ? `, waiting ${Math.ceil(p.waiting.ms / 1000)} s (${p.waiting.reason})` : '';
    const line = `${p.phase}: ${p.projectsDone}/${p.projectsTotal} projects, ${p.calls} calls, ${p.gaps} gaps${wait}`;
    if (tty) io.stderr(`\r\x1b[K${line}`);
    else if (io.env.PULLCHECK_PROGRESS) io.stderr(`${line}\n`);
  };
}

/** Starts the built-in emulator on a scenario file; a malformed file is bad input (exit 2). */
async function emulatorForScenario(file: string): Promise<Emulator> {
  let scenario;
  try {
    scenario = await loadScenarioFile(file);
  } catch (err) {
    if (err instanceof ScenarioError) throw new UsageError(`invalid scenario\n${formatScenarioIssues(err.issues)}`);
    throw err;
  }
  try {
    return await startEmulator({ scenario, port: 0 });
  } catch (err) {
    throw new CouldNotRunError(`the built-in emulator would not start: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Reads the configuration; a bad value is bad input (exit 2) naming the variable. */
function configFrom(env: Record<string, string | undefined>): GcpConfig {
  try {
    return readGcpConfig(env);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** The GCP configuration for this run; with --scenario, pointed at a fresh emulator. */
export async function sessionConfig(args: ScopeArgs, io: Io): Promise<{ config: GcpConfig; emulator: Emulator | null }> {
  if (!args.scenarioFile) return { config: configFrom(io.env), emulator: null };
  // Validate the environment before the emulator starts, so a bad value cannot leave it running.
  configFrom({ ...io.env, PULLCHECK_API_ROOT: 'http://127.0.0.1:1', GOOGLE_APPLICATION_CREDENTIALS: undefined });
  const emulator = await emulatorForScenario(args.scenarioFile);
  try {
    return { config: configFrom({ ...io.env, PULLCHECK_API_ROOT: emulator.url, GOOGLE_APPLICATION_CREDENTIALS: emulator.credentialsFile }), emulator };
  } catch (err) {
    await emulator.stop();
    throw err;
  }
}

/** Collects and normalizes the scope (no verdicts yet); the emulator (if any) is stopped afterwards. */
export async function inventoryForCli(
  args: ScopeArgs,
  io: Io,
  opts: { signal?: AbortSignal; pullFailures?: number } = {},
): Promise<{ raw: RawEstate; inventory: Inventory; workloads: Workload[]; failures?: FailureUse[] }> {
  const { config, emulator } = await sessionConfig(args, io);
  const onProgress = progressPrinter(io);
  try {
    await preflightForCli(config, io);
    const out = await collectInventory({ scope: args.scope, config, source: args.source, signal: opts.signal, onProgress });
    const collection = reportCollection(out.raw);
    // Said when it is news: Cloud Asset Inventory answered, a fallback happened, or a source was asked for.
    if (collection && (collection.source === 'asset-inventory' || collection.fallback || collection.requested !== 'auto')) {
      if (process.stderr.isTTY && !io.env.CI) io.stderr('\r\x1b[K');
      io.stderr(`${terminalSafe(describeCollection(collection))}\n`);
    }
    if (opts.pullFailures === undefined) return out;
    // scan --pull-failures: Cloud Logging for a bounded number of clusters, within 60 entries.list per minute per project.
    const r = await scanPullFailures(out.inventory, out.workloads, opts.pullFailures, { config, signal: opts.signal });
    out.inventory.gaps.push(...r.gaps);
    if (process.stderr.isTTY && !io.env.CI) io.stderr('\r\x1b[K');
    io.stderr(`failed pulls: read ${r.read} cluster${r.read === 1 ? '' : 's'} (${r.calls} Cloud Logging calls), found ${r.failures.length}${r.skipped ? `; ${r.skipped} more cluster${r.skipped === 1 ? '' : 's'} not read (raise --pull-failures=N)` : ''}\n`);
    return { ...out, failures: r.failures };
  } catch (err) {
    if (err instanceof CouldNotRunError) throw err;
    throw new CouldNotRunError(describeStartFailure(err, Boolean(emulator)));
  } finally {
    if (process.stderr.isTTY && !io.env.CI) io.stderr('\r\x1b[K');
    await emulator?.stop();
  }
}

/**
 * The preflight, once, before the scan (the collector reuses its result): warnings go to stderr with the command
 * that fixes each; a quota project that cannot serve the scan is exit 4. A credentials failure is left to the
 * collector, which words it.
 */
async function preflightForCli(config: GcpConfig, io: Io): Promise<void> {
  const report = await preflight(config);
  if (!report.credentials.ok) return;
  const text = formatPreflight(report);
  if (report.fatal) throw new CouldNotRunError(text.trimEnd());
  if (text) io.stderr(text);
}

/** Scans the scope and returns the whole outcome, report included. */
export async function scanForCli(args: ScopeArgs, io: Io, opts: { signal?: AbortSignal } = {}): Promise<ScanOutcome> {
  const { raw, inventory, workloads } = await inventoryForCli(args, io, opts);
  const report = reportWithIntent(evaluate(inventory, { now: new Date() }), inventory, { workloads: imageUses(workloads) });
  return { raw, inventory, report, workloads };
}

/** The collector's own words for a failure to start (it checks for a token before fanning out). */
export function describeStartFailure(err: unknown, emulated: boolean): string {
  const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  if (!emulated && /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|fetch failed/i.test(msg)) return `Google's APIs are unreachable from here (${msg}).`;
  return msg;
}
