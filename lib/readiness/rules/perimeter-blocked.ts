/** perimeter.blocked, perimeter.undecided, perimeter.unreadable: VPC Service Controls between the node network and the repository. */
import { DOCS } from '../docs';
import { AR_SERVICE, PERIMETER_READ_PERMISSION, PERIMETER_READ_ROLE, type Crossing, type PerimeterAnalysis } from '../perimeter';
import { remedy } from '../remediation';
import { isValid } from '../../safe/formats';
import { hclIdentifier, hclString, shellCommand } from '../../safe/quote';
import type { Built } from '../../safe/command';
import type { PerimeterContext, PerimeterRule, RuleOutcome } from '../rule';
import type { Remediation } from '../types';

const docs = [DOCS.vpcServiceControls, DOCS.vpcIngressEgress, DOCS.vpcBridges];
const REQUIRES = ['access-policies', 'subnetworks', 'ancestry'] as const;

function sides(a: PerimeterAnalysis): string {
  const net = a.network.network ?? (a.network.project ? `project ${a.network.project}` : 'an unknown network');
  return `from node network ${net}${a.network.number ? ` (projects/${a.network.number})` : ''} to project ${a.repository.project}${a.repository.number ? ` (projects/${a.repository.number})` : ''}`;
}

function crossingText(c: Crossing): string {
  return `perimeter ${c.perimeter.name}${c.perimeter.title ? ` ("${c.perimeter.title}")` : ''} (${c.direction === 'ingress' ? "the repository's project is inside, the node network outside" : "the node network is inside, the repository's project outside"})`;
}

/** A YAML double-quoted scalar: JSON's string syntax is valid YAML, and escapes every control character. */
const y = (s: string) => JSON.stringify(s);

/**
 * The ingress (or egress) rule that admits the pull, as YAML for `gcloud access-context-manager perimeters update
 * --set-ingress-policies` / `--set-egress-policies`, and as a Terraform `google_access_context_manager_service_perimeter_ingress_policy`
 * / `_egress_policy` resource. Refused unless the perimeter name, the project numbers and the email match Google's formats.
 */
export function perimeterRuleRemediation(c: Crossing, a: PerimeterAnalysis): { yaml: string; gcloud: Built; terraform: Built } {
  const email = a.serviceAccount;
  const netNumber = a.network.number ?? '';
  const repoNumber = a.repository.number ?? '';
  const m = /^accessPolicies\/(\d{1,20})\/servicePerimeters\/([A-Za-z0-9_]{1,100})$/.exec(c.perimeter.name);
  const refusals = [
    ...(isValid('serviceAccountEmail', email) ? [] : [{ kind: 'serviceAccountEmail' as const, value: email }]),
    ...(isValid('projectNumber', netNumber) ? [] : [{ kind: 'projectNumber' as const, value: netNumber }]),
    ...(isValid('projectNumber', repoNumber) ? [] : [{ kind: 'projectNumber' as const, value: repoNumber }]),
    ...(m ? [] : [{ kind: 'networkResource' as const, value: c.perimeter.name }]),
  ];
  if (refusals.length) return { yaml: '', gcloud: { ok: false, refusals }, terraform: { ok: false, refusals } };
  const [, policy, perimeter] = m!;
  const member = `serviceAccount:${email}`;
  const ops = ['    operations:', `    - serviceName: ${y(AR_SERVICE)}`, '      methodSelectors:', `      - method: ${y('*')}`];
  const yaml =
    c.direction === 'ingress'
      ? ['- ingressFrom:', '    identities:', `    - ${y(member)}`, '    sources:', `    - resource: ${y(`projects/${netNumber}`)}`, '  ingressTo:', ...ops.map((l) => l), '    resources:', `    - ${y(`projects/${repoNumber}`)}`].join('\n')
      : ['- egressFrom:', '    identities:', `    - ${y(member)}`, '  egressTo:', ...ops, '    resources:', `    - ${y(`projects/${repoNumber}`)}`].join('\n');
  const file = c.direction === 'ingress' ? 'ingress.yaml' : 'egress.yaml';
  const gcloud = shellCommand(['gcloud', 'access-context-manager', 'perimeters', 'update', perimeter, `--policy=${policy}`, `--set-${c.direction}-policies=${file}`]);
  const kind = c.direction === 'ingress' ? 'ingress' : 'egress';
  const name = hclIdentifier(`${perimeter}_${kind}_${email.split('@')[0]}`);
  const opsTf = ['    operations {', `      service_name = ${hclString(AR_SERVICE)}`, '      method_selectors {', `        method = ${hclString('*')}`, '      }', '    }'];
  const terraform =
    kind === 'ingress'
      ? [
          `resource "google_access_context_manager_service_perimeter_ingress_policy" ${hclString(name)} {`,
          `  perimeter = ${hclString(c.perimeter.name)}`,
          '  ingress_from {',
          `    identities = [${hclString(member)}]`,
          '    sources {',
          `      resource = ${hclString(`projects/${netNumber}`)}`,
          '    }',
          '  }',
          '  ingress_to {',
          `    resources = [${hclString(`projects/${repoNumber}`)}]`,
          ...opsTf,
          '  }',
          '}',
        ].join('\n')
      : [
          `resource "google_access_context_manager_service_perimeter_egress_policy" ${hclString(name)} {`,
          `  perimeter = ${hclString(c.perimeter.name)}`,
          '  egress_from {',
          `    identities = [${hclString(member)}]`,
          '  }',
          '  egress_to {',
          `    resources = [${hclString(`projects/${repoNumber}`)}]`,
          ...opsTf,
          '  }',
          '}',
        ].join('\n');
  return { yaml, gcloud: { ok: true, text: gcloud }, terraform: { ok: true, text: terraform } };
}

