/**
 * Where CLI results go: standard output, or `--out FILE` written to a temporary file beside FILE and renamed
 * over it only when the run succeeds, so a failed or interrupted run never leaves a truncated FILE.
 *
 * rename(2) replaces the target atomically when both names are on one filesystem
 * (https://man7.org/linux/man-pages/man2/rename.2.html), hence the temporary file in FILE's own directory.
 * A reader that goes away (`pullcheck scan … | head -c1`) makes writes fail with EPIPE
 * (https://man7.org/linux/man-pages/man7/pipe.7.html): that is the reader's choice, not a failure, so the
 * CLI stops quietly with exit 0. Any other write failure (ENOSPC, EIO, EDQUOT) is one line and exit 4.
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { constants as osConstants } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { CouldNotRunError, UsageError, type Io } from './io';

/** The reader of our output went away (EPIPE): stop writing and exit 0 without a word. */
export class OutputClosedError extends Error {
  constructor(target: string) {
    super(`${target} was closed by its reader`);
    this.name = 'OutputClosedError';
  }
}

/** One line naming the target and the system's reason, never a stack. */
export function writeFailure(err: unknown, target: string): Error {
  if (err instanceof OutputClosedError || err instanceof CouldNotRunError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EPIPE') return new OutputClosedError(target);
  const reason = e?.code ? `${describeCode(e.code)} (${e.code})` : firstLine(err);
  return new CouldNotRunError(`cannot write ${target}: ${reason}`);
}

const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory',
  EBADF: 'bad file descriptor',
  EXDEV: 'the temporary file is on another file system',
};

function describeCode(code: string): string {
  return REASONS[code] ?? 'write failed';
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 300);
}

/**
 * Text for a terminal: a scenario or snapshot may carry terminal control sequences in any name, condition or
 * description (ESC ] 52 rewrites the clipboard in many terminals, ESC [ 2J clears the screen, a carriage return
 * or a bidirectional override hides what a line says). Every C0 control except tab and newline, DEL, every C1
 * control and the bidirectional overrides and isolates (Unicode TR #9) are written as the visible JSON escape
 * `\uXXXX`. JSON output stays the same JSON: JSON.stringify leaves such characters raw only inside strings,
 * where the escape means the same character.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Where text goes: `write` throws OutputClosedError or CouldNotRunError at the first failed write. */
export interface Sink {
  write(chunk: string): void;
  /** Everything written has reached its destination (for a file: renamed into place). */
  end(): Promise<void>;
  /** The run failed: drop what was written (for a file: remove the temporary file, keep FILE as it was). */
  abort(): void;
}

/**
 * Writes to a Node stream (process.stdout). A failed write sets `stream.errored` synchronously, so the first
 * write after it throws, and a long report stops at once instead of piling up in memory.
 */
export function streamWriter(stream: Writable, target = 'standard output'): { write: (text: string) => void; flush: () => Promise<void> } {
  // Without a listener a failed write becomes an uncaught 'error' event and a stack trace.
  stream.on('error', () => {});
  const check = () => {
    if (stream.errored) throw writeFailure(stream.errored, target);
  };
  return {
    write: (text) => {
      check();
      try {
        stream.write(text);
      } catch (err) {
        throw writeFailure(err, target);
      }
      check();
    },
    flush: () =>
      new Promise<void>((done, fail) => {
        if (stream.errored) return fail(writeFailure(stream.errored, target));
        if (stream.destroyed || stream.writableEnded) return done();
        stream.write('', (err) => (err || stream.errored ? fail(writeFailure(err ?? stream.errored, target)) : done()));
      }),
  };
}

/** A sink over a writer function (standard output through Io). */
export function writerSink(write: (text: string) => void): Sink {
  return { write, end: async () => {}, abort: () => {} };
}

/** The file-system calls the file sink makes (tests substitute failing ones). */
export type SinkFs = Pick<
  typeof nodeFs,
  'statSync' | 'lstatSync' | 'accessSync' | 'realpathSync' | 'openSync' | 'writeSync' | 'fsyncSync' | 'fchmodSync' | 'closeSync' | 'renameSync' | 'unlinkSync'
>;

/** Temporary files of running sinks, removed if the process is interrupted or exits before they are renamed. */
const pending = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removePending(fs: Pick<SinkFs, 'unlinkSync'> = nodeFs) {
  for (const p of pending) {
    try {
      fs.unlinkSync(p);
    } catch {
      // already gone
    }
  }
  pending.clear();
}

function onSignal(signal: NodeJS.Signals) {
  removePending();
  untrack();
  // Die of the same signal, as an interrupted program should, so a calling shell sees the interrupt; if
  // something else in the process also listens for it, leave the decision to it.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  else process.exitCode = 128 + (osConstants.signals[signal] ?? 0);
}

const onExit = () => removePending();
let tracking = false;

function track(path: string) {
  pending.add(path);
  if (tracking) return;
  tracking = true;
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', onExit);
}

function forget(path: string) {
  pending.delete(path);
  if (pending.size === 0) untrack();
}

function untrack() {
  if (!tracking) return;
  tracking = false;
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off('exit', onExit);
}

/** The temporary files of sinks not yet ended or aborted (for tests). */
export function pendingTemporaryFiles(): string[] {
  return [...pending];
}

