import { StatusMark } from '@/components/status-mark';
import { TableHead } from '@/components/table-head';
import { table, tbody, td } from '@/components/ui-classes';
import type { GrantRow, PolicyHole } from '../_lib/repository-view';
import { GrantRiskMark, grantRisk } from '@/components/grant-risk';

export function GrantNote({ g }: { g: GrantRow }) {
  if (g.deletedMember) return <StatusMark tone="bad">deleted member: grants nothing</StatusMark>;
  if (g.grants.grants === 'unknown') return <StatusMark tone="undecided">role unknown: {g.grants.reason}</StatusMark>;
  if (grantRisk(g.role, g.member)) return <GrantRiskMark role={g.role} member={g.member} />;
  if (g.public) return <StatusMark tone="neutral">public: anyone can download</StatusMark>;
  if (g.member === 'allAuthenticatedUsers') return <StatusMark tone="neutral">any Google account (nodes still need a storage scope)</StatusMark>;
  if (g.member.startsWith('domain:')) return <StatusMark tone="neutral">domain members never include service accounts</StatusMark>;
  if (g.grants.grants === true && g.grants.source === 'custom') return <StatusMark tone="ok">custom role with downloadArtifacts</StatusMark>;
  return <StatusMark tone="ok">grants downloadArtifacts</StatusMark>;
}

export function GrantTable({ grants, caption }: { grants: GrantRow[]; caption: string }) {
  return (
    <div className="relative overflow-x-auto">
      <table className={table}>
        <caption className="sr-only">{caption}</caption>
        <TableHead columns={['Level', 'Member', 'Role', 'Condition', 'Note']} />
        <tbody className={tbody}>
          {grants.map((g, i) => (
            <tr key={`${g.resource}|${g.role}|${g.member}|${i}`}>
              <td className={td}>
                <span className="font-medium">{g.level}</span>
                <span className="block text-xs text-slate-600 dark:text-slate-400">{g.resourceLabel}</span>
              </td>
              <th scope="row" className={`${td} break-all text-left font-mono text-xs font-normal`}>
                {g.member}
              </th>
              <td className={`${td} font-mono text-xs`}>{g.role}</td>
              <td className={td}>
                {g.condition ? (
                  <span className="flex flex-col gap-0.5">
                    <StatusMark tone="undecided">conditional{g.condition.title ? `: ${g.condition.title}` : ''}</StatusMark>
                    <code className="break-all text-xs">{g.condition.expression}</code>
                  </span>
                ) : (
                  <span className="text-slate-600 dark:text-slate-400">none</span>
                )}
              </td>
              <td className={td}>
                <GrantNote g={g} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function HoleList({ holes }: { holes: PolicyHole[] }) {
  if (holes.length === 0) return null;
  return (
    <div role="note" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <p className="font-medium">
        <span aria-hidden="true">? </span>Unreadable policies: grants there cannot be seen
      </p>
      <ul className="mt-1 list-disc pl-5">
        {holes.map((h) => (
          <li key={`${h.level}|${h.resource}`}>{h.message}</li>
        ))}
      </ul>
    </div>
  );
}
