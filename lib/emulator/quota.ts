/** Per-minute request quotas, answered past the limit with 429 RESOURCE_EXHAUSTED as Google does. */
import type { ApiName } from './routes';

/** Requests per minute per API; `scope` says whether Google counts per project called or per consumer (caller) project. */
export interface QuotaOptions {
  perMinute: Partial<Record<ApiName, number>>;
  scope?: Partial<Record<ApiName, 'project' | 'consumer'>>;
  /**
   * Requests per minute per consumer project for one method's own quota metric, keyed "api/Metric"
   * (e.g. "cloudasset/ListAssets"): Cloud Asset Inventory counts ListAssets, SearchAllResources and
   * SearchAllIamPolicies apart (Cloud Asset Inventory, "Quotas and limits").
   */
  perMethod?: Record<string, number>;
}

/** Cloud Asset Inventory's documented defaults per consumer project per minute ("Quotas and limits"). */
export const CLOUD_ASSET_QUOTAS: Record<string, number> = {
  'cloudasset/ListAssets': 100,
  'cloudasset/SearchAllResources': 400,
  'cloudasset/SearchAllIamPolicies': 400,
};

/** Where Google charges each API's read quota (api-quotas.md). */
const DEFAULT_SCOPE: Record<ApiName, 'project' | 'consumer'> = {
  container: 'project',
  artifactregistry: 'project',
  iam: 'project',
  compute: 'project',
  cloudresourcemanager: 'consumer',
  cloudidentity: 'consumer',
  serviceusage: 'consumer',
  policytroubleshooter: 'consumer',
  cloudasset: 'consumer',
  accesscontextmanager: 'consumer',
  // Cloud Logging: entries.list 60 per minute per project ("Quotas and limits"), charged to the project read.
  logging: 'project',
};

/** The outcome of charging one request. */
export type QuotaCheck = { ok: true } | { ok: false; retryAfterSeconds: number; limit: number; key: string };

/** Fixed 60-second windows per API and (for per-project quotas) per project. */
export class QuotaKeeper {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly opts: QuotaOptions,
    private readonly now: () => number,
  ) {}

  /** Charges one request to `api` (and `project` when that API counts per project), and to the method's own metric. */
  charge(api: ApiName, project: string | null, metric?: string): QuotaCheck {
    const own = metric ? this.opts.perMethod?.[`${api}/${metric}`] : undefined;
    if (own !== undefined) {
      const m = this.take(`${api}/${metric}:consumer`, own);
      if (!m.ok) return m;
    }
    const limit = this.opts.perMinute[api];
    if (limit === undefined) return { ok: true };
    const scope = this.opts.scope?.[api] ?? DEFAULT_SCOPE[api];
    const key = scope === 'project' && project ? `${api}:projects/${project}` : `${api}:consumer`;
    return this.take(key, limit);
  }

  private take(key: string, limit: number): QuotaCheck {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= 60_000) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
    }
    if (w.count >= limit) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((w.start + 60_000 - t) / 1000)), limit, key };
    w.count++;
    return { ok: true };
  }
}
