import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ScanStateNotice } from '@/components/scan-state-notice';
import { TitledSection } from '@/components/titled-section';
import { TableHead } from '@/components/table-head';
import { StatusMark } from '@/components/status-mark';
import { Breadcrumb } from '@/components/breadcrumb';
import { GrantRiskMark, RiskMarkers, grantRisk } from '@/components/grant-risk';
import { link, table, tbody, td, textLink } from '@/components/ui-classes';
import { loadScan } from '@/lib/server/load-scan';
import { clusterHref, withScan } from '@/app/clusters/_lib/cluster-view';
import { repositoryHref } from '@/app/repositories/_lib/repository-view';
import { accountAccess, levelOf } from '@/lib/security/who-can-pull';
import { leastPrivilegePlans } from '@/lib/security/plan';
import { nodeAccounts } from '../_lib/accounts';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ email: string }> }) {
  const { email } = await params;
  return { title: `Service account ${decodeURIComponent(email).slice(0, 120)}` };
}

export default async function ServiceAccountPage({ params, searchParams }: { params: Promise<{ email: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ email: raw }, sp] = await Promise.all([params, searchParams]);
  const email = decodeURIComponent(raw).toLowerCase();
  const scan = await loadScan(sp);
  if (scan.kind !== 'ready') {
    return (
      <TitledSection id="sa-title" title="Node service account">
        <ScanStateNotice scan={scan} what="what this service account can pull" />
      </TitledSection>
    );
  }
  const { inventory: inv, report } = scan;
  const account = nodeAccounts(inv).find((a) => a.email === email);
  if (!account) notFound();
  const s = scan.scanParam;
  const repos = new Map(inv.repositories.map((r) => [r.name, r]));
  const clusters = new Map(inv.clusters.map((c) => [c.name, c]));
  const access = accountAccess(inv, email);
  const [plan] = leastPrivilegePlans(inv, report.pairs, email);
  const planHref = (format: 'tf' | 'sh') => `/api/scans/${encodeURIComponent(scan.id)}/plan?sa=${encodeURIComponent(email)}&format=${format}`;
  return (
    <article aria-labelledby="sa-title">
      <Breadcrumb parent={{ href: withScan('/service-accounts', s), label: 'Node service accounts' }} current={email} />
      <h1 id="sa-title" className="mt-1 break-all text-2xl font-semibold">
        Service account {email}
      </h1>
      {account.isDefault ? <StatusMark tone="undecided">Compute Engine default service account</StatusMark> : null}

      <section aria-labelledby="sa-pools" className="mt-6">
        <h2 id="sa-pools" className="text-lg font-semibold">
          Node pools
        </h2>
        <ul className="mt-2 list-disc pl-5 text-sm">
          {account.pools.map((p) => {
            const c = clusters.get(p.cluster);
            return (
              <li key={p.name}>
                {c ? (
                  <Link href={withScan(clusterHref(c), s)} className={link}>
                    {p.shortName} (cluster {c.shortName}, {p.project})
                  </Link>
                ) : (
                  p.name
                )}
                <RiskMarkers findings={report.findings} resource={p.name} scan={s} />
              </li>
            );
          })}
        </ul>
      </section>

      <section aria-labelledby="sa-pull" className="mt-6">
        <h2 id="sa-pull" className="text-lg font-semibold">
          What it can pull
        </h2>
        {access.length === 0 ? (
          <p className="mt-2 text-sm">No grant lets this account download from any Docker repository in the scan.</p>
        ) : (
          <div className="mt-2 overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <table className={table}>
              <caption className="sr-only">Repositories this account can pull from, and the bindings that let it</caption>
              <TableHead columns={['Repository', 'Binding', 'Level', 'Risk']} />
              <tbody className={tbody}>
                {access.flatMap((a) => {
                  const r = repos.get(a.repository);
                  const name = r ? (
                    <Link href={withScan(repositoryHref(r), s)} className={link}>
                      {r.id}
                    </Link>
                  ) : (
                    a.repository
                  );
                  const rows = a.public ? [{ key: 'public', binding: 'allUsers (public repository)', level: 'repository', resource: a.repository, role: '', member: 'allUsers' }] : [];
                  for (const g of a.grants) {
                    rows.push({
                      key: `${g.resource}|${g.role}|${g.member}`,
                      binding: `${g.role} to ${g.member}${g.groupPath?.length ? ` (through group ${g.groupPath.join(' → ')})` : ''}${g.condition ? ' (conditional)' : ''}`,
                      level: levelOf(g.resource),
                      resource: g.resource,
                      role: g.role,
                      member: g.member,
                    });
                  }
                  return rows.map((x, i) => (
                    <tr key={`${a.repository}|${x.key}`}>
                      <th scope="row" className={`${td} text-left font-medium`}>
                        {i === 0 ? name : <span className="sr-only">{a.repository}</span>}
                      </th>
                      <td className={`${td} break-all font-mono text-xs`}>{x.binding}</td>
                      <td className={td}>
                        {x.level}
                        <span className="block break-all text-xs text-slate-600 dark:text-slate-400">{x.resource}</span>
                      </td>
                      <td className={td}>{grantRisk(x.role, x.member) ? <GrantRiskMark role={x.role} member={x.member} /> : null}</td>
                    </tr>
                  ));
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {plan ? (
        <section aria-labelledby="sa-plan" className="mt-6">
          <h2 id="sa-plan" className="text-lg font-semibold">
            Least-privilege plan
          </h2>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
            Keeps {plan.needed.length} pair{plan.needed.length === 1 ? '' : 's'} {plan.basis === 'in-use' ? 'that are in use' : 'that can pull today (intent is not known, so every one counts as needed)'} with
            repository-level reader grants, then removes the broad grants.
          </p>
          <p role="status" className="mt-2 text-sm">
            {plan.check.ok ? (
              <StatusMark tone="ok">
                Checked: applied to the inventory and judged again, all {plan.check.stillPulling} needed pairs still pull
              </StatusMark>
            ) : (
              <StatusMark tone="bad">
                Checked: {plan.check.lost.length} needed pair{plan.check.lost.length === 1 ? '' : 's'} would stop pulling; do not apply as is
              </StatusMark>
            )}
          </p>
          <h3 className="mt-3 font-semibold">Grants to add</h3>
          {plan.grants.length === 0 ? <p className="text-sm">None: the account already has repository-level grants where it needs them.</p> : null}
          <ul className="mt-1 flex flex-col gap-1 text-sm">
            {plan.grants.map((g) => (
              <li key={g.repository}>
                <span className="break-all font-mono text-xs">{g.gcloud ?? `${g.repository}: ${g.note ?? `not printed (${g.refused})`}`}</span>
              </li>
            ))}
          </ul>
          <h3 className="mt-3 font-semibold">Broad grants that could then be removed</h3>
          {plan.removals.length === 0 ? <p className="text-sm">None.</p> : null}
          <ul className="mt-1 flex flex-col gap-1 text-sm">
            {plan.removals.map((r) => (
              <li key={`${r.resource}|${r.role}`}>
                {r.role} on {r.resource} ({r.why.replace('-', ' ')}) <span className="block break-all font-mono text-xs">{r.gcloud}</span>
              </li>
            ))}
          </ul>
          {plan.kept.length ? (
            <p className="mt-2 text-sm">
              Kept: {plan.kept.map((k) => `${k.role} on ${k.resource}`).join('; ')}: they reach a needed repository whose own policy could not be read.
            </p>
          ) : null}
          {plan.shared.length ? (
            <p className="mt-2 text-sm">Held through groups (other members may rely on them): {plan.shared.map((k) => `${k.role} to ${k.member} on ${k.resource}`).join('; ')}.</p>
          ) : null}
          <p className="mt-2 text-sm">
            Download the plan:{' '}
            <a href={planHref('tf')} className={textLink}>
              Terraform
            </a>{' '}
            ·{' '}
            <a href={planHref('sh')} className={textLink}>
              shell script
            </a>
          </p>
        </section>
      ) : null}
    </article>
  );
}
