/**
 * `npm run demo`: the dashboard on the embedded demo estate, served by the built-in emulator through the
 * same googleapis code path as live use. Builds when needed, binds to 127.0.0.1, stops both on Ctrl-C.
 * Options: --port N (app, default 3000), --scenario FILE (default data/demo-estate.json), --no-build,
 * --generate N (serve the synthetic N-project organization of lib/bench/generate instead of a file; --seed S).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadScenarioFile, ScenarioError, formatScenarioIssues } from '../lib/scenario/schema';
import { startEmulator } from '../lib/emulator';
import { withRecentLogEntries } from '../lib/emulator/logging';
import { generateEstate } from '../lib/bench/generate';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    scenario: { type: 'string', default: path.join(root, 'data/demo-estate.json') },
    'no-build': { type: 'boolean', default: false },
    generate: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(tsx?|css|json|mjs)$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function needsBuild(): boolean {
  const id = path.join(root, '.next/BUILD_ID');
  if (!existsSync(id)) return true;
  const built = statSync(id).mtimeMs;
  return ['app', 'components', 'lib', 'data'].some((d) => existsSync(path.join(root, d)) && newestSource(path.join(root, d)) > built);
}

async function main() {
  let scenario;
  try {
    scenario = values.generate ? generateEstate({ projects: Number(values.generate), seed: Number(values.seed) }) : await loadScenarioFile(values.scenario!);
  } catch (err) {
    if (err instanceof ScenarioError) {
      console.error(`demo: invalid scenario\n${formatScenarioIssues(err.issues)}`);
      process.exit(2);
    }
    if (values.generate) {
      console.error(`demo: --generate: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(2);
    }
    throw err;
  }
  if (!values['no-build'] && needsBuild()) {
    console.error('demo: building the app (next build)…');
    const b = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
  // The estate's recorded Kubernetes events are replayed as an hour old, so "failed pulls in the last 24 hours" shows them any day.
  const emulator = await startEmulator({ scenario: withRecentLogEntries(scenario, Date.now()), port: 0 });
  const port = values.port!;
  const app = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', port], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      PULLCHECK_API_ROOT: emulator.url,
      GOOGLE_APPLICATION_CREDENTIALS: emulator.credentialsFile,
      PULLCHECK_DEMO: '1',
      PULLCHECK_DEMO_SCENARIO: path.resolve(values.scenario!),
      // The demo estate's declared expectations (README, "Declared expectations"), unless another file is named.
      ...(path.resolve(values.scenario!) === path.join(root, 'data/demo-estate.json') && !process.env.PULLCHECK_EXPECT
        ? { PULLCHECK_EXPECT: path.join(root, 'data/demo-expectations.yaml') }
        : {}),
    },
  });
  let stopping = false;
  let appExited = false;
  const exited = new Promise<void>((resolve) => app.on('exit', () => ((appExited = true), resolve())));
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (!appExited) {
      app.kill('SIGTERM');
      // A server whose event loop is stuck ignores SIGTERM: do not leave it behind.
      const t = setTimeout(() => app.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(t);
    }
    await emulator.stop();
    process.exit(code);
  };
  app.on('exit', (code) => void stop(code ?? 0));
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // Wait until the app answers (its first page view also scans the demo estate), then say where it is.
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240 && !stopping; i++) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(30_000) }).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log(`\nPullcheck demo: ${url}  (emulator ${emulator.url}, scenario ${values.generate ? `generated, ${values.generate} projects` : path.relative(root, values.scenario!)}; Ctrl-C stops both)\n`);
}

main().catch((err) => {
  console.error(`demo: could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(4);
});
