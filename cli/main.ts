/** bin/pullcheck: dispatches to one command module per subcommand. */
import { EXIT, UsageError, CouldNotRunError, type Io } from './io';
import { OutputClosedError, streamWriter, terminalSafe } from './output';

const USAGE = `usage: pullcheck <command> [options]

commands:
  scan SCOPE [--format table|json|csv|sarif|markdown] [--out FILE] [--expect FILE] [--fail-on cannot-pull|unknown|violated] [--pull-failures[=N]] [--save]
  diff OLDER NEWER [--format text|json]
  can-pull --image IMAGE --cluster projects/P/locations/L/clusters/C [--node-pool NP] [--ask-google] SCOPE
  diagnose [--image IMAGE] --error-file F|- [--cluster ... --node-pool ...] SCOPE [--format text|json]
  collect SCOPE [--out FILE] [--redact]
  verify SCOPE [--sample N] [--format text|json] [--strict]
  emulator --scenario FILE [--port N]
  serve [SCOPE] [--every 6h] [--port 3000] [--host 127.0.0.1]

SCOPE: --projects a,b,c | --folder ID | --organization ID | --all-projects | --scenario FILE
       [--source api|asset-inventory]  (default: Cloud Asset Inventory for --organization and --folder when it answers)
`;

type Command = (argv: string[], io: Io) => Promise<number>;

const commands: Record<string, () => Promise<{ run: Command }>> = {
  scan: () => import('./commands/scan'),
  'can-pull': () => import('./commands/can-pull'),
  diagnose: () => import('./commands/diagnose'),
  collect: () => import('./commands/collect'),
  emulator: () => import('./commands/emulator'),
  verify: () => import('./commands/verify'),
  diff: () => import('./commands/diff'),
  serve: () => import('./commands/serve'),
};

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    // The reader of standard output went away (`| head`): it has what it wanted; stop quietly.
    if (err instanceof OutputClosedError) return EXIT.ok;
    if (err instanceof UsageError) {
      io.stderr(`pullcheck: ${err.message}\n`);
      return EXIT.badInput;
    }
    if (err instanceof CouldNotRunError) {
      io.stderr(`pullcheck: could not run: ${err.message}\n`);
      return EXIT.couldNotRun;
    }
    io.stderr(`pullcheck: could not run: ${err instanceof Error ? err.message : String(err)}\n`);
    if (io.env.PULLCHECK_DEBUG) io.stderr(`${err instanceof Error ? err.stack : ''}\n`);
    return EXIT.couldNotRun;
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr)(USAGE);
    return name ? EXIT.ok : EXIT.badInput;
  }
  const load = commands[name];
  if (!load) {
    io.stderr(`pullcheck: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.badInput;
  }
  const mod = await load();
  return await mod.run(rest, io);
}

const CLEAR_LINE = '\r\x1b[K';

/** The process's own streams; a failed write to standard output throws (see ./output). */
export function processIo(): Io {
  const stdout = streamWriter(process.stdout);
  const stderr = streamWriter(process.stderr, 'standard error');
  return {
    stdout: (t) => stdout.write(terminalSafe(t)),
    stderr: (t) => {
      try {
        // The progress line's own "return, clear line" prefix is the one control sequence Pullcheck writes.
        stderr.write(t.startsWith(CLEAR_LINE) ? CLEAR_LINE + terminalSafe(t.slice(CLEAR_LINE.length)) : terminalSafe(t));
      } catch {
        // Nowhere left to report to: the exit code still says how the run went.
      }
    },
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    flushStdout: stdout.flush,
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Runs the CLI as a process: the exit code is the command's, unless standard output could not take the
 * result (the last write may fail after the command returned): a closed pipe is a quiet 0, any other
 * failure one line and 4.
 */
export async function runProcess(argv: string[], io: Io = processIo()): Promise<number> {
  let code: number;
  try {
    code = await main(argv, io);
  } catch (err) {
    io.stderr(`pullcheck: could not run: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    code = EXIT.couldNotRun;
  }
  try {
    await io.flushStdout?.();
  } catch (err) {
    // A failed write already ended the command with its one line; say it once.
    if (code === EXIT.couldNotRun) return code;
    if (err instanceof OutputClosedError) return EXIT.ok;
    io.stderr(`pullcheck: could not run: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.couldNotRun;
  }
  return code;
}

if (process.argv[1] && /cli[\\/]main\.ts$/.test(process.argv[1])) {
  void runProcess(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
