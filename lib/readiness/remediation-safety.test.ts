/**
 * Every remediation is safe to paste: estates whose names, emails, members, roles, locations, versions and
 * conditions are hostile strings go through the whole engine (pairs and findings), and for every cause and finding:
 * each gcloud line reads back, with shell-quote and with a strict POSIX reading, as one plain `gcloud` argv (no
 * operator, substitution, variable or glob); every Terraform snippet parses with the HCL v2 parser to one resource
 * with the intended values; a hostile value never reaches a command or snippet, and where the fix needed it the
 * remediation prints no command and says which value does not look valid. Ordinary estates get the exact argv.
 */
import { describe, expect, it } from 'vitest';
import {
  binding,
  bindingIf,
  gapped,
  makeCluster,
  makeGap,
  makeInventory,
  makeNodePool,
  makePolicy,
  makeProject,
  makeRepository,
  makeServiceAccount,
  makeSubnetwork,
  NOT_FOUND,
  ok,
  policyGap,
  type NodePoolOptions,
} from '../inventory/builders';
import type { Inventory } from '../inventory/types';
import { hclString } from '../safe/quote';
import { shellArgv, terraformResourceOf } from '../safe/testing';
import { evaluate } from './engine';
import type { Remediation } from './types';

const NOW = new Date('2026-11-25T16:30:04Z');

/** Hostile strings: each holds something a shell or HCL would act on, so none can occur in a legitimate command. */
const HOSTILE = [
  '$(touch /tmp/pwned)',
  '`id`',
  "x'; id; '",
  'x"; id; "',
  'a;b',
  'a|b',
  'a&&b',
  'a\nrm -rf ~',
  'a b',
  '${file("/etc/passwd")}',
  '%{ if true }x%{ endif }',
  'x" }\nresource "null_resource" "pwn" {\n  provisioner "local-exec" { command = "id" }\n}\n#',
  '*',
  '--help',
  '-rf',
  '\u0007\u001b[201~',
  'ünïcödé',
  '>out',
  '~root',
  'a\\b',
];

/** What one hostile estate printed: remediations with where they came from. */
interface Printed {
  where: string;
  rule: string;
  remediation: Remediation;
  pair?: string;
}

function printed(inv: Inventory): Printed[] {
  const report = evaluate(inv, { now: NOW });
  const out: Printed[] = [];
  for (const p of report.pairs) for (const c of p.causes) out.push({ where: `${p.nodePool} × ${p.repository} ${c.rule}`, rule: c.rule, remediation: c.remediation, pair: `${p.nodePool}\n${p.repository}` });
  for (const f of report.findings) out.push({ where: `finding ${f.rule} ${f.subject}`, rule: f.rule, remediation: f.remediation });
  return out;
}

/** The argv of every command line of a remediation; each line must be one plain gcloud command. */
function argvs(r: Remediation, where: string): string[][] {
  if (r.gcloud === undefined) return [];
  return r.gcloud.split('\n').map((line) => {
    const argv = shellArgv(line);
    expect(argv[0], where).toBe('gcloud');
    return argv;
  });
}

/** Every string in a parsed HCL body. */
function strings(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  if (Array.isArray(x)) return x.flatMap(strings);
  if (x && typeof x === 'object') return Object.values(x).flatMap(strings);
  return [];
}

/**
 * The checks every remediation passes, whatever the estate: commands parse to plain gcloud argv, Terraform parses to
 * one resource whose every string is written with hclString, resource names are unique per pair view and mean one
 * snippet across the report, and no printed word or value contains the hostile string.
 */
