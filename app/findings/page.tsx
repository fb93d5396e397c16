import Link from 'next/link';
import { ScanStateNotice } from '@/components/scan-state-notice';
import { UrlFilterForm } from '@/components/url-filter-form';
import { TitledSection } from '@/components/titled-section';
import { ListSummary } from '@/components/list-summary';
import { TableHead } from '@/components/table-head';
import { SeverityBadge } from '@/components/severity-badge';
import { CopyButton } from '@/components/copy-button';
import { link, table, tbody, td, textLink } from '@/components/ui-classes';
import { loadScan, type LoadedScan } from '@/lib/server/load-scan';
import { withScan } from '@/app/clusters/_lib/cluster-view';
import { SEVERITIES } from '@/lib/security/severity';
import { countBySeverity, filterFindings, findingRows, findingsHref, readFindingFilters } from './_lib/findings-view';
import { ExportLinks } from './_components/export-links';
import { GroupedFixes } from './_components/grouped-fixes';

export const metadata = { title: 'Findings' };
export const dynamic = 'force-dynamic';

export default async function FindingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const scan = await loadScan(sp);
  return (
    <TitledSection id="findings-title" title="Findings">
      {scan.kind !== 'ready' ? <ScanStateNotice scan={scan} what="who can pull what, and which access is broader than needed" /> : <Body scan={scan} sp={sp} />}
    </TitledSection>
  );
}

function Body({ scan, sp }: { scan: Extract<LoadedScan, { kind: 'ready' }>; sp: Record<string, string | string[] | undefined> }) {
  const all = findingRows(scan.report.findings);
  const filters = readFindingFilters(sp);
  const shown = filterFindings(all, filters);
  const counts = countBySeverity(scan.report.findings);
  const rules = [...new Set(all.map((r) => r.rule))].sort();
  const projects = [...new Set(all.map((r) => r.project).filter((p): p is string => !!p))].sort();
  const s = scan.scanParam;
  return (
    <>
      <p className="mt-2 text-slate-700 dark:text-slate-300">
        Observations beside the verdicts in {scan.label}: access broader than needed, and what the scan could not see. Findings never change a verdict. See also{' '}
        <Link href={withScan('/service-accounts', s)} className={textLink}>
          what each node service account can pull
        </Link>
        .
      </p>
      <ul className="mt-3 flex flex-wrap gap-2" aria-label="Findings by severity">
        {SEVERITIES.map((sev) => (
          <li key={sev}>
            <Link href={findingsHref({ scan: s, severity: sev })} className={`${link} inline-flex items-center gap-1`} aria-label={`${counts[sev]} ${sev}`}>
              <SeverityBadge severity={sev} /> <span className="tabular-nums">{counts[sev]}</span>
            </Link>
          </li>
        ))}
      </ul>
      <UrlFilterForm
        label="Filter findings"
        keep={{ scan: s }}
        fields={[
          { kind: 'select', name: 'severity', label: 'Severity', value: filters.severity ?? '', allLabel: 'Any severity', options: SEVERITIES.map((v) => ({ value: v, label: v })) },
          { kind: 'select', name: 'rule', label: 'Rule', value: filters.rule ?? '', allLabel: 'Any rule', options: rules.map((r) => ({ value: r, label: r })) },
          { kind: 'select', name: 'project', label: 'Project', value: filters.project ?? '', allLabel: 'All projects', options: projects.map((p) => ({ value: p, label: p })) },
          { kind: 'search', name: 'q', label: 'Resource', value: filters.q ?? '', placeholder: 'resource name or text' },
          {
            kind: 'select',
            name: 'sort',
            label: 'Sort by',
            value: filters.sort === 'severity' ? '' : filters.sort,
            allLabel: 'severity',
            options: [
              { value: 'rule', label: 'rule' },
              { value: 'subject', label: 'resource' },
            ],
          },
        ]}
      />
      <ListSummary shown={shown.length} total={all.length} noun="finding" plural="findings" />
      <ExportLinks scanId={scan.id} kind="findings" params={sp} count={shown.length} />
      {shown.length === 0 ? null : (
        <div className="mt-4 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
          <table className={table}>
            <caption className="sr-only">Findings, {filters.sort === 'severity' ? 'worst first' : `by ${filters.sort === 'subject' ? 'resource' : 'rule'}`}</caption>
            <TableHead columns={['Severity', 'Finding', 'Resource', 'Fix']} />
            <tbody className={tbody}>
              {shown.map((r) => (
                <tr key={r.index}>
                  <td className={td}>
                    <SeverityBadge severity={r.severity} />
                  </td>
                  <th scope="row" className={`${td} max-w-xl text-left font-normal`}>
                    <span className="block font-medium">{r.title}</span>
                    <span className="block font-mono text-xs text-slate-600 dark:text-slate-400">{r.rule}</span>
                    <span className="mt-1 block">{r.message}</span>
                  </th>
                  <td className={`${td} break-all`}>
                    <span className="font-mono text-xs">{r.subject}</span>
                    {r.links.length ? (
                      <ul className="mt-1 text-xs">
                        {r.links.map((l) => (
                          <li key={l.href}>
                            <Link href={withScan(l.href, s)} className={link}>
                              {l.label}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                  <td className={`${td} max-w-md`}>
                    <ul className="list-disc pl-4 text-xs">
                      {r.finding.remediation.steps.map((step, i) => (
                        <li key={i}>{step}</li>
                      ))}
                    </ul>
                    {r.finding.remediation.gcloud ? (
                      <div className="mt-1 flex items-start gap-2">
                        <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-1 text-xs dark:bg-slate-800">{r.finding.remediation.gcloud}</pre>
                        <CopyButton text={r.finding.remediation.gcloud} label={`Copy the command for ${r.rule}`} />
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <GroupedFixes inv={scan.inventory} report={scan.report} />
    </>
  );
}
