import 'server-only';
/** The server's scan store, opened once per process from the environment (DATABASE_URL or PULLCHECK_DATA_DIR). */
import { storeConfig, type StoreConfig } from '@/lib/store/config';
import { openStore } from '@/lib/store/open';
import type { ScanStore } from '@/lib/store/types';

const g = globalThis as unknown as { __pullcheckStore?: Promise<ScanStore>; __pullcheckStoreConfig?: StoreConfig };

export function serverStoreConfig(): StoreConfig {
  return (g.__pullcheckStoreConfig ??= storeConfig(process.env));
}

/** The store; a failure to open it (damaged files, a newer schema, an unreachable server) is reported each time it is asked for. */
export function getStore(): Promise<ScanStore> {
  if (!g.__pullcheckStore) {
    const p = openStore(serverStoreConfig().location);
    g.__pullcheckStore = p;
    p.catch((err: unknown) => {
      console.error(`pullcheck: ${err instanceof Error ? err.message : String(err)}`);
      if (g.__pullcheckStore === p) g.__pullcheckStore = undefined;
    });
  }
  return g.__pullcheckStore;
}

/** Tests: use this store instead of the configured one. */
export function setStoreForTests(store: ScanStore | null): void {
  g.__pullcheckStore = store ? Promise.resolve(store) : undefined;
}
