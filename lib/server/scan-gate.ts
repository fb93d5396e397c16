import 'server-only';
/**
 * The 404 of a share link that names nothing. A page with a loading state (loading.tsx) streams its shell,
 * and with it HTTP 200, before the page itself runs; a `notFound()` in the page then only swaps the content.
 * The layouts of those pages call this gate instead: a layout runs before the loading boundary it wraps, so
 * an unknown `?scan=ID` (or stored diagnosis `?d=ID`) is answered 404 before anything is sent.
 * proxy.ts hands the ids over in request headers (layouts do not see search params).
 */
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { scanExists } from './scans';
import { diagnosisStore } from './diagnoses';

export async function gateShareLink(): Promise<void> {
  const h = await headers();
  const scan = h.get('x-pullcheck-scan');
  if (scan && !(await scanExists(scan))) notFound();
  const diagnosis = h.get('x-pullcheck-diagnosis');
  if (diagnosis && !(await diagnosisStore().get(diagnosis))) notFound();
}
