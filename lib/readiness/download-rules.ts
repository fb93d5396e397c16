/**
 * Artifact Registry download rules (Artifact Registry "Restrict artifact downloads with download rules", Preview): what
 * the DOWNLOAD rules of one repository do to every pull from it. A repository-wide DENY without a condition blocks every
 * pull no package-level ALLOW lets through; a conditional or package-level DENY blocks only some images.
 */
import type { DownloadRule, Inventory, Repository } from '../inventory/types';

/** The read permission for download rules (rules.list) and a read-only role that carries it. */
export const RULES_READ_PERMISSION = 'artifactregistry.rules.list';
export const RULES_READ_ROLE = 'roles/artifactregistry.reader';

/** What one repository's download rules do to its pulls. */
export type DownloadRulesAnalysis =
  | { kind: 'not-collected' }
  | { kind: 'unreadable'; gapId: string | null; reason: 'refused' | 'not-collected' }
  | {
      kind: 'read';
      /** An unconditional repository-wide DENY with no package-level ALLOW: every pull is refused. */
      blocking: DownloadRule | null;
      /** Deny-by-default with an allow list: the packages that may still be pulled (the repository-wide DENY is `allowListOf`). */
      allowList: { deny: DownloadRule; allowed: DownloadRule[] } | null;
      /** Rules that block some images only: a conditional repository-wide DENY, or a package-level DENY. */
      partial: DownloadRule[];
      /** Every DOWNLOAD rule, for the reasoning chain. */
      downloadRules: DownloadRule[];
    };

const isDownload = (r: DownloadRule) => r.operation.toUpperCase() === 'DOWNLOAD';
const isDeny = (r: DownloadRule) => r.action.toUpperCase() === 'DENY';
const isAllow = (r: DownloadRule) => r.action.toUpperCase() === 'ALLOW';

/** The analysis of one repository's rules (TAG_MUTATION and other operations are left out). */
export function analyzeDownloadRules(inv: Inventory, repo: Repository): DownloadRulesAnalysis {
  const all = inv.downloadRules;
  if (!all) return { kind: 'not-collected' };
  const known = all[repo.name];
  if (!known) return { kind: 'unreadable', gapId: null, reason: 'not-collected' };
  if (known.status !== 'ok') return { kind: 'unreadable', gapId: known.gapId, reason: 'refused' };
  const downloadRules = known.value.filter(isDownload);
  const wideDeny = downloadRules.find((r) => isDeny(r) && r.packageId === null && r.condition === null) ?? null;
  const packageAllows = downloadRules.filter((r) => isAllow(r) && r.packageId !== null);
  const partial = downloadRules.filter((r) => isDeny(r) && r !== wideDeny);
  return {
    kind: 'read',
    blocking: wideDeny && !packageAllows.length ? wideDeny : null,
    allowList: wideDeny && packageAllows.length ? { deny: wideDeny, allowed: packageAllows } : null,
    partial,
    downloadRules,
  };
}

/**
 * The rules that apply to one image of the repository (for Diagnose): a package-level rule when its packageId is the
 * image's package, else the repository-wide rule. `package` is the image path inside the repository (`team/app`).
 */
export function rulesForPackage(rules: readonly DownloadRule[], pkg: string): { deny: DownloadRule | null; allow: DownloadRule | null } {
  const download = rules.filter(isDownload);
  const own = download.filter((r) => r.packageId !== null && packageMatches(r.packageId, pkg));
  const pick = own.length ? own : download.filter((r) => r.packageId === null);
  return { deny: pick.find(isDeny) ?? null, allow: pick.find(isAllow) ?? null };
}

/** Docker package ids are the image path; Artifact Registry URL-encodes `/` as `%2F` in package resource ids. */
export function packageMatches(packageId: string, pkg: string): boolean {
  const norm = (s: string) => s.replace(/%2f/gi, '/').toLowerCase();
  return norm(packageId) === norm(pkg);
}
