import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { CollectionLine } from './collection-line';

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');

describe('CollectionLine', () => {
  it('names Cloud Asset Inventory and the assets’ read time', () => {
    const html = renderToStaticMarkup(<CollectionLine collection={{ source: 'asset-inventory', requested: 'auto', assetsReadTime: '2026-11-30T21:04:05.123Z', lists: 1234, listsWithGaps: 2 }} />);
    expect(text(html)).toBe('Read through Cloud Asset Inventory, assets as of 2026-11-30 21:04 UTC; per-resource API calls for what it does not hold · 1,234 lists read, 2 with gaps.');
    expect(html).toContain('<time dateTime="2026-11-30T21:04:05.123Z">');
    expect(html).not.toContain('Warning');
  });

  it('names per-resource calls and warns of a fallback, escaping its message', () => {
    const html = renderToStaticMarkup(
      <CollectionLine collection={{ source: 'api', requested: 'auto', lists: 1, listsWithGaps: 0, fallback: { gapId: 'g1', message: 'Cloud Asset Inventory could not be read (403 <b>denied</b>)' } }} />,
    );
    expect(text(html)).toContain('Read through per-resource API calls · 1 list read.');
    expect(html).toContain('role="note"');
    expect(html).toContain('Warning: Cloud Asset Inventory could not be read (403 &lt;b&gt;denied&lt;/b&gt;)');
  });

  it('says a forced source, and renders nothing when the scan does not say', () => {
    expect(text(renderToStaticMarkup(<CollectionLine collection={{ source: 'api', requested: 'api', lists: 0, listsWithGaps: 0 }} />))).toContain('(source chosen for this scan)');
    expect(renderToStaticMarkup(<CollectionLine collection={undefined} />)).toBe('');
  });
});
