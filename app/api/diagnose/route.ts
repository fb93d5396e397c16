import 'server-only';
import { NextResponse } from 'next/server';
import { loadScan } from '@/lib/server/load-scan';
import { handleDiagnose, MAX_ERROR_TEXT, type ScanForDiagnose } from './handle';
import { readBodyLimited } from '@/lib/server/http';
import { guardMutation } from '@/lib/server/guard';
import { diagnosisStore } from '@/lib/server/diagnoses';

export const dynamic = 'force-dynamic';

async function load(scanId: string | null): Promise<ScanForDiagnose> {
  const s = await loadScan(scanId ? { scan: scanId } : {}, { notFoundOnUnknown: false });
  return s.kind === 'ready' ? { kind: 'ready', id: s.id, label: s.label, inventory: s.inventory } : s;
}

/** POST /api/diagnose: { image, errorText, cluster?, nodePool?, scan? } → { diagnosis, scan, link } or { error, field }. */
export async function POST(request: Request) {
  const refused = guardMutation(request, 'json');
  if (refused) return refused;
  // Counted as it arrives, so a chunked body without Content-Length is held to the limit too.
  const read = await readBodyLimited(request, MAX_ERROR_TEXT * 2);
  if (!read.ok) {
    return NextResponse.json({ error: 'The request is too large: paste only the pod\'s events.', field: 'errorText' }, { status: 413 });
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(read.bytes));
  } catch {
    return NextResponse.json({ error: 'The request body is not valid JSON.', field: null }, { status: 400 });
  }
  try {
    const res = await handleDiagnose(body, load, (input) => diagnosisStore().save(input));
    return NextResponse.json(res.body, { status: res.status });
  } catch (err) {
    console.error('diagnose failed', err);
    return NextResponse.json({ error: 'Pullcheck could not finish this diagnosis; the server log has the details.', field: null }, { status: 500 });
  }
}