function blockedRemediation(blocked: Crossing[], a: PerimeterAnalysis): Remediation {
  const c = blocked[0];
  const r = perimeterRuleRemediation(c, a);
  const flag = `--set-${c.direction}-policies`;
  const steps = [
    `Add an ${c.direction} rule to ${crossingText(c)} that admits ${a.serviceAccount} calling ${AR_SERVICE} ${sides(a)}; the perimeter's access policy administrators (roles/accesscontextmanager.policyAdmin) own it.`,
    ...(blocked.length > 1 ? [`Also add the matching ${blocked[1].direction} rule to perimeter ${blocked[1].perimeter.name}: every perimeter the pull crosses must allow it.`] : []),
    ...(r.yaml ? [`${c.direction === 'ingress' ? 'ingress' : 'egress'}.yaml:\n${r.yaml}`] : []),
    'Or put both projects in one perimeter, or join their perimeters with a perimeter bridge.',
  ];
  return remedy({ steps, docs, warning: `${flag} replaces the perimeter's existing ${c.direction} rules: put them in the file too (gcloud access-context-manager perimeters describe shows them).` }, r.gcloud, r.terraform);
}

/** Fails when an enforced perimeter restricting Artifact Registry stands between the node network and the repository. */
export const perimeterBlocked: PerimeterRule = {
  id: 'perimeter.blocked',
  title: 'No VPC Service Controls perimeter blocks the pull',
  category: 'perimeter',
  severity: 'high',
  step: 'perimeter',
  level: 'perimeter',
  requires: REQUIRES,
  docs,
  description: "A perimeter restricting artifactregistry.googleapis.com that holds one side (the node network's project or the repository's project) and not the other blocks the pull, unless a bridge or an ingress/egress rule allows it.",
  check(ctx: PerimeterContext): RuleOutcome {
    const a = ctx.analysis;
    const d = a.decision;
    if (d.kind === 'not-collected') return { outcome: 'not-applicable', summary: 'Perimeters were not read.' };
    if (d.kind === 'clear') return { outcome: 'pass', summary: d.why, evidence: { network: a.network, repository: a.repository } };
    if (d.kind === 'same-perimeter') return { outcome: 'pass', summary: `Both sides are in perimeter ${d.perimeter.name}.`, evidence: { perimeter: d.perimeter.name } };
    if (d.kind === 'unknown-number') return { outcome: 'not-applicable', summary: 'See perimeter.undecided.' };
    const crossings = d.crossings.map((c) => ({ perimeter: c.perimeter.name, direction: c.direction, outcome: c.outcome, ...(c.allowedBy ? { allowedBy: c.allowedBy.kind === 'bridge' ? { bridge: c.allowedBy.bridge.name } : { rule: c.allowedBy.index, title: c.allowedBy.title } } : {}), ...(c.why ? { why: c.why } : {}) }));
    if (d.outcome !== 'blocked') {
      return { outcome: d.outcome === 'allowed' ? 'pass' : 'not-applicable', summary: d.outcome === 'allowed' ? `Every perimeter crossed allows the pull (${crossings.map((c) => `${c.perimeter}: ${c.allowedBy && 'bridge' in c.allowedBy ? 'bridge' : `${c.direction} rule`}`).join('; ')}).` : 'See perimeter.undecided.', evidence: { crossings } };
    }
    const blocked = d.crossings.filter((c) => c.outcome === 'blocked');
    return {
      outcome: 'fail',
      summary: `Blocked by ${crossingText(blocked[0])}.`,
      message: `The pull ${sides(a)} crosses ${crossingText(blocked[0])}, which restricts ${AR_SERVICE}, and no bridge or ${blocked[0].direction} rule admits ${a.serviceAccount}: Google answers 403 "Request is prohibited by organization's policy".`,
      evidence: { serviceAccount: a.serviceAccount, network: a.network, repository: a.repository, crossings },
      remediate() {
        return blockedRemediation(blocked, a);
      },
    };
  },
};

