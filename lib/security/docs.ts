/** Google documentation the security findings rest on. */
export const SECURITY_DOCS = {
  basicRoles: 'https://cloud.google.com/iam/docs/roles-overview#basic',
  useIamSecurely: 'https://cloud.google.com/iam/docs/using-iam-securely',
  principalIdentifiers: 'https://cloud.google.com/iam/docs/principal-identifiers',
  nodeServiceAccounts: 'https://cloud.google.com/kubernetes-engine/docs/how-to/service-accounts',
  hardenCluster: 'https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa',
  accessScopes: 'https://cloud.google.com/kubernetes-engine/docs/how-to/access-scopes',
  arAccessControl: 'https://cloud.google.com/artifact-registry/docs/access-control',
  arPublic: 'https://cloud.google.com/artifact-registry/docs/repositories/configure-public-access',
  organization: 'https://cloud.google.com/resource-manager/reference/rest/v3/organizations',
  domainRestricted: 'https://cloud.google.com/resource-manager/docs/organization-policy/restricting-domains',
  policyInheritance: 'https://cloud.google.com/iam/docs/resource-hierarchy-access-control',
} as const;
