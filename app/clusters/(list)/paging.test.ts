import { describe, expect, it } from 'vitest';
import { pageHref, paginate, readPage } from './paging';

describe('list paging', () => {
  const items = Array.from({ length: 45 }, (_, i) => `c${i + 1}`);

  it('cuts a list into pages and says which items a page holds', () => {
    expect(paginate(items, 1, 20)).toMatchObject({ page: 1, pages: 3, from: 1, to: 20, total: 45 });
    const last = paginate(items, 3, 20);
    expect(last.items).toEqual(['c41', 'c42', 'c43', 'c44', 'c45']);
    expect([last.from, last.to]).toEqual([41, 45]);
  });

  it('clamps a page past the end (a filter shrank the list) and an empty list to page 1 of 1', () => {
    expect(paginate(items, 9, 20)).toMatchObject({ page: 3, from: 41 });
    expect(paginate([], 4, 20)).toMatchObject({ items: [], page: 1, pages: 1, from: 0, to: 0, total: 0 });
  });

  it('reads only plain page numbers from the URL', () => {
    expect(readPage({ page: '3' })).toBe(3);
    expect(readPage({ page: ['2', '5'] })).toBe(2);
    for (const bad of ['0', '-3', 'abc', '1e3', '2.5', '99999999999', '']) expect(readPage({ page: bad }), bad).toBe(1);
    expect(readPage({})).toBe(1);
  });

  it('links to another page keeping the scan and the filters, leaving page 1 out', () => {
    const sp = { scan: 's 1', project: 'a&b', q: '', page: '4' };
    expect(pageHref('/clusters', sp, 5)).toBe('/clusters?scan=s+1&project=a%26b&page=5');
    expect(pageHref('/clusters', sp, 1)).toBe('/clusters?scan=s+1&project=a%26b');
    expect(pageHref('/repositories', {}, 1)).toBe('/repositories');
  });
});
