import 'server-only';
/** Reads an uploaded snapshot (multipart form field `file`, or a raw JSON body) within the size limit. */
import { formatBytes, MAX_SNAPSHOT_BYTES, readBodyLimited } from './http';
import type { Scenario, ScenarioIssue } from '@/lib/scenario/schema';

/** An upload's text and file name, or the HTTP status and message to answer with. */
export type SnapshotUpload = { ok: true; text: string; fileName: string } | { ok: false; status: number; message: string };

function cleanName(name: string | null | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop()?.trim() ?? '';
  return base.replace(/[^\w.\- ]/g, '_').slice(0, 120) || 'snapshot.json';
}

function tooLarge(limit: number): SnapshotUpload {
  return { ok: false, status: 413, message: `The snapshot is larger than ${formatBytes(limit)}; Pullcheck opens snapshots up to ${formatBytes(limit)}.` };
}

/** Reads the snapshot from a request; `limit` defaults to MAX_SNAPSHOT_BYTES. */
export async function readSnapshotUpload(req: Request, limit = MAX_SNAPSHOT_BYTES): Promise<SnapshotUpload> {
  const type = req.headers.get('content-type') ?? '';
  // A multipart envelope adds a little around the file itself.
  const body = await readBodyLimited(req, type.startsWith('multipart/') ? limit + 64 * 1024 : limit);
  if (!body.ok) return tooLarge(limit);
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Response(body.bytes as BodyInit, { headers: { 'content-type': type } }).formData();
    } catch {
      return { ok: false, status: 400, message: 'The upload is not a readable multipart form.' };
    }
    const file = form.get('file');
    if (!file || typeof file === 'string') return { ok: false, status: 400, message: 'The form has no file: send the snapshot in the field "file".' };
    if (file.size > limit) return tooLarge(limit);
    if (file.size === 0) return { ok: false, status: 400, message: `${cleanName(file.name)} is empty.` };
    return { ok: true, text: await file.text(), fileName: cleanName(file.name) };
  }
  const url = new URL(req.url);
  const fileName = cleanName(req.headers.get('x-file-name') ?? url.searchParams.get('name'));
  if (body.bytes.byteLength === 0) return { ok: false, status: 400, message: 'The request has no body: send the snapshot JSON, or a form with the field "file".' };
  return { ok: true, text: new TextDecoder().decode(body.bytes), fileName };
}

/** Longest delay an uploaded snapshot may ask its emulator for (per response), in milliseconds. */
export const MAX_UPLOAD_LATENCY_MS = 10_000;

/**
 * What an uploaded snapshot may not ask of the server it runs in: regular-expression fault patterns
 * (a crafted pattern can block the server's event loop; `collect` writes exact paths only) and long delays.
 */
export function uploadProblems(scenario: Scenario, fileName: string): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const at = (path: string, message: string) => issues.push({ file: fileName, path, line: null, message });
  if ((scenario.latencyMs ?? 0) > MAX_UPLOAD_LATENCY_MS) at('$.latencyMs', `is ${scenario.latencyMs} ms; an uploaded snapshot may delay responses by at most ${MAX_UPLOAD_LATENCY_MS} ms`);
  (scenario.faults ?? []).forEach((f, i) => {
    if (/^\/.*\/$/s.test(f.match)) at(`$.faults[${i}].match`, 'is a regular expression; uploaded snapshots accept exact "METHOD /path" matches only (run regular-expression faults with `pullcheck scan --scenario`)');
    if ((f.latencyMs ?? 0) > MAX_UPLOAD_LATENCY_MS) at(`$.faults[${i}].latencyMs`, `is ${f.latencyMs} ms; an uploaded snapshot may delay responses by at most ${MAX_UPLOAD_LATENCY_MS} ms`);
  });
  return issues;
}
