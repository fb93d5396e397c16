/** Prints how fast the readiness engine judges a synthetic 1,000 node pools × 1,000 Docker repositories estate (a figure, not a test). */
import {
  binding,
  makeInventory,
  makeNodePool,
  makePolicy,
  makeProject,
  makeRepository,
  makeSubnetwork,
  ok,
  makeRouter,
} from '../lib/inventory/builders';
import type { Policy } from '../lib/inventory/types';
import { evaluate, evaluatePairs } from '../lib/readiness/engine';

const POOLS = Number(process.argv[2] ?? 1000);
const REPOS = Number(process.argv[3] ?? 1000);
const ACCOUNTS = 25;
const REGISTRY_PROJECTS = 50;

const sa = (i: number) => `nodes-${i % ACCOUNTS}@shared-sa.iam.gserviceaccount.com`;
const subnet = (i: number) => `projects/host/regions/europe-west1/subnetworks/s${i % 4}`;
const pools = Array.from({ length: POOLS }, (_, i) =>
  makeNodePool({
    project: `app-${i % 40}`,
    cluster: `c${i % 100}`,
    name: `pool-${i}`,
    serviceAccount: i % 10 === 0 ? 'default' : sa(i),
    scopes: i % 7 === 0 ? ['https://www.googleapis.com/auth/logging.write'] : undefined,
    version: i % 13 === 0 ? '1.15.9-gke.7' : '1.31.2-gke.1000',
    privateNodes: i % 3 === 0,
    subnetwork: subnet(i),
  }),
);
const repos = Array.from({ length: REPOS }, (_, i) => makeRepository({ project: `reg-${i % REGISTRY_PROJECTS}`, id: `repo-${i}` }));
const policies: Policy[] = [
  ...repos.map((r, i) => makePolicy(r.name, [binding('roles/artifactregistry.reader', `serviceAccount:${sa(i)}`, 'group:devs@example.com'), binding('roles/artifactregistry.writer', 'user:ci@example.com')])),
  makePolicy('folders/10', [binding('roles/viewer', `serviceAccount:${sa(3)}`, `serviceAccount:${sa(4)}`)]),
  makePolicy('organizations/1', [binding('roles/browser', 'domain:example.com')]),
];
const inv = makeInventory({
  nodePools: pools,
  repositories: repos,
  projects: Array.from({ length: REGISTRY_PROJECTS }, (_, i) => makeProject(`reg-${i}`, ['folders/10', 'organizations/1'])),
  policies,
  subnetworks: Object.fromEntries([0, 1, 2, 3].map((i) => [subnet(i), makeSubnetwork(subnet(i), { privateIpGoogleAccess: i !== 3 })])),
  routers: { 'projects/host/regions/europe-west1': ok([makeRouter('host', 'europe-west1', [{ sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS', subnetworks: [subnet(3)] }])]) },
});

const pairs = POOLS * REPOS;
let t = performance.now();
const report = evaluate(inv, { now: new Date() });
const full = performance.now() - t;
const counts = report.pairs.reduce<Record<string, number>>((m, p) => ((m[p.verdict] = (m[p.verdict] ?? 0) + 1), m), {});

const fresh = makeInventory({ nodePools: pools, repositories: repos, projects: inv.projects, policies, subnetworks: inv.subnetworks, routers: inv.routers });
t = performance.now();
let n = 0;
for (const p of evaluatePairs(fresh)) if (p.verdict) n++;
const streamed = performance.now() - t;

console.log(`${POOLS} node pools × ${REPOS} Docker repositories = ${pairs.toLocaleString('en')} pairs`);
console.log(`evaluate():      ${full.toFixed(0)} ms, ${((full * 1000) / pairs).toFixed(2)} µs per pair (verdicts: ${JSON.stringify(counts)}; ${report.findings.length} findings)`);
console.log(`evaluatePairs(): ${streamed.toFixed(0)} ms, ${((streamed * 1000) / n).toFixed(2)} µs per pair (streamed, no report)`);

t = performance.now();
evaluate(inv, { now: new Date() });
const warm = performance.now() - t;
console.log(`evaluate() again on the same inventory (caches warm): ${warm.toFixed(0)} ms, ${((warm * 1000) / pairs).toFixed(2)} µs per pair`);
