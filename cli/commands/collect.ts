/** `pullcheck collect SCOPE [--out FILE] [--redact]`: the estate as a scenario file (an offline snapshot). */
import { writeFile } from 'node:fs/promises';
import { parse, scopeFrom, scopeOptions } from '../args';
import { CouldNotRunError, EXIT, UsageError, type Io } from '../io';
import { describeStartFailure, progressPrinter, sessionConfig } from '../scan-session';
import { collectEstate } from '../../lib/gcp/collect';
import { rawToScenario } from '../../lib/gcp/snapshot';

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse('collect', argv, { ...scopeOptions, out: { type: 'string' }, redact: { type: 'boolean', default: false } });
  const scopeArgs = scopeFrom('collect', values, io.cwd);
  const { config, emulator } = await sessionConfig(scopeArgs, io);
  let raw;
  try {
    raw = await collectEstate({ scope: scopeArgs.scope, config, onProgress: progressPrinter(io) });
  } catch (err) {
    throw new CouldNotRunError(describeStartFailure(err, Boolean(emulator)));
  } finally {
    await emulator?.stop();
  }
  const scenario = rawToScenario(raw, {
    redact: Boolean(values.redact),
    description: `Collected by pullcheck from ${scopeArgs.scope.kind}${scopeArgs.scope.ids.length ? ` ${scopeArgs.scope.ids.join(',')}` : ''} at ${raw.finishedAt}${values.redact ? ' (redacted)' : ''}`,
  });
  const text = `${JSON.stringify(scenario, null, 2)}\n`;
  if (values.out) {
    try {
      await writeFile(values.out, text, 'utf8');
    } catch (err) {
      throw new UsageError(`collect: cannot write --out ${values.out}: ${err instanceof Error ? err.message : String(err)}`);
    }
    io.stderr(`wrote ${values.out}: ${Object.keys(raw.projects).length} projects, ${raw.gaps.length} refused calls kept as faults\n`);
  } else {
    io.stdout(text);
  }
  return EXIT.ok;
}
