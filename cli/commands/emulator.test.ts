import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, type Io } from '../io';
import { serveEmulator } from './emulator';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const fixture = join(root, 'lib/emulator/__fixtures__/estate.json');

function memoryIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), readStdin: async () => '', env: { ...process.env }, cwd: root };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

describe('pullcheck emulator', () => {
  it('serves the scenario, prints how to use it, and stops cleanly with exit 0', async () => {
    const m = memoryIo();
    let stop = () => {};
    const until = new Promise<void>((r) => (stop = r));
    const running = serveEmulator(['--scenario', 'lib/emulator/__fixtures__/estate.json'], m.io, until);
    for (let i = 0; i < 100 && !m.out(); i++) await new Promise((r) => setTimeout(r, 10));
    const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(m.out())?.[1];
    const creds = /GOOGLE_APPLICATION_CREDENTIALS=(\S+)/.exec(m.out())?.[1];
    expect(m.out()).toContain(`PULLCHECK_API_ROOT=${url}`);
    expect((await fetch(`${url}/__emulator/health`)).status).toBe(200);
    expect(existsSync(creds!)).toBe(true);
    stop();
    expect(await running).toBe(0);
    expect(existsSync(creds!)).toBe(false);
    await expect(fetch(`${url}/__emulator/health`)).rejects.toThrow();
  });

  it('prints the issues of a malformed scenario as file:line: $.path: message and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pullcheck-emu-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{\n  "scenario": 1,\n  "projects": [\n    { "project": { "projectId": "p" } }\n  ]\n}\n');
    const m = memoryIo();
    expect(await serveEmulator(['--scenario', file], m.io, Promise.resolve())).toBe(2);
    expect(m.err()).toBe(`${file}:4: $.projects[0].project.projectNumber: missing required field "projectNumber"\n`);
    expect(m.out()).toBe('');
  });

  it('rejects a missing --scenario and a bad --port as usage errors', async () => {
    const m = memoryIo();
    await expect(serveEmulator([], m.io, Promise.resolve())).rejects.toThrow(UsageError);
    await expect(serveEmulator(['--scenario', fixture, '--port', 'http'], m.io, Promise.resolve())).rejects.toThrow(/--port: "http"/);
  });

  it('runs from bin/pullcheck until SIGINT, then exits 0', async () => {
    const child = spawn(join(root, 'bin/pullcheck'), ['emulator', '--scenario', fixture, '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    for (let i = 0; i < 300 && !/credentials: /.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(url).toBeTruthy();
    const res = await fetch(`${url}/v1/projects/shop-prod`);
    expect(res.status).toBe(401);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
