/**
 * What a person reads instead of a rule id: the cause's title when the rule fails or cannot decide, and
 * the check's own name when it passes ("Node service account may download from the repository", not
 * `iam.no-download-permission`). Ids stay visible beside the title because exports and links carry them.
 */

interface RuleTitle {
  /** Said when the rule is a cause (failed or undecided). */
  cause: string;
  /** The check's own name (said when it passed). */
  check: string;
}

const RULES: Record<string, RuleTitle> = {
  'service-account.deleted': { cause: 'Node service account is deleted', check: 'Node service account exists' },
  'service-account.disabled': { cause: 'Node service account is disabled', check: 'Node service account is enabled' },
  'service-account.unreadable': { cause: 'Node service account could not be read', check: 'Node service account state is readable' },
  'scope.no-storage': { cause: 'Node pool has no storage access scope', check: 'Node pool has a storage access scope' },
  'scope.read-only-cloud-platform': { cause: 'Node pool scope is only cloud-platform.read-only', check: 'Node pool scope is not only cloud-platform.read-only' },
  'iam.no-download-permission': { cause: 'Node service account may not download from the repository', check: 'Node service account may download from the repository' },
  'iam.conditional-only': { cause: 'The only grant hangs on an IAM condition', check: 'Grant does not hang on an IAM condition' },
  'iam.unreadable-evidence': { cause: 'IAM evidence could not be read', check: 'IAM evidence is readable' },
  'network.no-private-google-access': { cause: 'Private nodes cannot reach Artifact Registry', check: 'Private nodes reach Artifact Registry' },
  'network.unreadable': { cause: 'Network path evidence could not be read', check: 'Network path evidence is readable' },
  'version.below-minimum': { cause: 'Node version is too old for Artifact Registry pulls', check: 'Node version supports Artifact Registry pulls' },
  'engine.rule-error': { cause: 'A check failed to run', check: 'Check ran' },
  // What else decides a pull: IAM deny policies, VPC Service Controls, Artifact Registry download rules.
  'iam.denied': { cause: 'An IAM deny policy denies the download', check: 'No IAM deny policy denies the download' },
  'iam.deny-conditional': { cause: 'A conditional deny rule may deny the download', check: 'Deny rules with conditions can be decided' },
  'iam.deny-membership-unreadable': { cause: "A deny rule's principals could not be resolved", check: 'Deny rule principals can be resolved' },
  'iam.deny-unreadable': { cause: 'IAM deny policies could not be read', check: 'IAM deny policies are readable' },
  'perimeter.blocked': { cause: 'A VPC Service Controls perimeter refuses the pull', check: 'No VPC Service Controls perimeter refuses the pull' },
  'perimeter.undecided': { cause: 'A VPC Service Controls perimeter may refuse the pull', check: 'VPC Service Controls perimeters decided' },
  'perimeter.unreadable': { cause: 'VPC Service Controls perimeters could not be read', check: 'VPC Service Controls perimeters are readable' },
  'repository.download-denied': { cause: 'A download rule refuses every pull from the repository', check: 'No download rule refuses the repository' },
  'repository.download-rules-unreadable': { cause: "The repository's download rules could not be read", check: "The repository's download rules are readable" },
  // Findings (never causes): the title says what was observed.
  'autoprovisioning.defaults': { cause: 'Auto-provisioned pools judged from their defaults', check: 'Auto-provisioning defaults' },
  'iam.basic-role-only': { cause: 'Pull works only through a basic role', check: 'Pull does not rely on a basic role' },
  'identity.default-service-account': { cause: 'Node pool uses the Compute Engine default service account', check: 'Node pool uses a dedicated service account' },
  'iam.grant-expires': { cause: 'The grant expires', check: 'Grant does not expire' },
  'iam.grant-despite-unreadable-policy': { cause: 'A grant was found although a policy was unreadable', check: 'Every policy was readable' },
  'scan.cluster-list-unreadable': { cause: 'Clusters of a project could not be listed', check: 'Clusters listed' },
  'scan.repository-list-unreadable': { cause: 'Repositories of a project could not be listed', check: 'Repositories listed' },
  'version.not-offered': { cause: 'Node version is no longer offered', check: 'Node version is offered' },
  'identity.workload-identity-does-not-pull': { cause: 'Workload Identity does not pull images', check: 'Workload Identity' },
  'perimeter.dry-run-would-block': { cause: 'A dry-run perimeter would refuse the pull once enforced', check: 'No dry-run perimeter would refuse the pull' },
  'repository.download-rule-partial': { cause: 'A download rule refuses some images of the repository', check: 'No download rule refuses some images' },
  'repository.download-allow-list': { cause: 'The repository lets only listed packages be downloaded', check: 'Every package may be downloaded' },
  'security.broad-download-grant': { cause: 'Download is granted at a folder or organization', check: 'Download is granted where it is needed' },
  'security.default-account-cloud-platform': { cause: 'Default compute account with the cloud-platform scope', check: 'No default account with cloud-platform' },
  'security.domain-member': { cause: 'A whole domain may download', check: 'No whole domain may download' },
  'security.external-member': { cause: 'A member outside the organization may download', check: 'Only members of the organization may download' },
  'security.node-account-basic-role': { cause: 'Node service account holds Viewer', check: 'Node service account holds no basic role' },
  'security.node-account-owner-or-editor': { cause: 'Node service account holds Owner or Editor', check: 'Node service account holds neither Owner nor Editor' },
  'security.repository-all-authenticated-users': { cause: 'Any Google account may download from the repository', check: 'Not open to every Google account' },
  'security.repository-public': { cause: 'The repository is public', check: 'The repository is not public' },
  'security.unused-pull-access': { cause: 'Pull access no workload uses', check: 'Pull access is used' },
  // Diagnose's own hypotheses (from the error text).
  'diagnose.anonymous-pull': { cause: 'The kubelet pulled without credentials', check: 'Pull carries credentials' },
  'diagnose.architecture': { cause: 'Image architecture does not match the nodes', check: 'Image architecture matches' },
  'diagnose.billing': { cause: 'Billing disabled or request blocked', check: 'Billing enabled' },
  'diagnose.container-registry': { cause: 'Image still points at the retired Container Registry', check: 'gcr.io repository exists' },
  'diagnose.deny-policy': { cause: 'A deny policy or download rule may block the pull', check: 'No deny policy blocks the pull' },
  'diagnose.download-rule-conditional': { cause: 'A conditional download rule may refuse this image', check: 'No conditional download rule refuses this image' },
  'diagnose.download-rule-denied': { cause: 'A download rule refuses this image', check: 'No download rule refuses this image' },
  'diagnose.dns': { cause: "Nodes cannot resolve Google's hosts", check: 'DNS resolves' },
  'diagnose.egress-blocked': { cause: 'Egress to Google APIs is blocked', check: 'Egress allowed' },
  'diagnose.image-path': { cause: 'The image path may be wrong', check: 'Image path is right' },
  'diagnose.image-pull-secret': { cause: 'A bad imagePullSecret replaces the node credentials', check: 'No bad imagePullSecret' },
  'diagnose.not-docker-repository': { cause: 'Not a Docker repository', check: 'Docker repository' },
  'diagnose.project-gone': { cause: "The image's project no longer exists", check: 'Project exists' },
  'diagnose.rate-limited': { cause: 'Rate limited (not a permission problem)', check: 'Within quota' },
  'diagnose.repository-absent': { cause: 'Repository does not exist', check: 'Repository exists' },
  'diagnose.repository-gone': { cause: 'Repository may be gone since the scan', check: 'Repository still exists' },
  'diagnose.repository-unverified': { cause: 'Repository could not be checked', check: 'Repository checked' },
  'diagnose.restricted-vip-egress': { cause: 'Egress to restricted or private Google API addresses is blocked', check: 'Restricted VIP reachable' },
  'diagnose.tag-not-found': { cause: 'Tag or digest does not exist', check: 'Tag exists' },
  'diagnose.vpc-service-controls': { cause: 'A VPC Service Controls perimeter may refuse the pull', check: 'No perimeter refuses the pull' },
};

/** "deny.policy-blocks-download" → "Deny: policy blocks download" for a rule this table does not know yet. */
function humanize(id: string): string {
  const [head, ...rest] = id.split('.');
  const words = (s: string) => s.replace(/[-_]+/g, ' ').trim();
  const first = words(head);
  const tail = words(rest.join(' '));
  const cap = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);
  return tail ? `${cap(first)}: ${tail}` : cap(first);
}

/** The title of a rule that is a cause (failed or undecided). */
export function causeTitle(rule: string | null | undefined): string {
  if (!rule) return 'Cause';
  return RULES[rule]?.cause ?? humanize(rule);
}

/** The name of a check: its own title (as the engine reports it) when given, else the table's. */
export function checkTitle(rule: string, fallback?: string): string {
  return RULES[rule]?.check ?? fallback ?? humanize(rule);
}

/** A check's label for its outcome: passed checks by their own name, failed or undecided ones by their cause. */
export function checkLabel(rule: string, outcome: 'pass' | 'fail' | 'undecided' | 'not-applicable', ownTitle?: string): string {
  return outcome === 'fail' || outcome === 'undecided' ? causeTitle(rule) : checkTitle(rule, ownTitle);
}
