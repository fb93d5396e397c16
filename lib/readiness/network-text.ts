/** Sentences about Cloud NATs that exist but do not serve the nodes (kept apart from the rule's remediation lines). */
import type { NatNotServing } from './network';

/** " Cloud NAT n on router r exists but does not serve the nodes: REASON." for each NAT (bounded), or "". */
export function natsNotServingSentence(nats: NatNotServing[] | undefined): string {
  if (!nats?.length) return '';
  const shown = nats.slice(0, 5).map((x) => ` Cloud NAT ${x.nat} on router ${x.router.split('/').pop()} exists but does not serve the nodes: ${x.reason}.`);
  return shown.join('') + (nats.length > 5 ? ` ${nats.length - 5} more NATs do not serve them either.` : '');
}
