import Link from 'next/link';
import type { Finding } from '@/lib/readiness/types';
import { SEVERITIES } from '@/lib/security/severity';
import { SeverityBadge } from '@/components/severity-badge';
import { textLink } from '@/components/ui-classes';
import { countBySeverity, findingsHref } from '../_lib/findings-view';

/** The overview's findings panel: counts by severity, each linking to the Findings page filtered to it. */
export function FindingsCounts({ findings, scan }: { findings: Finding[]; scan?: string | null }) {
  const c = countBySeverity(findings);
  return (
    <section aria-labelledby="findings-count-title" className="mt-8">
      <h2 id="findings-count-title" className="text-lg font-semibold">
        <Link href={findingsHref({ scan })} className={textLink}>
          {findings.length} finding{findings.length === 1 ? '' : 's'}
        </Link>
      </h2>
      <ul className="mt-2 flex flex-wrap gap-3">
        {SEVERITIES.map((s) => (
          <li key={s}>
            <Link href={findingsHref({ scan, severity: s })} className="inline-flex items-center gap-1.5 rounded-md border border-slate-200 bg-white px-2 py-1 hover:border-sky-400 dark:border-slate-800 dark:bg-slate-900">
              <SeverityBadge severity={s} />
              <span className="text-lg font-semibold tabular-nums">{c[s]}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
