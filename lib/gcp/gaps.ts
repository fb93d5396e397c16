/** Turning a Google API failure into a Gap a person can act on. */
import { createHash } from 'node:crypto';
import type { Gap } from '../inventory/raw';

import { methodPermission, SERVICES, type ApiName } from './permissions';
import { shellCommand } from '../safe/quote';

export type { ApiName } from './permissions';
export { permissionFor } from './permissions';

/** The service name ("container.googleapis.com") of an API. */
export function serviceOf(api: ApiName): string {
  return SERVICES[api].service;
}

/** "gap-" + a short stable hash of method and resource. */
export function gapId(method: string, resource: string): string {
  return `gap-${createHash('sha256').update(`${method} ${resource}`).digest('hex').slice(0, 12)}`;
}

/** How a call ended without a usable answer. */
export type Failure =
  | {
      kind: 'http';
      status: number;
      reason: string;
      googleMessage: string;
      service: string | null;
      /** ErrorInfo metadata.consumer ("projects/NUMBER"): the project Google charged the call to (the quota project). */
      consumer?: string | null;
      /** The answer says the resource may not exist ("(or it may not exist)", or a Cloud Identity ResourceInfo 403). */
      mayNotExist?: boolean;
      attempts: number;
    }
  | { kind: 'timeout'; timeoutMs: number; attempts: number }
  | { kind: 'network'; detail: string; attempts: number };

/** Where a call went and what it was for. */
export interface CallTarget {
  api: ApiName;
  method: string;
  resource: string;
  /** "GET /v1/..." without the query string. */
  request: string;
}

const projectOf = (resource: string) => /^projects\/([^/]+)/.exec(resource)?.[1] ?? null;

/** What a gap message may know about the quota project (from the preflight). */
export interface GapContext {
  quotaProject?: { id: string; number: string | null } | null;
  /** Project id → number, for the projects read so far. */
  projectNumbers?: Record<string, string>;
}

/** The project id or number a consumer names ("projects/123" → "123"). */
function consumerProject(consumer: string | null | undefined): string | null {
  return consumer ? (/^projects\/([^/]+)$/.exec(consumer)?.[1] ?? null) : null;
}

/**
 * The sentence for SERVICE_DISABLED. Google checks the API on the project it charges the call to, named in
 * ErrorInfo metadata.consumer: the quota project when one is set, else the project of the resource (ErrorInfo
 * reasons, SERVICE_DISABLED). Only when the consumer is the scanned project does "disabled" mean "not used".
 */
export function serviceDisabledMessage(target: CallTarget, service: string | null, consumer: string | null | undefined, ctx: GapContext = {}): string {
  const svc = SERVICES[target.api];
  const name = service ?? svc.service;
  const resourceProject = projectOf(target.resource);
  const charged = consumerProject(consumer);
  const qp = ctx.quotaProject ?? null;
  const isQuota = !!charged && !!qp && (charged === qp.id || charged === qp.number);
  const isResource =
    !charged || (!!resourceProject && (charged === resourceProject || charged === ctx.projectNumbers?.[resourceProject]));
  if (!isQuota && isResource) {
    const where = resourceProject ? ` in project ${resourceProject}` : '';
    const enable = shellCommand(['gcloud', 'services', 'enable', name, ...(resourceProject ? [`--project=${resourceProject}`] : [])]);
    return `The ${svc.title} (${name}) is disabled${where}: a disabled API usually means the project does not use ${svc.product}; if it does, enable it with "${enable}".`;
  }
  const label = isQuota ? `the quota project ${qp!.id}${qp!.number && qp!.number !== qp!.id ? ` (${qp!.number})` : ''}` : `project ${charged}`;
  const enable = shellCommand(['gcloud', 'services', 'enable', name, `--project=${isQuota ? qp!.id : charged}`]);
  return (
    `Pullcheck could not ${methodPermission(target.api, target.method)?.what ?? `call ${target.method} on`} ${target.resource}: the ${svc.title} (${name}) is disabled on ${label}, ` +
    `the project Google charges these calls to (the quota project), not on the project being scanned; every ${svc.product} call fails until it is enabled there with "${enable}", ` +
    'or until another quota project is chosen (PULLCHECK_QUOTA_PROJECT).'
  );
}

