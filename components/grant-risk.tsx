import Link from 'next/link';
import type { Finding } from '@/lib/readiness/types';
import { StatusMark } from '@/components/status-mark';
import { severityOf, severityRank } from '@/lib/security/severity';
import { findingsHref } from '@/app/findings/_lib/findings-view';
import { grantRiskIsBad, grantRiskText } from '@/lib/security/risk';

/** What is risky about one grant (role to member), or null: basic roles and public members are never shown as plainly fine. */
export function grantRisk(role: string, member: string): { tone: 'bad' | 'undecided'; text: string } | null {
  const text = grantRiskText(role, member);
  return text ? { tone: grantRiskIsBad(role, member) ? 'bad' : 'undecided', text } : null;
}

/** A grant's risk as a mark (nothing when the grant is not risky). */
export function GrantRiskMark({ role, member }: { role: string; member: string }) {
  const r = grantRisk(role, member);
  return r ? <StatusMark tone={r.tone}>{r.text}</StatusMark> : null;
}

/** The cloud-platform scope on the Compute Engine default account: excessive (GKE "Harden your cluster's security"). */
export function ScopeRiskMark({ isDefault, scopes }: { isDefault: boolean; scopes: string[] }) {
  if (!isDefault || !scopes.includes('cloud-platform')) return null;
  return (
    <span className="mt-1 block">
      <StatusMark tone="bad">cloud-platform with the default account: excessive (every API the account can reach is open to every Pod)</StatusMark>
    </span>
  );
}

/** The security findings about a resource (or naming it in their evidence), worst first, linking to the Findings page. */
export function RiskMarkers({ findings, resource, scan, title = 'Security findings' }: { findings: Finding[]; resource: string; scan?: string | null; title?: string }) {
  const mine = findings
    .filter((f) => f.rule.startsWith('security.') || f.rule === 'identity.default-service-account' || f.rule === 'iam.basic-role-only')
    .filter((f) => f.subject === resource || (Array.isArray(f.evidence?.nodePools) && (f.evidence.nodePools as unknown[]).includes(resource)))
    .map((f) => ({ f, sev: severityOf(f.rule, f.severity) }))
    .sort((a, b) => severityRank(a.sev) - severityRank(b.sev));
  if (!mine.length) return null;
  return (
    <div role="note" aria-label={title} className="mt-2 rounded-md border border-rose-200 bg-rose-50/50 p-2 text-xs dark:border-rose-900 dark:bg-rose-950/40">
      <p className="font-medium">{title}</p>
      <ul className="mt-1 flex flex-col gap-1">
        {mine.map(({ f, sev }, i) => (
          <li key={`${f.rule}|${i}`}>
            <StatusMark tone={sev === 'high' || sev === 'medium' ? 'bad' : 'undecided'}>{sev}</StatusMark> {f.message}{' '}
            <Link href={findingsHref({ scan, rule: f.rule, q: f.subject })} className="text-sky-800 underline dark:text-sky-300">
              finding
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
