/**
 * `pullcheck verify SCOPE [--sample N] [--format text|json] [--strict]`: scans, then asks Policy Troubleshooter about a
 * stratified sample of pairs and prints the agreement table. Exit 0 no disagreement, 1 any disagreement, 2 bad input,
 * 4 could not run (a refused troubleshooter call is a gap in the output, not an exit code).
 */
import { parse, scopeFrom } from '../args';
import { CouldNotRunError, EXIT, UsageError, type Io } from '../io';
import { describeStartFailure, progressPrinter, sessionConfig } from '../scan-session';
import { collectInventory } from '../../lib/scan/run';
import { evaluate } from '../../lib/readiness/engine';
import { GoogleAsker } from '../../lib/troubleshoot/client';
import { DEFAULT_SAMPLE, formatVerifyText, MAX_SAMPLE, verifyEstate, verifyJson } from '../../lib/troubleshoot/verify';

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse('verify', argv, {
    projects: { type: 'string' },
    folder: { type: 'string' },
    organization: { type: 'string' },
    'all-projects': { type: 'boolean' },
    scenario: { type: 'string' },
    sample: { type: 'string' },
    format: { type: 'string' },
    strict: { type: 'boolean' },
  });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`verify: --format must be text or json, not "${format}"`);
  let sample = DEFAULT_SAMPLE;
  if (values.sample !== undefined) {
    const n = Number(values.sample.trim());
    if (!Number.isInteger(n) || n < 1 || n > MAX_SAMPLE) throw new UsageError(`verify: --sample must be a whole number from 1 to ${MAX_SAMPLE}, not "${values.sample}"`);
    sample = n;
  }
  const scope = scopeFrom('verify', values, io.cwd);
  const { config, emulator } = await sessionConfig(scope, io);
  try {
    let collected;
    try {
      collected = await collectInventory({ scope: scope.scope, config, onProgress: progressPrinter(io) });
    } catch (err) {
      throw new CouldNotRunError(describeStartFailure(err, Boolean(emulator)));
    } finally {
      if (process.stderr.isTTY && !io.env.CI) io.stderr('\r\x1b[K');
    }
    const { inventory } = collected;
    const report = evaluate(inventory, { now: new Date() });
    const asker = new GoogleAsker(config);
    const result = await verifyEstate(inventory, report, (q) => asker.ask(q), { sample, strict: values.strict ?? false, gaps: () => asker.gaps });
    const answered = result.rows.filter((r) => r.google.ok).length;
    if (result.asked > 0 && answered === 0) {
      // Nothing was verified: passing CI on that would be a lie. Each refusal is still listed as a gap.
      for (const g of result.gaps) io.stderr(`gap: ${g.message}\n`);
      throw new CouldNotRunError(`Policy Troubleshooter answered none of the ${result.asked} questions, so nothing was verified (${result.gaps[0]?.message ?? 'no answer'}).`);
    }
    if (result.asked > sample) io.stderr(`verify: asked about ${result.asked} pairs (more than --sample ${sample}) so that each of the ${result.strata} strata is represented.\n`);
    for (const g of result.gaps) io.stderr(`gap: ${g.message}\n`);
    io.stdout(format === 'json' ? `${JSON.stringify(verifyJson(result), null, 2)}\n` : formatVerifyText(result));
    return result.disagreements.length ? EXIT.failOn : EXIT.ok;
  } finally {
    await emulator?.stop();
  }
}
