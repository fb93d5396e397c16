import Link from 'next/link';
import { driftSincePrevious } from '@/lib/server/drift';
import { formatTime } from '@/components/scan-heading';

/** "Since the previous scan: 3 pairs stopped pulling", with a link to the comparison. */
export async function SincePrevious({ scanId }: { scanId: string }) {
  const d = await driftSincePrevious(scanId);
  if (!d) return null;
  const s = d.summary;
  const parts = [
    s.stoppedPulling ? `${s.stoppedPulling} pair${s.stoppedPulling === 1 ? '' : 's'} stopped pulling` : null,
    s.startedPulling ? `${s.startedPulling} started pulling` : null,
    s.becameUnknown ? `${s.becameUnknown} became unknown` : null,
    s.changed - s.stoppedPulling - s.startedPulling - s.becameUnknown > 0 ? `${s.changed - s.stoppedPulling - s.startedPulling - s.becameUnknown} other changes` : null,
    s.newFindings ? `${s.newFindings} new finding${s.newFindings === 1 ? '' : 's'}` : null,
    s.resolvedFindings ? `${s.resolvedFindings} resolved` : null,
  ].filter(Boolean);
  return (
    <section aria-labelledby="since-previous-title" className="mt-4 rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-800">
      <h2 id="since-previous-title" className="font-semibold">
        Since the previous scan ({formatTime(d.from.scannedAt)})
      </h2>
      <p>
        {parts.length ? parts.join(', ') : 'no pair changed verdict'}.{' '}
        <Link className="underline" href={`/compare?from=${encodeURIComponent(d.from.id ?? '')}&to=${encodeURIComponent(d.to.id ?? '')}`}>
          Compare the two scans
        </Link>
      </p>
    </section>
  );
}
