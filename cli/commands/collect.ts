/** `pullcheck collect SCOPE [--out FILE] [--redact]`: the estate as a scenario file (an offline snapshot). */
import { parse, scopeFrom, scopeOptions } from '../args';
import { CouldNotRunError, EXIT, type Io } from '../io';
import { resultSink, writeResult } from '../output';
import { describeStartFailure, progressPrinter, sessionConfig } from '../scan-session';
import { collectInventory } from '../../lib/scan/run';
import { rawToScenario } from '../../lib/gcp/snapshot';

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse('collect', argv, { ...scopeOptions, out: { type: 'string' }, redact: { type: 'boolean', default: false } });
  const scopeArgs = scopeFrom('collect', values, io.cwd);
  // Opened before collecting, so an unwritable --out fails at once; renamed into place only if all goes well.
  const sink = resultSink('collect', values.out, io);
  const raw = await writeResult(sink, async (out) => {
    const { config, emulator } = await sessionConfig(scopeArgs, io);
    let raw;
    try {
      // With the Kubernetes workloads, so a replayed snapshot marks the same pairs in use.
      raw = (await collectInventory({ scope: scopeArgs.scope, config, source: scopeArgs.source, onProgress: progressPrinter(io) })).raw;
    } catch (err) {
      throw new CouldNotRunError(describeStartFailure(err, Boolean(emulator)));
    } finally {
      await emulator?.stop();
    }
    const scenario = rawToScenario(raw, {
      redact: Boolean(values.redact),
      // A secret key keeps each person's placeholder the same across snapshots (see rawToScenario).
      redactKey: io.env.PULLCHECK_REDACT_KEY || undefined,
      description: `Collected by pullcheck from ${scopeArgs.scope.kind}${scopeArgs.scope.ids.length ? ` ${scopeArgs.scope.ids.join(',')}` : ''} at ${raw.finishedAt}${values.redact ? ' (redacted)' : ''}`,
    });
    out.write(`${JSON.stringify(scenario, null, 2)}\n`);
    return raw;
  });
  if (values.out) io.stderr(`wrote ${values.out}: ${Object.keys(raw.projects).length} projects, ${raw.gaps.length} refused calls kept as faults\n`);
  return EXIT.ok;
}
