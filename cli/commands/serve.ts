/**
 * `pullcheck serve [SCOPE] [--every 6h] [--port 3000] [--host 127.0.0.1]`: the dashboard (`next start` on
 * the built app) for a team, with scans kept in the scan store (DATABASE_URL or PULLCHECK_DATA_DIR) and, when
 * a SCOPE is given, a scan of it every `--every` (default 6h) run by the server itself and stored. The same
 * schedule can be set without the CLI: PULLCHECK_SCHEDULE_SCOPE and PULLCHECK_SCHEDULE_EVERY (README,
 * "A deployed dashboard").
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse, scopeFrom, scopeOptions, type ScopeArgs } from '../args';
import { CouldNotRunError, EXIT, UsageError, type Io } from '../io';
import { sessionConfig } from '../scan-session';
import { formatEvery, parseEvery, scheduleConfig, type ScheduleConfig } from '../../lib/server/schedule';
import { storeConfig, describeLocation } from '../../lib/store/config';

const root = path.resolve(import.meta.dirname, '../..');

/** PULLCHECK_SCHEDULE_SCOPE's text for a CLI scope. */
export function scheduleScopeText(args: ScopeArgs): string {
  const { scope } = args;
  if (scope.kind === 'all-projects') return 'all-projects';
  if (scope.kind === 'scenario') return `scenario:${path.basename(args.scenarioFile ?? scope.ids[0] ?? 'scenario')}`;
  return `${scope.kind}:${scope.ids.join(',')}`;
}

export interface ServePlan {
  port: number;
  host: string;
  /** The environment of the server (schedule settings included). */
  env: NodeJS.ProcessEnv;
  schedule: ScheduleConfig | null;
  /** The scope, when a scenario file needs the built-in emulator started. */
  scopeArgs: ScopeArgs | null;
}

/**
 * What `serve` will run, from its arguments and environment; a UsageError names a bad flag or variable.
 * `emulator` (url, credentials file) points the server at a started emulator for --scenario.
 */
export function servePlan(argv: string[], io: Pick<Io, 'env' | 'cwd'>, emulator?: { url: string; credentialsFile: string }): ServePlan {
  const { values } = parse('serve', argv, {
    ...scopeOptions,
    every: { type: 'string' },
    port: { type: 'string', default: io.env.PORT ?? '3000' },
    host: { type: 'string', default: '127.0.0.1' },
  });
  if (values.source !== undefined) throw new UsageError('serve: --source is not available for scheduled scans (they read each resource through its API)');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`serve: --port must be a port number (1-65535), not "${values.port}"`);
  const host = values.host.trim();
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(host)) throw new UsageError(`serve: --host must be a host name or address, not "${values.host.slice(0, 60)}"`);
  const hasScope = (['projects', 'folder', 'organization', 'all-projects', 'scenario'] as const).some((k) => values[k] !== undefined && values[k] !== false);
  const env: NodeJS.ProcessEnv = { ...io.env };
  let scopeArgs: ScopeArgs | null = null;
  if (hasScope) {
    scopeArgs = scopeFrom('serve', values, io.cwd);
    env.PULLCHECK_SCHEDULE_SCOPE = scheduleScopeText(scopeArgs);
    if (scopeArgs.scenarioFile && emulator) {
      env.PULLCHECK_API_ROOT = emulator.url;
      env.GOOGLE_APPLICATION_CREDENTIALS = emulator.credentialsFile;
    } else if (scopeArgs.scenarioFile) {
      // Checked before the emulator starts; it sets the real address.
      env.PULLCHECK_API_ROOT = 'http://127.0.0.1:1';
    }
  } else if (values.every !== undefined && !env.PULLCHECK_SCHEDULE_SCOPE?.trim()) {
    throw new UsageError('serve: --every needs a SCOPE to scan: --projects a,b,c | --folder ID | --organization ID | --all-projects | --scenario FILE');
  }
  if (values.every !== undefined) {
    try {
      env.PULLCHECK_SCHEDULE_EVERY = formatEvery(parseEvery(values.every));
    } catch (err) {
      throw new UsageError(`serve: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  let schedule: ScheduleConfig | null;
  try {
    schedule = scheduleConfig(env);
    storeConfig(env, io.cwd);
  } catch (err) {
    throw new UsageError(`serve: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { port, host, env, schedule, scopeArgs };
}

export async function run(argv: string[], io: Io): Promise<number> {
  // Everything is checked before anything starts.
  let plan = servePlan(argv, io);
  const distDir = io.env.NEXT_DIST_DIR?.trim() || '.next';
  if (!existsSync(path.join(root, distDir, 'BUILD_ID'))) throw new CouldNotRunError(`the dashboard is not built (no ${distDir}/BUILD_ID): run npm run build first`);
  const emulator = plan.scopeArgs?.scenarioFile ? (await sessionConfig(plan.scopeArgs, io)).emulator : null;
  try {
    if (emulator) plan = servePlan(argv, io, emulator);
    const where = describeLocation(storeConfig(plan.env, io.cwd).location);
    io.stderr(`pullcheck: dashboard on http://${plan.host.includes(':') ? `[${plan.host}]` : plan.host}:${plan.port}; scans kept in ${where}\n`);
    if (plan.schedule) io.stderr(`pullcheck: scanning ${plan.schedule.label} every ${formatEvery(plan.schedule.everyMs)}\n`);
    return await nextStart(plan, io);
  } finally {
    await emulator?.stop();
  }
}

/** Runs `next start` until it exits or this process is told to stop (Ctrl-C, SIGTERM), which it passes on. */
function nextStart(plan: ServePlan, io: Io): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', plan.host, '-p', String(plan.port)], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...plan.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      stopping = true;
      child.kill(signal);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    child.on('error', (err) => {
      io.stderr(`pullcheck: could not run: the dashboard would not start: ${err.message}\n`);
      resolve(EXIT.couldNotRun);
    });
    child.on('exit', (code) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(stopping ? EXIT.ok : code === 0 ? EXIT.ok : code === 2 ? EXIT.badInput : EXIT.couldNotRun);
    });
  });
}
