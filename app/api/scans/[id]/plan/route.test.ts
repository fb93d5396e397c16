import { describe, expect, it, vi } from 'vitest';
import { binding, makeInventory, makeNodePool, makePolicy, makeProject, makeRepository } from '@/lib/inventory/builders';
import { evaluate } from '@/lib/readiness/engine';

const pool = makeNodePool({ project: 'app', serviceAccount: 'nodes@app.iam.gserviceaccount.com' });
const repo = makeRepository({ project: 'reg', id: 'images' });
const inventory = makeInventory({ nodePools: [pool], repositories: [repo], projects: [makeProject('reg'), makeProject('app')], policies: [makePolicy('projects/reg', [binding('roles/editor', 'serviceAccount:nodes@app.iam.gserviceaccount.com')])] });
const report = evaluate(inventory, { now: new Date('2026-11-25T16:30:04Z') });

vi.mock('@/lib/server/scans', () => ({ getScan: (id: string) => (id === 'done' ? { id, status: 'done', outcome: { report, inventory } } : null) }));
const { GET } = await import('./route');
const get = (qs: string, id = 'done') => GET(new Request(`http://x/api/scans/${id}/plan?${qs}`), { params: Promise.resolve({ id }) });

describe('GET /api/scans/ID/plan', () => {
  it('the shell script grants the reader on the repository, then (commented) removes Editor', async () => {
    const r = await get('format=sh&sa=nodes@app.iam.gserviceaccount.com');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="pullcheck-least-privilege.sh"');
    const text = await r.text();
    expect(text).toContain('gcloud artifacts repositories add-iam-policy-binding images --project=reg --location=europe-west1 --member=serviceAccount:nodes@app.iam.gserviceaccount.com --role=roles/artifactregistry.reader');
    expect(text).toContain('# gcloud projects remove-iam-policy-binding reg --member=serviceAccount:nodes@app.iam.gserviceaccount.com --role=roles/editor');
  });
  it('the Terraform file holds the reader grant as a resource', async () => {
    expect(await (await get('format=tf')).text()).toContain('resource "google_artifact_registry_repository_iam_member"');
  });
  it('refuses a bad format (400), an account no pool uses or an unknown scan (404)', async () => {
    expect((await get('format=zip')).status).toBe(400);
    expect((await get('format=sh&sa=other@app.iam.gserviceaccount.com')).status).toBe(404);
    expect((await get('format=sh', 'nope')).status).toBe(404);
  });
});
