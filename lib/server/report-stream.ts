/**
 * A scan's JSON report as a gzip-compressed byte stream, produced piece by piece as the client reads: the
 * report is never one string (a 1,000 × 1,000 estate's report is larger than a JavaScript string may be).
 */
import type { Report } from '@/lib/readiness/types';
import { reportJsonChunks } from '@/lib/scan/report-json';

/** Text gathered before each hand-off to the compressor. */
const PIECE = 64 * 1024;

/** The report's JSON as UTF-8 bytes, pulled on demand (back-pressure: nothing is produced the client has not asked for). */
export function reportJsonStream(report: Report): ReadableStream<Uint8Array> {
  const chunks = reportJsonChunks(report);
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        let buf = '';
        while (buf.length < PIECE) {
          const next = chunks.next();
          if (next.done) {
            if (buf) controller.enqueue(enc.encode(buf));
            controller.close();
            return;
          }
          buf += next.value;
        }
        controller.enqueue(enc.encode(buf));
      },
      cancel() {
        chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

/** The report's JSON, gzip-compressed. */
export function gzipReportStream(report: Report): ReadableStream<Uint8Array> {
  return reportJsonStream(report).pipeThrough(new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>);
}
