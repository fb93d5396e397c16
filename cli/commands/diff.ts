/** `pullcheck diff A B [--format text|json]`: what changed between two stored scans of one scope. */
import { parse } from '../args';
import { EXIT, UsageError, type Io } from '../io';
import { loadStoredScan, openCliStore } from '../store-session';
import { diffScans, driftText } from '../../lib/drift/drift';

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('diff', argv, { format: { type: 'string', default: 'text' } }, true);
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`diff: --format must be text or json, not "${format}"`);
  if (positionals.length !== 2) throw new UsageError('diff: give two stored scan ids: pullcheck diff OLDER NEWER');
  const store = await openCliStore(io);
  try {
    const [a, b] = [await loadStoredScan(store, positionals[0], 'diff'), await loadStoredScan(store, positionals[1], 'diff')];
    if (a.meta.scopeKey !== b.meta.scopeKey) {
      throw new UsageError(`diff: the scans are of different scopes ("${a.meta.scopeKey}" and "${b.meta.scopeKey}"); compare two scans of one scope`);
    }
    const drift = diffScans({ id: a.meta.id, ...a.payload }, { id: b.meta.id, ...b.payload });
    io.stdout(format === 'json' ? `${JSON.stringify(drift, null, 2)}\n` : driftText(drift));
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
