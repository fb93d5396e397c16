/** Runs once when the Next server starts: a bad PULLCHECK_* setting stops it with a message saying what to set. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { readGcpConfig } = await import('./lib/gcp/config');
  try {
    readGcpConfig(process.env);
  } catch (err) {
    console.error(`pullcheck: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
  // Scheduled scans (pullcheck serve, or PULLCHECK_SCHEDULE_SCOPE / PULLCHECK_SCHEDULE_EVERY): README, "A deployed dashboard".
  const { scheduleConfig } = await import('./lib/server/schedule');
  let schedule;
  try {
    schedule = scheduleConfig(process.env);
  } catch (err) {
    console.error(`pullcheck: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
  if (schedule) (await import('./lib/server/schedule-server')).startServerSchedule(schedule);
}
