/** Diagnosis: a pasted pull error combined with the estate's verdicts into ranked causes and fixes. */
import type { Inventory, NodePool, Repository } from '../inventory/types';
import type { Cause, Remediation } from '../readiness/types';
import { evaluatePair as engineEvaluatePair, type PairEvaluation } from '../readiness/engine';
import { classifyPullError, type ErrorClassification, type PullErrorClassId } from './classify';
import { formatImageRef, GCR_HOSTS, parseImageRef, type ImageRef } from './image-ref';
import { matchNodeName, preparePaste, readPaste, type ImageShape, type PasteFacts, type PreparedPaste } from './paste';
import { shellCommand } from '../safe/quote';
import { readDownloadRules } from './download-rules';

/** What to diagnose: the image, the pasted error, and optionally where it failed. */
export interface DiagnoseInput {
  /** Empty: the image (or repository) the error names. */
  image: string;
  errorText: string;
  /** projects/P/locations/L/clusters/C */
  cluster?: string | null;
  /** Short name or full name of a node pool of `cluster`. */
  nodePool?: string | null;
  /** The error text already split into bounded lines (preparePaste(errorText)), to read a large paste once. */
  prepared?: PreparedPaste;
}

/** How sure the diagnosis is of one cause. */
export type Confidence = 'high' | 'medium' | 'low';

/** One possible cause, ranked: from the engine (rule set) or from the error text alone (rule starting with "diagnose."). */
export interface RankedCause {
  rank: number;
  category: string;
  rule: string | null;
  message: string;
  evidence: Record<string, unknown>;
  confidence: Confidence;
  remediation: Remediation | null;
}

/** The answer to "why does this pull fail": the class of the error, the estate's verdicts, and ranked causes. */
export interface Diagnosis {
  image: ImageRef | null;
  imageError: string | null;
  classification: ErrorClassification;
  /** null when Pullcheck cannot tell (other registry, project outside the scan, repository list unreadable). */
  repositoryInEstate: boolean | null;
  /** What was read from the paste and used: the image or repository, the error class, the node and its pool. */
  found: DiagnosisFound;
  /** For the chosen pool, or every pool of the cluster, or every pool in scope when no cluster is given. */
  verdicts: PairEvaluation[];
  /** The verdicts grouped: node pools with the same verdict for the same causes form one group. */
  verdictGroups: VerdictGroup[];
  rankedCauses: RankedCause[];
  onNodeCheck: { linux: string; windows: string };
  summary: string;
  notes: string[];
}

/** What the diagnosis read from the paste and chose. */
export interface DiagnosisFound {
  /** The image judged (canonical form), or null. */
  image: string | null;
  /** Where the image came from: the image the user gave, or the error text. */
  imageFrom: 'argument' | 'error-text' | null;
  /** The printed shape the image was read from, when it came from the error text. */
  imageShape: ImageShape | null;
  /** projects/P/locations/L/repositories/R judged, from the image or from a resource name in the error. */
  repository: string | null;
  /** The class chosen for the error text (null: unrecognized). */
  errorClass: PullErrorClassId | null;
  /** GKE node names in the paste. */
  nodes: string[];
  /** The cluster and node pool the node name identified, when the user named none. */
  cluster: string | null;
  nodePool: string | null;
  /** Every node pool the node name fits, when it fits several (GKE shortens long names inside node names). */
  nodePoolCandidates: string[];
}

/** Node pools that share a verdict and the same causes. */
export interface VerdictGroup {
  verdict: PairEvaluation['verdict'];
  /** The rules of the causes, in the order the engine gave them. */
  causes: { category: string; rule: string; outcome: Cause['outcome'] }[];
  nodePools: string[];
  repository: string;
}

/** Lets tests substitute the engine. */
export interface DiagnoseOptions {
  evaluatePair?: (inv: Inventory, nodePool: string, repository: string) => PairEvaluation;
}

type Relevance = 'primary' | 'secondary' | 'other';
type Candidate = Omit<RankedCause, 'rank'> & { order: number };

const DOCS = {
  arTroubleshoot: 'https://cloud.google.com/artifact-registry/docs/docker/troubleshoot',
  imagePulls: 'https://cloud.google.com/kubernetes-engine/docs/troubleshooting/image-pulls',
  pushingAndPulling: 'https://cloud.google.com/artifact-registry/docs/docker/pushing-and-pulling',
  gcrRepositories: 'https://cloud.google.com/artifact-registry/docs/transition/gcr-repositories',
  vpcSc: 'https://cloud.google.com/vpc-service-controls/docs/troubleshooting',
  privateGoogleAccess: 'https://cloud.google.com/vpc/docs/configure-private-google-access',
  quotas: 'https://cloud.google.com/artifact-registry/quotas',
  containerd: 'https://cloud.google.com/kubernetes-engine/docs/concepts/using-containerd',
  denyOverview: 'https://cloud.google.com/iam/docs/deny-overview',
  pullSecrets: 'https://kubernetes.io/docs/concepts/containers/images/#specifying-imagepullsecrets-on-a-pod',
};

const CATEGORIES = new Set(['version', 'service-account', 'scope', 'iam', 'network', 'perimeter', 'repository', 'audit-access']);