/** Builds the Gap for a failed call. */
export function makeGap(target: CallTarget, failure: Failure, ctx: GapContext = {}): Gap {
  const info = methodPermission(target.api, target.method) ?? { permission: null, role: null, what: `call ${target.method} on` };
  const base = { id: gapId(target.method, target.resource), api: target.api, method: target.method, resource: target.resource, request: target.request };
  const head = `Pullcheck could not ${info.what} ${target.resource}`;
  const tries = failure.attempts > 1 ? ` after ${failure.attempts} attempts` : '';
  if (failure.kind === 'timeout') {
    return {
      ...base, status: null, reason: 'TIMEOUT', permission: null,
      message: `${head}: no answer within ${failure.timeoutMs} ms${tries}; a slow network or a VPC Service Controls perimeter can cause this (raise PULLCHECK_TIMEOUT_MS, or rescan).`,
    };
  }
  if (failure.kind === 'network') {
    return {
      ...base, status: null, reason: 'NETWORK_ERROR', permission: null,
      message: `${head}: no HTTP answer${tries} (${failure.detail}); check the network path to Google APIs, or rescan.`,
    };
  }
  const { status, reason } = failure;
  if (reason === 'SERVICE_DISABLED') {
    return { ...base, status, reason, permission: null, message: serviceDisabledMessage(target, failure.service, failure.consumer, ctx) };
  }
  if (reason === 'USER_PROJECT_DENIED') {
    const qp = consumerProject(failure.consumer) ?? ctx.quotaProject?.id ?? 'QUOTA_PROJECT';
    return {
      ...base, status, reason, permission: 'serviceusage.services.use',
      message: `${head}: the identity running Pullcheck may not charge calls to the quota project ${qp} (it lacks serviceusage.services.use, in roles/serviceusage.serviceUsageConsumer); grant it there, or choose another quota project with PULLCHECK_QUOTA_PROJECT.`,
    };
  }
  let message: string;
  let permission: string | null = info.permission;
  if (status === 403 && target.api === 'cloudidentity' && failure.mayNotExist) {
    message = `${head}: Cloud Identity answered 403 "permission denied (or it may not exist)", which it gives both for a group the auditor may not read (it lacks ${permission ?? 'Groups Reader'}, in ${GROUPS_READER_TEXT}) and for a group that does not exist or lives outside the organization's directory.`;
  } else if (status === 403) {
    message = permission
      ? `${head}: permission denied; the auditor likely lacks ${permission}${info.role ? ` (in ${info.role})` : ''}.`
      : `${head}: permission denied (${failure.googleMessage || reason}).`;
    if (info.undecided) message += ` Until then, ${info.undecided}.`;
  } else if (status === 404) {
    message = `${head}: not found (404); it may be outside the auditor's view${target.api === 'cloudidentity' ? ' (a group outside the organization\'s directory)' : ''}.`;
  } else if (status === 401) {
    permission = null;
    message = `${head}: the credentials were refused (401 ${reason}); renew them with "gcloud auth application-default login".`;
  } else if (status === 429) {
    permission = null;
    message = `${head}: still over quota${tries} (429 ${reason}); set a quota project (PULLCHECK_QUOTA_PROJECT or "gcloud auth application-default set-quota-project"), lower PULLCHECK_CONCURRENCY, or rescan later.`;
  } else if (status >= 500) {
    permission = null;
    message = `${head}: Google answered ${status} ${reason}${tries}; rescan later.`;
  } else {
    message = `${head}: Google answered ${status} ${reason}${failure.googleMessage ? ` (${failure.googleMessage})` : ''}.`;
  }
  return { ...base, status, reason, permission, message };
}

const GROUPS_READER_TEXT = 'the Groups Reader admin role';
