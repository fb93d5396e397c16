/** Google documentation pages the rules rest on (Artifact Registry, GKE, VPC and IAM documentation). */
export const DOCS = {
  integrateGke: 'https://cloud.google.com/artifact-registry/docs/integrate-gke',
  accessControl: 'https://cloud.google.com/artifact-registry/docs/access-control',
  pushingAndPulling: 'https://cloud.google.com/artifact-registry/docs/docker/pushing-and-pulling',
  arTroubleshoot: 'https://cloud.google.com/artifact-registry/docs/docker/troubleshoot',
  gcrRepositories: 'https://cloud.google.com/artifact-registry/docs/transition/gcr-repositories',
  accessScopes: 'https://cloud.google.com/kubernetes-engine/docs/how-to/access-scopes',
  nodeServiceAccounts: 'https://cloud.google.com/kubernetes-engine/security/configure-node-service-accounts',
  imagePulls: 'https://cloud.google.com/kubernetes-engine/docs/troubleshooting/image-pulls',
  containerd: 'https://cloud.google.com/kubernetes-engine/docs/concepts/using-containerd',
  gkeReleaseNotes: 'https://cloud.google.com/kubernetes-engine/docs/release-notes',
  privateGoogleAccess: 'https://cloud.google.com/vpc/docs/configure-private-google-access',
  denyOverview: 'https://cloud.google.com/iam/docs/deny-overview',
  policyTypes: 'https://cloud.google.com/iam/docs/policy-types',
  restrictServiceAccounts: 'https://cloud.google.com/resource-manager/docs/organization-policy/restricting-service-accounts',
} as const;
