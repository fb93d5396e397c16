import { isDemo, listScans, ScanLimitError, startDemoScan, startScan, summarize } from '@/lib/server/scans';
import { parseScanRequest } from '@/lib/server/scan-request';
import { jsonError, jsonOk, readBodyLimited } from '@/lib/server/http';
import { guardMutation } from '@/lib/server/guard';

export const dynamic = 'force-dynamic';

/** Every scan this server remembers, newest first (summaries: no report). */
export async function GET() {
  return jsonOk({ demo: isDemo(), scans: (await listScans()).map(summarize) });
}

/** Starts a scan of `{ scope: { kind, ids } }`; 202 with its summary. */
export async function POST(req: Request) {
  const refused = guardMutation(req, 'json');
  if (refused) return refused;
  const read = await readBodyLimited(req, 256 * 1024);
  if (!read.ok) return jsonError(413, 'The request is larger than 256 kB; a scan request names a scope: {"scope":{"kind":"projects","ids":["my-project"]}}.');
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(read.bytes));
  } catch {
    return jsonError(400, 'The request body is not JSON: send {"scope":{"kind":"projects","ids":["my-project"]}}.');
  }
  const parsed = parseScanRequest(body, isDemo());
  if (!parsed.ok) return jsonError(400, parsed.message, { issues: parsed.issues });
  try {
    const rec = parsed.request.demo ? startDemoScan() : startScan(parsed.request.scope, parsed.request.label);
    return jsonOk({ scan: summarize(rec) }, 202);
  } catch (err) {
    if (err instanceof ScanLimitError) return jsonError(429, err.message);
    return jsonError(500, `The scan could not start: ${err instanceof Error ? err.message : String(err)}`);
  }
}
