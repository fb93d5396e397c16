import { describe, expect, it } from 'vitest';
import { parse, scopeFrom, scopeOptions } from './args';
import { UsageError } from './io';

const scope = (argv: string[]) => scopeFrom('scan', parse('scan', argv, scopeOptions).values, '/work');

describe('scopeFrom', () => {
  it('reads a project list', () => {
    expect(scope(['--projects', 'shop-prod, shop-dev'])).toEqual({ scope: { kind: 'projects', ids: ['shop-prod', 'shop-dev'] }, scenarioFile: null, source: 'auto' });
  });
  it('accepts folders/ID and a bare organization id', () => {
    expect(scope(['--folder', 'folders/123']).scope).toEqual({ kind: 'folder', ids: ['123'] });
    expect(scope(['--organization', '731904562218']).scope).toEqual({ kind: 'organization', ids: ['731904562218'] });
  });
  it('resolves a scenario path against the working directory', () => {
    expect(scope(['--scenario', 'data/x.json'])).toEqual({ scope: { kind: 'scenario', ids: ['data/x.json'] }, scenarioFile: '/work/data/x.json', source: 'auto' });
  });
  it('requires exactly one scope', () => {
    expect(() => scope([])).toThrow(/say what to scan/);
    expect(() => scope(['--all-projects', '--projects', 'abcdef'])).toThrow(/give one scope, not --projects and --all-projects/);
  });
  it('rejects an empty project list', () => {
    expect(() => scope(['--projects', ' , '])).toThrow(/--projects needs at least one project id/);
  });
  it('rejects a malformed project id and a non-numeric folder, naming them', () => {
    expect(() => scope(['--projects', 'Bad_Project'])).toThrow(/"Bad_Project" is not a project id/);
    expect(() => scope(['--folder', 'engineering'])).toThrow(UsageError);
  });
  it('reads --source api|asset-inventory, auto when absent, and refuses anything else', () => {
    expect(scope(['--organization', '731904562218', '--source', 'api']).source).toBe('api');
    expect(scope(['--folder', '123', '--source', 'asset-inventory']).source).toBe('asset-inventory');
    expect(scope(['--projects', 'shop-prod', '--source', 'asset-inventory']).source).toBe('asset-inventory');
    expect(scope(['--organization', '731904562218']).source).toBe('auto');
    expect(() => scope(['--organization', '1', '--source', 'cai'])).toThrow(/--source must be api or asset-inventory, not "cai"/);
    // Cloud Asset Inventory lists under an organization, a folder or a project: not "every project I can see".
    expect(() => scope(['--all-projects', '--source', 'asset-inventory'])).toThrow(UsageError);
  });
  it('turns an unknown flag into a usage error naming it', () => {
    expect(() => parse('scan', ['--colour'], scopeOptions)).toThrow(/scan: Unknown option '--colour'/);
  });
});
