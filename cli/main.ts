/** bin/pullcheck: dispatches to one command module per subcommand. */
import { EXIT, UsageError, CouldNotRunError, type Io } from './io';

const USAGE = `usage: pullcheck <command> [options]

commands:
  scan SCOPE [--format table|json] [--out FILE] [--fail-on cannot-pull|unknown]
  can-pull --image IMAGE --cluster projects/P/locations/L/clusters/C [--node-pool NP] SCOPE
  diagnose [--image IMAGE] --error-file F|- [--cluster ... --node-pool ...] SCOPE [--format text|json]
  collect SCOPE [--out FILE] [--redact]
  emulator --scenario FILE [--port N]

SCOPE: --projects a,b,c | --folder ID | --organization ID | --all-projects | --scenario FILE
`;

type Command = (argv: string[], io: Io) => Promise<number>;

const commands: Record<string, () => Promise<{ run: Command }>> = {
  scan: () => import('./commands/scan'),
  'can-pull': () => import('./commands/can-pull'),
  diagnose: () => import('./commands/diagnose'),
  collect: () => import('./commands/collect'),
  emulator: () => import('./commands/emulator'),
};

export async function main(argv: string[], io: Io): Promise<number> {
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
  try {
    const mod = await load();
    return await mod.run(rest, io);
  } catch (err) {
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

export const processIo = (): Io => ({
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  env: process.env,
  cwd: process.cwd(),
});

if (process.argv[1] && /cli[\\/]main\.ts$/.test(process.argv[1])) {
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`pullcheck: could not run: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = EXIT.couldNotRun;
    },
  );
}
