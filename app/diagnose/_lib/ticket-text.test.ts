import { describe, expect, it } from 'vitest';
import type { Inventory } from '@/lib/inventory/types';
import type { Cause } from '@/lib/readiness/types';
import type { PairEvaluation } from '@/lib/readiness/engine';
import { diagnose } from '@/lib/diagnose/diagnose';
import { makeCluster, makeNodePool, makeRepository } from '@/lib/inventory/builders';
import { errorExcerpt, fenced, inlineMarkdown, ticketText } from './ticket-text';

const IMAGE = 'europe-west1-docker.pkg.dev/registry-prj/containers/web:1.2';
const REPO = 'projects/registry-prj/locations/europe-west1/repositories/containers';
const FORBIDDEN = `  Warning  Failed  44s  kubelet  Failed to pull image "${IMAGE}": failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://europe-west1-docker.pkg.dev/v2/token?scope=repository%3Aregistry-prj%2Fcontainers%2Fweb%3Apull&service=europe-west1-docker.pkg.dev: 403 Forbidden`;
const HOSTILE = 'evil ```` [click](javascript:alert(1)) <img src=x onerror=alert(1)>\n# Heading *bold* | table |';

function inventory(): Inventory {
  const cluster = makeCluster({ project: 'shop-prod', location: 'europe-west1', shortName: 'prod', nodePoolNames: ['pool-a', 'pool-b', 'pool-c'] });
  return {
    scope: { kind: 'projects', ids: ['shop-prod', 'registry-prj'] },
    collectedAt: '2026-11-25T16:30:04Z',
    organizations: [],
    folders: [],
    projects: [
      { id: 'shop-prod', number: '123456789012', displayName: 'shop-prod', ancestry: { status: 'ok', value: ['organizations/1'] } },
      { id: 'registry-prj', number: '210987654321', displayName: 'registry-prj', ancestry: { status: 'ok', value: ['organizations/1'] } },
    ],
    clusters: [cluster],
    nodePools: ['pool-a', 'pool-b', 'pool-c'].map((name) => makeNodePool({ project: 'shop-prod', cluster: 'prod', name, serviceAccount: 'n@shop-prod.iam.gserviceaccount.com' })),
    repositories: [makeRepository({ project: 'registry-prj', location: 'europe-west1', id: 'containers' })],
    policies: {},
    serviceAccounts: {},
    roles: {},
    groups: {},
    subnetworks: {},
    routers: {},
    serverConfigs: {},
    clusterListGaps: [],
    repositoryListGaps: [],
    gaps: [],
  } as Inventory;
}

const IAM: Cause = {
  category: 'iam',
  rule: 'iam.no-download-permission',
  outcome: 'fail',
  message: `Service account n@shop-prod.iam.gserviceaccount.com holds no role with artifactregistry.repositories.downloadArtifacts on ${REPO}. ${HOSTILE}`,
  evidence: {},
  remediation: {
    steps: ['Grant roles/artifactregistry.reader on the repository.'],
    gcloud: "gcloud artifacts repositories add-iam-policy-binding containers --project=registry-prj --location=europe-west1 --member='serviceAccount:n@shop-prod.iam.gserviceaccount.com' --role=roles/artifactregistry.reader # ```` ",
    docs: ['https://cloud.google.com/artifact-registry/docs/access-control'],
  },
};

/** pool-a and pool-b lack the grant; pool-c can pull. */
function engine(_inv: Inventory, nodePool: string, repository: string): PairEvaluation {
  const causes = nodePool.endsWith('pool-c') ? [] : [IAM];
  return { nodePool, repository, verdict: causes.length ? 'cannot-pull' : 'can-pull', causes, checks: [] } as unknown as PairEvaluation;
}

/** The fenced blocks of a Markdown text: each opening fence, and whether a line inside could close it early. */
function fences(md: string): { fence: string; body: string[] }[] {
  const lines = md.split('\n');
  const out: { fence: string; body: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})/.exec(lines[i]);
    if (!open) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^\`{${open[1].length},}\\s*$`).test(lines[j])) body.push(lines[j++]);
    out.push({ fence: open[1], body });
    i = j;
  }
  return out;
}

describe('ticketText', () => {
  const paste = `Name: web-1\nEvents:\n${FORBIDDEN}\n  Warning  Failed  44s  kubelet  Error: ErrImagePull ${HOSTILE.replace('\n', ' ')}`;
  const d = diagnose(inventory(), { image: IMAGE, errorText: paste }, { evaluatePair: engine });
  const md = ticketText(d, paste, 'http://127.0.0.1:3000/diagnose?d=abc');

  it('holds the error, its class, the verdict, the cause and the fix', () => {
    expect(md).toContain('### Image pull failure: europe-west1-docker.pkg.dev/registry-prj/containers/web:1.2');
    expect(md).toContain('**Link:** <http://127.0.0.1:3000/diagnose?d=abc>');
    expect(md).toContain('403 Forbidden');
    expect(md).toContain('**Error class:** Permission denied (403 Forbidden)');
    expect(md).toContain('- cannot pull (2 node pools: prod / pool-a, prod / pool-b): Node service account may not download from the repository');
    expect(md).toContain('- can pull (1 node pool: prod / pool-c)');
    expect(md).toContain('**Cause** (high confidence): Node service account may not download from the repository');
    expect(md).toContain('1. Grant roles/artifactregistry.reader on the repository.');
    expect(md).toContain('gcloud artifacts repositories add-iam-policy-binding containers');
    expect(md).toContain('- <https://cloud.google.com/artifact-registry/docs/access-control>');
  });

  it('keeps hostile text inside its fences and escapes it everywhere else', () => {
    const blocks = fences(md);
    expect(blocks.map((b) => b.fence.length)).toEqual([5, 5]);
    expect(blocks[0].body.join('\n')).toContain('403 Forbidden');
    expect(blocks[1].body.join('\n')).toContain('# ```` ');
    // Outside fences: no link, image, HTML tag or heading can start.
    const outside = md.split('\n').filter((l) => !blocks.some((b) => b.body.includes(l)) && !/^`{3,}/.test(l));
    for (const line of outside) {
      expect(line).not.toMatch(/(^|[^\\])\[[^\]]*[^\\]\]\(/);
      expect(line).not.toMatch(/(^|[^\\])<img/);
      expect(line).not.toMatch(/^# Heading/);
    }
    expect(md).toContain('\\[click\\](javascript:alert(1)) \\<img src=x onerror=alert(1)\\> \\# Heading \\*bold\\* \\| table \\|');
  });
});

describe('pieces', () => {
  it('fences text with a fence longer than any backtick run in it', () => {
    expect(fenced('a ``` b', 'sh')).toBe('````sh\na ``` b\n````');
    expect(fenced('plain')).toBe('```\nplain\n```');
  });
  it('escapes inline markup and flattens line breaks', () => {
    expect(inlineMarkdown('a\nb\r\n# c')).toBe('a b \\# c');
    expect(inlineMarkdown('x'.repeat(2000), 10)).toBe(`${'x'.repeat(10)}…`);
  });
  it('quotes the lines that hold the matched excerpt, else the first lines', () => {
    expect(errorExcerpt('a\nfoo 403 bar\nb', '403')).toBe('foo 403 bar');
    expect(errorExcerpt(Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n'), null)).toMatch(/^line 0\n[\s\S]*line 11\n… \(8 more lines\)$/);
  });
});