/** Undecided: an access level, or a project number the scan does not know. */
export const perimeterUndecided: PerimeterRule = {
  id: 'perimeter.undecided',
  title: 'VPC Service Controls can be decided',
  category: 'perimeter',
  severity: 'medium',
  step: 'perimeter',
  level: 'perimeter',
  requires: REQUIRES,
  docs,
  description: 'A perimeter might block the pull, but it admits requests through access levels Pullcheck cannot evaluate, or a project number needed to place a side is unknown.',
  check(ctx: PerimeterContext): RuleOutcome {
    const a = ctx.analysis;
    const d = a.decision;
    let why: string | null = null;
    if (d.kind === 'unknown-number') why = `the number of ${d.which === 'network' ? `the node network's project ${d.project ?? '(unknown)'}` : `project ${d.project}`} is not known to the scan, and perimeter ${d.perimeters.join(', ')} lists projects by number`;
    else if (d.kind === 'crossing' && d.outcome === 'undecided') {
      const c = d.crossings.find((x) => x.outcome === 'undecided')!;
      why = `the pull crosses ${crossingText(c)}, and ${c.why}`;
    }
    if (!why) return { outcome: 'not-applicable', summary: 'Nothing about the perimeters is undecided.' };
    return {
      outcome: 'undecided',
      summary: `Perimeter undecided: ${why}.`,
      message: `Whether VPC Service Controls let ${a.serviceAccount} pull ${sides(a)} is unknown: ${why}.`,
      evidence: { serviceAccount: a.serviceAccount, network: a.network, repository: a.repository, decision: d.kind },
      remediation: {
        steps: [
          d.kind === 'unknown-number'
            ? "Scan with the node network's host project in scope (or let the identity running Pullcheck read it: resourcemanager.projects.get), so its number is known."
            : 'Check whether the nodes satisfy the access level, or add an ingress rule naming the node service account and the network project.',
        ],
        docs,
      },
    };
  },
};

/** A would-be can-pull is unknown while the organization's perimeters are unread. */
export const perimeterUnreadable: PerimeterRule = {
  id: 'perimeter.unreadable',
  title: 'VPC Service Controls perimeters are readable',
  category: 'audit-access',
  severity: 'medium',
  step: 'perimeter',
  level: 'perimeter',
  requires: REQUIRES,
  onlyIfOtherwisePulls: true,
  docs,
  description: `The organization's access policies or perimeters could not be read (${PERIMETER_READ_PERMISSION}, in ${PERIMETER_READ_ROLE}); a pull that would otherwise work is unknown.`,
  check(ctx: PerimeterContext): RuleOutcome {
    const a = ctx.analysis;
    if (!a.holes.length) return { outcome: 'not-applicable', summary: 'Every access policy that matters was read.' };
    const where = a.holes.map((h) => h.resource).join(', ');
    return {
      outcome: 'undecided',
      summary: `Perimeters not read for ${where}.`,
      message: `Pullcheck could not read the access policies or service perimeters of ${where} (needs accesscontextmanager.policies.list and ${PERIMETER_READ_PERMISSION}, in ${PERIMETER_READ_ROLE} on the organization); a perimeter could block the pull ${sides(a)}, so it is unknown.`,
      evidence: { holes: a.holes, permission: PERIMETER_READ_PERMISSION, role: PERIMETER_READ_ROLE, gapIds: a.holes.flatMap((h) => (h.gapId ? [h.gapId] : [])) },
      remediation: { steps: [`Grant the identity running Pullcheck ${PERIMETER_READ_ROLE} on the organization.`, 'Scan again.'], docs },
    };
  },
};
