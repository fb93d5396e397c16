import { describe, expect, it } from 'vitest';
import { parseScanRequest } from './scan-request';

describe('parseScanRequest', () => {
  it('accepts projects, dedupes them and labels the scan', () => {
    const r = parseScanRequest({ scope: { kind: 'projects', ids: ['shop-prod', 'shop-prod', 'shop-registry'] } }, false);
    expect(r).toEqual({ ok: true, request: { demo: false, scope: { kind: 'projects', ids: ['shop-prod', 'shop-registry'] }, label: '2 projects (shop-prod, shop-registry)' } });
  });

  it('accepts "folders/ID" and plain ids for a folder', () => {
    const r = parseScanRequest({ scope: { kind: 'folder', ids: ['folders/311122223333'] } }, false);
    expect(r.ok && !r.request.demo && r.request.scope).toEqual({ kind: 'folder', ids: ['311122223333'] });
  });

  it('names the wrong id by its path', () => {
    const r = parseScanRequest({ scope: { kind: 'projects', ids: ['shop-prod', 'Bad_Project'] } }, false);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0].path).toBe('scope.ids[1]');
    expect(r.message).toMatch(/scope\.ids\[1\]: is not a project id/);
  });

  it('refuses an unknown kind and a missing scope with the field named', () => {
    const bad = parseScanRequest({ scope: { kind: 'galaxy', ids: [] } }, false);
    expect(!bad.ok && bad.issues[0].path).toBe('scope.kind');
    const missing = parseScanRequest({}, false);
    expect(!missing.ok && missing.message).toBe('scope: is required');
  });

  it('needs exactly one organization id, digits only', () => {
    const r = parseScanRequest({ scope: { kind: 'organization', ids: ['example.com'] } }, false);
    expect(!r.ok && r.message).toMatch(/scope\.ids\[0\]: is not an organization id/);
    const none = parseScanRequest({ scope: { kind: 'organization', ids: [] } }, false);
    expect(!none.ok && none.message).toMatch(/exactly one organization/);
  });

  it('allows the demo estate only in demo mode', () => {
    expect(parseScanRequest({ scope: { kind: 'demo' } }, true)).toEqual({ ok: true, request: { demo: true } });
    const r = parseScanRequest({ scope: { kind: 'demo' } }, false);
    expect(!r.ok && r.issues[0]).toEqual({ path: 'scope.kind', message: expect.stringMatching(/only available/) });
  });

  it('scans all projects with no ids', () => {
    const r = parseScanRequest({ scope: { kind: 'all-projects' } }, false);
    expect(r.ok && !r.request.demo && r.request.scope).toEqual({ kind: 'all-projects', ids: [] });
  });
});
