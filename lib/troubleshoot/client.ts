/**
 * Asking Google: Policy Troubleshooter v3 (`iam.troubleshoot`) for one principal, one repository and the download
 * permission, through the googleapis deep import and the same call path as every other read (lib/gcp/call.ts:
 * bounded concurrency, timeout, retries, gaps). https://cloud.google.com/policy-intelligence/docs/troubleshoot-access
 */
import { policytroubleshooter_v3 } from 'googleapis/build/src/apis/policytroubleshooter/v3';
import type { Gap } from '../inventory/raw';
import { Caller, DEFAULT_TUNING, type CallTuning } from '../gcp/call';
import { makeAuth } from '../gcp/clients';
import type { GcpConfig } from '../gcp/config';
import { DOWNLOAD_PERMISSION } from '../inventory/predefined-roles';
import { condense } from './explain';

export type TroubleshootResponse = policytroubleshooter_v3.Schema$GoogleCloudPolicytroubleshooterIamV3TroubleshootIamPolicyResponse;

/** Google's answer in the words the scenario format and the agreement table use. */
export type GoogleAccess = 'GRANTED' | 'NOT_GRANTED' | 'UNKNOWN_CONDITIONAL' | 'UNKNOWN_INFO';

/** One triple asked of Google. */
export interface AccessQuestion {
  /** The node service account's email. */
  serviceAccount: string;
  /** projects/P/locations/L/repositories/R */
  repository: string;
  /** When Pullcheck judged the pair (conditions on request.time are evaluated at that moment), ISO 8601. */
  at: string | null;
}

/** What Google answered, or the gap when it would not. */
export type GoogleAnswer =
  | { ok: true; access: GoogleAccess; overallAccessState: string; explanation: string[] }
  | { ok: false; gap: Gap };

/** The full resource name Policy Troubleshooter takes for a repository. */
export function repositoryFullName(repository: string): string {
  return `//artifactregistry.googleapis.com/${repository}`;
}

/** overallAccessState → the table's words; UNSPECIFIED or anything new counts as UNKNOWN_INFO. */
export function accessOf(overall: string | null | undefined): GoogleAccess {
  switch (overall) {
    case 'CAN_ACCESS':
      return 'GRANTED';
    case 'CANNOT_ACCESS':
      return 'NOT_GRANTED';
    case 'UNKNOWN_CONDITIONAL':
      return 'UNKNOWN_CONDITIONAL';
    default:
      return 'UNKNOWN_INFO';
  }
}

/** The troubleshooter client, pointed at the emulator when apiRoot is set; googleapis' own retry is off (the Caller retries). */
export function makeTroubleshooterClient(config: GcpConfig): policytroubleshooter_v3.Policytroubleshooter {
  return new policytroubleshooter_v3.Policytroubleshooter({
    auth: makeAuth(config),
    retry: false,
    ...(config.apiRoot ? { rootUrl: `${config.apiRoot}/` } : {}),
    ...(config.quotaProject ? { headers: { 'x-goog-user-project': config.quotaProject } } : {}),
  });
}

/**
 * The troubleshooter's quota is not documented; Pullcheck keeps at most this many questions in flight and waits out
 * 429s (Retry-After) through the Caller.
 */
export const TROUBLESHOOT_CONCURRENCY = 4;

/** Asks Google questions over one Caller (memoized per triple, gaps collected). */
export class GoogleAsker {
  readonly caller: Caller;
  private readonly client: policytroubleshooter_v3.Policytroubleshooter;

  constructor(config: GcpConfig, opts: { signal?: AbortSignal; tuning?: Partial<CallTuning>; client?: policytroubleshooter_v3.Policytroubleshooter; concurrency?: number } = {}) {
    this.client = opts.client ?? makeTroubleshooterClient(config);
    this.caller = new Caller(
      { concurrency: Math.min(config.concurrency, opts.concurrency ?? TROUBLESHOOT_CONCURRENCY), timeoutMs: config.timeoutMs, maxRetries: config.maxRetries },
      { ...DEFAULT_TUNING, ...opts.tuning },
      opts.signal,
    );
  }

  /** One question; a refusal or a failure that outlasts the retries is a gap, never an exception. */
  async ask(q: AccessQuestion): Promise<GoogleAnswer> {
    const fullResourceName = repositoryFullName(q.repository);
    const accessTuple: policytroubleshooter_v3.Schema$GoogleCloudPolicytroubleshooterIamV3AccessTuple = {
      principal: q.serviceAccount,
      fullResourceName,
      permission: DOWNLOAD_PERMISSION,
    };
    // The moment Pullcheck judged: a condition on request.time is weighed at the same instant on both sides.
    if (q.at) accessTuple.conditionContext = { request: { receiveTime: q.at } };
    const o = await this.caller.call<TroubleshootResponse>({
      api: 'policytroubleshooter',
      method: 'iam.troubleshoot',
      resource: fullResourceName,
      keySuffix: `${q.serviceAccount} ${q.at ?? ''}`,
      request: 'POST /v3/iam:troubleshoot',
      run: (signal) => this.client.iam.troubleshoot({ requestBody: { accessTuple } }, { signal }),
    });
    if (!o.ok) {
      const gap = this.caller.gaps.find((g) => g.id === o.gapId);
      return {
        ok: false,
        gap: gap ?? { id: o.gapId ?? 'gap-unknown', api: 'policytroubleshooter', method: 'iam.troubleshoot', resource: fullResourceName, request: 'POST /v3/iam:troubleshoot', status: o.status, reason: 'UNKNOWN', permission: null, message: `Policy Troubleshooter did not answer for ${fullResourceName}.` },
      };
    }
    const r = o.value;
    return { ok: true, access: accessOf(r.overallAccessState), overallAccessState: r.overallAccessState ?? 'OVERALL_ACCESS_STATE_UNSPECIFIED', explanation: condense(r) };
  }

  /** Every gap the troubleshooter calls left. */
  get gaps(): Gap[] {
    return this.caller.gaps;
  }
}
