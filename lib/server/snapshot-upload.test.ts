import { describe, expect, it } from 'vitest';
import { readSnapshotUpload } from './snapshot-upload';

const url = 'http://127.0.0.1/api/snapshots';

describe('readSnapshotUpload', () => {
  it('reads the "file" field of a multipart form, keeping only the base name', async () => {
    const form = new FormData();
    form.set('file', new File(['{"scenario":1}'], 'C:\\Users\\me\\acme.json', { type: 'application/json' }));
    const r = await readSnapshotUpload(new Request(url, { method: 'POST', body: form }));
    expect(r).toEqual({ ok: true, text: '{"scenario":1}', fileName: 'acme.json' });
  });

  it('reads a raw JSON body named by x-file-name', async () => {
    const r = await readSnapshotUpload(new Request(url, { method: 'POST', body: '{"scenario":1}', headers: { 'content-type': 'application/json', 'x-file-name': 'snap.json' } }));
    expect(r).toEqual({ ok: true, text: '{"scenario":1}', fileName: 'snap.json' });
  });

  it('answers 413 with the limit when the body is too large, whatever Content-Length says', async () => {
    const big = 'x'.repeat(2048);
    const r = await readSnapshotUpload(new Request(url, { method: 'POST', body: big }), 1024);
    expect(r).toEqual({ ok: false, status: 413, message: expect.stringMatching(/larger than 1 kB/) });
    const declared = await readSnapshotUpload(new Request(url, { method: 'POST', body: 'x', headers: { 'content-length': '99999999' } }), 1024);
    expect(declared.ok === false && declared.status).toBe(413);
  });

  it('answers 400 for a form without a file and for an empty body', async () => {
    const form = new FormData();
    form.set('other', 'x');
    const r = await readSnapshotUpload(new Request(url, { method: 'POST', body: form }));
    expect(r).toEqual({ ok: false, status: 400, message: expect.stringMatching(/field "file"/) });
    const empty = await readSnapshotUpload(new Request(url, { method: 'POST' }));
    expect(empty.ok === false && empty.status).toBe(400);
  });
});