function checkAll(items: Printed[], hostile: string | null): void {
  const names = new Map<string, string>();
  const perPair = new Map<string, Set<string>>();
  for (const { where, remediation: r, pair } of items) {
    const words = argvs(r, where).flat();
    const values: string[] = [];
    if (r.terraform !== undefined) {
      const res = terraformResourceOf(r.terraform);
      expect(res.name, where).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
      const before = names.get(res.name);
      if (before !== undefined) expect(r.terraform, `${where}: resource name ${res.name} names two different snippets`).toBe(before);
      names.set(res.name, r.terraform);
      if (pair) {
        const seen = perPair.get(pair) ?? new Set<string>();
        expect(seen.has(`${res.type}.${res.name}`), `${where}: ${res.type}.${res.name} twice in one pair view`).toBe(false);
        seen.add(`${res.type}.${res.name}`);
        perPair.set(pair, seen);
      }
      for (const s of strings(res.body)) {
        values.push(s);
        expect(r.terraform.includes(hclString(s)), `${where}: ${JSON.stringify(s)} not written by hclString`).toBe(true);
      }
    }
    if (hostile !== null) {
      for (const w of [...words, ...values]) {
        expect(w.includes(hostile) || w.includes(hostile.toLowerCase()), `${where}: hostile ${JSON.stringify(hostile)} printed in ${JSON.stringify(w)}`).toBe(false);
      }
    }
  }
}

/** A remediation that refused a value: no command, no Terraform, and a step naming the value. */
function expectRefused(items: Printed[], rule: string, hostile: string): void {
  const hits = items.filter((i) => i.rule === rule);
  expect(hits.length, `no ${rule} in the report`).toBeGreaterThan(0);
  for (const { where, remediation: r } of hits) {
    expect(r.gcloud, where).toBeUndefined();
    expect(r.terraform, where).toBeUndefined();
    const refusal = r.steps.find((s) => s.startsWith('Pullcheck prints no command for this fix: '));
    expect(refusal, `${where}: ${JSON.stringify(r.steps)}`).toBeDefined();
    // The refused value is shown JSON-quoted: the hostile string, or the part of it a resource path gave the field.
    const pieces = [hostile, hostile.toLowerCase(), ...hostile.split('/')].filter((p) => p.length > 0);
    expect(pieces.some((p) => refusal?.includes(JSON.stringify(p.slice(0, 40)).slice(1, -1))), `${where}: ${refusal}`).toBe(true);
    expect(refusal).toContain('does not look like a valid');
  }
}

/** A pool on `project` with a custom account, no storage scope, an old version, private nodes on a subnet without PGA. */
function brokenPool(o: NodePoolOptions = {}) {
  const project = o.project ?? 'app';
  const location = o.location ?? 'europe-west1';
  return makeNodePool({
    project,
    location,
    scopes: [],
    version: '1.15.9-gke.7',
    privateNodes: true,
    subnetwork: `projects/${project}/regions/${location}/subnetworks/nodes`,
    ...o,
  });
}

/**
 * Hostile estates: one per field, `h` placed in that field, and the rules whose fix needs the field (those must
 * refuse). Every other rule of the same estate still prints its own command, which must not contain `h`.
 */
