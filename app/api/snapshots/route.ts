import { parseScenario } from '@/lib/scenario/schema';
import { EstateTooLargeError, reserveSlot, ScanLimitError, startSnapshotScan, summarize, type ScanSlot } from '@/lib/server/scans';
import { readSnapshotUpload, uploadProblems } from '@/lib/server/snapshot-upload';
import { jsonError, jsonOk } from '@/lib/server/http';
import { guardMutation, methodNotAllowed } from '@/lib/server/guard';
import { countJsonContainers, MAX_SNAPSHOT_CONTAINERS } from '@/lib/server/json-budget';

export const dynamic = 'force-dynamic';

/**
 * This route bypasses proxy.ts (so its bodies are not buffered twice), so it answers the methods it does not
 * serve itself: 405 with `Allow`, as the proxy does for every other route.
 */
const notAllowed = (req: Request) => methodNotAllowed(req.method, new URL(req.url).pathname)!;
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };

/** At most this many located issues go back to the browser; the count says how many there were. */
const MAX_ISSUES = 200;

/** Opens an uploaded scenario or `collect` file: validates it, then scans it like a live estate. */
export async function POST(req: Request) {
  const refused = guardMutation(req, 'json-or-multipart');
  if (refused) return refused;
  // The scan slot is taken before the body is read: at most MAX_RUNNING uploads are read and parsed at once.
  let slot: ScanSlot;
  try {
    slot = reserveSlot();
  } catch (err) {
    if (err instanceof ScanLimitError) return jsonError(429, err.message);
    throw err;
  }
  try {
    return await open(req, slot);
  } finally {
    // startSnapshotScan hands the slot to the scan or releases it; every other answer releases it here.
    slot.release();
  }
}

async function open(req: Request, slot: ScanSlot): Promise<Response> {
  const upload = await readSnapshotUpload(req);
  if (!upload.ok) return jsonError(upload.status, upload.message);
  const containers = countJsonContainers(upload.text, MAX_SNAPSHOT_CONTAINERS);
  if (containers > MAX_SNAPSHOT_CONTAINERS) {
    return jsonError(
      413,
      `${upload.fileName} holds more than ${MAX_SNAPSHOT_CONTAINERS.toLocaleString('en-US')} JSON objects and arrays; the dashboard opens snapshots up to that many (scan larger files with the CLI).`,
    );
  }
  const parsed = parseScenario(upload.text, upload.fileName);
  if (!parsed.ok) {
    const n = parsed.issues.length;
    return jsonError(400, `${upload.fileName} is not a valid scenario or snapshot file (${n} problem${n === 1 ? '' : 's'}${n > MAX_ISSUES ? `, the first ${MAX_ISSUES} listed` : ''}).`, {
      issues: parsed.issues.slice(0, MAX_ISSUES),
    });
  }
  const problems = uploadProblems(parsed.scenario, upload.fileName);
  if (problems.length) {
    const n = problems.length;
    return jsonError(400, `${upload.fileName} asks for what an uploaded snapshot may not (${n} problem${n === 1 ? '' : 's'}${n > MAX_ISSUES ? `, the first ${MAX_ISSUES} listed` : ''}).`, {
      issues: problems.slice(0, MAX_ISSUES),
    });
  }
  try {
    const rec = await startSnapshotScan(parsed.scenario, upload.fileName, slot);
    return jsonOk({ scan: summarize(rec) }, 202);
  } catch (err) {
    if (err instanceof ScanLimitError) return jsonError(429, err.message);
    if (err instanceof EstateTooLargeError) return jsonError(422, `${upload.fileName}: ${err.message}`);
    return jsonError(500, `The snapshot could not be opened: ${err instanceof Error ? err.message : String(err)}`);
  }
}
