import { isDemo, listScans, ScanLimitError, startDemoScan, startScan, summarize } from '@/lib/server/scans';
import { parseScanRequest } from '@/lib/server/scan-request';
import { jsonError, jsonOk } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

/** Every scan this server remembers, newest first (summaries: no report). */
export async function GET() {
  return jsonOk({ demo: isDemo(), scans: listScans().map(summarize) });
}

/** Starts a scan of `{ scope: { kind, ids } }`; 202 with its summary. */
export async function POST(req: Request) {
  let body: unknown;
  try {
    body = await req.json();
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
