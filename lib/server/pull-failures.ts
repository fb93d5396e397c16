import 'server-only';
/** The app's way to read a cluster's recent failed pulls: the server's own configuration (live credentials, or the demo's emulator), kept in this process. */
import { readGcpConfig } from '../gcp/config';
import { readPullFailures, type ClusterFailures, type ClusterTarget } from '../gcp/collect-logs';

export type { ClusterFailures, ClusterTarget } from '../gcp/collect-logs';

/** Reads one cluster's failed pulls of the last 24 hours from Cloud Logging; a refused read comes back as the gap. */
export async function readClusterFailuresFromServer(target: ClusterTarget): Promise<ClusterFailures> {
  return (await readPullFailures([target], { config: readGcpConfig(process.env) })).clusters[0];
}
