import { describe, expect, it } from 'vitest';
import { parseExpectations, repositoryName } from './expectations';

const C = 'projects/shop-prod/locations/europe-west1/clusters/shop';
const R = 'projects/shop-images/locations/europe-west1/repositories/app';

describe('parseExpectations', () => {
  it('reads YAML: cluster-wide and per-pool expectations, repository names in every accepted shape, with their lines', () => {
    const r = parseExpectations(
      `version: 1\nclusters:\n  - cluster: ${C}\n    mustPull:\n      - ${R}\n      - europe-west1-docker.pkg.dev/shop-images/base\n  - cluster: ${C}\n    nodePool: gpu\n    mustNotPull: [gcr.io/legacy-proj]\n`,
      'e.yaml',
    );
    expect(r).toEqual({
      ok: true,
      expectations: [
        { cluster: C, repository: R, want: 'pull', source: 'e.yaml:5' },
        { cluster: C, repository: 'projects/shop-images/locations/europe-west1/repositories/base', want: 'pull', source: 'e.yaml:6' },
        { cluster: C, nodePool: `${C}/nodePools/gpu`, repository: 'projects/legacy-proj/locations/us/repositories/gcr.io', want: 'no-pull', source: 'e.yaml:9' },
      ],
    });
  });

  it('reads the same content as JSON', () => {
    const r = parseExpectations(JSON.stringify({ version: 1, clusters: [{ cluster: C, nodePool: `${C}/nodePools/np`, mustPull: [R] }] }), 'e.json');
    expect(r.ok && r.expectations).toEqual([{ cluster: C, nodePool: `${C}/nodePools/np`, repository: R, want: 'pull', source: 'e.json:1' }]);
  });

  it.each([
    ['version: 2\nclusters: []\n', '$.version', 1, 'version must be 1'],
    ['clusters: []\n', '$.version', 1, 'missing required field "version"'],
    [`version: 1\nclusters:\n  - cluster: projects/Shop/locations/x/clusters/c\n    mustPull: [${R}]\n`, '$.clusters[0].cluster', 3, '"Shop" is not a project ID'],
    [`version: 1\nclusters:\n  - cluster: ${C}\n`, '$.clusters[0]', 3, 'names no repository'],
    [`version: 1\nclusters:\n  - cluster: ${C}\n    nodePool: projects/other-proj/locations/us/clusters/x/nodePools/a\n    mustPull: [${R}]\n`, '$.clusters[0].nodePool', 4, 'is not in cluster'],
    [`version: 1\nclusters:\n  - cluster: ${C}\n    mustPull: [${R}]\n    mustNotPull:\n      - ${R}\n`, '$.clusters[0].mustNotPull[0]', 6, 'both must-pull and must-not-pull'],
    [`version: 1\nclusters:\n  - cluster: ${C}\n    mustPull: ${R}\n`, '$.clusters[0].mustPull', 4, 'expected a list, found string'],
    ['version: 1\nclusters: [\n', '$', 3, 'not valid JSON or YAML'],
    ['- a\n- b\n', '$', 1, 'is a mapping'],
  ])('refuses %j at %s, line %d', (text, path, line, message) => {
    const r = parseExpectations(text, 'x.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ file: 'x.yaml', path, line });
    expect(r.issues[0].message).toContain(message);
  });

  it('refuses duplicate keys and oversized files', () => {
    const dup = parseExpectations('version: 1\nversion: 1\nclusters: []\n', 'd.yaml');
    expect(!dup.ok && dup.issues[0].message).toMatch(/not valid JSON or YAML/);
    const big = parseExpectations(`# ${'x'.repeat(3 * 1024 * 1024)}\nversion: 1\nclusters: []\n`, 'b.yaml');
    expect(!big.ok && big.issues[0].message).toContain('larger than');
  });

  it('keeps hostile text out of its messages beyond a bounded excerpt', () => {
    const r = parseExpectations(`version: 1\nclusters:\n  - cluster: ${C}\n    mustPull: ["${'a/'.repeat(100)}\\u001b]52;c;x\\u0007"]\n`, 'h.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].message.length).toBeLessThan(400);
  });
});

describe('repositoryName', () => {
  it('maps Docker hosts to repository resource names and refuses other registries', () => {
    expect(repositoryName('us-docker.pkg.dev/p-roject/r')).toEqual({ ok: true, name: 'projects/p-roject/locations/us/repositories/r' });
    expect(repositoryName('eu.gcr.io/p-roject')).toEqual({ ok: true, name: 'projects/p-roject/locations/europe/repositories/eu.gcr.io' });
    expect(repositoryName('ghcr.io/org/repo').ok).toBe(false);
    expect(repositoryName('projects/p-roject/locations/us/repositories/').ok).toBe(false);
  });
});