/** Which engine topics explain each class of error. */
const RELEVANCE: Record<PullErrorClassId, { primary: string[]; secondary: string[] }> = {
  forbidden: { primary: ['iam', 'perimeter', 'repository'], secondary: ['service-account', 'scope', 'version'] },
  unauthorized: { primary: ['scope', 'service-account', 'version'], secondary: ['iam', 'repository'] },
  'insufficient-scope': { primary: ['iam', 'repository'], secondary: ['scope', 'service-account'] },
  'token-not-found': { primary: ['repository'], secondary: [] },
  'manifest-unknown': { primary: [], secondary: ['repository'] },
  dns: { primary: ['network'], secondary: [] },
  'restricted-vip-timeout': { primary: ['network'], secondary: [] },
  timeout: { primary: ['network'], secondary: [] },
  'rate-limited': { primary: [], secondary: [] },
  architecture: { primary: [], secondary: [] },
  schema1: { primary: [], secondary: [] },
  'container-registry-retired': { primary: ['repository'], secondary: [] },
  'vpc-service-controls': { primary: ['perimeter'], secondary: ['network'] },
  'project-gone': { primary: ['repository'], secondary: [] },
  anonymous: { primary: ['scope', 'service-account', 'version'], secondary: ['iam'] },
};

/** Combines the error's class with the engine's verdicts for the image's repository and ranks the causes. */
export function diagnose(inv: Inventory, input: DiagnoseInput, opts: DiagnoseOptions = {}): Diagnosis {
  const evaluatePair = opts.evaluatePair ?? engineEvaluatePair;
  const paste = input.prepared ?? preparePaste(input.errorText ?? '');
  const classification = classifyPullError(paste);
  const facts = readPaste(paste);
  const notes: string[] = [];
  const candidates: Candidate[] = [];
  const add = (c: Omit<Candidate, 'order'>) => candidates.push({ ...c, order: candidates.length });

  if (classification.cutLines > 0) {
    notes.push(
      `${classification.cutLines === 1 ? 'One line' : `${classification.cutLines} lines`} of the paste ${classification.cutLines === 1 ? 'was' : 'were'} longer than ${classification.maxLine.toLocaleString('en-US')} characters: only the first ${classification.maxLine.toLocaleString('en-US')} characters of each were read.`,
    );
  }

  const inErrorText = facts.image;
  let imageText = (input.image ?? '').trim();
  let imageFrom: DiagnosisFound['imageFrom'] = imageText ? 'argument' : null;
  if (!imageText && inErrorText) {
    imageText = inErrorText;
    imageFrom = 'error-text';
    notes.push(`No image was given; using ${inErrorText}, the image the error names.`);
  }
  const parsed = imageText ? parseImageRef(imageText) : null;
  const ref = parsed?.ok ? parsed.ref : null;
  let imageError = parsed && !parsed.ok ? parsed.error : null;
  if (ref && inErrorText && imageFrom === 'argument') {
    const other = parseImageRef(inErrorText);
    if (other.ok && formatImageRef(other.ref) !== formatImageRef(ref)) {
      notes.push(`The error is about ${formatImageRef(other.ref)}, not ${formatImageRef(ref)}: check that the pasted error belongs to this image.`);
    }
  }
  // The repository to judge: the image's, else an Artifact Registry resource name printed in the error.
  let target: RepositoryTarget | null = ref?.kind === 'artifact-registry' ? { name: ref.repositoryName, project: ref.project, location: ref.location, id: ref.repository, gcrHost: ref.gcrHost ?? null } : null;
  if (!target && imageFrom !== 'argument' && facts.repository) {
    target = parseRepositoryName(facts.repository);
    if (target) notes.push(`No image was given or named; the error names repository ${facts.repository}, so that repository is judged.`);
  }
  if (!parsed && !target) imageError = 'No image was given and the error names none.';

  const placed = choosePools(inv, input, facts.nodes, notes);
  const pools = placed.pools;
  let repositoryInEstate: boolean | null = null;
  let repo: Repository | undefined;
  let verdicts: PairEvaluation[] = [];
  const classId = classification.classId;

  if (imageError && !target) {
    notes.push(`The image reference could not be read, so Pullcheck judged no repository: ${imageError}`);
  } else if (ref && ref.kind === 'other-registry') {
    notes.push(
      `${ref.host} is not Artifact Registry: Pullcheck judges only Artifact Registry (LOCATION-docker.pkg.dev and the gcr.io hosts), so the estate cannot say whether the nodes can pull this image.`,
    );
  } else if (target) {
    repo = inv.repositories.find((r) => r.name === target.name);
    const listGap = inv.repositoryListGaps.find((g) => g.project === target.project);
    const projectInScope = inv.projects.some((p) => p.id === target.project);
    if (repo) {
      repositoryInEstate = true;
      if (repo.format !== 'DOCKER') {
        add({
          category: 'repository',
          rule: 'diagnose.not-docker-repository',
          message: `Repository ${repo.name} is a ${repo.format} repository, not a Docker repository, so it holds no container images.`,
          evidence: { repository: repo.name, format: repo.format },
          confidence: 'high',
          remediation: { steps: ['Push the image to a Docker-format repository and pull it from there.'], docs: [DOCS.pushingAndPulling] },
        });
      } else {
        verdicts = evaluateAll(inv, pools, repo.name, evaluatePair, notes);
      }
    } else if (listGap) {
      notes.push(`Pullcheck could not list the repositories of project ${target.project} (gap ${listGap.gapId}), so it cannot tell whether ${target.name} exists.`);
    } else if (!projectInScope) {
      notes.push(`Project ${target.project} is not in the scanned scope (or the auditor cannot see it): scan it too (--projects ${target.project},...) to judge ${target.name}.`);
      add({
        category: 'repository',
        rule: 'diagnose.repository-unverified',
        message: `Repository ${target.name} could not be checked: project ${target.project} was not scanned or is not visible to the auditor.`,
        evidence: { repository: target.name, project: target.project },
        confidence: classId && ['token-not-found', 'forbidden', 'insufficient-scope', 'project-gone'].includes(classId) ? 'medium' : 'low',
        remediation: {
          steps: [`Scan the repository's project as well, or check that the repository exists.`],
          gcloud: shellCommand(['gcloud', 'artifacts', 'repositories', 'describe', target.id, `--project=${target.project}`, `--location=${target.location}`]),
          docs: [DOCS.arTroubleshoot],
        },
      });
    } else {
      repositoryInEstate = false;
      const suggestions = didYouMean(inv, target);
      const registryAnswered = !classId || !['dns', 'restricted-vip-timeout', 'timeout', 'rate-limited', 'architecture', 'schema1'].includes(classId);
      if (target.gcrHost) {
        add({
          category: 'repository',
          rule: 'diagnose.container-registry',
          message: `Project ${target.project} has no Artifact Registry repository named ${target.gcrHost} in ${target.location}, so ${target.gcrHost} images still point at the retired Container Registry.`,
          evidence: { repository: target.name, gcrHost: target.gcrHost, didYouMean: suggestions },
          confidence: registryAnswered ? 'high' : 'medium',
          remediation: containerRegistryRemediation(target.project),
        });
      } else {
        add({
          category: 'repository',
          rule: 'diagnose.repository-absent',
          message: `Repository ${target.name} does not exist in the scanned estate: the project, location or repository in the image path is wrong${suggestions.length ? ` (did you mean ${suggestions.slice(0, 3).join(', ')}?)` : ''}.`,
          evidence: { repository: target.name, project: target.project, location: target.location, didYouMean: suggestions },
          confidence: registryAnswered ? 'high' : 'medium',
          remediation: {
            steps: ['Correct the image path to an existing Docker repository, or create the repository and push the image.'],
            gcloud: shellCommand(['gcloud', 'artifacts', 'repositories', 'list', `--project=${target.project}`]),
            docs: [DOCS.pushingAndPulling],
          },
        });
      }
    }
  }

  // Package-level and conditional download rules refuse some images only: which one applies depends on the image.
  const docker = repo && repo.format === 'DOCKER' ? repo : null;
  const rulesRead = docker ? readDownloadRules(inv, docker, ref?.kind === 'artifact-registry' && ref.repositoryName === docker.name ? ref.image : null, classId) : null;
  if (rulesRead) notes.push(...rulesRead.notes);

  const engineCauses = aggregate(verdicts);
  const rel = (topic: string): Relevance =>
    classId ? (RELEVANCE[classId].primary.includes(topic) ? 'primary' : RELEVANCE[classId].secondary.includes(topic) ? 'secondary' : 'other') : 'secondary';
  const primaryFail = engineCauses.some((c) => c.cause.outcome === 'fail' && rel(topicOf(c.cause)) === 'primary') || !!rulesRead?.causes.some((c) => c.confidence === 'high');
  const allCanPull = verdicts.length > 0 && verdicts.every((v) => v.verdict === 'can-pull');
  const judged = verdicts.length > 0;

  const ranked = engineCauses.map((c) => ({ ...c, relevance: rel(topicOf(c.cause)) }));
  const pushEngine = (which: Relevance) => {
    for (const c of ranked.filter((r) => r.relevance === which).sort((a, b) => outcomeOrder(a.cause) - outcomeOrder(b.cause))) {
      add({
        category: c.cause.category,
        rule: c.cause.rule,
        message: c.message,
        evidence: { ...c.cause.evidence, outcome: c.cause.outcome, nodePools: c.pools },
        confidence: engineConfidence(which, c.cause.outcome, classId === null),
        remediation: c.remediation,
      });
    }
  };
  pushEngine('primary');
  for (const c of rulesRead?.causes ?? []) add(c);
  const read = { perimeters: inv.accessPolicies !== undefined, denyAndRules: inv.denyPolicies !== undefined && inv.downloadRules !== undefined };
  for (const h of hypotheses(classification, ref, target, repo, facts, { primaryFail, allCanPull, judged, repoAbsent: repositoryInEstate === false, read })) add(h);
  pushEngine('secondary');
  pushEngine('other');

  const rankedCauses = candidates
    .sort((a, b) => confidenceOrder(a.confidence) - confidenceOrder(b.confidence) || a.order - b.order)
    .map((c, i) => ({
      rank: i + 1,
      category: c.category,
      rule: c.rule,
      message: c.message,
      evidence: c.evidence,
      confidence: c.confidence,
      remediation: c.remediation,
    }));

  if (classId && ['forbidden', 'unauthorized', 'insufficient-scope', 'anonymous'].includes(classId)) {
    notes.push('Workload Identity does not change who pulls images: the kubelet pulls with the node service account, not the pod\'s.');
  }
  if (classId === null) notes.push('The error text fits none of the known pull errors; the causes below come from the estate alone.');
  if (judged) {
    const counts = countVerdicts(verdicts);
    notes.push(`Verdicts for ${repo?.name}: ${counts}.`);
  }

  const image = ref ? formatImageRef(ref) : imageText || 'IMAGE';
  const verdictGroups = groupVerdicts(verdicts);
  return {
    image: ref,
    imageError: target && !ref ? null : imageError,
    classification,
    found: {
      image: ref ? formatImageRef(ref) : null,
      imageFrom: ref ? imageFrom : null,
      imageShape: imageFrom === 'error-text' ? facts.imageShape : null,
      repository: target?.name ?? null,
      errorClass: classId,
      nodes: facts.nodes,
      cluster: placed.cluster,
      nodePool: placed.nodePool,
      nodePoolCandidates: placed.candidates,
    },
    repositoryInEstate,
    verdicts,
    verdictGroups,
    rankedCauses,
    onNodeCheck: onNodeCheck(image, ref),
    summary: spread(verdicts) + summarize(classification, ref, target, imageError, rankedCauses, inv, verdicts),
    notes,
  };
}

