/**
 * Who can download: repositories open to every Google account or to everyone, download grants to members outside the
 * organization's own domains or to whole domains, and download grants at folder or organization level.
 */
import type { Binding, Inventory } from '../../inventory/types';
import type { IamResolver } from '../../readiness/iam';
import type { FindingMeta } from '../../readiness/rule';
import type { Finding } from '../../readiness/types';
import { commands } from '../../safe/command';
import { iamBindingWords, remedy } from '../../readiness/remediation';
import { SECURITY_DOCS } from '../docs';
import { domainOf, firstOf, parseMember, projectOf, readPolicies, roleGrantsDownload } from './members';

export const allAuthenticatedUsersMeta: FindingMeta = {
  id: 'security.repository-all-authenticated-users',
  title: 'Repository readable by any Google account (allAuthenticatedUsers)',
  severity: 'high',
  docs: [SECURITY_DOCS.principalIdentifiers, SECURITY_DOCS.arAccessControl],
  description: 'allAuthenticatedUsers is every Google account and service account in the world, not the organization: anyone with a Google token can pull.',
};

export const repositoryPublicMeta: FindingMeta = {
  id: 'security.repository-public',
  title: 'Repository public to everyone (allUsers)',
  severity: 'info',
  docs: [SECURITY_DOCS.arPublic],
  description: 'Anyone on the internet can pull without credentials. Fine when the repository is meant to be public, which Pullcheck cannot know.',
};

export const externalMemberMeta: FindingMeta = {
  id: 'security.external-member',
  title: 'Download granted to a member outside the organization’s domains',
  severity: 'medium',
  docs: [SECURITY_DOCS.domainRestricted, SECURITY_DOCS.organization],
  description: 'A user or group whose email domain is not the organization’s own domain holds a role that downloads images. The organization’s domain is its displayName, which Resource Manager sets to the Google Workspace or Cloud Identity primary domain.',
};

export const domainMemberMeta: FindingMeta = {
  id: 'security.domain-member',
  title: 'Download granted to a whole domain',
  severity: 'low',
  docs: [SECURITY_DOCS.principalIdentifiers],
  description: 'A domain: member is every account of that Google Workspace or Cloud Identity domain; it never includes service accounts, so it never lets nodes pull.',
};

export const broadDownloadGrantMeta: FindingMeta = {
  id: 'security.broad-download-grant',
  title: 'Download granted at folder or organization level',
  severity: 'info',
  docs: [SECURITY_DOCS.policyInheritance, SECURITY_DOCS.arAccessControl],
  description: 'A grant on a folder or the organization reaches every repository under it, today’s and tomorrow’s; the count says how many Docker repositories it reaches now.',
};

/** The organization's own domains: each organization's displayName (its primary domain, Resource Manager `Organization`). */
export function organizationDomains(inv: Inventory): Set<string> {
  const s = new Set<string>();
  for (const o of inv.organizations) if (o.displayName && o.displayName.includes('.')) s.add(o.displayName.toLowerCase());
  return s;
}

function internal(domain: string, own: Set<string>): boolean {
  for (const d of own) if (domain === d || domain.endsWith(`.${d}`)) return true;
  return false;
}

function conditionNote(b: Binding): string {
  return b.condition ? ` (under condition ${b.condition.title ?? b.condition.expression})` : '';
}

function removal(resource: string, member: string, role: string, steps: string[], docs: string[]) {
  return remedy({ steps, docs }, commands([iamBindingWords('remove', resource, member, role)]));
}

