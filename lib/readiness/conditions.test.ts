/**
 * IAM conditions evaluated at the scan's time (IAM "Attribute reference for IAM Conditions"): request.time decides;
 * resource.name/type/service parts never grant for Artifact Registry; anything else is undecided.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCondition, MAX_EXPRESSION_LENGTH } from './conditions';

const NOW = new Date('2026-11-30T12:00:00Z');
const ev = (e: string) => evaluateCondition(e, NOW);

describe('evaluateCondition', () => {
  it('a temporary grant still running holds, with the date it stops', () => {
    expect(ev('request.time < timestamp("2027-01-31T00:00:00Z")')).toEqual({ value: 'true', expires: '2027-01-31' });
    expect(ev('request.time > timestamp("2020-01-01T00:00:00Z") && request.time <= timestamp("2030-06-01T00:00:00Z")')).toMatchObject({ value: 'true', expires: '2030-06-01' });
  });
  it('an expired temporary grant is false, naming the expiry', () => {
    expect(ev('request.time < timestamp("2025-01-31T00:00:00Z")')).toEqual({ value: 'false', expired: '2025-01-31', resourceAttributes: [] });
  });
  it('durations and timestamp arithmetic are CEL, not string comparisons', () => {
    expect(ev('request.time - duration("8760h") < timestamp("2026-01-01T00:00:00Z")').value).toBe('true');
    expect(ev('request.time + duration("3600s") < timestamp("2026-11-30T12:30:00Z")').value).toBe('false');
  });
  it('a clause on resource attributes never grants, negated or not', () => {
    expect(ev('resource.name.startsWith("projects/registry")')).toEqual({ value: 'false', expired: null, resourceAttributes: ['resource.name'] });
    expect(ev('!resource.name.startsWith("projects/x")')).toMatchObject({ value: 'false', resourceAttributes: ['resource.name'] });
    expect(ev('resource.type == "artifactregistry.googleapis.com/Repository" && request.time < timestamp("2030-01-01T00:00:00Z")')).toMatchObject({ value: 'false', resourceAttributes: ['resource.type'] });
    expect(ev('resource.service == "artifactregistry.googleapis.com"')).toMatchObject({ value: 'false', resourceAttributes: ['resource.service'] });
  });
  it('a resource clause ORed with a time clause can still grant through the time clause', () => {
    expect(ev('resource.name.startsWith("x") || request.time < timestamp("2027-01-31T00:00:00Z")')).toMatchObject({ value: 'true', expires: '2027-01-31' });
    expect(ev('resource.name.startsWith("x") || request.time < timestamp("2021-01-31T00:00:00Z")')).toMatchObject({ value: 'false', resourceAttributes: ['resource.name'] });
  });
  it('three-valued logic: false && unknown is false, true || unknown is true, else unknown', () => {
    expect(ev('request.time < timestamp("2020-01-01T00:00:00Z") && request.auth.claims.x == "y"').value).toBe('false');
    expect(ev('request.time > timestamp("2020-01-01T00:00:00Z") || request.auth.claims.x == "y"').value).toBe('true');
    expect(ev('request.time > timestamp("2020-01-01T00:00:00Z") && request.auth.claims.x == "y"').value).toBe('unknown');
  });
  it.each([
    ['request.auth.claims.google.ip == "1.2.3.4"', 'request.auth.claims.google.ip'],
    ['destination.port == 21', 'destination.port'],
    ["api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/x'])", 'getAttribute()'],
    ["resource.matchTag('123/env', 'prod')", 'matchTag()'],
    ["request.auth.access_levels.exists(l, l == 'accessPolicies/1/accessLevels/office')", 'request.auth.access_levels'],
  ])('%s cannot be decided at scan time', (expr, what) => {
    const r = ev(expr);
    expect(r.value).toBe('unknown');
    expect(r.value === 'unknown' && r.reason).toContain(what);
  });
  it('time-of-day conditions are undecided: pulls would work at some hours only (no verdict that flips with the scan hour)', () => {
    const r = ev('request.time.getHours("UTC") >= 9 && request.time.getHours("UTC") < 17');
    expect(r.value).toBe('unknown');
    expect(r.value === 'unknown' && r.reason).toContain('time of day');
    // Unless another clause decides whatever the hour.
    expect(ev('request.time < timestamp("2020-01-01T00:00:00Z") && request.time.getHours("UTC") < 9').value).toBe('false');
  });
  it('parse errors are undecided, quoting the parser', () => {
    const r = ev('request.time < ((');
    expect(r.value).toBe('unknown');
    expect(r.value === 'unknown' && r.reason).toContain('does not parse as CEL');
  });
  it('hostile input: bounded in size and depth, and never runs a regular expression from the estate', () => {
    const t0 = Date.now();
    expect(ev('('.repeat(100_000) + 'true' + ')'.repeat(100_000))).toMatchObject({ value: 'unknown', reason: expect.stringContaining('longer than') });
    expect(ev('('.repeat(1000) + 'true' + ')'.repeat(1000))).toMatchObject({ value: 'unknown', reason: expect.stringContaining('nests deeper') });
    expect(ev('"' + 'a'.repeat(3000) + '!".matches("(a+)+$")').value).toBe('unknown');
    expect(ev('x'.repeat(MAX_EXPRESSION_LENGTH + 1)).value).toBe('unknown');
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
