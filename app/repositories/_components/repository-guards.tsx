import type { Inventory, Repository } from '@/lib/inventory/types';
import { StatusMark } from '@/components/status-mark';
import { TableHead } from '@/components/table-head';
import { table, tbody, td } from '@/components/ui-classes';
import { denyView, downloadRulesView, packageName, perimeterView, type DenyView, type DownloadRulesView, type PerimeterView } from '../_lib/guards';

const box = 'mt-2 rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900';
const muted = 'text-slate-600 dark:text-slate-400';

/** "Could not read" / "not read by this scan" notes, shared by the three lists. */
function Unread({ title, items }: { title: string; items: { key: string; text: string; gapId: string | null }[] }) {
  if (!items.length) return null;
  return (
    <div role="note" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      <p className="font-medium">
        <span aria-hidden="true">? </span>
        {title}
      </p>
      <ul className="mt-1 list-disc pl-5">
        {items.map((i) => (
          <li key={i.key} className="break-words">
            {i.text}
            {i.gapId ? <span className="text-xs"> (gap {i.gapId})</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function NotCollected({ what }: { what: string }) {
  return <p className="p-4 text-sm">{what} were not read by this scan (it, or the snapshot it opened, predates this check).</p>;
}

function List({ items }: { items: string[] }) {
  if (!items.length) return <span className={muted}>none</span>;
  return (
    <ul className="space-y-0.5">
      {items.map((x, i) => (
        <li key={`${x}-${i}`} className="break-all font-mono text-xs">
          {x}
        </li>
      ))}
    </ul>
  );
}

function DenyRules({ view, repoId }: { view: DenyView; repoId: string }) {
  return (
    <section aria-labelledby="deny-title" className="mt-6">
      <h2 id="deny-title" className="text-lg font-semibold">
        IAM deny rules
      </h2>
      <p className="mt-1 text-sm [overflow-wrap:anywhere] text-slate-700 dark:text-slate-300">
        Deny rules attached to the repository&apos;s project, folders or organization that deny artifactregistry.googleapis.com/repositories.downloadArtifacts (or a wildcard
        covering it). A deny rule wins over every grant unless the puller is an exception.
      </p>
      <div className={box}>
        {view.kind === 'not-collected' ? (
          <NotCollected what="IAM deny policies" />
        ) : view.rules.length === 0 ? (
          <p className="p-4 text-sm">
            No {view.unread.length ? 'readable ' : ''}deny rule on {view.attachmentPoints.join(', ')} takes the download from {repoId} away.
          </p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className={table}>
              <caption className="sr-only">Deny rules that deny downloads from {repoId}</caption>
              <TableHead columns={['Policy and rule', 'Attachment point', 'Denied principals', 'Denied permissions', 'Exceptions', 'Condition']} />
              <tbody className={tbody}>
                {view.rules.map((r) => (
                  <tr key={`${r.policy}|${r.rule}`}>
                    <th scope="row" className={`${td} text-left font-medium`}>
                      <span className="break-all">{r.policyId}</span>
                      {r.policyDisplayName ? <span className={`block text-xs font-normal ${muted}`}>{r.policyDisplayName}</span> : null}
                      <span className={`block text-xs font-normal ${muted}`}>rule {r.rule}</span>
                    </th>
                    <td className={`${td} break-all font-mono text-xs`}>{r.attachmentPoint}</td>
                    <td className={td}>
                      <List items={r.deniedPrincipals} />
                    </td>
                    <td className={td}>
                      <List items={r.deniedPermissions} />
                    </td>
                    <td className={td}>
                      {r.exceptionPrincipals.length || r.exceptionPermissions.length ? (
                        <>
                          <List items={r.exceptionPrincipals} />
                          {r.exceptionPermissions.length ? (
                            <span className="mt-1 block">
                              <span className={`text-xs ${muted}`}>permissions: </span>
                              <List items={r.exceptionPermissions} />
                            </span>
                          ) : null}
                        </>
                      ) : (
                        <span className={muted}>none</span>
                      )}
                    </td>
                    <td className={td}>
                      <ConditionNote condition={r.condition} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {view.kind === 'read' ? (
        <Unread
          title={`Could not read some deny policies (needs ${view.permission}, in ${view.role}): a deny rule there could refuse pulls`}
          items={view.unread.map((u) => ({ key: u.attachmentPoint, text: u.why, gapId: u.gapId }))}
        />
      ) : null}
    </section>
  );
}

const insideText = { yes: 'inside', no: 'outside', unknown: 'unknown (project number not known)' } as const;

function Perimeters({ view, repoId }: { view: PerimeterView; repoId: string }) {
  return (
    <section aria-labelledby="perimeters-title" className="mt-6">
      <h2 id="perimeters-title" className="text-lg font-semibold">
        VPC Service Controls perimeters
      </h2>
      <p className="mt-1 text-sm [overflow-wrap:anywhere] text-slate-700 dark:text-slate-300">
        Perimeters that list the repository&apos;s project, or that hold a node network of this scan and not the project. A perimeter restricting artifactregistry.googleapis.com
        blocks pulls that cross it unless a bridge or an ingress or egress rule allows them; dry-run configurations only log.
      </p>
      <div className={box}>
        {view.kind === 'not-collected' ? (
          <NotCollected what="VPC Service Controls perimeters" />
        ) : view.perimeters.length === 0 ? (
          <p className="p-4 text-sm">
            No {view.unread.length ? 'readable ' : ''}perimeter touches {repoId}: its project {view.repositoryProject}
            {view.repositoryNumber ? ` (projects/${view.repositoryNumber})` : ''} is in no perimeter.
          </p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className={table}>
              <caption className="sr-only">Perimeters that touch {repoId}</caption>
              <TableHead columns={['Perimeter', 'Mode', "Repository's project", 'Restricts Artifact Registry', 'Bridges', 'Why listed']} />
              <tbody className={tbody}>
                {view.perimeters.map((p) => (
                  <tr key={p.name}>
                    <th scope="row" className={`${td} text-left font-medium`}>
                      {p.title ?? p.name}
                      <span className={`block break-all font-mono text-xs font-normal ${muted}`}>{p.name}</span>
                    </th>
                    <td className={td}>
                      {p.mode === 'enforced' ? <StatusMark tone="neutral">enforced</StatusMark> : p.mode === 'dry-run' ? <StatusMark tone="undecided">dry run only</StatusMark> : <StatusMark tone="neutral">enforced, with a dry-run change</StatusMark>}
                    </td>
                    <td className={td}>
                      {p.inside.enforced !== null ? <span className="block">enforced: {insideText[p.inside.enforced]}</span> : null}
                      {p.inside.dryRun !== null ? <span className="block">dry run: {insideText[p.inside.dryRun]}</span> : null}
                    </td>
                    <td className={td}>{p.restrictsArtifactRegistry ? 'yes' : 'no'}</td>
                    <td className={td}>
                      {p.bridges.length ? (
                        <ul className="space-y-0.5">
                          {p.bridges.map((b) => (
                            <li key={b.name}>
                              <span className="font-medium">{b.title ?? b.name}</span>
                              {b.joins.length ? <span className={`block text-xs ${muted}`}>joins {b.joins.join(', ')}</span> : null}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <span className={muted}>none</span>
                      )}
                    </td>
                    <td className={`${td} text-xs`}>
                      {p.why}
                      {p.ingressRules ? <span className="block">{p.ingressRules} ingress rule{p.ingressRules === 1 ? '' : 's'}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {view.kind === 'read' ? (
        <Unread
          title={`Could not read some access policies or perimeters (needs ${view.permission}, in ${view.role}): a perimeter there could block pulls`}
          items={view.unread.map((u) => ({ key: u.resource, text: `the perimeters of ${u.resource} could not be read`, gapId: u.gapId }))}
        />
      ) : null}
    </section>
  );
}

function DownloadRules({ view, repoId }: { view: DownloadRulesView; repoId: string }) {
  return (
    <section aria-labelledby="rules-title" className="mt-6">
      <h2 id="rules-title" className="text-lg font-semibold">
        Download rules
      </h2>
      <p className="mt-1 text-sm [overflow-wrap:anywhere] text-slate-700 dark:text-slate-300">Artifact Registry rules on {repoId} that allow or deny downloads, whoever pulls.</p>
      <div className={box}>
        {view.kind === 'not-collected' ? (
          <NotCollected what="Download rules" />
        ) : view.kind === 'unreadable' ? (
          <p className="p-4 text-sm">
            <StatusMark tone="undecided">could not read</StatusMark> <span className="break-words">{view.why}</span>
            {view.gapId ? <span className="text-xs"> (gap {view.gapId})</span> : null}: a DENY rule there could refuse pulls.
          </p>
        ) : view.rules.length === 0 ? (
          <p className="p-4 text-sm">
            This repository has no download rules{view.otherRules ? ` (${view.otherRules} rule${view.otherRules === 1 ? '' : 's'} for other operations, which do not affect pulls)` : ''}.
          </p>
        ) : (
          <>
            <p className="px-4 pt-3 text-sm">
              <StatusMark tone={view.tone}>{view.summary}</StatusMark>
            </p>
            <div className="relative overflow-x-auto">
              <table className={table}>
                <caption className="sr-only">Download rules of {repoId}</caption>
                <TableHead columns={['Rule', 'Action', 'Applies to', 'Condition', 'Effect on pulls']} />
                <tbody className={tbody}>
                  {view.rules.map((r) => (
                    <tr key={r.name}>
                      <th scope="row" className={`${td} text-left font-medium`}>
                        <span className="break-all">{r.id}</span>
                      </th>
                      <td className={`${td} font-mono text-xs`}>{r.action}</td>
                      <td className={td}>{r.packageId ? <span className="break-all font-mono text-xs">package {packageName(r.packageId)}</span> : 'the whole repository'}</td>
                      <td className={td}>
                        <ConditionNote condition={r.condition} />
                      </td>
                      <td className={td}>
                        <StatusMark tone={r.tone}>{r.effect}</StatusMark>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </div>
    </section>
  );
}

/** What else decides a pull from this repository: deny rules, perimeters and download rules. */
export function RepositoryGuards({ inv, repo }: { inv: Inventory; repo: Repository }) {
  return (
    <>
      <DenyRules view={denyView(inv, repo)} repoId={repo.id} />
      <Perimeters view={perimeterView(inv, repo)} repoId={repo.id} />
      <DownloadRules view={downloadRulesView(inv, repo)} repoId={repo.id} />
    </>
  );
}

/** A rule's IAM condition (title and CEL expression), or "none". */
function ConditionNote({ condition }: { condition?: { title?: string | null; expression?: string | null } | null }) {
  if (!condition) return <span className={muted}>none</span>;
  return (
    <span className="flex flex-col gap-0.5">
      <StatusMark tone="undecided">conditional{condition.title ? `: ${condition.title}` : ''}</StatusMark>
      <code className="break-all text-xs">{condition.expression}</code>
    </span>
  );
}
