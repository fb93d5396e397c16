/**
 * principalSet://cloudresourcemanager.googleapis.com/.../type/ServiceAccount members (IAM "Principal identifiers"):
 * the collector reads the ancestry of a node account's own project even when the scan does not cover it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../emulator';
import { normalize } from '../inventory/normalize';
import { evaluatePair } from '../readiness/engine';
import { collectEstate } from './collect';
import { CENTRAL_SA, baseEstate, emulate } from './__fixtures__/estate';

let running: Emulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.stop()));
  running = [];
});

type Json = Record<string, unknown>;
const ORG_ACCOUNTS = 'principalSet://cloudresourcemanager.googleapis.com/organizations/100/type/ServiceAccount';

/** The base estate with the images repository's policy replaced. */
function withImagesPolicy(bindings: unknown[]): Json {
  const e = baseEstate();
  for (const p of e.projects as Json[]) {
    for (const r of (p.repositories as Json[] | undefined) ?? []) {
      if ((r.repository as Json).name === 'projects/shop-registry/locations/europe-west2/repositories/images') r.iamPolicy = { version: 3, etag: 'BwX', bindings };
    }
  }
  return e;
}

async function scan(estate: Json) {
  const { emulator, config } = await emulate(estate);
  running.push(emulator);
  return collectEstate({ scope: { kind: 'projects', ids: ['shop-app', 'shop-registry'] }, config, tuning: { baseBackoffMs: 1, maxBackoffMs: 4 } });
}

describe('ancestry of node accounts owned by projects outside the scope', () => {
  it('is read when a policy names an organization principalSet, and the account then matches it', async () => {
    const raw = await scan(withImagesPolicy([{ role: 'roles/artifactregistry.reader', members: [ORG_ACCOUNTS] }]));
    expect(Object.keys(raw.projects)).not.toContain('central-sa');
    expect(raw.accountProjects?.['central-sa']).toMatchObject({ ok: true, value: [{ resourceId: { type: 'project', id: 'central-sa' } }, { resourceId: { type: 'organization', id: '100' } }] });
    const inv = normalize(raw);
    const pool = inv.nodePools.find((p) => p.serviceAccount.email === CENTRAL_SA);
    expect(pool).toBeDefined();
    const e = evaluatePair(inv, pool!.name, 'projects/shop-registry/locations/europe-west2/repositories/images');
    expect(e.checks.find((c) => c.rule === 'iam.no-download-permission')?.summary).toContain(ORG_ACCOUNTS);
  });
  it('is not read when no policy names such a member', async () => {
    const raw = await scan(withImagesPolicy([{ role: 'roles/artifactregistry.reader', members: ['user:alice@example.org'] }]));
    expect(raw.accountProjects).toBeUndefined();
  });
  it('a refused ancestry read is a gap, and the principalSet binding is not counted as a grant', async () => {
    const estate = { ...withImagesPolicy([{ role: 'roles/artifactregistry.reader', members: [ORG_ACCOUNTS] }]), faults: [{ match: 'POST /v1/projects/central-sa:getAncestry', status: 403 }] };
    const inv = normalize(await scan(estate));
    const pool = inv.nodePools.find((p) => p.serviceAccount.email === CENTRAL_SA)!;
    expect(inv.accountProjects?.['central-sa']?.status).toBe('gap');
    // The account holds the pull elsewhere (an organization grant of the fixture), so the binding's gap does not change
    // the verdict; the principalSet binding itself is neither a grant nor ignored.
    const e = evaluatePair(inv, pool.name, 'projects/shop-registry/locations/europe-west2/repositories/images');
    const iam = e.checks.find((c) => c.rule === 'iam.no-download-permission');
    expect(JSON.stringify(iam?.evidence)).not.toContain(ORG_ACCOUNTS);
  });
});