interface RepositoryTarget {
  name: string;
  project: string;
  location: string;
  id: string;
  gcrHost: string | null;
}

function parseRepositoryName(name: string): RepositoryTarget | null {
  const parts = name.split('/');
  if (parts.length !== 6 || parts[0] !== 'projects' || parts[2] !== 'locations' || parts[4] !== 'repositories') return null;
  const [, project, , location, , id] = parts;
  const gcrHost = Object.keys(GCR_HOSTS).includes(id) ? id : null;
  return { name, project, location, id, gcrHost };
}

/** The commands to reproduce the pull on a node of the pool. */
export function onNodeCheck(image: string, ref: ImageRef | null): { linux: string; windows: string } {
  const img = /^[A-Za-z0-9._\-/:@]+$/.test(image) ? image : `'${image.replace(/'/g, '')}'`;
  const token =
    "$(curl -s -H 'Metadata-Flavor: Google' http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token | python3 -c 'import json,sys;print(json.load(sys.stdin)[\"access_token\"])')";
  const linux = ref && ref.kind === 'other-registry' ? `sudo crictl pull ${img}` : `sudo crictl pull --creds "oauth2accesstoken:${token}" ${img}`;
  // PowerShell single-quoted string: nothing inside expands; a quote is written twice. PowerShell also closes
  // the string at the typographic single quotes U+2018, U+2019, U+201A and U+201B ("about_Quoting_Rules";
  // the tokenizer treats them all as single quotes), so each of them is doubled too.
  const windows = `Get-Content C:\\etc\\kubernetes\\logs\\containerd.log -Tail 500 | Select-String -SimpleMatch '${image.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
  return { linux, windows };
}

interface Placement {
  pools: NodePool[];
  /** Set when the node name in the paste chose the cluster / pool. */
  cluster: string | null;
  nodePool: string | null;
  candidates: string[];
}

function choosePools(inv: Inventory, input: DiagnoseInput, nodes: string[], notes: string[]): Placement {
  const cluster = input.cluster?.trim() || null;
  const pool = input.nodePool?.trim() || null;
  const none = { cluster: null, nodePool: null, candidates: [] };
  let inScope = inv.nodePools;
  if (cluster) {
    const c = inv.clusters.find((x) => x.name === cluster);
    if (!c) {
      notes.push(`Cluster ${cluster} is not in the scanned estate, so no node pool was judged.`);
      return { pools: [], ...none };
    }
    const pools = inv.nodePools.filter((p) => p.cluster === c.name);
    if (pools.length === 0) notes.push(`Cluster ${c.name} has no node pools${c.autopilot ? ' (Autopilot creates them on demand)' : ''}.`);
    if (pool) {
      const chosen = pools.filter((p) => p.shortName === pool || p.name === pool);
      if (chosen.length === 0) notes.push(`Node pool ${pool} is not in ${c.name}; its pools: ${pools.map((p) => p.shortName).join(', ') || 'none'}.`);
      return { pools: chosen, ...none };
    }
    inScope = pools;
  } else if (pool) {
    return { pools: inv.nodePools.filter((p) => p.shortName === pool || p.name === pool), ...none };
  }
  const fromNode = poolsFromNodes(inv, inScope, nodes, notes);
  return fromNode ?? { pools: inScope, ...none };
}

/** The node pool(s) the GKE node names in the paste belong to, matched against the scanned pools; null when none fits. */
function poolsFromNodes(inv: Inventory, pools: NodePool[], nodes: string[], notes: string[]): Placement | null {
  if (nodes.length === 0 || pools.length === 0) return null;
  const clusterShort = new Map(inv.clusters.map((c) => [c.name, c.shortName]));
  const known = pools.map((p) => ({ name: p.name, cluster: p.cluster, shortName: p.shortName, clusterShortName: clusterShort.get(p.cluster) ?? p.cluster.split('/').pop() ?? '' }));
  const names = new Set<string>();
  const matchedNodes: string[] = [];
  for (const node of nodes) {
    const m = matchNodeName(node, known);
    if (m.length === 0) continue;
    matchedNodes.push(node);
    for (const x of m) names.add(x.nodePool);
  }
  if (names.size === 0) {
    notes.push(`The node ${nodes[0]} named in the paste matches no node pool of the scan.`);
    return null;
  }
  const chosen = pools.filter((p) => names.has(p.name));
  const clusters = [...new Set(chosen.map((p) => p.cluster))];
  if (chosen.length === 1) {
    notes.push(`The paste names node ${matchedNodes[0]}, of node pool ${chosen[0].shortName} in cluster ${chosen[0].cluster}: that pool is judged.`);
    return { pools: chosen, cluster: chosen[0].cluster, nodePool: chosen[0].name, candidates: [] };
  }
  notes.push(
    `The node name ${matchedNodes.join(', ')} fits ${chosen.length} node pools (GKE shortens long cluster and pool names inside node names): ${chosen.map((p) => p.name).join(', ')}. These are judged; choose the cluster and node pool for a precise answer.`,
  );
  return { pools: chosen, cluster: clusters.length === 1 ? clusters[0] : null, nodePool: null, candidates: chosen.map((p) => p.name) };
}

function evaluateAll(
  inv: Inventory,
  pools: NodePool[],
  repository: string,
  evaluatePair: NonNullable<DiagnoseOptions['evaluatePair']>,
  notes: string[],
): PairEvaluation[] {
  const out: PairEvaluation[] = [];
  for (const p of pools) {
    try {
      out.push(evaluatePair(inv, p.name, repository));
    } catch (err) {
      notes.push(`The engine could not judge ${p.name}: ${err instanceof Error ? err.message : String(err)}.`);
    }
  }
  return out;
}

/** Same rule and outcome across pools → one cause naming every pool (messages that differ only by pool are merged). */
function aggregate(verdicts: PairEvaluation[]): { cause: Cause; pools: string[]; message: string; remediation: Remediation }[] {
  const byKey = new Map<string, { cause: Cause; pools: string[]; messages: Set<string>; gcloud: string[]; terraform: string[] }>();
  for (const v of verdicts) {
    for (const cause of v.causes) {
      const key = `${cause.rule}\u0000${cause.outcome}\u0000${cause.category}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = { cause, pools: [], messages: new Set(), gcloud: [], terraform: [] };
        byKey.set(key, entry);
      }
      if (!entry.pools.includes(v.nodePool)) entry.pools.push(v.nodePool);
      entry.messages.add(cause.message);
      const r = cause.remediation;
      if (r?.gcloud && !entry.gcloud.includes(r.gcloud)) entry.gcloud.push(r.gcloud);
      if (r?.terraform && !entry.terraform.includes(r.terraform)) entry.terraform.push(r.terraform);
    }
  }
  return [...byKey.values()].map((e) => {
    const others = e.messages.size - 1;
    const message =
      others > 0 ? `${e.cause.message} (The same check fails in ${e.pools.length} node pools, with ${others} other wording${others === 1 ? '' : 's'}: see the evidence.)` : e.cause.message;
    const remediation: Remediation = { ...e.cause.remediation };
    if (e.gcloud.length > 1) remediation.gcloud = e.gcloud.slice(0, MAX_MERGED_COMMANDS).join('\n');
    if (e.terraform.length > 1) remediation.terraform = e.terraform.slice(0, MAX_MERGED_COMMANDS).join('\n\n');
    if (e.gcloud.length > MAX_MERGED_COMMANDS || e.terraform.length > MAX_MERGED_COMMANDS) {
      remediation.steps = [...remediation.steps, `Only the first ${MAX_MERGED_COMMANDS} of the distinct commands are shown; the evidence names every node pool.`];
    }
    return { cause: e.cause, pools: e.pools, message, remediation };
  });
}

