/** `pullcheck emulator --scenario FILE [--port N]`: serves a scenario over Google's REST paths until interrupted. */
import { isAbsolute, resolve } from 'node:path';
import { parse } from '../args';
import { CouldNotRunError, EXIT, UsageError, type Io } from '../io';
import { formatScenarioIssues, loadScenarioFile, ScenarioError } from '../../lib/scenario/schema';
import { startEmulator } from '../../lib/emulator';

/** Runs the emulator until SIGINT or SIGTERM. */
export async function run(argv: string[], io: Io): Promise<number> {
  let release = () => {};
  const interrupted = new Promise<void>((done) => {
    const onSignal = () => done();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    release = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
  });
  try {
    return await serveEmulator(argv, io, interrupted);
  } finally {
    release();
  }
}

/** Runs the emulator until `until` settles (the signal in production, a promise in tests). */
export async function serveEmulator(argv: string[], io: Io, until: Promise<unknown>): Promise<number> {
  const { values } = parse('emulator', argv, { scenario: { type: 'string' }, port: { type: 'string' } });
  if (!values.scenario) throw new UsageError('emulator: --scenario FILE is required');
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) throw new UsageError(`emulator: --port: "${values.port}" is not a port number (0-65535)`);
  }
  const file = isAbsolute(values.scenario) ? values.scenario : resolve(io.cwd, values.scenario);
  let scenario;
  try {
    scenario = await loadScenarioFile(file);
  } catch (err) {
    if (err instanceof ScenarioError) {
      io.stderr(`${formatScenarioIssues(err.issues)}\n`);
      return EXIT.badInput;
    }
    throw err;
  }
  let emulator;
  try {
    emulator = await startEmulator({ scenario, port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CouldNotRunError(
      code === 'EADDRINUSE' ? `emulator: port ${port} on 127.0.0.1 is already in use` : `emulator: could not start: ${(err as Error).message}`,
    );
  }
  io.stdout(
    [
      `Pullcheck emulator serving ${values.scenario} at ${emulator.url}`,
      `credentials: ${emulator.credentialsFile}`,
      'point Pullcheck (or any googleapis client) at it with:',
      `  PULLCHECK_API_ROOT=${emulator.url} GOOGLE_APPLICATION_CREDENTIALS=${emulator.credentialsFile}`,
      `request log: ${emulator.url}/__emulator/requests`,
      '',
    ].join('\n'),
  );
  io.stderr('Ctrl-C stops the emulator.\n');
  try {
    await until;
  } finally {
    await emulator.stop();
  }
  io.stderr('emulator stopped.\n');
  return EXIT.ok;
}
