import { describe, expect, it } from 'vitest';
import type { Inventory } from '../inventory/types';
import type { Cause } from '../readiness/types';
import type { PairEvaluation } from '../readiness/engine';
import { makeCluster, makeInventory, makeNodePool, makeRepository } from '../inventory/builders';
import { diagnose } from './diagnose';
import { matchNodeName } from './paste';
import { CORPUS } from './__fixtures__/corpus';

const REPO = 'projects/reg/locations/europe-west2/repositories/ml';

function pool(cluster: string, name: string, serviceAccount = `nodes-${name}@shop.iam.gserviceaccount.com`) {
  return makeNodePool({ project: 'shop', location: 'europe-west2', cluster, name, serviceAccount });
}

function estate(pools: ReturnType<typeof pool>[]): Inventory {
  const clusters = [...new Set(pools.map((p) => p.cluster))].map((name) =>
    makeCluster({ project: 'shop', location: 'europe-west2', shortName: name.split('/').pop(), nodePoolNames: [] }),
  );
  return makeInventory({ nodePools: pools, clusters, repositories: [makeRepository({ project: 'reg', location: 'europe-west2', id: 'ml' })] });
}

/** A stand-in engine: every pool named in `failing` lacks the grant (one message per service account). */
function engine(failing: string[]) {
  return (inv: Inventory, nodePool: string, repository: string): PairEvaluation => {
    const p = inv.nodePools.find((x) => x.name === nodePool)!;
    const causes: Cause[] = failing.includes(p.shortName)
      ? [
          {
            category: 'iam',
            rule: 'iam.no-download-permission',
            outcome: 'fail',
            message: `Service account ${p.serviceAccount.email} holds no role with the download permission on ${repository}.`,
            evidence: {},
            remediation: { steps: ['grant'], gcloud: `gcloud grant ${p.serviceAccount.email}`, docs: [] },
          },
        ]
      : [];
    return { nodePool, repository, verdict: causes.length ? 'cannot-pull' : 'can-pull', causes, checks: [] };
  };
}

const DENIED = `Error response from daemon: Head "https://europe-west2-docker.pkg.dev/v2/reg/ml/app/manifests/4.19.5": denied: Permission "artifactregistry.repositories.downloadArtifacts" denied on resource "${REPO}" (or it may not exist)`;

describe('matchNodeName', () => {
  const known = [
    { name: 'A', cluster: 'c/fancy-cluster', shortName: 'default-pool', clusterShortName: 'fancy-cluster' },
    { name: 'B', cluster: 'c/dev-speech-gke-cluster', shortName: 'general-node-pool', clusterShortName: 'dev-speech-gke-cluster' },
    { name: 'C', cluster: 'c/dev-speech-gke-cluster', shortName: 'general-node-pool-2', clusterShortName: 'dev-speech-gke-cluster' },
    { name: 'D', cluster: 'c/prod', shortName: 'pool-a', clusterShortName: 'prod' },
    { name: 'E', cluster: 'c/prod-pool', shortName: 'a', clusterShortName: 'prod-pool' },
  ];
  it('matches full names exactly', () => {
    expect(matchNodeName('gke-fancy-cluster-default-pool-69633fd6-dnh1', known)).toEqual([{ cluster: 'c/fancy-cluster', nodePool: 'A', exact: true }]);
  });
  it('matches names GKE shortened by prefix, and keeps every pool that fits', () => {
    expect(matchNodeName('gke-dev-speech-gke-c-general-node-poo-c89780f4-wh8w', known).map((m) => m.nodePool)).toEqual(['B', 'C']);
  });
  it('an exact split beats none: both exact splits of prod-pool-a are kept (ambiguous)', () => {
    expect(matchNodeName('gke-prod-pool-a-1a2b3c4d-x7k2', known).map((m) => m.nodePool)).toEqual(['D', 'E']);
  });
  it('matches nothing for another cluster', () => {
    expect(matchNodeName('gke-other-default-pool-69633fd6-dnh1', known)).toEqual([]);
  });
});

