import { parseScenario } from '@/lib/scenario/schema';
import { ScanLimitError, startSnapshotScan, summarize } from '@/lib/server/scans';
import { readSnapshotUpload, uploadProblems } from '@/lib/server/snapshot-upload';
import { jsonError, jsonOk } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

/** Opens an uploaded scenario or `collect` file: validates it, then scans it like a live estate. */
export async function POST(req: Request) {
  const upload = await readSnapshotUpload(req);
  if (!upload.ok) return jsonError(upload.status, upload.message);
  const parsed = parseScenario(upload.text, upload.fileName);
  if (!parsed.ok) {
    const n = parsed.issues.length;
    return jsonError(400, `${upload.fileName} is not a valid scenario or snapshot file (${n} problem${n === 1 ? '' : 's'}).`, { issues: parsed.issues });
  }
  const problems = uploadProblems(parsed.scenario, upload.fileName);
  if (problems.length) {
    const n = problems.length;
    return jsonError(400, `${upload.fileName} asks for what an uploaded snapshot may not (${n} problem${n === 1 ? '' : 's'}).`, { issues: problems });
  }
  try {
    const rec = await startSnapshotScan(parsed.scenario, upload.fileName);
    return jsonOk({ scan: summarize(rec) }, 202);
  } catch (err) {
    if (err instanceof ScanLimitError) return jsonError(429, err.message);
    return jsonError(500, `The snapshot could not be opened: ${err instanceof Error ? err.message : String(err)}`);
  }
}