/** O_EXCL: never opens a file (or a link) that is already there. */
function openTemporary(fs: SinkFs, temporary: string): number {
  try {
    return fs.openSync(temporary, 'wx', 0o666);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A missing directory is said plainly; anything else is about the directory, not FILE.
    if (code === 'ENOENT' || code === 'ENOTDIR') throw err;
    throw new Error(`cannot create a temporary file in ${dirname(temporary)} to replace it safely${code ? ` (${describeCode(code)}, ${code})` : ''}`);
  }
}

/**
 * Following a symbolic link to find the file to replace bypasses the kernel's own guard for shared
 * directories (fs.protected_symlinks, https://docs.kernel.org/admin-guide/sysctl/fs.html): a link in a
 * sticky world-writable directory such as /tmp is followed only when it belongs to the user running
 * Pullcheck or to the directory's owner, exactly as the kernel would allow for open(2).
 */
function refuseForeignLink(path: string, fs: SinkFs) {
  const link = fs.lstatSync(path);
  if (!link.isSymbolicLink()) return;
  const dir = fs.statSync(dirname(resolve(path)));
  const shared = (dir.mode & 0o1002) === 0o1002;
  const uid = process.getuid?.();
  if (shared && uid !== undefined && link.uid !== uid && link.uid !== dir.uid) {
    throw new Error(`${path} is a symbolic link owned by another user in a shared directory; not followed`);
  }
}

/**
 * A sink for `--out FILE`. Opened at once, so an unwritable place fails before a long scan (the error from
 * here is the caller's to report as bad input). Text is written synchronously in 64 KiB pieces, so memory
 * stays flat however large the report.
 *
 * A regular FILE (or none yet) is written as `.FILE.pullcheck-PID-RANDOM.tmp` in FILE's directory (the
 * directory of the file a symbolic link points to), given the existing file's permissions, flushed, and
 * renamed over FILE by `end()`. A FILE that is not a regular file (a device such as /dev/null or
 * /dev/stdout, a named pipe) is written in place: there is nothing to replace, and renaming over a device
 * node would destroy it.
 */
export function openOutFile(path: string, fs: SinkFs = nodeFs): Sink & { readonly temporary: string | null } {
  let existing: nodeFs.Stats | null = null;
  try {
    existing = fs.statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (existing?.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
  if (existing) refuseForeignLink(path, fs);

  const inPlace = existing !== null && !existing.isFile();
  const final = existing && !inPlace ? fs.realpathSync(path) : resolve(path);
  const temporary = inPlace ? null : join(dirname(final), `.${basename(final)}.pullcheck-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  const target = path;
  // Replacing a file one may not write would defeat a read-only report; refuse as open(2) would.
  if (existing && !inPlace) fs.accessSync(final, nodeFs.constants.W_OK);
  const fd = temporary ? openTemporary(fs, temporary) : fs.openSync(final, 'w');
  let state: 'open' | 'done' | 'aborted' = 'open';
  if (temporary) {
    track(temporary);
    if (existing) {
      try {
        fs.fchmodSync(fd, existing.mode & 0o7777);
      } catch {
        // Not ours to change (another owner): the new file keeps the default permissions.
      }
    }
  }

  let buf = '';
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    fs.closeSync(fd);
  };
  const flush = () => {
    if (!buf) return;
    const bytes = Buffer.from(buf, 'utf8');
    buf = '';
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
  };
  /** Drops everything: closes the descriptor, removes the temporary file; FILE stays as it was. */
  const abort = () => {
    if (state !== 'open') return;
    state = 'aborted';
    buf = '';
    try {
      close();
    } catch {
      // closing is best effort once the run has failed
    }
    if (!temporary) return;
    try {
      fs.unlinkSync(temporary);
    } catch {
      // already gone
    }
    forget(temporary);
  };
  const fail = (err: unknown): never => {
    abort();
    throw writeFailure(err, target);
  };

  return {
    temporary,
    write: (chunk) => {
      if (state !== 'open') throw new CouldNotRunError(`cannot write ${target}: the output was already ${state === 'done' ? 'finished' : 'abandoned'}`);
      buf += chunk;
      if (buf.length < 1 << 16) return;
      try {
        flush();
      } catch (err) {
        fail(err);
      }
    },
    end: async () => {
      if (state !== 'open') return;
      try {
        flush();
        if (temporary) fs.fsyncSync(fd);
        close();
        if (temporary) fs.renameSync(temporary, final);
      } catch (err) {
        fail(err);
      }
      state = 'done';
      if (temporary) forget(temporary);
    },
    abort,
  };
}

/**
 * The sink for a command's result: `--out FILE` (relative to the working directory), else standard output.
 * An --out that cannot be opened (no such directory, not writable, a directory) is bad input.
 */
export function resultSink(command: string, out: string | undefined, io: Io): Sink {
  if (out === undefined) return writerSink(io.stdout);
  if (!out) throw new UsageError(`${command}: --out needs a file name`);
  try {
    const file = openOutFile(resolve(io.cwd, out));
    return { write: (chunk) => file.write(terminalSafe(chunk)), end: () => file.end(), abort: () => file.abort() };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${command}: cannot write --out ${out}: ${code ? `${describeCode(code)} (${code})` : firstLine(err)}`);
  }
}

/** Runs `produce` into `sink`, then finishes it; any failure (or interrupt) leaves no partial file behind. */
export async function writeResult<T>(sink: Sink, produce: (sink: Sink) => Promise<T> | T): Promise<T> {
  try {
    const result = await produce(sink);
    await sink.end();
    return result;
  } catch (err) {
    sink.abort();
    throw err;
  }
}