const ESTATES: { field: string; build: (h: string) => Inventory; refuses: string[] }[] = [
  { field: 'repository id', build: (h) => makeInventory({ nodePools: [makeNodePool()], repositories: [makeRepository({ id: h })] }), refuses: ['iam.no-download-permission'] },
  { field: 'repository project', build: (h) => makeInventory({ nodePools: [makeNodePool()], repositories: [makeRepository({ project: h })] }), refuses: ['iam.no-download-permission'] },
  { field: 'repository location', build: (h) => makeInventory({ nodePools: [makeNodePool()], repositories: [makeRepository({ location: h })] }), refuses: ['iam.no-download-permission'] },
  {
    field: 'node service account email',
    build: (h) => makeInventory({ nodePools: [makeNodePool({ serviceAccount: h, scopes: [] })], repositories: [makeRepository()] }),
    refuses: ['iam.no-download-permission', 'scope.no-storage'],
  },
  {
    field: 'node service account email (disabled)',
    build: (h) => makeInventory({ nodePools: [makeNodePool({ serviceAccount: h })], repositories: [makeRepository()], serviceAccounts: { [h.toLowerCase()]: makeServiceAccount(h, { disabled: true, project: 'app' }) } }),
    refuses: ['service-account.disabled'],
  },
  {
    field: 'node service account email (cloud-platform.read-only)',
    build: (h) => makeInventory({ nodePools: [makeNodePool({ serviceAccount: h, scopes: ['https://www.googleapis.com/auth/cloud-platform.read-only'] })], repositories: [makeRepository()] }),
    refuses: ['scope.read-only-cloud-platform'],
  },
  {
    field: 'node service account email (unreadable)',
    build: (h) =>
      makeInventory({ nodePools: [makeNodePool({ serviceAccount: h })], repositories: [makeRepository()], serviceAccounts: { [h.toLowerCase()]: gapped('g-sa') }, gaps: [makeGap('g-sa')] }),
    refuses: [],
  },
  {
    field: 'node service account email (deleted)',
    build: (h) => makeInventory({ nodePools: [makeNodePool({ serviceAccount: h })], repositories: [makeRepository()], serviceAccounts: { [h.toLowerCase()]: NOT_FOUND } }),
    refuses: [],
  },
  {
    field: 'deleted account uid',
    build: (h) =>
      makeInventory({
        nodePools: [makeNodePool()],
        repositories: [makeRepository()],
        serviceAccounts: { 'nodes@app.iam.gserviceaccount.com': NOT_FOUND },
        policies: [makePolicy('projects/registry', [binding('roles/viewer', `deleted:serviceAccount:nodes@app.iam.gserviceaccount.com?uid=${h}`)])],
      }),
    refuses: ['service-account.deleted'],
  },
  {
    field: 'node pool name',
    build: (h) =>
      makeInventory({
        nodePools: [brokenPool({ name: h, serviceAccount: 'default' })],
        repositories: [makeRepository()],
        subnetworks: { 'projects/app/regions/europe-west1/subnetworks/nodes': makeSubnetwork('projects/app/regions/europe-west1/subnetworks/nodes') },
        routers: { 'projects/app/regions/europe-west1': ok([]) },
        serverConfigs: { 'projects/app/locations/europe-west1': ok({ validNodeVersions: ['1.30.5-gke.1000'], validMasterVersions: ['1.30.5-gke.1000'] }) },
      }),
    refuses: ['scope.no-storage', 'version.below-minimum', 'identity.default-service-account', 'version.not-offered'],
  },
  {
    field: 'cluster name',
    build: (h) => makeInventory({ nodePools: [brokenPool({ cluster: h })], repositories: [makeRepository()] }),
    refuses: ['scope.no-storage', 'version.below-minimum'],
  },
  {
    field: 'pool project',
    build: (h) =>
      makeInventory({
        nodePools: [brokenPool({ project: h, serviceAccount: 'nodes@app.iam.gserviceaccount.com' })],
        repositories: [makeRepository()],
        subnetworks: { [`projects/${h}/regions/europe-west1/subnetworks/nodes`]: gapped('g-subnet') },
        gaps: [makeGap('g-subnet', { method: 'subnetworks.get', permission: 'compute.subnetworks.get' })],
      }),
    refuses: ['scope.no-storage', 'version.below-minimum', 'network.unreadable'],
  },
  {
    field: 'pool location',
    build: (h) => makeInventory({ nodePools: [brokenPool({ location: h, privateNodes: false })], repositories: [makeRepository()] }),
    refuses: ['scope.no-storage', 'version.below-minimum'],
  },
  {
    field: 'subnet name',
    build: (h) => {
      const subnet = `projects/host/regions/europe-west1/subnetworks/${h}`;
      return makeInventory({
        nodePools: [makeNodePool({ privateNodes: true, subnetwork: subnet })],
        repositories: [makeRepository()],
        subnetworks: { [subnet]: ok({ name: subnet, project: 'host', region: 'europe-west1', network: 'projects/host/global/networks/vpc', privateIpGoogleAccess: false }) },
        routers: { 'projects/host/regions/europe-west1': ok([]) },
      });
    },
    refuses: ['network.no-private-google-access'],
  },
  {
    field: 'subnet region',
    build: (h) => {
      const subnet = 'projects/host/regions/r/subnetworks/nodes';
      return makeInventory({
        nodePools: [makeNodePool({ privateNodes: true, subnetwork: subnet })],
        repositories: [makeRepository()],
        subnetworks: { [subnet]: ok({ name: subnet, project: 'host', region: h, network: 'projects/host/global/networks/vpc', privateIpGoogleAccess: false }) },
        routers: { [`projects/host/regions/${h}`]: ok([]) },
      });
    },
    refuses: ['network.no-private-google-access'],
  },
  {
    field: 'subnet network',
    build: (h) => {
      const subnet = 'projects/host/regions/europe-west1/subnetworks/nodes';
      return makeInventory({
        nodePools: [makeNodePool({ privateNodes: true, subnetwork: subnet })],
        repositories: [makeRepository()],
        subnetworks: { [subnet]: ok({ name: subnet, project: 'host', region: 'europe-west1', network: h, privateIpGoogleAccess: false }) },
        routers: { 'projects/host/regions/europe-west1': ok([]) },
      });
    },
    refuses: ['network.no-private-google-access'],
  },
  {
    field: 'unreadable folder (ancestor policy)',
    build: (h) =>
      makeInventory({
        nodePools: [makeNodePool()],
        repositories: [makeRepository()],
        projects: [makeProject('registry', [`folders/${h}`, 'organizations/1'])],
        policies: [policyGap(`folders/${h}`, 'g-folder')],
        gaps: [makeGap('g-folder', { method: 'folders.getIamPolicy', permission: 'resourcemanager.folders.getIamPolicy' })],
      }),
    refuses: ['iam.unreadable-evidence'],
  },
  {
    field: 'unreadable folder beside a grant',
    build: (h) =>
      makeInventory({
        nodePools: [makeNodePool()],
        repositories: [makeRepository()],
        projects: [makeProject('registry', [`folders/${h}`, 'organizations/1'])],
        policies: [
          policyGap(`folders/${h}`, 'g-folder'),
          makePolicy('projects/registry/locations/europe-west1/repositories/images', [binding('roles/artifactregistry.reader', 'serviceAccount:nodes@app.iam.gserviceaccount.com')]),
        ],
        gaps: [makeGap('g-folder', { method: 'folders.getIamPolicy', permission: 'resourcemanager.folders.getIamPolicy' })],
      }),
    refuses: ['iam.grant-despite-unreadable-policy'],
  },
  {
    field: 'unreadable custom role',
    build: (h) =>
      makeInventory({
        nodePools: [makeNodePool()],
        repositories: [makeRepository()],
        policies: [makePolicy('projects/registry', [binding(`projects/${h}/roles/puller`, 'serviceAccount:nodes@app.iam.gserviceaccount.com')])],
        roles: { [`projects/${h}/roles/puller`]: gapped('g-role') },
        gaps: [makeGap('g-role', { method: 'roles.get', permission: 'iam.roles.get' })],
      }),
    refuses: [],
  },
  {
    field: 'group member (unreadable group)',
    build: (h) =>
      makeInventory({
        nodePools: [makeNodePool()],
        repositories: [makeRepository()],
        policies: [makePolicy('projects/registry', [binding('roles/artifactregistry.reader', `group:${h}`)])],
        groups: { [h.toLowerCase()]: gapped('g-group') },
        gaps: [makeGap('g-group', { method: 'groups.lookup', permission: null })],
      }),
    refuses: [],
  },
  {
    field: 'condition title and expression',
    build: (h) =>
      makeInventory({
        nodePools: [makeNodePool()],
        repositories: [makeRepository()],
        policies: [makePolicy('projects/registry', [bindingIf({ title: h, expression: `request.auth.claims.x == "${h}"` }, 'roles/artifactregistry.reader', 'serviceAccount:nodes@app.iam.gserviceaccount.com')])],
      }),
    refuses: [],
  },
  {
    field: 'basic-role binding member',
    build: (h) =>
      makeInventory({
        nodePools: [makeNodePool({ serviceAccount: h })],
        repositories: [makeRepository()],
        policies: [makePolicy('projects/registry', [binding('roles/editor', `serviceAccount:${h}`)])],
      }),
    refuses: ['iam.basic-role-only'],
  },
  {
    field: 'offered node version',
    build: (h) =>
      makeInventory({
        nodePools: [makeNodePool({ version: '1.15.9-gke.7' })],
        repositories: [makeRepository()],
        serverConfigs: { 'projects/app/locations/europe-west1': ok({ validNodeVersions: [h, '1.30.5-gke.1000'], validMasterVersions: [] }) },
      }),
    refuses: [],
  },
  {
    field: 'control-plane version',
    build: (h) => {
      const pool = makeNodePool({ version: '1.15.9-gke.7' });
      return makeInventory({
        nodePools: [pool],
        clusters: [{ ...makeCluster(), controlPlaneVersion: h, nodePoolNames: [] }],
        repositories: [makeRepository()],
        serverConfigs: { 'projects/app/locations/europe-west1': ok({ validNodeVersions: ['1.30.5-gke.1000'], validMasterVersions: [] }) },
      });
    },
    refuses: [],
  },
  {
    field: 'auto-provisioning account',
    build: (h) =>
      makeInventory({
        clusters: [{ ...makeCluster(), autopilot: true, autoprovisioning: { serviceAccount: { configured: h, email: h, isDefault: false }, oauthScopes: [] }, nodePoolNames: [] }],
        // The pool the cluster will create on demand (normalize adds it; the builder stands for it here), with no storage scope.
        nodePools: [makeNodePool({ autoProvisioned: true, serviceAccount: h, scopes: ['https://www.googleapis.com/auth/logging.write'] })],
        repositories: [makeRepository()],
      }),
    refuses: ['autoprovisioning.defaults', 'scope.no-storage'],
  },
  {
    field: 'project whose clusters and repositories could not be listed',
    build: (h) =>
      makeInventory({
        nodePools: [makeNodePool()],
        repositories: [makeRepository()],
        clusterListGaps: [{ project: h, gapId: 'g-c' }],
        repositoryListGaps: [{ project: h, gapId: 'g-r' }],
        gaps: [makeGap('g-c'), makeGap('g-r')],
      }),
    refuses: ['scan.cluster-list-unreadable', 'scan.repository-list-unreadable'],
  },
];

