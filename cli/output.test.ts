import * as nodeFs from 'node:fs';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CouldNotRunError, UsageError, type Io } from './io';
import { main, runProcess } from './main';
import { OutputClosedError, openOutFile, pendingTemporaryFiles, resultSink, streamWriter, writeResult, type SinkFs } from './output';

const dir = mkdtempSync(path.join(tmpdir(), 'pullcheck-output-'));
let n = 0;
/** A fresh directory holding FILE with `content` (or no FILE). */
function place(content?: string): { file: string; dir: string } {
  const d = path.join(dir, `case-${n++}`);
  mkdirSync(d);
  const file = path.join(d, 'report.json');
  if (content !== undefined) writeFileSync(file, content);
  return { file, dir: d };
}
const errno = (code: string) => Object.assign(new Error(`${code}: simulated, write`), { code });

/** A stream whose every write fails with `code` (as a closed pipe or a full disk does). */
function failingStream(code: string): Writable {
  return new Writable({ write: (_c, _e, cb) => cb(errno(code)) });
}

/** The node:fs calls, with some replaced by failing ones. */
function fsWith(over: Partial<SinkFs>): SinkFs {
  return { ...nodeFs, ...over };
}

const big = 'x'.repeat(70_000);

describe('streamWriter (standard output)', () => {
  it('turns EPIPE into a quiet OutputClosedError at the first write after the failure', async () => {
    const w = streamWriter(failingStream('EPIPE'));
    // The first write fails inside the stream; the writer notices at once rather than buffering the rest.
    expect(() => w.write('a')).toThrow(OutputClosedError);
    expect(() => w.write('b')).toThrow(OutputClosedError);
    await expect(w.flush()).rejects.toBeInstanceOf(OutputClosedError);
  });

  it('turns ENOSPC into one line naming the output and the reason', async () => {
    const w = streamWriter(failingStream('ENOSPC'));
    let caught: unknown;
    try {
      w.write('a');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(CouldNotRunError);
    expect((caught as Error).message).toBe('cannot write standard output: no space left on the device (ENOSPC)');
    await expect(w.flush()).rejects.toThrow(/ENOSPC/);
  });

  it('writes and flushes normally when the stream takes the text', async () => {
    const got: string[] = [];
    const w = streamWriter(new Writable({ write: (c, _e, cb) => (got.push(String(c)), cb()) }));
    w.write('one ');
    w.write('two');
    await w.flush();
    expect(got.join('')).toBe('one two');
  });
});

describe('openOutFile (--out FILE)', () => {
  it('replaces FILE only at end(), keeps its permissions, and leaves no temporary file', async () => {
    const { file, dir: d } = place('old report');
    chmodSync(file, 0o640);
    const sink = openOutFile(file);
    expect(sink.temporary).toMatch(/\/\.report\.json\.pullcheck-\d+-[0-9a-f]{12}\.tmp$/);
    sink.write(big);
    sink.write('end');
    expect(readFileSync(file, 'utf8')).toBe('old report');
    await sink.end();
    expect(readFileSync(file, 'utf8')).toBe(`${big}end`);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(d)).toEqual(['report.json']);
    expect(pendingTemporaryFiles()).toEqual([]);
  });

  it('creates FILE when there was none', async () => {
    const { file } = place();
    const sink = openOutFile(file);
    sink.write('{}\n');
    await sink.end();
    expect(readFileSync(file, 'utf8')).toBe('{}\n');
  });

  it('keeps FILE untouched and removes the temporary file when a write fails (full disk)', async () => {
    const { file, dir: d } = place('old report');
    const sink = openOutFile(file, fsWith({ writeSync: () => { throw errno('ENOSPC'); } }));
    expect(readdirSync(d)).toHaveLength(2);
    expect(() => sink.write(big)).toThrow(new CouldNotRunError(`cannot write ${file}: no space left on the device (ENOSPC)`));
    expect(readFileSync(file, 'utf8')).toBe('old report');
    expect(readdirSync(d)).toEqual(['report.json']);
    expect(pendingTemporaryFiles()).toEqual([]);
  });

  it('keeps FILE untouched when the last flush, the fsync or the rename fails', async () => {
    for (const over of [
      { writeSync: () => { throw errno('EIO'); } },
      { fsyncSync: () => { throw errno('EDQUOT'); } },
      { renameSync: () => { throw errno('EXDEV'); } },
    ] satisfies Partial<SinkFs>[]) {
      const { file, dir: d } = place('old report');
      const sink = openOutFile(file, fsWith(over));
      sink.write('short');
      await expect(sink.end()).rejects.toBeInstanceOf(CouldNotRunError);
      expect(readFileSync(file, 'utf8')).toBe('old report');
      expect(readdirSync(d)).toEqual(['report.json']);
    }
    expect(pendingTemporaryFiles()).toEqual([]);
  });

  it('abort() drops the temporary file and leaves FILE as it was', () => {
    const { file, dir: d } = place('old report');
    const sink = openOutFile(file);
    sink.write(big);
    sink.abort();
    expect(readFileSync(file, 'utf8')).toBe('old report');
    expect(readdirSync(d)).toEqual(['report.json']);
    expect(() => sink.write('more')).toThrow(/abandoned/);
  });

  it('writeResult aborts when producing the result throws', async () => {
    const { file, dir: d } = place('old report');
    await expect(
      writeResult(openOutFile(file), (s) => {
        s.write(big);
        throw new UsageError('invalid scenario');
      }),
    ).rejects.toThrow('invalid scenario');
    expect(readFileSync(file, 'utf8')).toBe('old report');
    expect(readdirSync(d)).toEqual(['report.json']);
  });

  it('writes through a symbolic link to the file it names, keeping the link', async () => {
    const { file, dir: d } = place('old report');
    const link = path.join(d, 'latest.json');
    symlinkSync(file, link);
    await writeResult(openOutFile(link), (s) => s.write('new report'));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('new report');
  });

  it('refuses a link that another user planted in a shared directory such as /tmp (as the kernel would)', () => {
    const { file, dir: d } = place('precious');
    const shared = path.join(d, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const link = path.join(shared, 'report.json');
    symlinkSync(file, link);
    const stranger = (process.getuid?.() ?? 0) + 4242;
    const asStranger = fsWith({
      lstatSync: ((p: string) => {
        const st = nodeFs.lstatSync(p);
        return Object.assign(Object.create(Object.getPrototypeOf(st) as object) as nodeFs.Stats, st, { uid: stranger });
      }) as SinkFs['lstatSync'],
    });
    expect(() => openOutFile(link, asStranger)).toThrow(/symbolic link owned by another user in a shared directory; not followed/);
    expect(readFileSync(file, 'utf8')).toBe('precious');
    expect(readdirSync(shared)).toEqual(['report.json']);
    // The same link, owned by whoever runs Pullcheck, is followed.
    const mine = openOutFile(link);
    expect(mine.temporary?.startsWith(`${d}/.report.json.`)).toBe(true);
    mine.abort();
  });

  it('refuses a read-only FILE as open(2) would, and says when no temporary file can be made', () => {
    const { file } = place('read-only report');
    const readOnly = fsWith({ accessSync: () => { throw errno('EACCES'); } });
    expect(() => openOutFile(file, readOnly)).toThrow(/EACCES/);
    const noTemp = fsWith({ openSync: () => { throw errno('EACCES'); } });
    expect(() => openOutFile(file, noTemp)).toThrow(`cannot create a temporary file in ${path.dirname(file)} to replace it safely (permission denied, EACCES)`);
    expect(readFileSync(file, 'utf8')).toBe('read-only report');
    expect(pendingTemporaryFiles()).toEqual([]);
  });

  it('writes a device in place instead of renaming over it', async () => {
    const sink = openOutFile('/dev/null');
    expect(sink.temporary).toBeNull();
    sink.write(big);
    await sink.end();
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it.runIf(existsSync('/dev/full'))('reports a full device in one line', async () => {
    const sink = openOutFile('/dev/full');
    sink.write('x');
    await expect(sink.end()).rejects.toThrow(new CouldNotRunError('cannot write /dev/full: no space left on the device (ENOSPC)'));
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('refuses a directory or a missing directory as bad input, naming --out', () => {
    const io: Io = { stdout: () => {}, stderr: () => {}, readStdin: async () => '', env: { ...process.env }, cwd: dir };
    expect(() => resultSink('scan', dir, io)).toThrow(new UsageError(`scan: cannot write --out ${dir}: is a directory (EISDIR)`));
    expect(() => resultSink('collect', 'no-such-dir/x.json', io)).toThrow(new UsageError('collect: cannot write --out no-such-dir/x.json: no such file or directory (ENOENT)'));
    expect(() => resultSink('scan', '', io)).toThrow(/--out needs a file name/);
  });

  it('resolves a relative --out against the working directory', async () => {
    const { dir: d } = place();
    const io: Io = { stdout: () => {}, stderr: () => {}, readStdin: async () => '', env: { ...process.env }, cwd: d };
    await writeResult(resultSink('scan', 'r.json', io), (s) => s.write('ok'));
    expect(readFileSync(path.join(d, 'r.json'), 'utf8')).toBe('ok');
  });
});

describe('exit codes for output failures', () => {
  const ioWith = (stdout: Io['stdout'], flushStdout?: Io['flushStdout']) => {
    const err: string[] = [];
    const io: Io = { stdout, stderr: (t) => void err.push(t), readStdin: async () => '', env: { ...process.env }, cwd: dir, flushStdout };
    return { io, err };
  };
  const closed = () => {
    throw new OutputClosedError('standard output');
  };
  const full = () => {
    throw new CouldNotRunError('cannot write standard output: no space left on the device (ENOSPC)');
  };

  it('a closed pipe while writing is a quiet exit 0', async () => {
    const { io, err } = ioWith(closed);
    expect(await main(['--help'], io)).toBe(0);
    expect(err).toEqual([]);
  });

  it('a full disk is one line and exit 4', async () => {
    const { io, err } = ioWith(full);
    expect(await main(['--help'], io)).toBe(4);
    expect(err).toEqual(['pullcheck: could not run: cannot write standard output: no space left on the device (ENOSPC)\n']);
  });

  it('a failure found only when flushing decides the exit code, said once', async () => {
    const epipe = ioWith(() => {}, async () => closed());
    expect(await runProcess(['--help'], epipe.io)).toBe(0);
    expect(epipe.err).toEqual([]);
    const enospc = ioWith(() => {}, async () => full());
    expect(await runProcess(['--help'], enospc.io)).toBe(4);
    expect(enospc.err).toHaveLength(1);
    const both = ioWith(full, async () => full());
    expect(await runProcess(['--help'], both.io)).toBe(4);
    expect(both.err).toHaveLength(1);
  });
});
