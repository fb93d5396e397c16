/** Classification of a pasted image-pull error (kubelet event, containerd log) into the classes of readiness-rules.md §7. */

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
  | 'container-registry-retired';

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
}

interface Pattern {
  re: RegExp;
  /** Only when the whole pull-failure text also matches this. */
  alsoNeeds?: RegExp;
  /** Overrides the class's specificity for this wording. */
  specificity?: number;
  causes?: string[];
  ambiguous?: boolean;
}

/** One row of readiness-rules.md §7. */
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
      { re: /Container Registry is deprecated and shutting down[^\n]*/i },
      { re: /412 Precondition Failed/i, alsoNeeds: /\bgcr\.io\b/i },
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
      { re: /Pulling Schema 1 images ha(?:ve|s) been deprecated[^\n]*/i },
      { re: /schema 1 support is disabled/i },
      { re: /Docker Image Format v1[^\n]*schema 1/i },
      { re: /failed to get converter[^\n]*/i },
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
      { re: /no match for platform in manifest/i },
      { re: /does not (?:match|provide) the specified platform/i },
      { re: /exec format error/i },
    ],
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
    patterns: [{ re: /dial tcp 199\.36\.153\.\d{1,3}:443[^\n]*?(?:i\/o timeout|timed out)/i }],
  },
  {
    id: 'dns',
    title: 'DNS lookup failed',
    specificity: 85,
    likelyCauses: [
      'The nodes cannot resolve the registry host: a private DNS zone for pkg.dev or googleapis.com without the needed records, or a broken resolver.',
      'Private nodes without Private Google Access or Cloud NAT, behind a custom DNS setup.',
    ],
    firstCheck: 'Check DNS for the registry host from a node (readiness-rules.md §6: Private Google Access, Cloud NAT, private DNS zones).',
    ambiguous: false,
    patterns: [
      { re: /lookup \S+(?: on \S+)?: server misbehaving/i },
      { re: /lookup \S+(?: on \S+)?: no such host/i },
      { re: /lookup \S+ on \S+: [^\n]*?i\/o timeout/i },
      { re: /\bno such host\b/i },
      { re: /Temporary failure in name resolution/i },
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
      { re: /\b429 Too Many Requests\b/i },
      { re: /toomanyrequests[^\n]*/i },
      { re: /\bRATE_LIMIT_EXCEEDED\b|\bRESOURCE_EXHAUSTED\b/ },
      { re: /\bQuota exceeded\b[^\n]*/i },
    ],
  },
  {
    id: 'token-not-found',
    title: 'Repository path not found (404 at /v2/token)',
    specificity: 75,
    likelyCauses: ['The repository, project or location in the image path does not exist.'],
    firstCheck: 'Check the image path: LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE must name an existing Docker repository.',
    ambiguous: false,
    patterns: [{ re: /\/v2\/token\S*[^\n]*?\b404 Not Found\b|\b404 Not Found\b[^\n]*?\/v2\/token/i }],
  },
  {
    id: 'insufficient-scope',
    title: 'Insufficient scope',
    specificity: 70,
    likelyCauses: [
      'The image name is wrong (the token was issued for another repository path).',
      'The node service account is missing the download permission on the repository.',
    ],
    firstCheck: 'Check the image path first, then the IAM grant (readiness-rules.md §5).',
    ambiguous: true,
    patterns: [{ re: /insufficient_scope[^\n]*/i }],
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
    firstCheck: 'Check the node pool access scopes (readiness-rules.md §3), then the node service account state (§2), then any imagePullSecrets.',
    ambiguous: true,
    patterns: [
      {
        re: /Unauthenticated request[^\n]*/i,
        specificity: 65,
        causes: [
          'The pull carried no credentials: the node pool has no storage or cloud-platform access scope, or its nodes are too old for the credential helper.',
          'The node service account is disabled or deleted, so the nodes get no token.',
        ],
      },
      { re: /unauthorized: authentication required/i },
      { re: /\b401 Unauthorized\b/i },
      { re: /\bunauthorized: [^\n]*/i },
      { re: /code = Unauthenticated/ },
    ],
  },
  {
    id: 'forbidden',
    title: 'Permission denied (403 Forbidden)',
    specificity: 60,
    likelyCauses: FORBIDDEN_CAUSES,
    firstCheck: 'Check the IAM grant for the node service account (readiness-rules.md §5), then the image path.',
    ambiguous: true,
    patterns: [
      { re: /denied: Permission "?artifactregistry\.repositories\.downloadArtifacts"? denied on [^\n]*/i, specificity: 62 },
      { re: /\/v2\/token\S*[^\n]*?\b403 Forbidden\b|\b403 Forbidden\b[^\n]*?\/v2\/token/i, specificity: 61 },
      { re: /denied: requested access to the resource is denied/i },
      { re: /pull access denied for [^\n]*/i },
      { re: /code = PermissionDenied/ },
      {
        re: /\b403 Forbidden\b|\b(?:status(?: code)?|HTTP(?:\/\d(?:\.\d)?)?|code)[ :=]+403\b/i,
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
      { re: /manifest unknown[^\n]*/i },
      { re: /failed to resolve reference[^\n]*?: not found/i },
      { re: /code = NotFound/ },
      { re: /\b404 Not Found\b/i },
      { re: /: not found\b/i },
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
    firstCheck: 'Check the network path of the node pool (readiness-rules.md §6): Private Google Access or Cloud NAT, and egress firewall rules.',
    ambiguous: false,
    patterns: [
      { re: /\bi\/o timeout\b/i },
      { re: /context deadline exceeded/i },
      { re: /Client\.Timeout exceeded[^\n]*/i },
      { re: /TLS handshake timeout/i },
      { re: /connect: connection timed out/i },
      { re: /code = DeadlineExceeded/ },
    ],
  },
];

const MARKER =
  /Failed to pull image|rpc error: code =|ErrImagePull|ImagePullBackOff|Back-off pulling image|failed to pull and unpack|failed to resolve reference|failed to (?:fetch|authorize)|PullImage|Error response from daemon|pull access denied|toomanyrequests/i;
const NEW_ENTRY = /^\s*(?:Normal|Warning)\s{2,}|^\s*[A-Z][A-Za-z -]{0,40}:(?:\s{2,}|\s*$)|^\s*LAST SEEN\b|^\s*-{3,}/;

/** The pull-failure lines of a paste (a wrapped message joined back), or the whole text when it holds none. */
export function pullFailureText(text: string): { text: string; focused: boolean } {
  const lines = unescape(text).split(/\r?\n/);
  const blocks: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!MARKER.test(lines[i])) continue;
    const block = [lines[i].trim()];
    let j = i + 1;
    while (j < lines.length && j - i <= 12 && lines[j].trim() !== '' && !NEW_ENTRY.test(lines[j]) && !MARKER.test(lines[j])) {
      block.push(lines[j].trim());
      j++;
    }
    blocks.push(block.join(' '));
    i = j - 1;
  }
  if (blocks.length === 0) return { text: unescape(text).trim(), focused: false };
  return { text: blocks.join('\n'), focused: true };
}

