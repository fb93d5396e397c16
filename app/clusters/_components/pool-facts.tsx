import { StatusMark } from '@/components/status-mark';
import type { AccountView, NetworkView, ScopesView, VersionView, VerdictCounts } from '../_lib/cluster-view';

export function VersionFacts({ v }: { v: VersionView }) {
  if (!v.version) return <span className="text-slate-600 dark:text-slate-400">unknown</span>;
  return (
    <span className="flex flex-col items-start gap-1">
      <span className="font-mono text-xs">{v.version}</span>
      {v.belowMinimum ? (
        <StatusMark tone="bad">
          below the Artifact Registry minimum{v.bracket?.kind === 'needs-pull-secrets' ? ' (needs imagePullSecrets)' : v.minimum ? ` (${v.minimum})` : ''}
        </StatusMark>
      ) : null}
      {v.offered === false ? <StatusMark tone="undecided">no longer offered</StatusMark> : null}
      {v.offered === null ? <span className="text-xs text-slate-600 dark:text-slate-400">offer not known</span> : null}
    </span>
  );
}

export function AccountFacts({ a }: { a: AccountView }) {
  const state = a.state;
  return (
    <span className="flex flex-col items-start gap-1">
      <span className="break-all font-mono text-xs">{a.email}</span>
      <span className="flex flex-wrap gap-1">
        <StatusMark tone="neutral">{a.isDefault ? 'default (Compute Engine)' : 'custom'}</StatusMark>
        {state.kind === 'active' ? <StatusMark tone="ok">enabled</StatusMark> : null}
        {state.kind === 'disabled' ? <StatusMark tone="bad">disabled</StatusMark> : null}
        {state.kind === 'deleted' ? <StatusMark tone="bad">deleted</StatusMark> : null}
        {state.kind === 'unreadable' ? (
          <StatusMark tone="undecided">unreadable{state.gap?.permission ? ` (needs ${state.gap.permission})` : ''}</StatusMark>
        ) : null}
        {state.kind === 'not-read' ? <StatusMark tone="undecided">not read</StatusMark> : null}
      </span>
    </span>
  );
}

export function ScopeFacts({ s }: { s: ScopesView }) {
  return (
    <span className="flex flex-col items-start gap-1">
      <span className="flex flex-wrap gap-1">
        {s.scopes.length === 0 ? <span className="text-xs text-slate-600 dark:text-slate-400">none</span> : null}
        {s.scopes.map((sc) => (
          <span key={sc.url} title={sc.url}>
            {sc.pull === 'sufficient' ? (
              <StatusMark tone="ok">{sc.name}</StatusMark>
            ) : sc.pull === 'undecided' ? (
              <StatusMark tone="undecided">{sc.name}</StatusMark>
            ) : (
              <StatusMark tone="neutral">{sc.name}</StatusMark>
            )}
          </span>
        ))}
      </span>
      <span className={`text-xs ${s.kind === 'sufficient' ? 'text-emerald-800 dark:text-emerald-300' : s.kind === 'none' ? 'text-rose-800 dark:text-rose-300' : 'text-amber-800 dark:text-amber-300'}`}>
        <span aria-hidden="true">{s.kind === 'sufficient' ? '✓ ' : s.kind === 'none' ? '✗ ' : '? '}</span>
        {s.summary}
      </span>
    </span>
  );
}

export function NetworkFacts({ n }: { n: NetworkView }) {
  return (
    <span className="flex flex-col items-start gap-1">
      <span className="flex flex-wrap gap-1">
        <StatusMark tone="neutral">{n.privateNodes ? 'private nodes' : 'public nodes'}</StatusMark>
        {n.privateNodes ? (
          <StatusMark tone={n.privateGoogleAccess ? 'ok' : n.privateGoogleAccess === false ? 'neutral' : 'undecided'}>
            Private Google Access {n.privateGoogleAccess ? 'on' : n.privateGoogleAccess === false ? 'off' : 'unknown'}
          </StatusMark>
        ) : null}
        {n.nat ? <StatusMark tone="ok">Cloud NAT {n.nat}</StatusMark> : null}
        {n.sharedVpc ? <StatusMark tone="neutral">Shared VPC host {n.hostProject}</StatusMark> : null}
      </span>
      {n.subnetwork ? (
        <span className="break-all font-mono text-xs" title={n.subnetwork}>
          subnet {n.subnetworkShort}
          {n.hostProject ? ` (${n.hostProject})` : ''}
        </span>
      ) : null}
      <span className={`text-xs ${n.reachable === false ? 'text-rose-800 dark:text-rose-300' : n.reachable === null ? 'text-amber-800 dark:text-amber-300' : 'text-slate-700 dark:text-slate-300'}`}>
        <span aria-hidden="true">{n.reachable === false ? '✗ ' : n.reachable === null ? '? ' : '✓ '}</span>
        {n.summary}
      </span>
    </span>
  );
}

export function CountFacts({ c }: { c: VerdictCounts }) {
  if (c.total === 0) return <span className="text-xs text-slate-600 dark:text-slate-400">no pairs</span>;
  return (
    <span className="flex flex-col items-start gap-0.5 whitespace-nowrap text-xs">
      <span>
        <span aria-hidden="true">✓</span> {c['can-pull']} can pull
      </span>
      <span>
        <span aria-hidden="true">✗</span> {c['cannot-pull']} cannot pull
      </span>
      <span>
        <span aria-hidden="true">?</span> {c.unknown} unknown
      </span>
    </span>
  );
}

export function ImageFacts({ imageType, windows }: { imageType: string | null; windows: boolean }) {
  return (
    <span className="flex flex-col items-start gap-0.5">
      <span className="font-mono text-xs">{imageType ?? 'unknown'}</span>
      <span className="text-xs text-slate-600 dark:text-slate-400">
        {windows ? 'on-node check: C:\\etc\\kubernetes\\logs\\containerd.log' : 'on-node check: crictl pull'}
      </span>
    </span>
  );
}