describe('diagnose: what the paste names', () => {
  it('judges the node pool the node name in the paste identifies (corpus message, kubelet describe)', () => {
    const inv = estate([pool('fancy-cluster', 'default-pool'), pool('fancy-cluster', 'batch'), pool('other', 'default-pool')]);
    const text = CORPUS.find((m) => m.source.endsWith('monolith-to-microservices/issues/59'))!.text;
    const d = diagnose(inv, { image: '', errorText: text });
    expect(d.found.nodes).toEqual(['gke-fancy-cluster-default-pool-69633fd6-dnh1']);
    expect(d.found.cluster).toBe('projects/shop/locations/europe-west2/clusters/fancy-cluster');
    expect(d.found.nodePool).toBe('projects/shop/locations/europe-west2/clusters/fancy-cluster/nodePools/default-pool');
    expect(d.found.image).toBe('gcr.io/maloney-scratch/monolith:1.0.0');
    expect(d.found.errorClass).toBe('forbidden');
    expect(d.notes.join(' ')).toMatch(/node gke-fancy-cluster-default-pool-69633fd6-dnh1, of node pool default-pool/);
  });

  it('says when a shortened node name fits several pools and judges only those', () => {
    const inv = estate([pool('dev-speech-gke-cluster', 'general-node-pool'), pool('dev-speech-gke-cluster', 'general-node-pool-b'), pool('dev-speech-gke-cluster', 'gpu')]);
    const text = `Node: gke-dev-speech-gke-c-general-node-poo-c89780f4-wh8w/10.0.0.3\n${DENIED}`;
    const d = diagnose(inv, { image: '', errorText: text }, { evaluatePair: engine([]) });
    expect(d.found.nodePool).toBeNull();
    expect(d.found.nodePoolCandidates.map((p) => p.split('/').pop())).toEqual(['general-node-pool', 'general-node-pool-b']);
    expect(d.verdicts).toHaveLength(2);
    expect(d.notes.join(' ')).toMatch(/fits 2 node pools/);
  });

  it('a chosen node pool wins over the node name', () => {
    const inv = estate([pool('fancy-cluster', 'default-pool'), pool('fancy-cluster', 'batch')]);
    const d = diagnose(
      inv,
      {
        image: '',
        errorText: `Node: gke-fancy-cluster-default-pool-69633fd6-dnh1/10.0.0.3\n${DENIED}`,
        cluster: 'projects/shop/locations/europe-west2/clusters/fancy-cluster',
        nodePool: 'batch',
      },
      { evaluatePair: engine([]) },
    );
    expect(d.verdicts.map((v) => v.nodePool.split('/').pop())).toEqual(['batch']);
    expect(d.found.nodePool).toBeNull();
  });

  it('judges the repository a denied-on-resource message names, without an image', () => {
    const inv = estate([pool('prod', 'a'), pool('prod', 'b')]);
    const text = `denied: Permission "artifactregistry.repositories.downloadArtifacts" denied on resource "${REPO}" (or it may not exist)`;
    const d = diagnose(inv, { image: '', errorText: text }, { evaluatePair: engine(['a', 'b']) });
    expect(d.image).toBeNull();
    expect(d.imageError).toBeNull();
    expect(d.found.repository).toBe(REPO);
    expect(d.repositoryInEstate).toBe(true);
    expect(d.verdicts).toHaveLength(2);
    expect(d.notes.join(' ')).toMatch(/the error names repository projects\/reg\/locations\/europe-west2\/repositories\/ml/);
  });

  it('the image given wins over the one in the paste', () => {
    const inv = estate([pool('prod', 'a')]);
    const d = diagnose(inv, { image: 'europe-west2-docker.pkg.dev/reg/ml/other:1', errorText: DENIED }, { evaluatePair: engine([]) });
    expect(d.found.image).toBe('europe-west2-docker.pkg.dev/reg/ml/other:1');
    expect(d.found.imageFrom).toBe('argument');
  });

  it('reads the image of a Docker Head URL when no image is given', () => {
    const inv = estate([pool('prod', 'a')]);
    const d = diagnose(inv, { image: '', errorText: DENIED }, { evaluatePair: engine([]) });
    expect(d.found).toMatchObject({ image: 'europe-west2-docker.pkg.dev/reg/ml/app:4.19.5', imageFrom: 'error-text', imageShape: 'docker-manifest-url', repository: REPO });
  });
});

describe('diagnose: pools that share verdict and cause are one group', () => {
  const pools = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'ok1', 'ok2'].map((n) => pool('prod', n));
  const inv = estate(pools);
  const d = diagnose(inv, { image: 'europe-west2-docker.pkg.dev/reg/ml/app:1', errorText: DENIED }, { evaluatePair: engine(['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7']) });

  it('one group of 7 cannot-pull pools and one of 2 can-pull pools', () => {
    expect(d.verdictGroups.map((g) => [g.verdict, g.nodePools.length])).toEqual([
      ['cannot-pull', 7],
      ['can-pull', 2],
    ]);
    expect(d.verdictGroups[0].causes).toEqual([{ category: 'iam', rule: 'iam.no-download-permission', outcome: 'fail' }]);
  });

  it('one cause for the 7 pools, whose messages differ only by account, with every fix command', () => {
    const iam = d.rankedCauses.filter((c) => c.rule === 'iam.no-download-permission');
    expect(iam).toHaveLength(1);
    expect(iam[0].evidence.nodePools).toHaveLength(7);
    expect(iam[0].message).toMatch(/The same check fails in 7 node pools, with 6 other wordings/);
    expect(iam[0].remediation?.gcloud?.split('\n')).toHaveLength(7);
  });
});
