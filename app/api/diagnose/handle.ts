/** The Diagnose route's logic: validate the request, find the scan, run `diagnose` on its inventory. */
import { z } from 'zod';
import type { Inventory } from '@/lib/inventory/types';
import { diagnose, type Diagnosis } from '@/lib/diagnose/diagnose';
import { parseImageRef } from '@/lib/diagnose/image-ref';
import { preparePaste, readPaste } from '@/lib/diagnose/paste';
import { diagnosisLink, type LinkInput } from '@/app/diagnose/_lib/diagnosis-link';

/** Largest pasted error text accepted (a whole `kubectl describe pod` is a few kilobytes). */
export const MAX_ERROR_TEXT = 200_000;

/** The request body of POST /api/diagnose. */
export const DiagnoseRequest = z.strictObject({
  image: z.string({ error: 'must be a string' }).max(2048, { error: 'is longer than 2048 characters' }).default(''),
  errorText: z
    .string({ error: 'must be a string' })
    .max(MAX_ERROR_TEXT, { error: `is longer than ${MAX_ERROR_TEXT} characters; paste only the pod's events` }),
  cluster: z.string({ error: 'must be a string' }).max(1024).nullish(),
  nodePool: z.string({ error: 'must be a string' }).max(1024).nullish(),
  scan: z.string({ error: 'must be a string' }).max(200).nullish(),
});

/** The form fields a validation error can point at. */
export type DiagnoseField = 'image' | 'errorText' | 'cluster' | 'nodePool' | 'scan' | null;

/** An error answer: a sentence and the field it is about. */
export interface DiagnoseErrorBody {
  error: string;
  field: DiagnoseField;
}

/** A success answer: the diagnosis and the scan it was made against. */
export interface DiagnoseOkBody {
  diagnosis: Diagnosis;
  scan: { id: string; label: string };
  /** The diagnosis's URL (path and query) when the caller can save inputs: reopening it shows the same diagnosis. */
  link?: string;
}

/** What the route needs of a scan. */
export type ScanForDiagnose =
  | { kind: 'ready'; id: string; label: string; inventory: Inventory }
  | { kind: 'none' }
  | { kind: 'unknown-id'; id: string }
  | { kind: 'running'; id: string; label: string }
  | { kind: 'failed'; id: string; label: string; error: string | null; status: 'failed' | 'cancelled' };

const FIELD_NAMES: Record<string, string> = {
  image: 'Image',
  errorText: 'Error text',
  cluster: 'Cluster',
  nodePool: 'Node pool',
  scan: 'Scan',
};

function fail(status: number, error: string, field: DiagnoseField = null): { status: number; body: DiagnoseErrorBody } {
  return { status, body: { error, field } };
}

/** Validates a request body and diagnoses it against the scan `load` returns; never throws for bad input. */
export async function handleDiagnose(
  body: unknown,
  load: (scanId: string | null) => Promise<ScanForDiagnose>,
  save?: (input: LinkInput) => Promise<string>,
): Promise<{ status: number; body: DiagnoseOkBody | DiagnoseErrorBody }> {
  const parsed = DiagnoseRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : String(issue.path[0] ?? '');
    if (issue.code === 'unrecognized_keys') return fail(400, `Unknown field "${key}" in the request.`, null);
    if (!key) return fail(400, 'The request body must be a JSON object with image and errorText.', null);
    const field = (key in FIELD_NAMES ? key : null) as DiagnoseField;
    const missing = typeof body === 'object' && body !== null && !Array.isArray(body) && !(key in body);
    const what = missing ? 'is required' : issue.message;
    return fail(400, `${FIELD_NAMES[key] ?? key} ${what}.`, field);
  }
  const input = parsed.data;
  const errorText = input.errorText;
  if (errorText.trim() === '') {
    return fail(400, 'Error text is empty: paste the output of kubectl describe pod or kubectl get events.', 'errorText');
  }
  // The image the user gave wins; else the image or the Artifact Registry repository the error names.
  const image = input.image.trim();
  const prepared = preparePaste(errorText);
  if (image) {
    const ref = parseImageRef(image);
    if (!ref.ok) return fail(400, ref.error, 'image');
  } else {
    const facts = readPaste(prepared);
    if (!facts.image && !facts.repository) {
      return fail(
        400,
        'Image is required: enter the failing image reference (LOCATION-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE:TAG), or paste an error that names it.',
        'image',
      );
    }
    if (facts.image && !facts.repository) {
      const ref = parseImageRef(facts.image);
      if (!ref.ok) return fail(400, `The error names the image ${facts.image.slice(0, 200)}, which cannot be read: ${ref.error}`, 'image');
    }
  }

  const cluster = input.cluster?.trim() || null;
  const nodePool = input.nodePool?.trim() || null;
  if (nodePool && !cluster) return fail(400, 'Node pool needs its cluster: choose the cluster too.', 'nodePool');

  const scan = await load(input.scan?.trim() || null);
  switch (scan.kind) {
    case 'none':
      return fail(409, 'Nothing has been scanned yet: start a scan first, then diagnose against it.', null);
    case 'unknown-id':
      return fail(404, `Scan ${scan.id} is not in this server's scan store (never stored here, or pruned as the oldest): choose another scan or start a new one.`, 'scan');
    case 'running':
      return fail(409, `The scan of ${scan.label} is still running: try again when it has finished.`, null);
    case 'failed':
      return fail(409, `The scan of ${scan.label} ${scan.status === 'cancelled' ? 'was cancelled' : 'failed'}: start a new one.`, null);
  }
  const inv = scan.inventory;
  if (cluster) {
    const c = inv.clusters.find((x) => x.name === cluster);
    if (!c) return fail(400, `Cluster ${cluster} is not in the scan of ${scan.label}.`, 'cluster');
    if (nodePool && !inv.nodePools.some((p) => p.cluster === c.name && (p.name === nodePool || p.shortName === nodePool))) {
      return fail(400, `Node pool ${nodePool} is not a node pool of cluster ${c.shortName}.`, 'nodePool');
    }
  }
  const diagnosis = diagnose(inv, { image, errorText, cluster, nodePool, prepared });
  const ok: DiagnoseOkBody = { diagnosis, scan: { id: scan.id, label: scan.label } };
  // The link names the scan judged, so it reopens the same diagnosis after newer scans.
  if (save) ok.link = await diagnosisLink({ image, errorText, cluster, nodePool, scan: scan.id }, save);
  return { status: 200, body: ok };
}