const MAX_MERGED_COMMANDS = 10;

/** Groups node pools with the same verdict and the same causes (rule and outcome), largest group first. */
export function groupVerdicts(verdicts: PairEvaluation[]): VerdictGroup[] {
  const groups = new Map<string, VerdictGroup>();
  for (const v of verdicts) {
    const causes = v.causes.map((c) => ({ category: c.category, rule: c.rule, outcome: c.outcome }));
    const key = `${v.verdict}\u0000${v.repository}\u0000${causes.map((c) => `${c.rule}/${c.outcome}`).join(',')}`;
    const g = groups.get(key);
    if (g) g.nodePools.push(v.nodePool);
    else groups.set(key, { verdict: v.verdict, causes, nodePools: [v.nodePool], repository: v.repository });
  }
  const order = { 'cannot-pull': 0, unknown: 1, 'can-pull': 2 };
  return [...groups.values()].sort((a, b) => order[a.verdict] - order[b.verdict] || b.nodePools.length - a.nodePools.length);
}

function topicOf(cause: Cause): string {
  const prefix = cause.rule.split('.')[0];
  return CATEGORIES.has(prefix) && prefix !== 'audit-access' ? prefix : cause.category;
}

function engineConfidence(relevance: Relevance, outcome: Cause['outcome'], unrecognized: boolean): Confidence {
  if (unrecognized) return outcome === 'fail' ? 'medium' : 'low';
  if (relevance === 'primary') return outcome === 'fail' ? 'high' : 'medium';
  if (relevance === 'secondary') return outcome === 'fail' ? 'medium' : 'low';
  return 'low';
}

