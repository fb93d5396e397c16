import type { Inventory, Repository } from '@/lib/inventory/types';
import type { Finding } from '@/lib/readiness/types';
import { IamResolver } from '@/lib/readiness/iam';
import { StatusMark } from '@/components/status-mark';
import { GrantRiskMark, RiskMarkers, grantRisk } from '@/components/grant-risk';

/** The grants that let this node account pull from this repository, each marked for its risk; and the findings about either side. */
export function PairGrantRisk({ inv, email, pool, repo, findings, scan }: { inv: Inventory; email: string; pool: string; repo: Repository; findings: Finding[]; scan?: string | null }) {
  const a = new IamResolver(inv).analyze(email, repo);
  const grants = [...(a.public ? [a.public] : []), ...a.grants];
  return (
    <section aria-labelledby="pair-grants-title" className="mt-4 rounded-lg border border-slate-200 bg-white p-4 text-sm dark:border-slate-800 dark:bg-slate-900">
      <h2 id="pair-grants-title" className="text-sm font-semibold uppercase tracking-wide text-slate-500 dark:text-slate-400">
        Grants that let this pair pull
      </h2>
      {grants.length === 0 ? (
        <p className="mt-1">No unconditional grant lets {email} download from this repository.</p>
      ) : (
        <ul className="mt-2 flex flex-col gap-1">
          {grants.map((g, i) => (
            <li key={`${g.resource}|${g.role}|${g.member}|${i}`} className="flex flex-wrap items-center gap-2">
              <span className="font-mono text-xs">{g.role}</span> to <span className="break-all font-mono text-xs">{g.member}</span> on <span className="break-all font-mono text-xs">{g.resource}</span>
              {g.groupPath?.length ? <span className="text-xs">(through group {g.groupPath.join(' → ')})</span> : null}
              {grantRisk(g.role, g.member) ? <GrantRiskMark role={g.role} member={g.member} /> : <StatusMark tone="ok">grants downloadArtifacts</StatusMark>}
            </li>
          ))}
        </ul>
      )}
      <RiskMarkers findings={findings} resource={pool} scan={scan} title="Security findings on the node pool" />
      <RiskMarkers findings={findings} resource={repo.name} scan={scan} title="Security findings on the repository" />
    </section>
  );
}