/** Findings on members of download-granting bindings: allAuthenticatedUsers, allUsers, outside members, domains. */
export function memberFindings(inv: Inventory, iam: IamResolver): Finding[] {
  const out: Finding[] = [];
  const own = organizationDomains(inv);
  for (const policy of readPolicies(inv)) {
    const onRepository = policy.resource.includes('/repositories/');
    for (const b of policy.bindings) {
      if (!roleGrantsDownload(iam, b.role)) continue;
      for (const member of b.members) {
        const { kind, id } = parseMember(member);
        const evidence = { binding: { resource: policy.resource, role: b.role, member, ...(b.condition ? { condition: b.condition } : {}) }, project: projectOf(policy.resource) };
        if (kind === 'allAuthenticatedUsers') {
          const m = allAuthenticatedUsersMeta;
          out.push({
            rule: m.id,
            severity: m.severity,
            subject: policy.resource,
            message: `${b.role} on ${policy.resource} is granted to allAuthenticatedUsers${conditionNote(b)}: any Google account, inside the organization or not, can download its images.`,
            evidence,
            remediation: removal(policy.resource, member, b.role, [`Grant roles/artifactregistry.reader to the accounts or groups that need it, then remove allAuthenticatedUsers.`], m.docs),
          });
        } else if (kind === 'allUsers' && onRepository) {
          const m = repositoryPublicMeta;
          out.push({
            rule: m.id,
            severity: m.severity,
            subject: policy.resource,
            message: `${policy.resource} is public: ${b.role} is granted to allUsers${conditionNote(b)}, so anyone can pull without credentials. Pullcheck cannot know whether that is meant; if it is not, remove it.`,
            evidence,
            remediation: removal(policy.resource, member, b.role, ['If the repository is not meant to be public, remove allUsers.'], m.docs),
          });
        } else if (kind === 'domain') {
          const m = domainMemberMeta;
          const where = own.size === 0 ? '' : internal(id, own) ? ' (the organization’s own domain)' : ' (not the organization’s own domain)';
          out.push({
            rule: m.id,
            severity: m.severity,
            subject: policy.resource,
            message: `${b.role} on ${policy.resource} is granted to every account of domain ${id}${where}${conditionNote(b)}.`,
            evidence,
            remediation: removal(policy.resource, member, b.role, [`Grant the role to the groups that need it instead of the whole domain, then remove ${member}.`], m.docs),
          });
        } else if ((kind === 'user' || kind === 'group') && own.size > 0) {
          const domain = domainOf(id);
          if (!domain || internal(domain, own)) continue;
          const m = externalMemberMeta;
          out.push({
            rule: m.id,
            severity: m.severity,
            subject: policy.resource,
            message: `${b.role} on ${policy.resource} is granted to ${member}, outside the organization’s domain${own.size === 1 ? '' : 's'} ${[...own].join(', ')}${conditionNote(b)}.`,
            evidence: { ...evidence, memberDomain: domain, organizationDomains: [...own] },
            remediation: removal(policy.resource, member, b.role, [`Confirm ${member} should download from ${policy.resource}; if not, remove it.`], m.docs),
          });
        }
      }
    }
  }
  return out;
}

/** One finding per folder- or organization-level download grant, with the Docker repositories in scope it reaches. */
export function broadGrantFindings(inv: Inventory, iam: IamResolver): Finding[] {
  const out: Finding[] = [];
  const docker = inv.repositories.filter((r) => r.format.toUpperCase() === 'DOCKER');
  const ancestry = new Map(inv.projects.map((p) => [p.id, p.ancestry.status === 'ok' ? p.ancestry.value : []]));
  for (const policy of readPolicies(inv)) {
    if (!policy.resource.startsWith('folders/') && !policy.resource.startsWith('organizations/')) continue;
    const reached = docker.filter((r) => (ancestry.get(r.project) ?? []).includes(policy.resource)).map((r) => r.name);
    for (const b of policy.bindings) {
      if (!roleGrantsDownload(iam, b.role) || b.members.length === 0) continue;
      const m = broadDownloadGrantMeta;
      out.push({
        rule: m.id,
        severity: m.severity,
        subject: policy.resource,
        message: `${b.role} on ${policy.resource} lets ${b.members.length} member${b.members.length === 1 ? '' : 's'} download from every repository under it: ${reached.length} Docker repositor${reached.length === 1 ? 'y' : 'ies'} in this scan${conditionNote(b)}.`,
        evidence: { binding: { resource: policy.resource, role: b.role, members: firstOf(b.members), ...(b.condition ? { condition: b.condition } : {}) }, memberCount: b.members.length, repositoryCount: reached.length, repositories: firstOf(reached) },
        remediation: {
          steps: [
            'Where a member needs only some repositories, grant roles/artifactregistry.reader on those repositories (node service accounts: see the least-privilege plan), then remove the broad grant.',
          ],
          docs: m.docs,
        },
      });
    }
  }
  return out;
}
