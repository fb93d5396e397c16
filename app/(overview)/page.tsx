import Link from 'next/link';
import { notFound } from 'next/navigation';
import { loadScan } from '@/lib/server/load-scan';
import { overviewOf } from '@/lib/server/dashboard';
import { readinessHref } from '@/app/readiness/_lib/filters';
import { VerdictBadge } from '@/components/verdict-badge';
import { EmptyState } from '@/components/empty-state';
import { ScanHeading } from '@/components/scan-heading';
import { CollectionLine } from '@/components/collection-line';
import { SincePrevious } from '@/components/since-previous';
import { TitledSection } from '@/components/titled-section';
import { td, textLink as link, th } from '@/components/ui-classes';
import type { Verdict } from '@/lib/readiness/types';
import { InUseOverview } from './_components/in-use-overview';
import { VerdictTrend } from './_components/verdict-trend';
import { FindingsCounts } from '@/app/findings/_components/findings-counts';
import { causeTitle } from '@/components/rule-titles';
import { count, formatNumber } from '@/components/format';

export const dynamic = 'force-dynamic';

const verdictCards: { verdict: Verdict; help: string }[] = [
  { verdict: 'cannot-pull', help: 'a check failed on evidence that was read' },
  { verdict: 'unknown', help: 'nothing failed, but a check could not be decided' },
  { verdict: 'can-pull', help: 'every check passed' },
];

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const scanId = typeof sp.scan === 'string' ? sp.scan : undefined;
  const scan = (await loadScan({ scan: scanId ?? undefined })).record ?? null;
  if (!scan && scanId) notFound();

  if (!scan) {
    return (
      <TitledSection id="overview-title" title="Overview">
        <EmptyState title="Nothing has been scanned yet" action={{ href: '/scan', label: 'Start a scan' }}>
          Scan a project, folder or organization, or open a snapshot file, to see whether every GKE node pool can pull from every Artifact Registry Docker repository.
        </EmptyState>
      </TitledSection>
    );
  }
  if (!scan.outcome) {
    const msg =
      scan.status === 'running'
        ? 'This scan is still running.'
        : scan.status === 'cancelled'
          ? 'This scan was cancelled before it finished.'
          : `This scan failed${scan.error ? `: ${scan.error}` : '.'}`;
    return (
      <TitledSection id="overview-title" title="Overview">
        <ScanHeading scan={scan} />
        <EmptyState title={msg} action={{ href: `/scan?id=${encodeURIComponent(scan.id)}`, label: scan.status === 'running' ? 'Watch its progress' : 'Scan again' }} />
      </TitledSection>
    );
  }

  const { report, inventory } = scan.outcome;
  const o = overviewOf(report, inventory);
  const s = scanId;
  // Once any pair is known to be used, the readiness page opens on those: these whole-estate figures link to all pairs.
  const all = report.pairs.some((p) => p.inUse) ? ('all' as const) : undefined;
  return (
    <TitledSection id="overview-title" title="Overview">
      <ScanHeading scan={scan} />
      <CollectionLine collection={report.collection} className="mt-1" />
      <SincePrevious scanId={scan.id} />

      {o.counts.total === 0 ? (
        <EmptyState title="No node pool × repository pairs in this scan" action={{ href: '/scan', label: 'Scan another scope' }}>
          {o.nodePools === 0 ? 'No node pools were found in this scope (no clusters, or only Autopilot clusters without node pools yet). ' : ''}
          {o.repositories === 0 ? 'No Docker repositories were found in this scope. ' : ''}
          Pairs appear when the scope holds both.
        </EmptyState>
      ) : (
        <>
          <InUseOverview pairs={report.pairs} scan={s} />
          <section aria-labelledby="verdicts-title" className="mt-6">
            <h2 id="verdicts-title" className="text-lg font-semibold">
              Pairs by verdict
            </h2>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {count(o.counts.total, 'pair')}: {count(o.nodePools, 'node pool')} in {count(o.clusters, 'cluster')} × {count(o.repositories, 'Docker repository')}, across {count(o.projects, 'project')}.
            </p>
            <ul className="mt-3 grid gap-4 sm:grid-cols-3">
              {verdictCards.map(({ verdict, help }) => (
                <li key={verdict}>
                  <Link
                    href={readinessHref({ scan: s, verdict, inUse: all })}
                    className="block rounded-lg border border-slate-200 bg-white p-4 hover:border-sky-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:border-slate-800 dark:bg-slate-900"
                  >
                    <VerdictBadge verdict={verdict} />
                    <span className="mt-2 block text-3xl font-semibold tabular-nums">{formatNumber(o.counts[verdict])}</span>
                    <span className="block text-sm text-slate-600 dark:text-slate-400">{help}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
          {/* After today's figures: the in-use pairs lead, the whole estate's counts follow, then how they moved. */}
          <VerdictTrend scan={scan} />

          <div className="mt-8 grid gap-8 lg:grid-cols-2">
            <section aria-labelledby="causes-title">
              <h2 id="causes-title" className="text-lg font-semibold">
                Commonest causes
              </h2>
              {o.topCauses.length === 0 ? (
                <p className="mt-2 text-slate-600 dark:text-slate-400">No causes: every pair can pull.</p>
              ) : (
                <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
                  <table className="w-full text-sm">
                    <caption className="sr-only">Causes by the number of pairs they affect</caption>
                    <thead className="border-b border-slate-200 dark:border-slate-800">
                      <tr>
                        <th scope="col" className={th}>Cause</th>
                        <th scope="col" className={th}>Category</th>
                        <th scope="col" className={`${th} text-right`}>Pairs</th>
                      </tr>
                    </thead>
                    <tbody>
                      {o.topCauses.map((c) => (
                        <tr key={c.rule} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                          <td className={td}>
                            <Link href={readinessHref({ scan: s, cause: c.rule, inUse: all })} className={link}>
                              {causeTitle(c.rule)}
                            </Link>
                            <code className="block break-all text-xs text-slate-600 dark:text-slate-400">{c.rule}</code>
                          </td>
                          <td className={td}>{c.category}</td>
                          <td className={`${td} text-right tabular-nums`}>
                            {formatNumber(c.count)}
                            <span className="block text-xs text-slate-500 dark:text-slate-400">
                              {formatNumber(c.cannotPull)} cannot pull, {formatNumber(c.unknown)} unknown
                            </span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>

            <section aria-labelledby="clusters-title">
              <h2 id="clusters-title" className="text-lg font-semibold">
                Clusters with the most blocked pairs
              </h2>
              {o.blockedClusters.length === 0 ? (
                <p className="mt-2 text-slate-600 dark:text-slate-400">No cluster has a blocked pair.</p>
              ) : (
                <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
                  <table className="w-full text-sm">
                    <caption className="sr-only">Clusters by the number of pairs that cannot pull or are unknown</caption>
                    <thead className="border-b border-slate-200 dark:border-slate-800">
                      <tr>
                        <th scope="col" className={th}>Cluster</th>
                        <th scope="col" className={`${th} text-right`}>Cannot pull</th>
                        <th scope="col" className={`${th} text-right`}>Unknown</th>
                      </tr>
                    </thead>
                    <tbody>
                      {o.blockedClusters.map((c) => (
                        <tr key={c.name} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                          <td className={td}>
                            <Link href={readinessHref({ scan: s, cluster: c.name, inUse: all })} className={link}>
                              {c.shortName}
                            </Link>
                            <span className="block text-xs text-slate-500 dark:text-slate-400">
                              {c.project} · {c.location}
                            </span>
                          </td>
                          <td className={`${td} text-right tabular-nums`}>
                            {formatNumber(c.cannotPull)} <span className="text-xs text-slate-500 dark:text-slate-400">of {formatNumber(c.total)}</span>
                          </td>
                          <td className={`${td} text-right tabular-nums`}>{formatNumber(c.unknown)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          </div>
        </>
      )}

      <FindingsCounts findings={report.findings} scan={s} />

      <section aria-labelledby="more-title" className="mt-8 text-sm text-slate-600 dark:text-slate-400">
        <h2 id="more-title" className="sr-only">
          More
        </h2>
        <p>
          {count(report.findings.length, 'finding')} beside the verdicts
          {Object.keys(o.findingsBySeverity).length > 0 &&
            ` (${Object.entries(o.findingsBySeverity)
              .map(([k, v]) => `${v} ${k}`)
              .join(', ')})`}
          ; {count(o.gaps, 'audit gap')}.{' '}
          <Link href={readinessHref({ scan: s })} className={link}>
            Open the readiness matrix
          </Link>{' '}
          ·{' '}
          <a href={`/api/scans/${encodeURIComponent(scan.id)}/report`} className={link}>
            Download the JSON report
          </a>
        </p>
      </section>
    </TitledSection>
  );
}
