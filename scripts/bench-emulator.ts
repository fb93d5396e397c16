/**
 * Child process of `npm run bench`: serves one scenario file through the emulator with quotas, prints
 * {"url","credentialsFile"} as one JSON line on stdout when ready, and stops on SIGTERM/SIGINT.
 * Usage: node --import tsx scripts/bench-emulator.ts SCENARIO.json  (env BENCH_QUOTA: QuotaOptions JSON)
 */
import { startEmulator, type QuotaOptions } from '../lib/emulator';
import { formatScenarioIssues, loadScenarioFile, ScenarioError } from '../lib/scenario/schema';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    console.error('bench-emulator: usage: bench-emulator.ts SCENARIO.json');
    process.exit(2);
  }
  let scenario;
  try {
    scenario = await loadScenarioFile(file);
  } catch (err) {
    if (err instanceof ScenarioError) {
      console.error(`bench-emulator: invalid scenario\n${formatScenarioIssues(err.issues)}`);
      process.exit(2);
    }
    throw err;
  }
  const quota = process.env.BENCH_QUOTA ? (JSON.parse(process.env.BENCH_QUOTA) as QuotaOptions) : undefined;
  const emulator = await startEmulator({ scenario, port: 0, quota });
  const stop = () => {
    void emulator.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`${JSON.stringify({ url: emulator.url, credentialsFile: emulator.credentialsFile })}\n`);
}

main().catch((err: unknown) => {
  console.error(`bench-emulator: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
