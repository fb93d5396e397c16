/**
 * Findings of the guards beyond IAM allow: download rules that block some images only, a deny-by-default allow list,
 * and dry-run perimeters that would block pulls once enforced (VPC Service Controls "Dry run mode").
 */
import type { DownloadRule, Repository } from '../../inventory/types';
import { DOCS } from '../docs';
import type { PerimeterAnalysis, PerimeterDecision } from '../perimeter';
import type { FindingMeta } from '../rule';
import type { Finding } from '../types';

export const downloadRulePartialMeta: FindingMeta = {
  id: 'repository.download-rule-partial',
  title: 'Download rules block some images',
  severity: 'low',
  docs: [DOCS.downloadRules],
  description: 'A conditional repository-wide DENY rule or a package-level DENY rule refuses some images of the repository; Diagnose names it when a pasted image matches.',
};

export const downloadAllowListMeta: FindingMeta = {
  id: 'repository.download-allow-list',
  title: 'Only listed packages may be pulled',
  severity: 'info',
  docs: [DOCS.downloadRules],
  description: 'A repository-wide DENY rule with package-level ALLOW rules: only the listed packages may be pulled from the repository.',
};

export const perimeterDryRunMeta: FindingMeta = {
  id: 'perimeter.dry-run-would-block',
  title: 'A dry-run perimeter would block pulls once enforced',
  severity: 'medium',
  docs: [DOCS.vpcDryRun, DOCS.vpcIngressEgress],
  description: 'The dry-run configuration of a perimeter never blocks, but it would block these pulls once it is enforced.',
};

function describe(r: DownloadRule): string {
  const id = r.name.split('/').pop() ?? r.name;
  return `${id} (DENY${r.packageId ? ` package ${r.packageId}` : ' every package'}${r.condition ? ` when ${r.condition.expression}` : ''})`;
}

export function downloadRulePartialFinding(repo: Repository, rules: DownloadRule[]): Finding {
  return {
    rule: downloadRulePartialMeta.id,
    severity: downloadRulePartialMeta.severity,
    subject: repo.name,
    message: `Repository ${repo.id} refuses some downloads: ${rules.map(describe).join('; ')}. Pulls of other images are judged as usual.`,
    evidence: { rules },
    remediation: { steps: ['If a pod fails to pull an image named here, change or delete the rule (repository administrators manage download rules).'], docs: downloadRulePartialMeta.docs },
  };
}

export function downloadAllowListFinding(repo: Repository, deny: DownloadRule, allowed: DownloadRule[]): Finding {
  return {
    rule: downloadAllowListMeta.id,
    severity: downloadAllowListMeta.severity,
    subject: repo.name,
    message: `Repository ${repo.id} denies downloads by default (${deny.name.split('/').pop()}); only packages ${allowed.map((r) => r.packageId).join(', ')} may be pulled.`,
    evidence: { deny, allowed },
    remediation: { steps: ['To pull another image, add a package-level ALLOW download rule for it.'], docs: downloadAllowListMeta.docs },
  };
}

export function perimeterDryRunFinding(a: PerimeterAnalysis, d: Extract<PerimeterDecision, { kind: 'crossing' }>, pools: string[]): Finding {
  const perims = d.crossings.filter((c) => c.outcome === 'blocked').map((c) => c.perimeter.name);
  return {
    rule: perimeterDryRunMeta.id,
    severity: perimeterDryRunMeta.severity,
    subject: `${a.network.network ?? a.network.project ?? 'unknown network'} → projects/${a.repository.project}`,
    message: `Blocked once the dry-run perimeter is enforced: ${perims.join(', ')} would stop pulls from the node network ${a.network.network ?? a.network.project ?? ''} to project ${a.repository.project} (node pools ${pools.slice(0, 5).join(', ')}${pools.length > 5 ? ` and ${pools.length - 5} more` : ''}).`,
    evidence: { perimeters: perims, network: a.network, repository: a.repository, nodePools: pools },
    remediation: { steps: ['Before enforcing the dry-run configuration, add the ingress or egress rule that admits the node service accounts (see perimeter.blocked for its YAML and Terraform).'], docs: perimeterDryRunMeta.docs },
  };
}
