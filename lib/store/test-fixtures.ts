/** Small scans for the store's, the drift's and the server's tests. */
import { binding, makeInventory, makeNodePool, makePolicy, makeRepository } from '../inventory/builders';
import type { Inventory } from '../inventory/types';
import { evaluate } from '../readiness/engine';
import type { Scope } from '../inventory/raw';
import type { Scenario } from '../scenario/schema';
import type { CompletedScan, NewScan } from './types';

export const SCOPE: Scope = { kind: 'projects', ids: ['app', 'reg'] };

/** Pool app/c1/pool and repository reg/images; `granted` decides whether the pool's account may read the repository. */
export function estateInventory(granted: boolean): Inventory {
  const pool = makeNodePool({ project: 'app', serviceAccount: 'nodes@app.iam.gserviceaccount.com' });
  const repo = makeRepository({ project: 'reg', id: 'images' });
  return makeInventory({
    nodePools: [pool],
    repositories: [repo],
    policies: [makePolicy(repo.name, granted ? [binding('roles/artifactregistry.reader', 'serviceAccount:nodes@app.iam.gserviceaccount.com')] : [])],
  });
}

export function newScan(id: string, startedAt: string, scope: Scope = SCOPE): NewScan {
  return { id, scope, label: 'test', source: 'cli', startedAt };
}

export function completed(granted: boolean, finishedAt: string, ruleSetVersion = 'test-1'): CompletedScan {
  const inventory = estateInventory(granted);
  inventory.scope = SCOPE;
  const report = evaluate(inventory, { now: new Date(finishedAt) });
  const estate = { scenario: 1, description: `granted=${granted}`, projects: [] } as unknown as Scenario;
  return { estate, inventory, report, finishedAt, ruleSetVersion, timings: { collectMs: 5, evaluateMs: 1 } };
}
