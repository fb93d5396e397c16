import 'server-only';
/**
 * Where a diagnosis's input is kept so its URL can be reopened: `save(input) → id`, `get(id)`.
 * The app keeps them in the scan store's table; memory (a time limit and a size budget) serves tests and can
 * replace it through `setDiagnosisStore` without the page or the route changing.
 */
import { randomBytes } from 'node:crypto';
import { getStore } from './store';

/** What a diagnosis is computed from (the scan it was judged against included). */
export interface DiagnosisInput {
  image: string;
  errorText: string;
  cluster: string | null;
  nodePool: string | null;
  scan: string | null;
}

/** Saves a diagnosis input under a new id and gives it back, until it expires. */
export interface DiagnosisStore {
  save(input: DiagnosisInput): Promise<string>;
  /** null when the id is unknown or has expired. */
  get(id: string): Promise<DiagnosisInput | null>;
}

/** How long a saved diagnosis can be reopened from memory. */
export const DIAGNOSIS_TTL_MS = 24 * 60 * 60 * 1000;
/** The characters of saved input memory holds at most; the oldest entries go first. */
export const DIAGNOSIS_MEMORY_BUDGET = 20_000_000;

/** An id: 128 random bits in base64url (22 characters) from memory, or the scan store's 16-character ids. */
const ID = /^[A-Za-z0-9_-]{16,22}$/;

/** True when `id` has the shape of a diagnosis id (checked before any look-up). */
export function isDiagnosisId(id: string): boolean {
  return ID.test(id);
}

function sizeOf(i: DiagnosisInput): number {
  return i.image.length + i.errorText.length + (i.cluster?.length ?? 0) + (i.nodePool?.length ?? 0) + (i.scan?.length ?? 0);
}

/** The in-memory store: entries expire after `ttlMs`, and the oldest are dropped past `budget` characters. */
export function memoryDiagnosisStore(opts: { ttlMs?: number; budget?: number; now?: () => number } = {}): DiagnosisStore {
  const ttl = opts.ttlMs ?? DIAGNOSIS_TTL_MS;
  const budget = opts.budget ?? DIAGNOSIS_MEMORY_BUDGET;
  const now = opts.now ?? Date.now;
  // A Map keeps insertion order: the first entries are the oldest.
  const entries = new Map<string, { input: DiagnosisInput; at: number; size: number }>();
  let used = 0;
  const drop = (id: string) => {
    const e = entries.get(id);
    if (!e) return;
    used -= e.size;
    entries.delete(id);
  };
  const sweep = () => {
    const t = now();
    for (const [id, e] of entries) {
      if (t - e.at < ttl && used <= budget) break;
      drop(id);
    }
  };
  return {
    async save(input) {
      const id = randomBytes(16).toString('base64url');
      const copy: DiagnosisInput = { ...input };
      const size = sizeOf(copy);
      entries.set(id, { input: copy, at: now(), size });
      used += size;
      sweep();
      return id;
    },
    async get(id) {
      if (!isDiagnosisId(id)) return null;
      const e = entries.get(id);
      if (!e) return null;
      if (now() - e.at >= ttl) {
        drop(id);
        return null;
      }
      return { ...e.input };
    },
  };
}

const KEY = Symbol.for('pullcheck.diagnosisStore');
type Holder = { [KEY]?: DiagnosisStore };

/**
 * Diagnoses kept in the scan store (PGlite by default, Postgres with DATABASE_URL), so their links survive a
 * restart and are shared by every server on one database; they expire with the kept scans (PULLCHECK_KEEP_DAYS).
 */
export function scanStoreDiagnosisStore(): DiagnosisStore {
  return {
    async save(input) {
      const store = await getStore();
      return store.saveDiagnosis({ text: input.errorText, image: input.image, cluster: input.cluster, nodePool: input.nodePool, scanId: input.scan });
    },
    async get(id) {
      if (!isDiagnosisId(id)) return null;
      const store = await getStore();
      const d = await store.getDiagnosis(id);
      if (!d) return null;
      return { errorText: d.text, image: d.image ?? '', cluster: d.cluster ?? null, nodePool: d.nodePool ?? null, scan: d.scanId ?? null };
    },
  };
}

/** The store the app uses (one per server process): the scan store's table. */
export function diagnosisStore(): DiagnosisStore {
  const g = globalThis as Holder;
  return (g[KEY] ??= scanStoreDiagnosisStore());
}

/** Replaces the store (a database-backed one, or a test's). */
export function setDiagnosisStore(store: DiagnosisStore): void {
  (globalThis as Holder)[KEY] = store;
}
