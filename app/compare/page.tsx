import Link from 'next/link';
import { notFound } from 'next/navigation';
import { driftBetween } from '@/lib/server/drift';
import { describeEvidence } from '@/lib/drift/drift';
import { TitledSection } from '@/components/titled-section';
import { EmptyState } from '@/components/empty-state';
import { formatTime } from '@/components/scan-heading';

export const dynamic = 'force-dynamic';

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() || null;

export default async function ComparePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const from = one(sp.from);
  const to = one(sp.to);
  if (!from || !to) {
    return (
      <TitledSection id="compare-title" title="Compare scans">
        <EmptyState title="Choose two scans to compare" action={{ href: '/scan', label: 'Kept scans' }}>
          Open the overview of a scan: it links to the comparison with the previous scan of the same scope.
        </EmptyState>
      </TitledSection>
    );
  }
  const r = await driftBetween(from, to);
  if (r.kind === 'missing') notFound();
  if (r.kind === 'problem') {
    return (
      <TitledSection id="compare-title" title="Compare scans">
        <EmptyState title={r.message} action={{ href: '/scan', label: 'Kept scans' }} />
      </TitledSection>
    );
  }
  const { drift: d } = r;
  const s = d.summary;
  return (
    <TitledSection id="compare-title" title="Compare scans">
      <p className="text-sm">
        {r.label}: from <Link className="underline" href={`/?scan=${encodeURIComponent(from)}`}>{formatTime(d.from.scannedAt)}</Link> to{' '}
        <Link className="underline" href={`/?scan=${encodeURIComponent(to)}`}>{formatTime(d.to.scannedAt)}</Link>.
      </p>
      <p className="mt-2">
        {s.changed} pair{s.changed === 1 ? '' : 's'} changed verdict: {s.stoppedPulling} stopped pulling, {s.startedPulling} started pulling, {s.becameUnknown} became unknown; {s.newFindings} new finding
        {s.newFindings === 1 ? '' : 's'}, {s.resolvedFindings} resolved.
      </p>
      {d.pairs.length ? (
        <table className="mt-4 w-full text-left text-sm">
          <caption className="sr-only">Pairs whose verdict changed</caption>
          <thead>
            <tr>
              <th scope="col">Node pool → repository</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
              <th scope="col">What changed</th>
            </tr>
          </thead>
          <tbody>
            {d.pairs.map((p) => (
              <tr key={`${p.nodePool} ${p.repository}`} className="align-top">
                <td className="break-all">
                  {p.nodePool} → {p.repository}
                </td>
                <td>{p.before ?? 'absent'}</td>
                <td>{p.after ?? 'absent'}</td>
                <td>
                  <ul>
                    {p.causesAdded.map((c) => <li key={`+${c.rule}`}>now fails {c.rule}: {c.message}</li>)}
                    {p.causesRemoved.map((c) => <li key={`-${c.rule}`}>no longer fails {c.rule}</li>)}
                    {p.evidence.map((e, i) => <li key={i}>{describeEvidence(e)}</li>)}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {d.findings.added.length || d.findings.resolved.length ? (
        <ul className="mt-4 text-sm">
          {d.findings.added.map((f) => <li key={`+${f.rule}${f.subject}`}>New finding {f.rule} on {f.subject}: {f.message}</li>)}
          {d.findings.resolved.map((f) => <li key={`-${f.rule}${f.subject}`}>Resolved finding {f.rule} on {f.subject}</li>)}
        </ul>
      ) : null}
    </TitledSection>
  );
}
