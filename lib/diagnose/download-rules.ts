/**
 * Download rules in a diagnosis (Artifact Registry "Restrict artifact downloads with download rules"): a repository has
 * at most one rule for the whole repository and one per package, and a package's own rule takes the place of the
 * repository's for that package. The engine judges what refuses every pull (an unconditional repository-wide DENY);
 * which images a package-level or conditional rule refuses depends on the image, which only a diagnosis knows.
 */
import type { DownloadRule, Inventory, Repository } from '../inventory/types';
import type { Remediation } from '../readiness/types';
import { analyzeDownloadRules, rulesForPackage } from '../readiness/download-rules';
import { shellCommand } from '../safe/quote';
import type { PullErrorClassId } from './classify';

const DOCS = ['https://cloud.google.com/artifact-registry/docs/restrict-artifact-downloads', 'https://cloud.google.com/artifact-registry/docs/access-control'];

/** Classes of error a refused download can produce: Artifact Registry answers a denied download with 403. */
const REFUSAL: ReadonlySet<PullErrorClassId> = new Set(['forbidden', 'insufficient-scope']);

export interface DownloadRuleCause {
  category: 'repository';
  rule: 'diagnose.download-rule-denied' | 'diagnose.download-rule-conditional';
  message: string;
  evidence: Record<string, unknown>;
  confidence: 'high' | 'medium' | 'low';
  remediation: Remediation;
}

/** What the repository's download rules say about one image: causes to rank, and notes. */
export interface DownloadRuleReading {
  causes: DownloadRuleCause[];
  notes: string[];
}

const ruleId = (r: DownloadRule) => r.name.split('/').pop() || r.name;
const pkgName = (id: string) => id.replace(/%2f/gi, '/');
const described = (r: DownloadRule) =>
  `download rule ${ruleId(r)} (${r.action.toUpperCase()} ${r.packageId ? `package ${pkgName(r.packageId)}` : 'the whole repository'}${r.condition ? `, condition ${JSON.stringify(r.condition.expression)}` : ''})`;

function where(repo: Repository): string[] {
  return [`--repository=${repo.id}`, `--location=${repo.location}`, `--project=${repo.project}`];
}

/** A rule id for a new package ALLOW rule: the characters Artifact Registry accepts in rule names, at most 256. */
function newRuleId(pkg: string): string {
  return `allow-${pkg.replace(/[^A-Za-z0-9._~:@+^-]/g, '-')}`.slice(0, 256);
}

/**
 * The download rules of `repo` that apply to the image `pkg` (its path inside the repository), when the repository has
 * package-level or conditional rules. `pkg` null: the paste named the repository but no image.
 */
export function readDownloadRules(inv: Inventory, repo: Repository, pkg: string | null, classId: PullErrorClassId | null): DownloadRuleReading {
  const a = analyzeDownloadRules(inv, repo);
  if (a.kind !== 'read' || (!a.partial.length && !a.allowList)) return { causes: [], notes: [] };
  const rules = a.downloadRules;
  if (!pkg) {
    return { causes: [], notes: [`Repository ${repo.id} has package-level or conditional download rules (${rules.map(described).join('; ')}): name the image to learn which one applies.`] };
  }
  const { deny, allow } = rulesForPackage(rules, pkg);
  const refusal = classId === null || REFUSAL.has(classId);
  const evidence = (r: DownloadRule) => ({ repository: repo.name, package: pkg, downloadRule: r.name, action: r.action, packageId: r.packageId, condition: r.condition });
  // The engine already names an unconditional repository-wide DENY that refuses every pull (repository.download-denied).
  if (deny && deny === a.blocking) return { causes: [], notes: [] };
  if (deny && !deny.condition && allow && !allow.condition) {
    return { causes: [], notes: [`Both ${described(deny)} and ${described(allow)} apply to ${pkg} (Artifact Registry keeps one rule per package and one for the repository): check the rules of repository ${repo.id}.`] };
  }
  if (deny && !deny.condition) {
    const own = deny.packageId !== null;
    const fix: Remediation = own
      ? {
          steps: [
            `Repository administrators (roles/artifactregistry.repoAdmin) manage download rules: delete ${described(deny)} if this image must be pulled.`,
            'Or pull another image: the rule refuses this package whoever pulls, whatever their permissions.',
          ],
          gcloud: shellCommand(['gcloud', 'artifacts', 'rules', 'delete', ruleId(deny), ...where(repo)]),
          docs: DOCS,
        }
      : {
          steps: [
            `The repository denies downloads by default (${described(deny)}) and no package-level rule allows ${pkg}.`,
            `Repository administrators (roles/artifactregistry.repoAdmin) can add a package-level ALLOW rule for ${pkg}.`,
          ],
          gcloud: shellCommand(['gcloud', 'artifacts', 'rules', 'create', newRuleId(pkg), `--package=${pkg}`, '--action=allow', '--operation=download', ...where(repo)]),
          docs: DOCS,
        };
    return {
      causes: [
        {
          category: 'repository',
          rule: 'diagnose.download-rule-denied',
          message: `${own ? 'Package' : 'Image'} ${pkg} of repository ${repo.id} is refused by ${described(deny)}: Artifact Registry denies its download whoever pulls, whatever their IAM permissions.`,
          evidence: evidence(deny),
          confidence: refusal ? 'high' : 'low',
          remediation: fix,
        },
      ],
      notes: [],
    };
  }
  if (deny?.condition) {
    const cond = deny.condition;
    return {
      causes: [
        {
          category: 'repository',
          rule: 'diagnose.download-rule-conditional',
          message: `${described(deny)} applies to ${pkg} in repository ${repo.id} and refuses its download when its condition holds${cond.title ? ` ("${cond.title}")` : ''}: whether this pull is refused depends on the condition, which reads the image's version or tags.`,
          evidence: evidence(deny),
          confidence: refusal ? 'medium' : 'low',
          remediation: {
            steps: [`Check whether the condition ${JSON.stringify(cond.expression)} holds for the tag or version being pulled; if it does, pull a version it does not match, or ask the repository administrators to change the rule.`],
            gcloud: shellCommand(['gcloud', 'artifacts', 'rules', 'describe', ruleId(deny), ...where(repo)]),
            docs: DOCS,
          },
        },
      ],
      notes: [],
    };
  }
  if (allow?.condition && a.allowList) {
    const cond = allow.condition;
    return {
      causes: [
        {
          category: 'repository',
          rule: 'diagnose.download-rule-conditional',
          message: `Repository ${repo.id} denies downloads by default (${described(a.allowList.deny)}); ${described(allow)} lets ${pkg} through only when its condition holds: whether this pull is refused depends on the condition.`,
          evidence: evidence(allow),
          confidence: refusal ? 'medium' : 'low',
          remediation: { steps: [`Check whether the condition ${JSON.stringify(cond.expression)} holds for the tag or version being pulled.`], gcloud: shellCommand(['gcloud', 'artifacts', 'rules', 'describe', ruleId(allow), ...where(repo)]), docs: DOCS },
        },
      ],
      notes: [],
    };
  }
  if (allow) return { causes: [], notes: [`${described(allow)} allows ${pkg}: the download rules of repository ${repo.id} do not refuse this image.`] };
  return { causes: [], notes: [`No download rule of repository ${repo.id} applies to ${pkg} (its rules name other packages): they do not refuse this image.`] };
}
