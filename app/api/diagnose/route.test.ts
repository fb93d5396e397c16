import { describe, expect, it, vi } from 'vitest';

vi.mock('@/lib/server/load-scan', () => ({ loadScan: async () => ({ kind: 'none' }) }));
const { POST } = await import('./route');

/** A body streamed in chunks, with no Content-Length header. */
function chunked(text: string, chunk = 64 * 1024): Request {
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (at >= text.length) return c.close();
      c.enqueue(new TextEncoder().encode(text.slice(at, (at += chunk))));
    },
  });
  return new Request('http://127.0.0.1/api/diagnose', { method: 'POST', body, headers: { 'content-type': 'application/json' }, duplex: 'half' } as RequestInit);
}

describe('POST /api/diagnose', () => {
  it('answers 413 for a body over the limit even without Content-Length', async () => {
    const res = await POST(chunked(JSON.stringify({ image: 'x', errorText: 'e'.repeat(1_000_000) })));
    expect(res.status).toBe(413);
    expect((await res.json()).field).toBe('errorText');
  });
  it('answers 400 for a body that is not JSON', async () => {
    const res = await POST(chunked('{"image":'));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('The request body is not valid JSON.');
  });
});
