import { describe, expect, it } from 'vitest';
import { binding, makeInventory, makeNodePool, makePolicy, makeRepository } from '@/lib/inventory/builders';
import { handleDiagnose, type DiagnoseErrorBody, type DiagnoseOkBody, type ScanForDiagnose } from './handle';

const pool = makeNodePool({ project: 'shop', location: 'europe-west1', cluster: 'web', name: 'api', serviceAccount: 'nodes@shop.iam.gserviceaccount.com' });
const other = makeNodePool({ project: 'shop', location: 'europe-west1', cluster: 'web', name: 'batch', serviceAccount: 'batch@shop.iam.gserviceaccount.com' });
const repo = makeRepository({ project: 'registry', location: 'europe-west1', id: 'images' });
const inv = makeInventory({
  nodePools: [pool, other],
  repositories: [repo],
  policies: [makePolicy(repo.name, [binding('roles/artifactregistry.reader', 'serviceAccount:batch@shop.iam.gserviceaccount.com')])],
});
const IMAGE = 'europe-west1-docker.pkg.dev/registry/images/app:1.2';
const ERROR = `  Warning  Failed  12s  kubelet  Failed to pull image "${IMAGE}": failed to pull and unpack image "${IMAGE}": failed to resolve reference "${IMAGE}": failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://europe-west1-docker.pkg.dev/v2/token?scope=repository%3Aregistry%2Fimages%2Fapp%3Apull&service=europe-west1-docker.pkg.dev: 403 Forbidden`;
const CLUSTER = 'projects/shop/locations/europe-west1/clusters/web';

const ready = async (): Promise<ScanForDiagnose> => ({ kind: 'ready', id: 'scan-1', label: 'demo estate', inventory: inv });

async function call(body: unknown, load = ready) {
  return handleDiagnose(body, load);
}

