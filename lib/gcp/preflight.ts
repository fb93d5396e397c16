/**
 * The preflight before any scan: can Pullcheck get a token, which quota project will be charged, is each API it
 * needs enabled there, may the caller use it. Problems are reported once, each with the command that fixes it,
 * instead of as thousands of identical gaps. Read-only: Service Usage `services.batchGet` only.
 * Sources: "Troubleshoot Application Default Credentials" (quota project, client-based APIs), Service Usage API
 * reference (`services.batchGet`), ErrorInfo reasons SERVICE_DISABLED and USER_PROJECT_DENIED.
 */
import { UserRefreshClient } from 'google-auth-library';
import { command as buildCommand, v, type Word } from '../safe/command';
import { refusalSentence } from '../safe/formats';
import { shellCommand } from '../safe/quote';
import { googleError } from './call';
import { applyQuotaProject, makeClients, type GcpClients } from './clients';
import type { GcpConfig } from './config';
import { SERVICES, type ApiName } from './permissions';

/**
 * The message and command of a problem whose command names the quota project: the ID comes from credentials or a
 * scenario, so it is checked against Google's project ID format; a value that does not match is named, not printed.
 */
function withCommand(message: string, words: readonly Word[]): { message: string; command: string | null } {
  const built = buildCommand(words);
  return built.ok ? { message, command: built.text } : { message: `${message.replace(/:$/, '.')} ${refusalSentence(built.refusals)}`, command: null };
}

/** One thing the preflight found, with the command that fixes it. */
export interface PreflightProblem {
  severity: 'error' | 'warning';
  message: string;
  /** A shell command, every argument quoted; null when there is none. */
  command: string | null;
}

/** What the preflight learned. `fatal` means the scan cannot produce anything useful. */
export interface PreflightReport {
  credentials: { ok: true } | { ok: false; detail: string };
  /** The quota project the calls will carry (x-goog-user-project), or null when none is set. */
  quotaProject: { id: string; number: string | null; source: 'PULLCHECK_QUOTA_PROJECT' | 'credentials' } | null;
  services: Array<{ api: ApiName; service: string; state: 'ENABLED' | 'DISABLED' | 'UNKNOWN' }>;
  problems: PreflightProblem[];
  fatal: boolean;
}

/** The APIs a scan calls. */
export const SCANNED_APIS: readonly ApiName[] = ['cloudresourcemanager', 'container', 'artifactregistry', 'iam', 'compute', 'cloudidentity', 'accesscontextmanager'];

/** Without these on the quota project no pair can be judged: the scan is not worth running. */
const ESSENTIAL: ReadonlySet<ApiName> = new Set<ApiName>(['cloudresourcemanager', 'container', 'artifactregistry']);