const outcomeOrder = (c: Cause) => (c.outcome === 'fail' ? 0 : 1);
const confidenceOrder = (c: Confidence) => ({ high: 0, medium: 1, low: 2 })[c];

function hypotheses(
  cls: ErrorClassification,
  ref: ImageRef | null,
  target: RepositoryTarget | null,
  repo: Repository | undefined,
  facts: PasteFacts,
  state: { primaryFail: boolean; allCanPull: boolean; judged: boolean; repoAbsent: boolean; read: { perimeters: boolean; denyAndRules: boolean } },
): Omit<Candidate, 'order'>[] {
  const out: Omit<Candidate, 'order'>[] = [];
  const ar = ref?.kind === 'artifact-registry' ? ref : null;
  const evidence = { errorClass: cls.classId };
  const secondary: Confidence = state.primaryFail ? 'low' : 'medium';
  const project = target?.project ?? 'PROJECT';
  const describeRepo = target ? shellCommand(['gcloud', 'artifacts', 'repositories', 'describe', target.id, `--project=${target.project}`, `--location=${target.location}`]) : undefined;
  const image = ref ? formatImageRef(ref) : 'IMAGE';
  switch (cls.classId) {
    case 'forbidden': {
      if (state.allCanPull) {
        out.push({
          category: 'repository',
          rule: 'diagnose.repository-gone',
          message: `The estate says these node pools can pull from ${repo?.name ?? 'the repository'}, so the repository may have been deleted or renamed since the scan, or the image path differs from it.`,
          evidence,
          confidence: 'medium',
          remediation: describeRepo ? { steps: ['Check that the repository still exists and the image path names it.'], gcloud: describeRepo, docs: [DOCS.arTroubleshoot] } : null,
        });
      }
      out.push({
        category: 'perimeter',
        rule: 'diagnose.vpc-service-controls',
        message: state.read.perimeters
          ? `A VPC Service Controls perimeter around ${project} may refuse the pull from outside it: the scan found none that blocks these node pools, but a perimeter changed since the scan, or an access level Pullcheck cannot evaluate, may.`
          : `A VPC Service Controls perimeter around ${project} may refuse the pull from outside it; this scan did not read perimeters.`,
        evidence,
        confidence: secondary,
        remediation: {
          steps: ['Look for a VPC Service Controls violation in the audit logs of the repository project (reason in the 403 body: VPC_SERVICE_CONTROLS), and add the cluster project to the perimeter or an ingress rule.'],
          gcloud: shellCommand(['gcloud', 'logging', 'read', 'protoPayload.metadata."@type"="type.googleapis.com/google.cloud.audit.VpcServiceControlAuditMetadata"', `--project=${project}`, '--limit=20']),
          docs: [DOCS.vpcSc],
        },
      });
      out.push({
        category: 'iam',
        rule: 'diagnose.deny-policy',
        message: state.read.denyAndRules
          ? 'An IAM deny policy or an Artifact Registry download rule may block the download even though an allow grant exists: the scan found none that blocks these node pools, but one added since the scan may.'
          : 'An IAM deny policy or an Artifact Registry download rule may block the download even though an allow grant exists; this scan did not read them.',
        evidence,
        confidence: state.allCanPull ? 'medium' : 'low',
        remediation: { steps: ['Check the deny policies on the repository project and its ancestors.'], gcloud: shellCommand(['gcloud', 'iam', 'policies', 'list', `--attachment-point=cloudresourcemanager.googleapis.com/projects/${project}`, '--kind=denypolicies']), docs: [DOCS.denyOverview] },
      });
      if (cls.likelyCauses.some((c) => /billing/i.test(c))) {
        out.push({
          category: 'billing',
          rule: 'diagnose.billing',
          message: `A bare 403 can also mean billing is disabled on ${project} or the request came from a blocked IP range.`,
          evidence,
          confidence: secondary,
          remediation: { steps: ['Check that billing is enabled on the repository project.'], gcloud: shellCommand(['gcloud', 'billing', 'projects', 'describe', project]), docs: [DOCS.arTroubleshoot] },
        });
      }
      break;
    }
    case 'unauthorized':
      out.push({
        category: 'credentials',
        rule: 'diagnose.image-pull-secret',
        message: 'A bad or expired imagePullSecret on the pod (or its Kubernetes service account) replaces the node credentials and is refused.',
        evidence,
        confidence: secondary,
        remediation: { steps: ['Check the pod spec and its service account for imagePullSecrets; remove or renew them (Artifact Registry needs none for node pulls).'], docs: [DOCS.pullSecrets] },
      });
      if (state.allCanPull) {
        out.push({
          category: 'repository',
          rule: 'diagnose.repository-gone',
          message: 'The repository may have been deleted since the scan: Artifact Registry can answer 401 for a repository that is gone.',
          evidence,
          confidence: 'medium',
          remediation: describeRepo ? { steps: ['Check that the repository still exists.'], gcloud: describeRepo, docs: [DOCS.arTroubleshoot] } : null,
        });
      }
      break;
    case 'token-not-found':
      if (repo) {
        out.push({
          category: 'repository',
          rule: 'diagnose.repository-gone',
          message: `Artifact Registry does not know the repository in the image path although ${repo.name} was in the scan: it may have been deleted since, or the path differs.`,
          evidence,
          confidence: 'medium',
          remediation: describeRepo ? { steps: ['Check the image path against the repository.'], gcloud: describeRepo, docs: [DOCS.arTroubleshoot] } : null,
        });
      }
      break;
    case 'manifest-unknown':
      out.push({
        category: 'image',
        rule: 'diagnose.tag-not-found',
        message: `The ${ref?.digest ? `digest ${ref.digest}` : `tag ${ref?.tag ?? 'latest'}`} of ${ref ? ref.image : 'the image'} does not exist in the repository (a typo, never pushed, or removed by a cleanup policy).`,
        evidence: { ...evidence, tag: ref?.tag ?? null, digest: ref?.digest ?? null },
        confidence: state.repoAbsent ? 'medium' : 'high',
        remediation: {
          steps: ['List the tags of the image and correct the tag or digest, or push the missing one.'],
          gcloud: ar ? shellCommand(['gcloud', 'artifacts', 'docker', 'tags', 'list', `${ar.host}/${ar.project.replace(':', '/')}/${ar.gcrHost ? '' : `${ar.repository}/`}${ar.image}`]) : undefined,
          docs: [DOCS.pushingAndPulling],
        },
      });
      break;
    case 'insufficient-scope':
      out.push({
        category: 'repository',
        rule: 'diagnose.image-path',
        message: 'The image name may be wrong: the registry issued a token for another repository path than the one requested.',
        evidence,
        confidence: secondary,
        remediation: ar ? { steps: ['Compare the image path with the repository and image names.'], gcloud: shellCommand(['gcloud', 'artifacts', 'docker', 'images', 'list', `${ar.host}/${ar.project.replace(':', '/')}${ar.gcrHost ? '' : `/${ar.repository}`}`]), docs: [DOCS.arTroubleshoot] } : null,
      });
      break;
    case 'dns':
      out.push({
        category: 'network',
        rule: 'diagnose.dns',
        message: `The nodes cannot resolve ${ref?.host ?? 'the registry host'}: look for a private Cloud DNS zone for pkg.dev or googleapis.com without a record for it, or a custom resolver.`,
        evidence,
        confidence: state.primaryFail ? 'medium' : 'high',
        remediation: { steps: ['Check the private DNS zones of the node network; a zone for pkg.dev needs a *.pkg.dev record pointing at the private or restricted Google API addresses.'], gcloud: 'gcloud dns managed-zones list --filter="visibility=private"', docs: [DOCS.privateGoogleAccess] },
      });
      break;
    case 'restricted-vip-timeout':
      out.push({
        category: 'network',
        rule: 'diagnose.restricted-vip-egress',
        message: 'The nodes cannot reach restricted.googleapis.com (199.36.153.4/30) or private.googleapis.com (199.36.153.8/30) on port 443: a firewall egress rule or a missing route blocks them.',
        evidence,
        confidence: 'high',
        remediation: {
          steps: [
            'Allow egress to 199.36.153.4/30 and 199.36.153.8/30 on TCP 443 and add a route to them via the default internet gateway.',
            'If the repository project is in a VPC Service Controls perimeter, the cluster project must be inside it or allowed by an ingress rule.',
          ],
          gcloud: 'gcloud compute firewall-rules list --filter="direction=EGRESS" --sort-by=priority',
          docs: [DOCS.privateGoogleAccess, DOCS.vpcSc],
        },
      });
      break;
    case 'timeout':
      out.push({
        category: 'network',
        rule: 'diagnose.egress-blocked',
        message: 'A firewall egress rule, a proxy or a VPC Service Controls perimeter may block the nodes from the registry.',
        evidence,
        confidence: secondary,
        remediation: { steps: ['Check egress firewall rules and routes of the node network for Google API addresses.'], gcloud: 'gcloud compute firewall-rules list --filter="direction=EGRESS" --sort-by=priority', docs: [DOCS.privateGoogleAccess] },
      });
      break;
    case 'rate-limited':
      out.push({
        category: 'quota',
        rule: 'diagnose.rate-limited',
        message: `The registry refused the pull for too many requests; this is a quota, not a permission problem${ref?.kind === 'other-registry' && ref.host === 'docker.io' ? ' (Docker Hub pull rate limit)' : ''}.`,
        evidence,
        confidence: 'high',
        remediation: { steps: ['Retry later (the kubelet retries with back-off).', 'Check the Artifact Registry quotas of the repository project and spread large rollouts.'], docs: [DOCS.quotas] },
      });
      break;
    case 'architecture':
      out.push({
        category: 'image',
        rule: 'diagnose.architecture',
        message: `${image} was built for another CPU architecture than the nodes.`,
        evidence,
        confidence: 'high',
        remediation: { steps: ['Rebuild the image for the node architecture, or as a multi-architecture image.'], gcloud: shellCommand(['docker', 'buildx', 'build', '--platform', 'linux/amd64,linux/arm64', '-t', image, '--push', '.']), docs: [DOCS.imagePulls] },
      });
      break;
    case 'schema1':
      out.push({
        category: 'image',
        rule: 'diagnose.schema1',
        message: `${image} has a Docker schema 1 manifest, which containerd 2 (Linux nodes from GKE 1.33, Windows from 1.35) refuses.`,
        evidence,
        confidence: 'high',
        remediation: { steps: ['Rebuild and push the image with a current Docker or Buildx, which writes Docker schema 2 or OCI manifests.'], docs: [DOCS.containerd] },
      });
      break;
    case 'container-registry-retired':
      out.push({
        category: 'repository',
        rule: 'diagnose.container-registry',
        message: `${image} is served by the retired Container Registry, not by an Artifact Registry gcr.io repository.`,
        evidence,
        confidence: 'high',
        remediation: containerRegistryRemediation(project),
      });
      break;
    case 'vpc-service-controls':
      out.push({
        category: 'perimeter',
        rule: 'diagnose.vpc-service-controls',
        message: `A VPC Service Controls perimeter refused the pull: the repository project ${project} is inside a perimeter that the nodes' project is not in (and no ingress rule or access level lets it in).`,
        evidence,
        confidence: 'high',
        remediation: {
          steps: [
            'Find the violation in the audit logs of the repository project with the vpcServiceControlsUniqueIdentifier from the error.',
            'Put the cluster project in the same perimeter, or add an ingress rule for the node service account to artifactregistry.googleapis.com.',
          ],
          gcloud: shellCommand(['gcloud', 'logging', 'read', 'protoPayload.metadata."@type"="type.googleapis.com/google.cloud.audit.VpcServiceControlAuditMetadata"', `--project=${project}`, '--limit=20']),
          docs: [DOCS.vpcSc],
        },
      });
      break;
    case 'project-gone': {
      const gone = facts.missingProject ?? target?.project ?? 'PROJECT';
      out.push({
        category: 'repository',
        rule: 'diagnose.project-gone',
        message: `Project ${gone} no longer exists (deleted or being shut down), so the image path cannot be served: point the workload at an image in a project that exists.`,
        evidence: { ...evidence, project: gone },
        confidence: 'high',
        remediation: {
          steps: ['Check the project in the image path; if it was deleted, copy the image to a repository in a live project (or ask its publisher where it moved) and update the workload.'],
          gcloud: shellCommand(['gcloud', 'projects', 'describe', gone]),
          docs: [DOCS.arTroubleshoot],
        },
      });
      break;
    }
    case 'anonymous':
      out.push({
        category: 'scope',
        rule: 'diagnose.anonymous-pull',
        message: 'The pull carried no credentials: the node pool lacks the devstorage.read_only (or cloud-platform) access scope, its nodes have no credential helper for this host, or the node service account is disabled.',
        evidence,
        confidence: state.primaryFail ? 'medium' : 'high',
        remediation: { steps: ['Give the node pool the devstorage.read_only or cloud-platform access scope (create a new node pool: scopes cannot be changed in place), and check that the node service account is enabled.'], docs: [DOCS.imagePulls] },
      });
      break;
    default:
      break;
  }
  return out;
}

