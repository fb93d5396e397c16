/** What a CLI command reads and writes, so commands are testable without a process. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for `--error-file -`). */
  readStdin: () => Promise<string>;
  /** Resolves once everything written to stdout has left the process; rejects as a write would (see ./output). */
  flushStdout?: () => Promise<void>;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Exit codes (README, "The CLI"). */
export const EXIT = { ok: 0, failOn: 1, cannotPull: 1, badInput: 2, unknown: 3, couldNotRun: 4 } as const;

/** Bad input: printed as "pullcheck: <message>" with exit code 2, never a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The tool could not run (no credentials, unreachable endpoint, emulator would not start): exit code 4. */
export class CouldNotRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CouldNotRunError';
  }
}