describe('remediation safety: hostile estates', () => {
  for (const estate of ESTATES) {
    it(`${estate.field}: every command parses to plain gcloud argv, every snippet to its values, and the hostile value is refused, never printed`, () => {
      for (const h of HOSTILE) {
        const items = printed(estate.build(h));
        expect(items.length, `${estate.field} ${JSON.stringify(h)}: nothing to check`).toBeGreaterThan(0);
        checkAll(items, h);
        for (const rule of estate.refuses) expectRefused(items, rule, h);
      }
    });
  }

  it('the hostile estates reach every rule and finding that prints a command', () => {
    const seen = new Set(ESTATES.flatMap((e) => printed(e.build(HOSTILE[0])).map((i) => i.rule)));
    for (const rule of [
      'service-account.deleted',
      'service-account.disabled',
      'service-account.unreadable',
      'scope.no-storage',
      'scope.read-only-cloud-platform',
      'version.below-minimum',
      'iam.no-download-permission',
      'iam.conditional-only',
      'iam.unreadable-evidence',
      'network.no-private-google-access',
      'network.unreadable',
      'identity.default-service-account',
      'iam.basic-role-only',
      'iam.grant-despite-unreadable-policy',
      'autoprovisioning.defaults',
      'version.not-offered',
      'scan.cluster-list-unreadable',
      'scan.repository-list-unreadable',
    ]) {
      expect(seen.has(rule), rule).toBe(true);
    }
  });

  it('the same estates with ordinary values print their commands (the hostile runs above refuse for the value, not for the estate)', () => {
    const ordinary: Record<string, string> = {
      'repository id': 'images',
      'repository project': 'registry',
      'repository location': 'europe-west1',
      'node service account email': 'nodes@app.iam.gserviceaccount.com',
      'node service account email (disabled)': 'nodes@app.iam.gserviceaccount.com',
      'node service account email (cloud-platform.read-only)': 'nodes@app.iam.gserviceaccount.com',
      'deleted account uid': '123456789012345678901',
      'node pool name': 'pool',
      'cluster name': 'c1',
      'pool project': 'app',
      'pool location': 'europe-west1',
      'subnet name': 'nodes',
      'subnet region': 'europe-west1',
      'subnet network': 'projects/host/global/networks/vpc',
      'unreadable folder (ancestor policy)': '111',
      'unreadable folder beside a grant': '111',
      'basic-role binding member': 'nodes@app.iam.gserviceaccount.com',
      'auto-provisioning account': 'auto@app.iam.gserviceaccount.com',
      'project whose clusters and repositories could not be listed': 'other-project',
    };
    for (const estate of ESTATES) {
      const value = ordinary[estate.field];
      if (value === undefined) continue;
      const items = printed(estate.build(value));
      checkAll(items, null);
      for (const rule of estate.refuses) {
        const hits = items.filter((i) => i.rule === rule);
        expect(hits.length, `${estate.field}: no ${rule}`).toBeGreaterThan(0);
        for (const { where, remediation: r } of hits) {
          expect(r.gcloud, where).toBeDefined();
          expect(r.steps.join(' '), where).not.toContain('Pullcheck prints no command');
          const words = [...argvs(r, where).flat(), ...(r.terraform ? strings(terraformResourceOf(r.terraform).body) : [])];
          expect(words.some((w) => w.includes(value)), `${where}: ${value} not in ${JSON.stringify(words)}`).toBe(true);
        }
      }
    }
  });
});

