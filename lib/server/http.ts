import 'server-only';
/** Small helpers shared by the route handlers: JSON errors without stack traces, size-limited bodies. */

/** Largest snapshot the app accepts (a scenario or `collect` file). */
export const MAX_SNAPSHOT_BYTES = 20 * 1024 * 1024;

/** A JSON error response: `{ error, ...extra }` with the given status. */
export function jsonError(status: number, error: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error, ...extra }, { status, headers: { 'cache-control': 'no-store' } });
}

/** A JSON response that no cache keeps. */
export function jsonOk(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/** Human size: "20 MB", "1.5 kB". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} kB`;
  return `${n} bytes`;
}

/** Reads a request body, stopping as soon as it exceeds `limit` bytes (whatever Content-Length claims). */
export async function readBodyLimited(req: Request, limit: number): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; tooLarge: true }> {
  const declared = Number(req.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > limit) return { ok: false, tooLarge: true };
  if (!req.body) return { ok: true, bytes: new Uint8Array() };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, tooLarge: true };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes };
}
