/**
 * `npm test`: every test. Type-check, Vitest (unit and integration), then Playwright in Debian's Chromium
 * against a production build. On a fresh machine it installs Chromium with apt when it can, or says exactly
 * what to install. Ends with one line "N passed, N failed" over both runners.
 * Options: --unit (Vitest only), --e2e (Playwright only).
 * The scan store's tests run on PGlite always, and on a real PostgreSQL server too: the one named by
 * PULLCHECK_TEST_DATABASE_URL, else a throwaway server started here (Debian's postgresql package) and
 * stopped at the end; without PostgreSQL installed they say so and run on PGlite only.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { findPostgresBin, startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres';

const root = path.resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
const unit = !args.has('--e2e');
const e2e = !args.has('--unit');
const env: Record<string, string | undefined> = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
const opts: SpawnSyncOptions = { cwd: root, stdio: 'inherit', env: env as NodeJS.ProcessEnv };
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);

function run(label: string, cmd: string, argv: string[]): number {
  console.log(`\n── ${label}`);
  const r = spawnSync(cmd, argv, opts);
  return r.status ?? 1;
}

function findChromium(): string | null {
  const candidates = [process.env.PULLCHECK_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  return candidates.find((c) => existsSync(c)) ?? null;
}

function ensureChromium(): string | null {
  const found = findChromium();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('Chromium is missing: installing Debian\'s chromium package with apt-get…');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return findChromium();
  }
  return null;
}

let passed = 0;
let failed = 0;
let status = 0;

for (const [label, cmd, argv] of [
  ['type-check (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', '.']],
  ['lint (eslint)', bin('eslint'), ['.', '--max-warnings=0']],
] as const) {
  const code = run(label, cmd, [...argv]);
  if (code) failed++;
  status ||= code;
}

/** A Postgres server for the store's tests, or why there is none. */
async function testPostgres(): Promise<ThrowawayPostgres | null> {
  if (env.PULLCHECK_TEST_DATABASE_URL) {
    console.log('scan store tests: on PGlite and on PULLCHECK_TEST_DATABASE_URL');
    return null;
  }
  const pgBin = findPostgresBin();
  if (!pgBin) {
    console.log('\nscan store tests: PostgreSQL is not installed, so they run on PGlite only. For both: apt-get install -y postgresql (or set PULLCHECK_PG_BIN, or PULLCHECK_TEST_DATABASE_URL).');
    return null;
  }
  try {
    const pg = await startThrowawayPostgres(pgBin);
    env.PULLCHECK_TEST_DATABASE_URL = pg.url;
    console.log(`scan store tests: on PGlite and on a throwaway PostgreSQL server (${pgBin})`);
    return pg;
  } catch (err) {
    console.error(`\nscan store tests: a throwaway PostgreSQL server would not start (${err instanceof Error ? err.message : String(err)}).`);
    failed++;
    status ||= 1;
    return null;
  }
}

if (unit) {
  const pg = await testPostgres();
  const stopPg = () => {
    try {
      pg?.stop();
    } catch (err) {
      console.error(`could not stop the throwaway PostgreSQL server: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => (stopPg(), process.exit(130)));
  mkdirSync(path.join(root, 'test-results'), { recursive: true });
  const out = path.join(root, 'test-results/vitest.json');
  rmSync(out, { force: true });
  const code = run('unit and integration tests (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    if (code && !r.numFailedTests) failed++; // a suite that failed to load
  } else if (code) failed++;
  status ||= code;
  stopPg();
}

if (e2e) {
  const chromium = ensureChromium();
  if (!chromium) {
    console.error('\nPlaywright needs Debian\'s Chromium and it is not installed. Install it with:\n  sudo apt-get install -y chromium\nor set PULLCHECK_CHROMIUM to a Chromium binary.');
    failed++;
    status ||= 1;
  } else {
    env.PULLCHECK_CHROMIUM = chromium;
    const b = run('production build (next build)', process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build']);
    if (b) {
      failed++;
      status ||= b;
    } else {
      const out = path.join(root, 'test-results/e2e.json');
      rmSync(out, { force: true });
      const code = run('end-to-end tests (playwright, Chromium)', bin('playwright'), ['test']);
      if (existsSync(out)) {
        const s = JSON.parse(readFileSync(out, 'utf8')).stats ?? {};
        passed += s.expected ?? 0;
        failed += (s.unexpected ?? 0) + (s.flaky ?? 0);
        if (code && !s.unexpected) failed++;
      } else if (code) failed++;
      status ||= code;
    }
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(status || (failed ? 1 : 0));
