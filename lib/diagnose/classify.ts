/**
 * Classification of a pasted image-pull error (kubelet event, containerd or Docker log) into classes, after
 * "Troubleshoot image pulls" (https://cloud.google.com/kubernetes-engine/docs/troubleshooting/image-pulls) and
 * "Troubleshooting container images" (https://cloud.google.com/artifact-registry/docs/docker/troubleshoot).
 * Every pattern runs in linear time over lines of bounded length (lib/diagnose/paste.ts).
 */
import { MAX_BLOCK, MAX_LINE, preparePaste, readPaste, type PreparedPaste } from './paste';

/** Stable ids of the pull-error classes. */
export type PullErrorClassId =
  | 'forbidden'
  | 'unauthorized'
  | 'token-not-found'
  | 'manifest-unknown'
  | 'insufficient-scope'
  | 'dns'
  | 'restricted-vip-timeout'
  | 'timeout'
  | 'rate-limited'
  | 'architecture'
  | 'schema1'
  | 'container-registry-retired'
  | 'vpc-service-controls'
  | 'project-gone'
  | 'anonymous';

/** What a pasted pull error says, as far as text alone can tell. */
export interface ErrorClassification {
  /** null = unrecognized. */
  classId: PullErrorClassId | null;
  title: string;
  likelyCauses: string[];
  firstCheck: string;
  /** True when the text fits several causes the estate must decide between. */
  ambiguous: boolean;
  /** The excerpt that matched. */
  matched: string | null;
  /** Other classes the text also fits, most specific first. */
  alsoMatched: PullErrorClassId[];
  /** How many lines of the paste were longer than `maxLine` characters and were read only up to it. */
  cutLines: number;
  maxLine: number;
}

interface Pattern {
  /**
   * What the text says. Written with the `g` flag so the search can go on after a match whose line lacks
   * `onLine`; starts with a literal, and has no two unbounded runs over the same characters (linear time).
   */
  re: RegExp;
  /** Only when the same line also holds this (replaces a `A[^\n]*?B` pattern, which backtracks polynomially). */
  onLine?: RegExp;
  /** Only when the whole pull-failure text also matches this. */
  alsoNeeds?: RegExp;
  /** Overrides the class's specificity for this wording. */
  specificity?: number;
  causes?: string[];
  ambiguous?: boolean;
}

/** One row of the pull-error table (what the kubelet event says → most likely cause → first check). */
export interface PullErrorClass {
  id: PullErrorClassId;
  title: string;
  /** Higher wins when several classes match. */
  specificity: number;
  likelyCauses: string[];
  firstCheck: string;
  ambiguous: boolean;
  patterns: Pattern[];
}

const FORBIDDEN_CAUSES = [
  'The node service account has no role containing artifactregistry.repositories.downloadArtifacts on the repository, its project, folders or organization.',
  'The repository, project or location in the image path does not exist: Artifact Registry answers the same "denied" for a repository that is not there.',
];