describe('handleDiagnose', () => {
  it('diagnoses a 403 for a pool without a grant: the missing grant and the command that adds it', async () => {
    const res = await call({ image: IMAGE, errorText: ERROR, cluster: CLUSTER, nodePool: 'api' });
    expect(res.status).toBe(200);
    const { diagnosis, scan } = res.body as DiagnoseOkBody;
    expect(scan).toEqual({ id: 'scan-1', label: 'demo estate' });
    expect(diagnosis.classification.classId).toBe('forbidden');
    expect(diagnosis.verdicts.map((v) => [v.nodePool, v.verdict])).toEqual([[pool.name, 'cannot-pull']]);
    expect(diagnosis.rankedCauses[0].category).toBe('iam');
    expect(diagnosis.rankedCauses[0].remediation?.gcloud).toBe(
      'gcloud artifacts repositories add-iam-policy-binding images --project=registry --location=europe-west1 --member=serviceAccount:nodes@shop.iam.gserviceaccount.com --role=roles/artifactregistry.reader',
    );
    expect(diagnosis.onNodeCheck.linux).toContain(IMAGE);
  });

  it('gives a link that carries a small input and names the scan judged, and saves a large one under an id', async () => {
    const saved: unknown[] = [];
    const save = async (i: unknown) => (saved.push(i), 'AbCdEfGhIjKlMnOpQrStUv');
    const small = await handleDiagnose({ image: IMAGE, errorText: ERROR, cluster: CLUSTER, nodePool: 'api' }, ready, save);
    const link = new URL((small.body as DiagnoseOkBody).link ?? '', 'http://h');
    expect(link.pathname).toBe('/diagnose');
    expect(Object.fromEntries(link.searchParams)).toEqual({ image: IMAGE, text: ERROR, cluster: CLUSTER, pool: 'api', scan: 'scan-1' });
    expect(saved).toEqual([]);
    const big = await handleDiagnose({ image: IMAGE, errorText: `${ERROR}\n`.repeat(20) }, ready, save);
    expect((big.body as DiagnoseOkBody).link).toBe('/diagnose?d=AbCdEfGhIjKlMnOpQrStUv&scan=scan-1');
    expect(saved).toEqual([{ image: IMAGE, errorText: `${ERROR}\n`.repeat(20), cluster: null, nodePool: null, scan: 'scan-1' }]);
    expect((await call({ image: IMAGE, errorText: ERROR })).body).not.toHaveProperty('link');
  });

  it('without an image, judges the repository a denied-on-resource message names, on the pool its node name identifies', async () => {
    const text = `Node:  gke-web-api-69633fd6-dnh1/10.0.0.3\nError response from daemon: denied: Permission "artifactregistry.repositories.downloadArtifacts" denied on resource "${repo.name}" (or it may not exist)`;
    const res = await call({ image: '', errorText: text });
    expect(res.status).toBe(200);
    const { diagnosis } = res.body as DiagnoseOkBody;
    expect(diagnosis.found).toMatchObject({ image: null, repository: repo.name, errorClass: 'forbidden', nodePool: pool.name });
    expect(diagnosis.verdicts.map((v) => v.nodePool)).toEqual([pool.name]);
  });

  it('judges every pool of the cluster when no pool is chosen, and takes the image from the error when none is given', async () => {
    const res = await call({ image: '', errorText: ERROR, cluster: CLUSTER });
    expect(res.status).toBe(200);
    const d = (res.body as DiagnoseOkBody).diagnosis;
    expect(d.verdicts.map((v) => v.verdict).sort()).toEqual(['can-pull', 'cannot-pull']);
    expect(d.image?.kind === 'artifact-registry' && d.image.repositoryName).toBe(repo.name);
  });

  it('answers 400 naming the image field for a malformed reference', async () => {
    const res = await call({ image: 'europe-west1-docker.pkg.dev/registry', errorText: ERROR });
    expect(res.status).toBe(400);
    const body = res.body as DiagnoseErrorBody;
    expect(body.field).toBe('image');
    expect(body.error).toMatch(/missing the repository and the image/);
  });

  it('answers 400 naming the field for missing, empty, wrong-typed or unknown fields', async () => {
    expect(await call({ image: IMAGE })).toEqual({ status: 400, body: { error: 'Error text is required.', field: 'errorText' } });
    expect(await call({ image: IMAGE, errorText: '   ' })).toMatchObject({ status: 400, body: { field: 'errorText' } });
    expect(await call({ image: 42, errorText: ERROR })).toEqual({ status: 400, body: { error: 'Image must be a string.', field: 'image' } });
    expect(await call({ image: IMAGE, errorText: ERROR, extra: 1 })).toEqual({ status: 400, body: { error: 'Unknown field "extra" in the request.', field: null } });
    expect(await call('not an object')).toMatchObject({ status: 400, body: { field: null } });
    expect(await call({ image: '', errorText: 'something went wrong' })).toMatchObject({ status: 400, body: { field: 'image' } });
    expect(await call({ image: IMAGE, errorText: 'x'.repeat(200_001) })).toMatchObject({ status: 400, body: { field: 'errorText' } });
  });

  it('answers 400 for a node pool without its cluster, an unknown cluster and a pool of another cluster', async () => {
    expect(await call({ image: IMAGE, errorText: ERROR, nodePool: 'api' })).toMatchObject({ status: 400, body: { field: 'nodePool' } });
    const unknown = await call({ image: IMAGE, errorText: ERROR, cluster: 'projects/shop/locations/europe-west1/clusters/nope' });
    expect(unknown).toMatchObject({ status: 400, body: { field: 'cluster' } });
    expect((unknown.body as DiagnoseErrorBody).error).toMatch(/clusters\/nope is not in the scan of demo estate/);
    expect(await call({ image: IMAGE, errorText: ERROR, cluster: CLUSTER, nodePool: 'ghost' })).toMatchObject({ status: 400, body: { field: 'nodePool' } });
  });

  it('says when there is no scan to diagnose against', async () => {
    expect((await call({ image: IMAGE, errorText: ERROR }, async () => ({ kind: 'none' }))).status).toBe(409);
    expect((await call({ image: IMAGE, errorText: ERROR, scan: 'x' }, async () => ({ kind: 'unknown-id', id: 'x' })))).toMatchObject({ status: 404, body: { field: 'scan' } });
    expect((await call({ image: IMAGE, errorText: ERROR }, async () => ({ kind: 'running', id: 'r', label: 'demo estate' }))).status).toBe(409);
  });
});
