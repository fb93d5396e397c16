import { gapsOf } from '@/lib/server/gaps';
import { jsonError, jsonOk } from '@/lib/server/http';

export const dynamic = 'force-dynamic';

/** The gaps of the scan the pages show (`?scan=ID`, else the newest finished one), explained. */
export async function GET(req: Request) {
  const id = new URL(req.url).searchParams.get('scan');
  const data = await gapsOf(id);
  if (!data) return jsonError(404, `There is no scan ${id}: it may have been forgotten (Pullcheck keeps the last 10).`);
  return jsonOk(data);
}
