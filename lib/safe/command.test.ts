import { describe, expect, it } from 'vitest';
import { command, commands, resourceName, terraformResource, v } from './command';
import { shellArgv, terraformResourceOf } from './testing';

describe('command', () => {
  it('prints ordinary values bare and readable', () => {
    const b = command(['gcloud', 'projects', 'add-iam-policy-binding', v('projectId', 'my-project'), ['--member=', v('member', 'serviceAccount:sa@p.iam.gserviceaccount.com')], '--role=roles/viewer']);
    expect(b).toEqual({ ok: true, text: 'gcloud projects add-iam-policy-binding my-project --member=serviceAccount:sa@p.iam.gserviceaccount.com --role=roles/viewer' });
  });

  it('refuses every value that does not match its format, and prints nothing', () => {
    const b = command(['gcloud', 'x', v('projectId', 'p;id'), ['--location=', v('location', '$(id)')], v('repositoryId', 'images')]);
    expect(b).toEqual({ ok: false, refusals: [{ kind: 'projectId', value: 'p;id' }, { kind: 'location', value: '$(id)' }] });
  });

  it('quotes constants written in the code too', () => {
    const b = command(['gcloud', 'logging', 'read', 'severity>=ERROR']);
    expect(b.ok && shellArgv(b.text)).toEqual(['gcloud', 'logging', 'read', 'severity>=ERROR']);
  });

  it('puts each command on a line of its own, every line parsing alone', () => {
    const b = commands([
      ['gcloud', 'a', v('projectId', 'p1')],
      ['gcloud', 'b', v('projectId', 'p2')],
    ]);
    expect(b).toEqual({ ok: true, text: 'gcloud a p1\ngcloud b p2' });
    expect(commands([['gcloud', v('projectId', 'ok-project')], ['gcloud', v('projectId', 'bad project')]])).toEqual({ ok: false, refusals: [{ kind: 'projectId', value: 'bad project' }] });
  });
});

describe('terraformResource', () => {
  it('renders aligned attributes, nested blocks, lists and comments that parse back to the values', () => {
    const b = terraformResource('google_container_node_pool', 'pool_v2', [
      { attr: 'name', value: v('nodePoolName', 'pool-v2') },
      { attr: 'project', value: v('projectId', 'app') },
      { block: 'node_config', lines: [{ attr: 'oauth_scopes', value: [{ literal: 'https://www.googleapis.com/auth/cloud-platform' }] }] },
      { attr: 'version', value: v('gkeVersion', '1.30.5-gke.1000'), comment: 'newest\nnode = "x" version' },
      { comment: 'keep\r\nthe rest' },
      { attr: 'enabled', value: true },
    ]);
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    expect(b.text.split('\n')).toEqual([
      'resource "google_container_node_pool" "pool_v2" {',
      '  name    = "pool-v2"',
      '  project = "app"',
      '  node_config {',
      '    oauth_scopes = ["https://www.googleapis.com/auth/cloud-platform"]',
      '  }',
      '  version = "1.30.5-gke.1000" # newest node = "x" version',
      '  # keep  the rest',
      '  enabled = true',
      '}',
    ]);
    expect(terraformResourceOf(b.text)).toEqual({
      type: 'google_container_node_pool',
      name: 'pool_v2',
      body: { name: 'pool-v2', project: 'app', node_config: [{ oauth_scopes: ['https://www.googleapis.com/auth/cloud-platform'] }], version: '1.30.5-gke.1000', enabled: true },
    });
  });

  it('refuses a value that does not match its format', () => {
    expect(terraformResource('t', 'n', [{ attr: 'project', value: v('projectId', 'x" }\nresource "null_resource" "y" {') }])).toEqual({
      ok: false,
      refusals: [{ kind: 'projectId', value: 'x" }\nresource "null_resource" "y" {' }],
    });
  });

  it('escapes a hostile constant rather than letting it end the string', () => {
    const b = terraformResource('t', 'n', [{ attr: 'x', value: { literal: '${file("/etc/passwd")}"\n' } }]);
    expect(b.ok && terraformResourceOf(b.text).body).toEqual({ x: '${file("/etc/passwd")}"\n' });
  });
});

describe('resourceName', () => {
  it('is a readable, deterministic identifier distinct for distinct resources', () => {
    expect(resourceName('images_reader', 'projects/p/locations/l/repositories/images|serviceAccount:a@p.iam.gserviceaccount.com')).toMatch(/^images_reader_[0-9a-f]{10}$/);
    expect(resourceName('x', 'same')).toBe(resourceName('x', 'same'));
    const names = new Set<string>();
    for (let i = 0; i < 20_000; i++) names.add(resourceName('my-pool', `projects/p/locations/l/clusters/c/nodePools/pool-${i}`));
    expect(names.size).toBe(20_000);
    // Names that sanitize to the same stem still differ.
    expect(resourceName('a-b', 'a-b')).not.toBe(resourceName('a_b', 'a_b'));
  });

  it('bounds the stem and sanitizes it', () => {
    const n = resourceName('"; provisioner "local-exec" '.repeat(100), 'x');
    expect(n).toMatch(/^[A-Za-z_][A-Za-z0-9_]{0,60}$/);
  });
});
