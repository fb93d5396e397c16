import { ensureScan } from '@/lib/server/scans';
import { adviseGap } from '@/lib/server/gap-advice';
import { jsonOk } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

/** The gaps of the scan the pages show (`?scan=ID`, else the newest finished one), explained. */
export async function GET(req: Request) {
  const id = new URL(req.url).searchParams.get('scan');
  const rec = await ensureScan(id);
  const gaps = rec?.outcome?.report.gaps ?? [];
  return jsonOk({ scan: rec ? { id: rec.id, label: rec.label } : null, gaps: gaps.map(adviseGap) });
}