/** Classifies a pasted pull error; the most specific class wins, the rest go to alsoMatched; nothing is forced into a class. */
export function classifyPullError(text: string): ErrorClassification {
  const { text: focus } = pullFailureText(text ?? '');
  const hits: { cls: PullErrorClass; pattern: Pattern; score: number; excerpt: string; order: number }[] = [];
  PULL_ERROR_CLASSES.forEach((cls, order) => {
    let best: (typeof hits)[number] | null = null;
    for (const pattern of cls.patterns) {
      if (pattern.alsoNeeds && !pattern.alsoNeeds.test(focus)) continue;
      const m = pattern.re.exec(focus);
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
  };
}

/** The image a pasted error names (`Failed to pull image "X"`, else `Back-off pulling image "X"` or `Pulling image "X"`), or null. */
export function extractImageFromError(text: string): string | null {
  const t = unescape(text ?? '');
  for (const re of [/Failed to pull image "([^"\s]+)"/i, /Back-off pulling image "([^"\s]+)"/i, /Pulling image "([^"\s]+)"/i, /PullImage "([^"\s]+)"/]) {
    const m = re.exec(t);
    if (m) return m[1];
  }
  const image = /^\s*Image:\s+(\S+)\s*$/m.exec(t);
  return image ? image[1] : null;
}

function unescape(text: string): string {
  return text.replace(/\\+"/g, '"');
}

function excerpt(text: string, index: number, length: number): string {
  const lineStart = text.lastIndexOf('\n', index) + 1;
  const nl = text.indexOf('\n', index + length);
  const lineEnd = nl < 0 ? text.length : nl;
  let from = Math.max(lineStart, index - 120);
  let to = Math.min(lineEnd, index + length + 120);
  if (from > lineStart) from = Math.min(index, text.indexOf(' ', from) + 1 || index);
  if (to < lineEnd) to = Math.max(index + length, text.lastIndexOf(' ', to));
  return `${from > lineStart ? '…' : ''}${text.slice(from, to).trim()}${to < lineEnd ? '…' : ''}`;
}