function containerRegistryRemediation(project: string): Remediation {
  return {
    steps: [
      'Move the project to Artifact Registry gcr.io repositories (the migration tool creates them, copies the images and redirects gcr.io).',
      'Grant the node service accounts roles/artifactregistry.reader on the new repositories.',
    ],
    gcloud: shellCommand(['gcloud', 'artifacts', 'docker', 'upgrade', 'migrate', `--projects=${project}`]),
    docs: [DOCS.gcrRepositories],
  };
}

function didYouMean(inv: Inventory, ref: RepositoryTarget): string[] {
  const score = (r: Repository) => (r.format === 'DOCKER' ? 0 : 4) + (r.project === ref.project ? 0 : 2) + (r.id === ref.id ? 0 : 1);
  const distance = (r: Repository) => editDistance(r.id.slice(0, 128), ref.id.slice(0, 128));
  return inv.repositories
    .filter((r) => r.id === ref.id || r.project === ref.project)
    .sort((a, b) => score(a) - score(b) || distance(a) - distance(b) || a.name.localeCompare(b.name))
    .slice(0, 8)
    .map(imagePrefix);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function imagePrefix(r: Repository): string {
  const project = r.project.replace(':', '/');
  if (/^(?:(?:us|eu|asia)\.)?gcr\.io$/.test(r.id)) return `${r.id}/${project}`;
  return `${r.location}-docker.pkg.dev/${project}/${r.id}`;
}

function countVerdicts(verdicts: PairEvaluation[]): string {
  const n = { 'can-pull': 0, 'cannot-pull': 0, unknown: 0 };
  for (const v of verdicts) n[v.verdict]++;
  return Object.entries(n)
    .filter(([, k]) => k > 0)
    .map(([verdict, k]) => `${k} ${verdict}`)
    .join(', ');
}

function summarize(
  cls: ErrorClassification,
  ref: ImageRef | null,
  target: RepositoryTarget | null,
  imageError: string | null,
  causes: RankedCause[],
  inv: Inventory,
  verdicts: PairEvaluation[],
): string {
  const top = causes[0];
  const what = cls.classId ? `The error reads as "${cls.title}"` : 'The error text is not one Pullcheck recognizes';
  if (imageError && !target) return `${what}, but the image reference could not be read: ${lowerFirst(stripDot(imageError))}.`;
  if (!top) {
    if (verdicts.length > 0 && verdicts.every((v) => v.verdict === 'can-pull')) {
      return `${what}, and nothing in the estate stops these node pools from pulling ${ref ? formatImageRef(ref) : target ? `from ${target.name}` : 'the image'}: run the on-node check to see the registry's own answer.`;
    }
    if (ref?.kind === 'other-registry') return `${what}; ${ref.host} is not Artifact Registry, so Pullcheck cannot judge the estate for it.`;
    return `${what}, and Pullcheck found no cause in the estate: run the on-node check to see the registry's own answer.`;
  }
  if (top.rule?.startsWith('iam.') && top.category === 'iam' && top.evidence.outcome === 'fail' && target) {
    const pools = (top.evidence.nodePools as string[] | undefined) ?? [];
    const emails = [...new Set(pools.map((p) => inv.nodePools.find((x) => x.name === p)?.serviceAccount.email).filter(Boolean))];
    const who = emails.length === 1 ? `The node service account ${emails[0]} has` : emails.length > 1 ? `The node service accounts ${emails.join(', ')} have` : 'The node service account has';
    return `${who} no permission to download from repository ${target.id}: grant roles/artifactregistry.reader on ${target.name}.`;
  }
  const fix = top.remediation?.gcloud && !top.rule?.startsWith('diagnose.') ? `; fix: ${top.remediation.gcloud}` : '';
  return `${what}; most likely (${top.confidence} confidence): ${lowerFirst(stripDot(top.message))}${fix}.`;
}

/** When the pools judged (no node pool named) disagree, how their verdicts split, so one pool's cause is not taken for all. */
function spread(verdicts: PairEvaluation[]): string {
  if (verdicts.length < 2) return '';
  const n = (v: string) => verdicts.filter((x) => x.verdict === v).length;
  const parts = [
    [n('cannot-pull'), 'cannot pull'],
    [n('unknown'), 'unknown'],
    [n('can-pull'), 'can pull'],
  ]
    .filter(([c]) => c)
    .map(([c, label]) => `${c} ${label}`);
  if (parts.length < 2) return '';
  return `Of the ${verdicts.length} node pools judged, ${parts.join(', ')} (name the cluster and node pool for a precise answer). `;
}

const stripDot = (s: string) => s.trim().replace(/\.$/, '');
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);
