import 'server-only';
/** What the dashboard's scans know about intent: workloads from the scan, and the expectations file named by PULLCHECK_EXPECT. */
import path from 'node:path';
import { loadExpectationsFile } from '@/lib/intent/expectations';
import type { IntentSources } from '@/lib/intent/in-use';
import { imageUses, type Workload } from '@/lib/workloads/assets';

/** Workload images, plus the declared expectations when PULLCHECK_EXPECT names a file (an invalid file fails the scan with its located errors). */
export async function intentSources(workloads: Workload[], env: NodeJS.ProcessEnv = process.env): Promise<IntentSources> {
  const file = env.PULLCHECK_EXPECT?.trim();
  const expectations = file ? await loadExpectationsFile(path.resolve(file), file) : undefined;
  return { workloads: imageUses(workloads), ...(expectations ? { expectations } : {}) };
}
