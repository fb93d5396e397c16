/** Runs bin/pullcheck as a child process, the way scripts and CI call it. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { Report } from '../lib/readiness/types';

/** The repository root (this file lives in test/). */
export const repoRoot = path.resolve(import.meta.dirname, '..');

/** What one CLI run produced. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bin/pullcheck ARGS` from the repository root; `input` is fed to standard input. */
export function runCli(args: string[], opts: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const run = spawnSync(path.join(repoRoot, 'bin', 'pullcheck'), args, {
    cwd: repoRoot,
    encoding: 'utf8',
    input: opts.input,
    timeout: opts.timeoutMs ?? 120_000,
    maxBuffer: 256 << 20,
    env: opts.env ?? process.env,
  });
  return {
    status: run.status,
    stdout: run.stdout ?? '',
    stderr: (run.stderr ?? '') + (run.error ? `\n${run.error.message}` : ''),
  };
}

/** Scans a scenario file (`scan --scenario FILE --format json`) and returns the report; throws with the CLI's own words when stdout is not one. */
export function scanReport(file: string): Report {
  const run = runCli(['scan', '--scenario', file, '--format', 'json']);
  try {
    return JSON.parse(run.stdout) as Report;
  } catch {
    const tail = run.stderr.trim().split('\n').slice(-3).join(' | ');
    throw new Error(`${file}: stdout is not a JSON report (exit ${run.status}); stderr: ${tail}`);
  }
}
