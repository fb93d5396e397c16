import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Scope } from '../lib/inventory/raw';
import type { SourceChoice } from '../lib/gcp/collect';
import { UsageError } from './io';

/** The SCOPE options every scanning command accepts (README, "The CLI"). */
export const scopeOptions = {
  projects: { type: 'string' },
  folder: { type: 'string' },
  organization: { type: 'string' },
  'all-projects': { type: 'boolean' },
  scenario: { type: 'string' },
  source: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** Parses argv strictly; an unknown flag or a missing value is a UsageError naming it. */
export function parse<O extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  argv: string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new UsageError(`${command}: ${msg.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
}

export interface ScopeArgs {
  scope: Scope;
  /** Absolute path of the scenario file when the scope is --scenario. */
  scenarioFile: string | null;
  /** --source api|asset-inventory; `auto` when not given (Cloud Asset Inventory for --organization and --folder). */
  source?: SourceChoice;
}

/** --source: api (a call per resource) or asset-inventory (Cloud Asset Inventory); absent = auto. */
function sourceFrom(command: string, value: unknown, kind: Scope['kind']): SourceChoice {
  if (value === undefined) return 'auto';
  const v = String(value);
  if (v !== 'api' && v !== 'asset-inventory') throw new UsageError(`${command}: --source must be api or asset-inventory, not "${v.slice(0, 60)}"`);
  if (v === 'asset-inventory' && (kind === 'all-projects' || kind === 'scenario')) {
    throw new UsageError(`${command}: --source asset-inventory lists the assets of an organization, a folder or projects: use --organization ID, --folder ID or --projects a,b,c`);
  }
  return v;
}

/** Exactly one SCOPE option must be given. */
export function scopeFrom(command: string, values: Record<string, unknown>, cwd: string): ScopeArgs {
  const given = (['projects', 'folder', 'organization', 'all-projects', 'scenario'] as const).filter(
    (k) => values[k] !== undefined && values[k] !== false,
  );
  if (given.length === 0) {
    throw new UsageError(
      `${command}: say what to scan: --projects a,b,c | --folder ID | --organization ID | --all-projects | --scenario FILE`,
    );
  }
  if (given.length > 1) throw new UsageError(`${command}: give one scope, not ${given.map((g) => `--${g}`).join(' and ')}`);
  const kind = given[0];
  const source = sourceFrom(command, values.source, kind);
  const raw = values[kind];
  if (kind === 'all-projects') return { scope: { kind: 'all-projects', ids: [] }, scenarioFile: null, source };
  const text = String(raw).trim();
  if (!text) throw new UsageError(`${command}: --${kind} needs a value`);
  if (kind === 'scenario') {
    const path = text.startsWith('/') ? text : `${cwd}/${text}`;
    return { scope: { kind: 'scenario', ids: [text] }, scenarioFile: path, source };
  }
  if (kind === 'projects') {
    const ids = text.split(',').map((s) => s.trim()).filter(Boolean);
    if (!ids.length) throw new UsageError(`${command}: --projects needs at least one project id`);
    const bad = ids.find((id) => !/^[a-z][a-z0-9-.:]{4,}[a-z0-9]$/.test(id));
    if (bad) throw new UsageError(`${command}: --projects: "${bad}" is not a project id (lower-case letters, digits and hyphens)`);
    return { scope: { kind: 'projects', ids }, scenarioFile: null, source };
  }
  const id = text.replace(/^(folders|organizations)\//, '');
  if (!/^\d+$/.test(id)) throw new UsageError(`${command}: --${kind}: "${text}" is not a numeric ${kind} id`);
  return { scope: { kind, ids: [id] }, scenarioFile: null, source };
}
