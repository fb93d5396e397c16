/** What is risky about a grant of a downloading role to a member (IAM "Basic roles", "Principal identifiers"), or null. */
export function grantRiskText(role: string, member: string): string | null {
  if (member === 'allAuthenticatedUsers') return 'any Google account: anyone with a Google token can download';
  if (member === 'allUsers') return 'public: anyone on the internet can download (fine only if meant)';
  if (role === 'roles/owner' || role === 'roles/editor') return `basic role ${role === 'roles/owner' ? 'Owner' : 'Editor'}: far broader than downloading images`;
  if (role === 'roles/viewer') return 'basic role Viewer: reads nearly everything, far more than images';
  if (member.startsWith('domain:')) return 'a whole domain (never includes service accounts)';
  return null;
}

/** Whether the risk is one that is never acceptable without a reason (shown as bad, not as a warning). */
export function grantRiskIsBad(role: string, member: string): boolean {
  return member === 'allAuthenticatedUsers' || role === 'roles/owner' || role === 'roles/editor';
}
