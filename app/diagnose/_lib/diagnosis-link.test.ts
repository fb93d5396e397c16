import { describe, expect, it } from 'vitest';
import { diagnosisLink, inputQuery, MAX_INLINE_QUERY, readLink, type LinkInput } from './diagnosis-link';

const small: LinkInput = {
  image: 'europe-west1-docker.pkg.dev/p/r/i:1',
  errorText: 'Failed to pull image "x": 403 Forbidden & <b>',
  cluster: 'projects/p/locations/europe-west1/clusters/c',
  nodePool: null,
  scan: 'demo',
};

function params(link: string): Record<string, string> {
  return Object.fromEntries(new URL(link, 'http://h').searchParams);
}

describe('diagnosisLink', () => {
  it('keeps a small input in the URL, and reading it back gives the same input', async () => {
    let saved = 0;
    const link = await diagnosisLink(small, async () => `id${++saved}`);
    expect(saved).toBe(0);
    expect(link.startsWith('/diagnose?')).toBe(true);
    expect(readLink(params(link))).toEqual({ kind: 'inline', input: small });
  });

  it('saves a large input and puts only its id and the scan in the URL', async () => {
    const big = { ...small, errorText: 'Warning Failed kubelet 403 Forbidden\n'.repeat(200) };
    expect(inputQuery(big).length).toBeGreaterThan(MAX_INLINE_QUERY);
    const stored: LinkInput[] = [];
    const link = await diagnosisLink(big, async (i) => {
      stored.push(i);
      return 'AbCdEfGhIjKlMnOpQrStUv';
    });
    expect(stored).toEqual([big]);
    expect(link).toBe('/diagnose?d=AbCdEfGhIjKlMnOpQrStUv&scan=demo');
    expect(readLink(params(link))).toEqual({ kind: 'saved', id: 'AbCdEfGhIjKlMnOpQrStUv' });
  });

  it('names no input when the URL carries no error text', () => {
    expect(readLink({ image: 'x' })).toEqual({ kind: 'none' });
    expect(readLink({ text: '   ' })).toEqual({ kind: 'none' });
  });
});
