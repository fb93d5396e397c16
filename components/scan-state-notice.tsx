import Link from 'next/link';
import type { LoadedScan } from '@/lib/server/load-scan';
import { TitledSection } from './titled-section';

/** What a page says instead of its content when there is no finished scan to show. */
export function ScanStateNotice({ scan, what }: { scan: Exclude<LoadedScan, { kind: 'ready' }>; what: string }) {
  let title: string;
  let body: string;
  switch (scan.kind) {
    case 'none':
      title = 'Nothing scanned yet';
      body = `Start a scan to see ${what}.`;
      break;
    case 'unknown-id':
      title = 'Scan not found';
      body = `There is no scan ${scan.id} on this server (scans are kept in memory; a restart forgets them). Start a new one.`;
      break;
    case 'running':
      title = 'The scan is still running';
      body = `The scan of ${scan.label} has not finished yet; ${what} appear when it does. Reload this page in a moment.`;
      break;
    case 'failed':
      title = scan.status === 'cancelled' ? 'The scan was cancelled' : 'The scan failed';
      body = scan.error ? `The scan of ${scan.label} stopped: ${scan.error}` : `The scan of ${scan.label} did not finish.`;
      break;
  }
  return (
    <div role="status" className="mt-6 rounded-lg border border-dashed border-slate-300 bg-white p-6 dark:border-slate-700 dark:bg-slate-900">
      <h2 className="text-lg font-semibold">{title}</h2>
      <p className="mt-1 text-slate-700 dark:text-slate-300">{body}</p>
      <Link
        href="/scan"
        className="mt-4 inline-block rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white outline-offset-2 hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-sky-600"
      >
        Go to Scan
      </Link>
    </div>
  );
}

/** A whole page that has no finished scan to show: its heading, then why. */
export function ScanStatePage({ id, title, scan, what }: { id: string; title: string; scan: Exclude<LoadedScan, { kind: 'ready' }>; what: string }) {
  return (
    <TitledSection id={id} title={title}>
      <ScanStateNotice scan={scan} what={what} />
    </TitledSection>
  );
}
