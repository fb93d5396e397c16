/**
 * POST /api/troubleshoot: asks Policy Troubleshooter about one pair of a kept scan, with the server's credentials and
 * endpoint, and returns Google's answer beside Pullcheck's IAM step. Nothing secret goes back: the answer, a
 * condensed explanation, or the gap (call, resource, status, reason, message).
 */
import { z } from 'zod';
import type { Inventory } from '@/lib/inventory/types';
import { evaluatePair } from '@/lib/readiness/engine';
import type { AccessQuestion, GoogleAnswer } from '@/lib/troubleshoot/client';
import { agreement, pullcheckIam, verdictSentence, type Agreement, type PullcheckSide } from '@/lib/troubleshoot/compare';

/** Largest request body accepted (three names). */
export const MAX_TROUBLESHOOT_BODY = 8 * 1024;

/** The request body. */
export const TroubleshootRequest = z.strictObject({
  scan: z.string({ error: 'must be a string' }).min(1, { error: 'is required' }).max(200, { error: 'is longer than 200 characters' }),
  nodePool: z.string({ error: 'must be a string' }).min(1, { error: 'is required' }).max(1024, { error: 'is longer than 1024 characters' }),
  repository: z.string({ error: 'must be a string' }).min(1, { error: 'is required' }).max(1024, { error: 'is longer than 1024 characters' }),
});

/** What the handler needs of a scan: its inventory, when it was judged, and whether Google can be asked about it. */
export type ScanForTroubleshoot =
  | { kind: 'ready'; id: string; inventory: Inventory; scannedAt: string; askable: true }
  | { kind: 'ready'; id: string; inventory: Inventory; scannedAt: string; askable: false; why: string }
  | { kind: 'missing'; id: string }
  | { kind: 'not-done'; id: string; status: string };

/** The answer the page shows. */
export interface TroubleshootOkBody {
  pullcheck: { iam: PullcheckSide['iam']; evidence: string[] };
  google:
    | { answered: true; access: string; overallAccessState: string; explanation: string[] }
    | { answered: false; gap: { api: string; method: string; resource: string; status: number | null; reason: string; message: string } };
  agreement: Agreement;
  sentence: string;
}

type Out = { status: number; body: TroubleshootOkBody | { error: string; field: string | null } };

const fail = (status: number, error: string, field: string | null = null): Out => ({ status, body: { error, field } });

/** Validates, finds the pair in the scan, asks Google; never throws for bad input or a refused call. */
export async function handleTroubleshoot(
  body: unknown,
  load: (scanId: string) => Promise<ScanForTroubleshoot>,
  ask: (q: AccessQuestion) => Promise<GoogleAnswer>,
): Promise<Out> {
  const parsed = TroubleshootRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : null;
    const message = issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => `"${k.slice(0, 40)}"`).join(', ')}` : `${field ?? 'body'} ${issue.message}`;
    return fail(400, `The request is not valid: ${message}.`, field);
  }
  const { scan: scanId, nodePool, repository } = parsed.data;
  const scan = await load(scanId);
  if (scan.kind === 'missing') return fail(404, 'That scan is not kept any more (or never existed): scan again, then ask Google.', 'scan');
  if (scan.kind === 'not-done') return fail(409, `That scan is ${scan.status}: Google can be asked about a finished scan only.`, 'scan');
  const pool = scan.inventory.nodePools.find((p) => p.name === nodePool);
  if (!pool) return fail(404, 'That node pool is not in the scan.', 'nodePool');
  const repo = scan.inventory.repositories.find((r) => r.name === repository && r.format.toUpperCase() === 'DOCKER');
  if (!repo) return fail(404, 'That Docker repository is not in the scan.', 'repository');
  if (!scan.askable) return fail(409, scan.why, 'scan');
  const mine = pullcheckIam(evaluatePair(scan.inventory, pool.name, repo.name).checks);
  const google = await ask({ serviceAccount: pool.serviceAccount.email, repository: repo.name, at: scan.scannedAt });
  const a = agreement(mine, google);
  return {
    status: 200,
    body: {
      pullcheck: { iam: mine.iam, evidence: mine.evidence },
      google: google.ok
        ? { answered: true, access: google.access, overallAccessState: google.overallAccessState, explanation: google.explanation }
        : {
            answered: false,
            gap: { api: google.gap.api, method: google.gap.method, resource: google.gap.resource, status: google.gap.status, reason: google.gap.reason, message: google.gap.message },
          },
      agreement: a,
      sentence: verdictSentence(a, mine, google),
    },
  };
}