describe('remediation safety: the intended argv and values', () => {
  const SA = 'nodes@app.iam.gserviceaccount.com';

  it('the reader grant names the repository, its project and location, the account and the role, in gcloud and Terraform', () => {
    // A domain-scoped project and a gcr.io repository are valid and printed, quoted only where a shell needs it.
    const repo = makeRepository({ project: 'example.com:registry', location: 'us', id: 'us.gcr.io' });
    const items = printed(makeInventory({ nodePools: [makeNodePool()], repositories: [repo] }));
    checkAll(items, null);
    const iam = items.find((i) => i.rule === 'iam.no-download-permission');
    expect(iam && argvs(iam.remediation, iam.where)).toEqual([
      ['gcloud', 'artifacts', 'repositories', 'add-iam-policy-binding', 'us.gcr.io', '--project=example.com:registry', '--location=us', `--member=serviceAccount:${SA}`, '--role=roles/artifactregistry.reader'],
    ]);
    expect(iam?.remediation.gcloud).toBe(`gcloud artifacts repositories add-iam-policy-binding us.gcr.io --project=example.com:registry --location=us --member=serviceAccount:${SA} --role=roles/artifactregistry.reader`);
    const tf = terraformResourceOf(iam?.remediation.terraform ?? '');
    expect(tf.type).toBe('google_artifact_registry_repository_iam_member');
    expect(tf.name).toMatch(/^us_gcr_io_reader_[0-9a-f]{10}$/);
    expect(tf.body).toEqual({ project: 'example.com:registry', location: 'us', repository: 'us.gcr.io', role: 'roles/artifactregistry.reader', member: `serviceAccount:${SA}` });
  });

  it('two accounts on one repository, and one account on two repositories with the same id, get distinct resource names', () => {
    const a = makeNodePool({ name: 'a', serviceAccount: 'a-nodes@app.iam.gserviceaccount.com' });
    const b = makeNodePool({ name: 'b', serviceAccount: 'b-nodes@app.iam.gserviceaccount.com' });
    const r1 = makeRepository({ project: 'one', id: 'images' });
    const r2 = makeRepository({ project: 'two', id: 'images' });
    const items = printed(makeInventory({ nodePools: [a, b], repositories: [r1, r2] }));
    checkAll(items, null);
    const names = new Set(items.filter((i) => i.rule === 'iam.no-download-permission').map((i) => terraformResourceOf(i.remediation.terraform ?? '').name));
    expect(names.size).toBe(4);
  });

  it('a pair with scope, version and network causes shows snippets whose resource names differ', () => {
    const pool = brokenPool({ name: 'x-v2' });
    const items = printed(
      makeInventory({
        nodePools: [pool],
        repositories: [makeRepository()],
        subnetworks: { 'projects/app/regions/europe-west1/subnetworks/nodes': makeSubnetwork('projects/app/regions/europe-west1/subnetworks/nodes') },
        routers: { 'projects/app/regions/europe-west1': ok([]) },
      }),
    );
    checkAll(items, null);
    const snippets = items.filter((i) => i.pair && i.remediation.terraform).map((i) => terraformResourceOf(i.remediation.terraform ?? ''));
    expect(snippets.map((s) => s.type).sort()).toEqual(['google_artifact_registry_repository_iam_member', 'google_compute_subnetwork', 'google_container_node_pool', 'google_container_node_pool']);
    expect(new Set(snippets.map((s) => s.name)).size).toBe(4);
    const bodies = Object.fromEntries(snippets.map((s) => [`${s.type}:${String(s.body.name ?? s.body.repository)}`, s.body]));
    expect(bodies['google_container_node_pool:x-v2-v2']).toEqual({
      name: 'x-v2-v2',
      project: 'app',
      location: 'europe-west1',
      cluster: 'c1',
      node_config: [{ service_account: SA, oauth_scopes: ['https://www.googleapis.com/auth/cloud-platform'] }],
    });
    expect(bodies['google_compute_subnetwork:nodes']).toEqual({ name: 'nodes', project: 'app', region: 'europe-west1', network: 'projects/app/global/networks/default', private_ip_google_access: true });
    const lines = items.flatMap((i) => argvs(i.remediation, i.where));
    expect(lines).toContainEqual(['gcloud', 'container', 'node-pools', 'create', 'x-v2-v2', '--cluster=c1', '--location=europe-west1', '--project=app', `--service-account=${SA}`, '--scopes=cloud-platform']);
    expect(lines).toContainEqual(['gcloud', 'compute', 'networks', 'subnets', 'update', 'nodes', '--project=app', '--region=europe-west1', '--enable-private-ip-google-access']);
  });

  it('the basic-role finding prints the grant and the removal as two commands, one a line', () => {
    const items = printed(makeInventory({ nodePools: [makeNodePool()], repositories: [makeRepository()], policies: [makePolicy('projects/registry', [binding('roles/editor', `serviceAccount:${SA}`)])] }));
    checkAll(items, null);
    const f = items.find((i) => i.rule === 'iam.basic-role-only');
    expect(f && argvs(f.remediation, f.where)).toEqual([
      ['gcloud', 'projects', 'add-iam-policy-binding', 'registry', `--member=serviceAccount:${SA}`, '--role=roles/artifactregistry.reader'],
      ['gcloud', 'projects', 'remove-iam-policy-binding', 'registry', `--member=serviceAccount:${SA}`, '--role=roles/editor'],
    ]);
  });
});