/** The preflight's failure: the scan cannot produce anything useful. */
export class PreflightError extends Error {
  constructor(readonly report: PreflightReport) {
    super(formatPreflight(report));
    this.name = 'PreflightError';
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** The shortest wait for a token, whatever PULLCHECK_TIMEOUT_MS says. */
const TOKEN_TIMEOUT_FLOOR_MS = 10_000;

const memo = new WeakMap<GcpConfig, Promise<PreflightReport>>();

/** The preflight of one configuration, run once however many times it is asked for (CLI and collector share it). */
export function preflight(config: GcpConfig, opts: { clients?: GcpClients } = {}): Promise<PreflightReport> {
  let p = memo.get(config);
  if (!p) {
    p = runPreflight(config, opts.clients ?? makeClients(config));
    memo.set(config, p);
  }
  return p;
}

/** Runs the preflight checks (uncached). */
export async function runPreflight(config: GcpConfig, clients: GcpClients): Promise<PreflightReport> {
  const report: PreflightReport = { credentials: { ok: true }, quotaProject: null, services: [], problems: [], fatal: false };
  try {
    // The token endpoint is not a scan call: a tight per-call timeout (PULLCHECK_TIMEOUT_MS) must not fail the login.
    await withTimeout(clients.auth.getAccessToken(), Math.max(config.timeoutMs, TOKEN_TIMEOUT_FLOOR_MS), 'the token endpoint');
  } catch (err) {
    const msg = (err instanceof Error ? err.message : String(err)).split('\n')[0].replace(/\.$/, '');
    const where = config.credentialsFile ? ` from ${config.credentialsFile}` : ' (Application Default Credentials)';
    report.credentials = { ok: false, detail: msg };
    report.fatal = true;
    report.problems.push({
      severity: 'error',
      message: `could not get a Google access token${where}: ${msg}. Log in, or set GOOGLE_APPLICATION_CREDENTIALS to a credentials file.`,
      command: shellCommand(['gcloud', 'auth', 'application-default', 'login']),
    });
    return report;
  }
  let id: string | null = null;
  let userCredentials = false;
  try {
    id = await applyQuotaProject(clients.auth, config);
    userCredentials = (await clients.auth.getClient()) instanceof UserRefreshClient;
  } catch {
    id = config.quotaProject;
  }
  if (!id) {
    if (userCredentials) {
      report.problems.push({
        severity: 'warning',
        message:
          "no quota project is set: user credentials are then charged to gcloud's own client project, where some APIs (Cloud Identity among them) are disabled; set one with PULLCHECK_QUOTA_PROJECT or:",
        command: shellCommand(['gcloud', 'auth', 'application-default', 'set-quota-project', 'QUOTA_PROJECT_ID']),
      });
    }
    return report;
  }
  report.quotaProject = { id, number: null, source: config.quotaProject ? 'PULLCHECK_QUOTA_PROJECT' : 'credentials' };
  const parent = `projects/${id}`;
  try {
    const res = await withTimeout(
      clients.serviceusage.services.batchGet({ parent, names: SCANNED_APIS.map((a) => `${parent}/services/${SERVICES[a].service}`) }),
      config.timeoutMs,
      'Service Usage',
    );
    const states = new Map<string, string>();
    for (const s of res.data.services ?? []) {
      const name = s.config?.name ?? s.name?.split('/').pop();
      if (name) states.set(name, s.state ?? 'STATE_UNSPECIFIED');
      const num = /^projects\/(\d+)/.exec(s.parent ?? s.name ?? '')?.[1];
      if (num) report.quotaProject.number = num;
    }
    for (const api of SCANNED_APIS) {
      const service = SERVICES[api].service;
      const state = states.get(service);
      const known = state === 'ENABLED' || state === 'DISABLED' ? state : 'UNKNOWN';
      report.services.push({ api, service, state: known });
      if (known !== 'DISABLED') continue;
      const essential = ESSENTIAL.has(api);
      if (essential) report.fatal = true;
      report.problems.push({
        severity: essential ? 'error' : 'warning',
        ...withCommand(
          `the ${SERVICES[api].title} (${service}) is disabled on the quota project ${id}: every ${SERVICES[api].product} call of the scan would fail${
            essential ? '' : ', leaving the checks that need it undecided'
          }; enable it there (or choose another quota project):`,
          ['gcloud', 'services', 'enable', service, ['--project=', v('projectId', id)]],
        ),
      });
    }
  } catch (err) {
    const e = err as { response?: { status?: number; data?: unknown }; message?: string };
    const g = googleError(e.response?.data);
    if (g.reason === 'USER_PROJECT_DENIED') {
      report.fatal = true;
      report.problems.push({
        severity: 'error',
        ...withCommand(
          `the identity running Pullcheck may not use the quota project ${id} (it lacks serviceusage.services.use there), so Google refuses every call; grant it roles/serviceusage.serviceUsageConsumer on ${id}, or choose another quota project:`,
          ['gcloud', 'projects', 'add-iam-policy-binding', v('projectId', id), '--member=user:AUDITOR_EMAIL', '--role=roles/serviceusage.serviceUsageConsumer'],
        ),
      });
    } else if (g.reason === 'SERVICE_DISABLED' && (g.service ?? '').startsWith('serviceusage.')) {
      report.problems.push({
        severity: 'warning',
        ...withCommand(`could not check which APIs are enabled on the quota project ${id}: the Service Usage API is disabled there; enable it:`, [
          'gcloud', 'services', 'enable', 'serviceusage.googleapis.com', ['--project=', v('projectId', id)],
        ]),
      });
    } else {
      const status = e.response?.status;
      report.problems.push({
        severity: 'warning',
        message: `could not check which APIs are enabled on the quota project ${id} (${status ? `HTTP ${status} ${g.reason ?? g.status ?? ''}`.trim() : (e.message ?? 'no answer').split('\n')[0]}); the identity running Pullcheck needs serviceusage.services.get there (in roles/serviceusage.serviceUsageConsumer).`,
        command: null,
      });
    }
  }
  return report;
}

/** The report as stderr lines, printed once before the scan; empty when there is nothing to say. */
export function formatPreflight(r: PreflightReport): string {
  if (!r.problems.length) return '';
  const lines = r.problems.map((p) => `${p.severity}: ${p.message}${p.command ? `\n    ${p.command}` : ''}`);
  if (r.fatal) lines.push('The scan cannot produce a useful answer until this is fixed.');
  return `${lines.join('\n')}\n`;
}