/** Every class, in tie-break order. */
export const PULL_ERROR_CLASSES: readonly PullErrorClass[] = [
  {
    id: 'container-registry-retired',
    title: 'Image in the retired Container Registry',
    specificity: 100,
    likelyCauses: [
      'The image lives in the retired Container Registry (gcr.io storage buckets), not in an Artifact Registry gcr.io repository; Container Registry is shut down.',
    ],
    firstCheck: 'Check whether the project has Artifact Registry repositories named gcr.io (or us.gcr.io, eu.gcr.io, asia.gcr.io); if not, migrate to Artifact Registry.',
    ambiguous: false,
    patterns: [
      { re: /Container Registry is deprecated and shutting down/gi },
      { re: /412 Precondition Failed|\b412 \(Precondition Failed\)|\bHTTP 412\b/gi, alsoNeeds: /\bgcr\.io\b/i },
    ],
  },
  {
    id: 'schema1',
    title: 'Docker schema 1 image refused by containerd 2',
    specificity: 95,
    likelyCauses: [
      'The image has a Docker schema 1 manifest; containerd 2 (Linux nodes from GKE 1.33, Windows nodes from 1.35) no longer pulls schema 1 images.',
    ],
    firstCheck: 'Inspect the manifest media type (docker manifest inspect IMAGE); re-push the image as Docker schema 2 or OCI.',
    ambiguous: false,
    patterns: [
      { re: /Pulling Schema 1 images ha(?:ve|s) been deprecated/gi },
      { re: /schema 1 support is disabled/gi },
      { re: /Docker Image Format v1/gi, onLine: /schema 1/i },
      { re: /failed to get converter/gi },
      { re: /application\/vnd\.docker\.distribution\.manifest\.v1\+prettyjws not supported/gi },
    ],
  },
  {
    id: 'architecture',
    title: 'Image architecture does not match the nodes',
    specificity: 95,
    likelyCauses: ['The image was built for another CPU architecture than the nodes (for example arm64 on amd64 nodes), with no matching platform in its manifest list.'],
    firstCheck: 'Compare the image platforms (docker buildx imagetools inspect IMAGE) with the nodes (kubectl get nodes -L kubernetes.io/arch); rebuild multi-arch.',
    ambiguous: false,
    patterns: [
      { re: /no match for platform in manifest/gi },
      { re: /no matching manifest for /gi },
      { re: /does not (?:match|provide) the specified platform/gi },
      { re: /exec format error/gi },
    ],
  },
  {
    id: 'vpc-service-controls',
    title: 'Refused by a VPC Service Controls perimeter',
    specificity: 92,
    likelyCauses: [
      'The repository project is inside a VPC Service Controls perimeter and the pull came from outside it (the cluster project is not in the perimeter, and no ingress rule or access level allows it).',
    ],
    firstCheck: 'Look up the vpcServiceControlsUniqueIdentifier in the audit logs of the repository project; compare the perimeters of the cluster and repository projects.',
    ambiguous: false,
    patterns: [{ re: /Request is prohibited by organization's policy/gi }, { re: /vpcServiceControlsUniqueIdentifier/g }, { re: /\bVPC_SERVICE_CONTROLS\b/g }],
  },
  {
    id: 'restricted-vip-timeout',
    title: 'Timeout to the restricted/private Google APIs addresses',
    specificity: 90,
    likelyCauses: [
      'Egress from the nodes to restricted.googleapis.com (199.36.153.4/30) or private.googleapis.com (199.36.153.8/30) is blocked: a firewall egress rule, or no route to those addresses.',
      'A VPC Service Controls perimeter setup sends *.pkg.dev to the restricted addresses, but the nodes cannot reach them on port 443.',
    ],
    firstCheck: 'Check the VPC firewall egress rules and routes to 199.36.153.4/30 and 199.36.153.8/30 on port 443, the DNS zone that points *.pkg.dev there, and VPC Service Controls.',
    ambiguous: false,
    patterns: [{ re: /dial tcp 199\.36\.153\.\d{1,3}:443\b/gi, onLine: /i\/o timeout|timed out/i }],
  },
  {
    id: 'project-gone',
    title: 'The image\'s project no longer exists',
    specificity: 88,
    likelyCauses: [
      'The project in the image path was deleted (or is being shut down), so its repositories are gone; or the image path names a project that never existed.',
    ],
    firstCheck: 'Check the project in the image path (gcloud projects describe PROJECT); ask the image publisher where the image moved.',
    ambiguous: false,
    patterns: [
      { re: /Project '?project:[^\s']+'? not found or deleted/gi },
      { re: /Project '?#?[a-z0-9][a-z0-9.:-]*'? has been deleted/gi },
      { re: /Consumer '?projects\/\d+'? is invalid/gi },
    ],
  },
  {
    id: 'dns',
    title: 'DNS lookup failed',
    specificity: 85,
    likelyCauses: [
      'The nodes cannot resolve the registry host: a private DNS zone for pkg.dev or googleapis.com without the needed records, or a broken resolver.',
      'Private nodes without Private Google Access or Cloud NAT, behind a custom DNS setup.',
    ],
    firstCheck: 'Check DNS for the registry host from a node: Private Google Access, Cloud NAT and private DNS zones for pkg.dev and googleapis.com.',
    ambiguous: false,
    patterns: [
      { re: /: server misbehaving/gi },
      { re: /\bno such host\b/gi },
      { re: /\blookup [^\s:]+ on [^\s]+: /gi },
      { re: /Temporary failure in name resolution/gi },
    ],
  },
  {
    id: 'rate-limited',
    title: 'Rate limited (429 Too Many Requests)',
    specificity: 80,
    likelyCauses: ['Too many requests: an Artifact Registry quota (or, for Docker Hub, its pull rate limit) was exceeded. This is not a permission problem.'],
    firstCheck: 'Retry later; check the Artifact Registry quotas of the repository project.',
    ambiguous: false,
    patterns: [
      {
        re: /Error 429 \(Too Many Requests\)/gi,
        specificity: 81,
        causes: ["Google's front end is rate limiting the requests from this address (an HTML error page, not an Artifact Registry answer). This is not a permission problem."],
      },
      { re: /\b429:? Too Many Requests\b/gi },
      { re: /\bHTTP 429\b/g },
      { re: /toomanyrequests/gi },
      { re: /\bRATE_LIMIT_EXCEEDED\b|\bRESOURCE_EXHAUSTED\b/g },
      { re: /\bQuota exceeded\b/gi },
    ],
  },
  {
    id: 'token-not-found',
    title: 'Repository path not found (404 at /v2/token)',
    specificity: 75,
    likelyCauses: ['The repository, project or location in the image path does not exist.'],
    firstCheck: 'Check the image path: LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE must name an existing Docker repository.',
    ambiguous: false,
    patterns: [{ re: /\b404 Not Found\b/gi, onLine: /\/v2\/token/i }],
  },
  {
    id: 'insufficient-scope',
    title: 'Insufficient scope',
    specificity: 70,
    likelyCauses: [
      'The image name is wrong (the token was issued for another repository path).',
      'The node service account is missing the download permission on the repository.',
    ],
    firstCheck: 'Check the image path first, then the IAM grant of the node service account on the repository.',
    ambiguous: true,
    patterns: [{ re: /insufficient_scope/gi }],
  },
  {
    id: 'anonymous',
    title: 'Pulled without credentials',
    specificity: 65,
    likelyCauses: [
      'The kubelet pulled anonymously: the node pool has no storage or cloud-platform access scope, or its nodes have no credential helper for this registry host.',
      'The node service account is disabled or deleted, so the nodes get no token.',
    ],
    firstCheck: 'Check the node pool access scopes (devstorage.read_only or cloud-platform), then the node service account state.',
    ambiguous: false,
    patterns: [
      // Old kubelets appended this sentence to every failed pull: a more specific detail in the same message wins.
      { re: /no credentials on this request/gi, specificity: 39 },
      { re: /failed to fetch anonymous token/gi },
      { re: /Unauthenticated request/gi },
    ],
  },
  {
    id: 'unauthorized',
    title: 'Not authenticated (401 Unauthorized)',
    specificity: 60,
    likelyCauses: [
      'The node pool has no storage or cloud-platform access scope, so the kubelet pulls anonymously.',
      'The node service account is disabled or deleted, so the nodes get no token.',
      'A bad or expired imagePullSecret on the pod or its service account.',
      'The repository was deleted: Artifact Registry may answer 401 for a repository that is gone.',
    ],
    firstCheck: 'Check the node pool access scopes, then the node service account state, then any imagePullSecrets.',
    ambiguous: true,
    patterns: [
      { re: /unauthorized: authentication required/gi },
      { re: /\b401 Unauthorized\b/gi },
      { re: /\bunauthorized: /gi },
      { re: /code = Unauthenticated/g },
      { re: /denied: unauthenticated: /gi },
    ],
  },
  {
    id: 'forbidden',
    title: 'Permission denied (403 Forbidden)',
    specificity: 60,
    likelyCauses: FORBIDDEN_CAUSES,
    firstCheck: 'Check the IAM grant for the node service account on the repository, then the image path.',
    ambiguous: true,
    patterns: [
      { re: /denied: Permission "?artifactregistry\.repositories\.downloadArtifacts"? denied on /gi, specificity: 62 },
      { re: /\bPermission "?artifactregistry\.repositories\.downloadArtifacts"? denied\b/gi, specificity: 62 },
      { re: /Caller does not have permission or the resource may not exist/gi, specificity: 62 },
      { re: /\b403 Forbidden\b/gi, onLine: /\/v2\/token/i, specificity: 61 },
      { re: /denied: requested access to the resource is denied/gi },
      { re: /pull access denied for /gi },
      { re: /code = PermissionDenied/g },
      {
        re: /\b403 Forbidden\b|\b(?:status(?: code)?|HTTP(?:\/\d(?:\.\d)?)?|code)[ :=]+403\b/gi,
        causes: [
          FORBIDDEN_CAUSES[0],
          'The request came from a blocked IP range or was refused by a VPC Service Controls perimeter.',
          'Billing is disabled on the repository project.',
        ],
      },
    ],
  },
  {
    id: 'manifest-unknown',
    title: 'Tag or digest not found',
    specificity: 50,
    likelyCauses: ['The tag or digest does not exist in the repository (a typo, or it was never pushed or was deleted by a cleanup policy).'],
    firstCheck: 'List the image tags in the repository (gcloud artifacts docker tags list).',
    ambiguous: false,
    patterns: [
      { re: /manifest unknown/gi },
      { re: /: not found\b/gi, onLine: /failed to resolve reference/i },
      { re: /manifest for [^\s"',]+ not found/gi },
      { re: /code = NotFound/g },
      { re: /\b404 Not Found\b/gi },
      { re: /: not found\b/gi },
    ],
  },
  {
    id: 'timeout',
    title: 'Network timeout',
    specificity: 40,
    likelyCauses: [
      'Private nodes have no route to Google APIs: no Private Google Access on the subnet and no Cloud NAT.',
      'A firewall egress rule or a VPC Service Controls perimeter blocks the registry.',
    ],
    firstCheck: 'Check the network path of the node pool: Private Google Access or Cloud NAT, and egress firewall rules.',
    ambiguous: false,
    patterns: [
      { re: /\bi\/o timeout\b/gi },
      { re: /context deadline exceeded/gi },
      { re: /Client\.Timeout exceeded/gi },
      { re: /TLS handshake timeout/gi },
      { re: /connect: connection timed out/gi },
      { re: /connect: network is unreachable/gi },
      { re: /code = DeadlineExceeded/g },
    ],
  },
];

const MARKER =
  /Failed to pull image|rpc error: code =|ErrImagePull|ImagePullBackOff|Back-off pulling image|failed to pull and unpack|failed to resolve reference|failed to (?:fetch|authorize)|PullImage|Error response from daemon|pull access denied|toomanyrequests|manifest for |Error 429 \(Too Many Requests\)/i;
const NEW_ENTRY = /^\s*(?:Normal|Warning)\s{2,}|^\s*[A-Z][A-Za-z -]{0,40}:(?:\s{2,}|\s*$)|^\s*LAST SEEN\b|^\s*-{3,}/;

/** The pull-failure text of a paste: its pull-failure lines (a wrapped message joined back), or every line when it holds none. */
export function pullFailureText(text: string | PreparedPaste): { text: string; focused: boolean; cutLines: number } {
  const { lines, cutLines } = typeof text === 'string' ? preparePaste(text) : text;
  const blocks: string[] = [];
  let cut = cutLines;
  for (let i = 0; i < lines.length; i++) {
    if (!MARKER.test(lines[i])) continue;
    const block = [lines[i].trim()];
    let length = block[0].length;
    let j = i + 1;
    while (j < lines.length && j - i <= 12 && lines[j].trim() !== '' && !NEW_ENTRY.test(lines[j]) && !MARKER.test(lines[j])) {
      const next = lines[j].trim();
      length += next.length + 1;
      block.push(next);
      j++;
    }
    let joined = block.join(' ');
    if (length > MAX_BLOCK) {
      joined = joined.slice(0, MAX_BLOCK);
      cut++;
    }
    blocks.push(joined);
    i = j - 1;
  }
  if (blocks.length === 0) return { text: lines.join('\n').trim(), focused: false, cutLines: cut };
  return { text: blocks.join('\n'), focused: true, cutLines: cut };
}

/** The first match of `pattern` in `text` (lines of bounded length) that also satisfies its `onLine` condition; linear. */
function findMatch(pattern: Pattern, text: string): RegExpExecArray | null {
  const re = pattern.re;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!pattern.onLine) return m;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const nl = text.indexOf('\n', m.index);
    const lineEnd = nl < 0 ? text.length : nl;
    if (pattern.onLine.test(text.slice(lineStart, lineEnd))) return m;
    // The rest of this line cannot satisfy onLine either: go on from the next line.
    if (nl < 0) return null;
    re.lastIndex = nl + 1;
  }
  return null;
}

/** Classifies a pasted pull error; the most specific class wins, the rest go to alsoMatched; nothing is forced into a class. */
export function classifyPullError(text: string | PreparedPaste): ErrorClassification {
  const { text: focus, cutLines } = pullFailureText(typeof text === 'string' ? preparePaste(text ?? '') : text);
  const hits: { cls: PullErrorClass; pattern: Pattern; score: number; excerpt: string; order: number }[] = [];
  PULL_ERROR_CLASSES.forEach((cls, order) => {
    let best: (typeof hits)[number] | null = null;
    for (const pattern of cls.patterns) {
      if (pattern.alsoNeeds && !pattern.alsoNeeds.test(focus)) continue;
      const m = findMatch(pattern, focus);
      if (!m) continue;
      const score = pattern.specificity ?? cls.specificity;
      if (!best || score > best.score) best = { cls, pattern, score, excerpt: excerpt(focus, m.index, m[0].length), order };
    }
    if (best) hits.push(best);
  });
  if (hits.length === 0) {
    return {
      classId: null,
      title: 'Unrecognized',
      likelyCauses: [],
      firstCheck:
        'Find the event that starts with "Failed to pull image" (kubectl describe pod POD, or kubectl get events) and paste all of it; run the on-node check to see the registry\'s own answer.',
      ambiguous: false,
      matched: null,
      alsoMatched: [],
      cutLines,
      maxLine: MAX_LINE,
    };
  }
  hits.sort((a, b) => b.score - a.score || a.order - b.order);
  const [win, ...rest] = hits;
  const tie = rest.some((h) => h.score === win.score);
  return {
    classId: win.cls.id,
    title: win.cls.title,
    likelyCauses: win.pattern.causes ?? win.cls.likelyCauses,
    firstCheck: win.cls.firstCheck,
    ambiguous: win.pattern.ambiguous ?? (win.cls.ambiguous || tie),
    matched: win.excerpt,
    alsoMatched: rest.map((h) => h.cls.id),
    cutLines,
    maxLine: MAX_LINE,
  };
}

/**
 * The image a pasted error names, in any shape a runtime prints (kubelet's `Failed to pull image "X"`,
 * containerd's references and token URLs, Docker's `Head "https://HOST/v2/…/manifests/REF"`,
 * `manifest for X not found`, `pull access denied for X`, the `Image:` field), or null.
 */
export function extractImageFromError(text: string): string | null {
  return readPaste(preparePaste(text ?? '')).image;
}

/** A few words either side of a match, within its line. */
function excerpt(text: string, index: number, length: number): string {
  const lineStart = text.lastIndexOf('\n', index) + 1;
  const nl = text.indexOf('\n', index + length);
  const lineEnd = nl < 0 ? text.length : nl;
  let from = Math.max(lineStart, index - 120);
  let to = Math.min(lineEnd, index + length + 160);
  if (from > lineStart) from = Math.min(index, text.indexOf(' ', from) + 1 || index);
  if (to < lineEnd) to = Math.max(index + length, text.lastIndexOf(' ', to));
  return `${from > lineStart ? '…' : ''}${text.slice(from, to).trim()}${to < lineEnd ? '…' : ''}`;
}
