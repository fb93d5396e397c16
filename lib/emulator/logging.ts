/**
 * Cloud Logging v2 `entries.list` (POST /v2/entries:list) as the emulator answers it, from each scenario project's
 * `logEntries`. What it knows of Google, with its public source:
 * - the request body: `resourceNames` (required, at most 100: projects/ID, organizations/ID, folders/ID,
 *   billingAccounts/ID, or a log view under one of them), the deprecated `projectIds` (added to resourceNames),
 *   `filter` (at most 20,000 characters), `orderBy` ("timestamp asc", the default, or "timestamp desc"; equal
 *   timestamps in insertId order), `pageSize` (default 50, at most 1,000; a negative value is refused) and
 *   `pageToken` ("the values of other method parameters should be identical to those in the previous call")
 *   (REST reference, entries.list);
 * - the filter is the Logging query language ("Logging query language"): comparisons `FIELD OP VALUE` with
 *   `=`, `!=`, `:` (has / substring), `<`, `<=`, `>`, `>=`; `AND` (also implied by juxtaposition), `OR` (which
 *   binds tighter than AND), `NOT` or a leading `-`, parentheses, `log_id("ID")`, and bare values (global
 *   restrictions, matching any field). `:*` tests that a field is present. Severity compares by level;
 *   timestamps as times.
 * - the caller needs logging.logEntries.list on every resource it names (roles/logging.viewer, "Access control
 *   with IAM"); a project it cannot see is a 403.
 * Fields the emulator does not serve (anything outside logName, resource, timestamp, receiveTimestamp, severity,
 * insertId, jsonPayload, textPayload, labels) are refused with INVALID_ARGUMENT rather than silently ignored.
 * The parser is one left-to-right pass over a bounded filter (no regular expression built from the request).
 */
import { createHash } from 'node:crypto';
import type { ScenarioProject } from '../scenario/schema';
import { fail } from './errors';
import { clone, type Ctx, type RouteKit } from './routes';

/** Longest filter Google takes ("The maximum length of a filter is 20,000 characters"). */
export const MAX_FILTER = 20_000;
/** Terms and nesting the emulator parses before refusing (real filters are far smaller). */
const MAX_TERMS = 500;
const MAX_DEPTH = 32;
const DEFAULT_PAGE = 50;
const MAX_PAGE = 1000;
const MAX_RESOURCES = 100;

/** Cloud Logging's documented default: entries.list calls per minute per project ("Quotas and limits"). */
export const CLOUD_LOGGING_LIST_PER_MINUTE = 60;

type LogEntry = NonNullable<ScenarioProject['logEntries']>[number];

const SEVERITIES = ['DEFAULT', 'DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY'];
const SEVERITY_NUMBERS: Record<string, string> = { '0': 'DEFAULT', '100': 'DEBUG', '200': 'INFO', '300': 'NOTICE', '400': 'WARNING', '500': 'ERROR', '600': 'CRITICAL', '700': 'ALERT', '800': 'EMERGENCY' };
const TOP_FIELDS = new Set(['logName', 'resource', 'timestamp', 'receiveTimestamp', 'severity', 'insertId', 'jsonPayload', 'textPayload', 'labels']);

type Op = '=' | '!=' | ':' | '<' | '<=' | '>' | '>=';

/** A parsed filter. */
type Node =
  | { kind: 'and' | 'or'; parts: Node[] }
  | { kind: 'not'; part: Node }
  | { kind: 'cmp'; path: string[]; op: Op; value: string }
  | { kind: 'logId'; id: string }
  | { kind: 'global'; value: string };

type Token =
  | { t: 'word'; v: string; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'op'; v: Op; at: number }
  | { t: '(' | ')' | '-'; at: number };

function invalid(message: string): never {
  return fail(400, message, { reason: 'INVALID_ARGUMENT' });
}

const WORD_STOP = new Set([' ', '\t', '\n', '\r', '(', ')', '"', '=', '!', '<', '>', ':']);

/** One pass over the filter: words, quoted strings (with \" and \\ escapes), operators and parentheses. */
function tokenize(filter: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = filter.length;
  while (i < n) {
    const c = filter[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (out.length > MAX_TERMS * 4) invalid(`Unparseable filter: more than ${MAX_TERMS} terms.`);
    const at = i;
    if (c === '(' || c === ')') {
      out.push({ t: c, at });
      i++;
    } else if (c === '"') {
      let v = '';
      i++;
      let closed = false;
      while (i < n) {
        const d = filter[i];
        if (d === '\\' && i + 1 < n) {
          v += filter[i + 1];
          i += 2;
        } else if (d === '"') {
          closed = true;
          i++;
          break;
        } else {
          v += d;
          i++;
        }
      }
      if (!closed) invalid(`Unparseable filter: unterminated string starting at column ${at + 1}.`);
      out.push({ t: 'str', v, at });
    } else if (c === '=' || c === ':') {
      out.push({ t: 'op', v: c, at });
      i++;
    } else if (c === '!' || c === '<' || c === '>') {
      if (filter[i + 1] === '=') {
        out.push({ t: 'op', v: `${c}=` as Op, at });
        i += 2;
      } else if (c === '!') {
        invalid(`Unparseable filter: unexpected "!" at column ${at + 1}.`);
      } else {
        out.push({ t: 'op', v: c as Op, at });
        i++;
      }
    } else if (c === '-' && out[out.length - 1]?.t !== 'op') {
      // A leading "-" negates the term it starts ("-resource.type=…"); right after an operator it begins a value.
      out.push({ t: '-', at });
      i++;
    } else {
      let j = i;
      // A value right after an operator may hold ":" (an unquoted timestamp); a field name may not.
      const afterOp = out.length > 0 && out[out.length - 1].t === 'op';
      while (j < n && !(WORD_STOP.has(filter[j]) && !(afterOp && filter[j] === ':'))) j++;
      out.push({ t: 'word', v: filter.slice(i, j), at });
      i = j;
    }
  }
  return out;
}

/** Recursive descent over the tokens: NOT binds tightest, then OR, then AND ("Boolean operators"). */
class Parser {
  private i = 0;
  private depth = 0;
  private terms = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node | null {
    if (!this.tokens.length) return null;
    const node = this.and();
    if (this.i < this.tokens.length) this.unexpected();
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private unexpected(): never {
    const t = this.peek();
    if (!t) return invalid('Unparseable filter: the filter ends too early.');
    const text = t.t === 'word' || t.t === 'str' || t.t === 'op' ? t.v : t.t;
    return invalid(`Unparseable filter: unexpected "${text.slice(0, 60)}" at column ${t.at + 1}.`);
  }

  private startsTerm(t: Token | undefined): boolean {
    if (!t) return false;
    if (t.t === '(' || t.t === '-' || t.t === 'str') return true;
    return t.t === 'word' && t.v !== 'AND' && t.v !== 'OR';
  }

  private and(): Node {
    const parts = [this.or()];
    for (;;) {
      const t = this.peek();
      if (t?.t === 'word' && t.v === 'AND') {
        this.i++;
        parts.push(this.or());
      } else if (this.startsTerm(t)) parts.push(this.or());
      else break;
    }
    return parts.length === 1 ? parts[0] : { kind: 'and', parts };
  }

  private or(): Node {
    const parts = [this.unary()];
    while (this.peek()?.t === 'word' && (this.peek() as { v: string }).v === 'OR') {
      this.i++;
      parts.push(this.unary());
    }
    return parts.length === 1 ? parts[0] : { kind: 'or', parts };
  }

  private unary(): Node {
    const t = this.peek();
    if ((t?.t === 'word' && t.v === 'NOT') || t?.t === '-') {
      this.i++;
      return { kind: 'not', part: this.nested(() => this.unary()) };
    }
    return this.primary();
  }

  private nested(f: () => Node): Node {
    if (++this.depth > MAX_DEPTH) invalid(`Unparseable filter: nested more than ${MAX_DEPTH} levels deep.`);
    const n = f();
    this.depth--;
    return n;
  }

  private primary(): Node {
    const t = this.peek();
    if (!t) return this.unexpected();
    if (++this.terms > MAX_TERMS) invalid(`Unparseable filter: more than ${MAX_TERMS} terms.`);
    if (t.t === '(') {
      this.i++;
      const inner = this.nested(() => this.and());
      if (this.peek()?.t !== ')') this.unexpected();
      this.i++;
      return inner;
    }
    if (t.t === 'str') {
      this.i++;
      return { kind: 'global', value: t.v };
    }
    if (t.t !== 'word' || t.v === 'AND' || t.v === 'OR') return this.unexpected();
    this.i++;
    if (t.v === 'log_id' && this.peek()?.t === '(') {
      this.i++;
      const arg = this.peek();
      if (arg?.t !== 'str') return this.unexpected();
      this.i++;
      if (this.peek()?.t !== ')') return this.unexpected();
      this.i++;
      return { kind: 'logId', id: arg.v };
    }
    const op = this.peek();
    if (op?.t !== 'op') return { kind: 'global', value: t.v };
    this.i++;
    const value = this.peek();
    if (value?.t !== 'word' && value?.t !== 'str') return this.unexpected();
    this.i++;
    return { kind: 'cmp', path: fieldPath(t.v, t.at), op: op.v, value: value.v };
  }
}

/** A field path ("jsonPayload.involvedObject.name"), checked against the LogEntry fields the emulator serves. */
function fieldPath(text: string, at: number): string[] {
  const path = text.split('.');
  if (path.some((p) => !p)) invalid(`Unparseable filter: invalid field "${text.slice(0, 100)}" at column ${at + 1}.`);
  if (!TOP_FIELDS.has(path[0])) {
    invalid(`Invalid filter: field "${text.slice(0, 100)}" (column ${at + 1}) is not a LogEntry field the Pullcheck emulator serves (logName, resource, timestamp, receiveTimestamp, severity, insertId, jsonPayload, textPayload, labels).`);
  }
  if (path[0] === 'resource' && path.length > 1 && path[1] !== 'type' && path[1] !== 'labels') {
    invalid(`Invalid filter: field "${text.slice(0, 100)}" is not a MonitoredResource field (type, labels).`);
  }
  return path;
}

/** The values at a path: a string for scalars, "object" markers for presence tests; [] when absent. */
function valueAt(entry: LogEntry, path: string[]): unknown {
  let cur: unknown = entry;
  for (const p of path) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function scalar(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function severityRank(v: string): number {
  const name = SEVERITY_NUMBERS[v] ?? v.toUpperCase();
  return SEVERITIES.indexOf(name);
}

function timeOf(v: string, where: string): number {
  const t = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) invalid(`Invalid filter: "${v.slice(0, 60)}" is not a timestamp (${where}); write RFC 3339, e.g. "2026-11-30T02:00:00Z".`);
  return t;
}

/** Every scalar of an entry, for global restrictions (bounded: entries come from the scenario). */
function scalars(v: unknown, out: string[], depth = 0): string[] {
  if (depth > 16) return out;
  const s = scalar(v);
  if (s !== null) out.push(s);
  else if (Array.isArray(v)) for (const x of v) scalars(x, out, depth + 1);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) scalars(x, out, depth + 1);
  return out;
}

/** Validates the comparisons once (timestamps, severities, ordering operators), then matches entries. */
function compile(node: Node): (e: LogEntry) => boolean {
  switch (node.kind) {
    case 'and': {
      const fs = node.parts.map(compile);
      return (e) => fs.every((f) => f(e));
    }
    case 'or': {
      const fs = node.parts.map(compile);
      return (e) => fs.some((f) => f(e));
    }
    case 'not': {
      const f = compile(node.part);
      return (e) => !f(e);
    }
    case 'logId': {
      const suffix = `/logs/${encodeURIComponent(node.id)}`;
      return (e) => typeof e.logName === 'string' && e.logName.endsWith(suffix);
    }
    case 'global': {
      const needle = node.value.toLowerCase();
      return (e) => scalars(e, []).some((s) => s.toLowerCase().includes(needle));
    }
    case 'cmp':
      return compare(node.path, node.op, node.value);
  }
}

function compare(path: string[], op: Op, value: string): (e: LogEntry) => boolean {
  const field = path.join('.');
  const isTime = path.length === 1 && (path[0] === 'timestamp' || path[0] === 'receiveTimestamp');
  const isSeverity = path.length === 1 && path[0] === 'severity';
  if (op === ':' && value === '*') return (e) => valueAt(e, path) !== undefined;
  if (isTime) {
    const want = timeOf(value, field);
    const test = ordered(op, field);
    return (e) => {
      const v = scalar(valueAt(e, path)) ?? (path[0] === 'receiveTimestamp' ? scalar(e.timestamp) : null);
      const t = v ? Date.parse(v) : NaN;
      return !Number.isNaN(t) && test(t - want);
    };
  }
  if (isSeverity) {
    const want = severityRank(value);
    if (want < 0) invalid(`Invalid filter: "${value.slice(0, 40)}" is not a severity (${SEVERITIES.join(', ')}).`);
    const test = op === ':' ? (d: number) => d === 0 : ordered(op, field);
    return (e) => test(severityRank(scalar(e.severity) ?? 'DEFAULT') - want);
  }
  if (op === '<' || op === '<=' || op === '>' || op === '>=') {
    // Ordering comparisons on text fields are legal in Logging but the emulator only serves them on times and severities.
    invalid(`Invalid filter: the Pullcheck emulator compares "${field.slice(0, 100)}" with =, != and : only (ordering works on timestamp, receiveTimestamp and severity).`);
  }
  if (op === ':') {
    const needle = value.toLowerCase();
    return (e) => {
      const v = valueAt(e, path);
      const s = scalar(v);
      if (s !== null) return s.toLowerCase().includes(needle);
      return v !== undefined && scalars(v, []).some((x) => x.toLowerCase().includes(needle));
    };
  }
  const equal = (e: LogEntry) => scalar(valueAt(e, path)) === value;
  return op === '=' ? equal : (e) => !equal(e);
}

function ordered(op: Op, field: string): (d: number) => boolean {
  switch (op) {
    case '=':
      return (d) => d === 0;
    case '!=':
      return (d) => d !== 0;
    case '<':
      return (d) => d < 0;
    case '<=':
      return (d) => d <= 0;
    case '>':
      return (d) => d > 0;
    case '>=':
      return (d) => d >= 0;
    default:
      return invalid(`Invalid filter: ":" does not apply to ${field}.`);
  }
}

/** Parses and compiles a Logging query language filter; null for an empty filter (everything matches). */
export function compileLogFilter(filter: string): ((e: LogEntry) => boolean) | null {
  if (filter.length > MAX_FILTER) invalid(`Invalid filter: the filter is longer than ${MAX_FILTER} characters.`);
  const node = new Parser(tokenize(filter)).parse();
  return node ? compile(node) : null;
}

/** Stable insertId for an entry the scenario wrote without one (Google always answers one). */
function insertIdOf(projectId: string, index: number, e: LogEntry): string {
  return e.insertId ?? createHash('sha256').update(`${projectId}/${index}/${e.timestamp ?? ''}`).digest('hex').slice(0, 14);
}

interface Stored {
  entry: LogEntry;
  time: number;
  insertId: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Registers POST /v2/entries:list. */
export function defineLoggingRoutes(kit: RouteKit): void {
  const permission = 'logging.logEntries.list';
  const byProject = new Map<ScenarioProject, Stored[]>();
  const stored = (p: ScenarioProject): Stored[] => {
    let list = byProject.get(p);
    if (!list) {
      list = (p.logEntries ?? []).map((entry, i) => ({ entry, time: Date.parse(entry.timestamp ?? '') || 0, insertId: insertIdOf(p.project.projectId, i, entry) }));
      byProject.set(p, list);
    }
    return list;
  };

  /** The projects a request names, each checked (unknown → 403; Logging disabled there → 403 SERVICE_DISABLED). */
  const resources = (body: Ctx['body']): ScenarioProject[] => {
    const names: string[] = [];
    for (const key of ['resourceNames', 'projectIds'] as const) {
      const v = body[key];
      if (v === undefined || v === null) continue;
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) invalid(`Invalid JSON payload received. Invalid value at '${key === 'resourceNames' ? 'resource_names' : 'project_ids'}': expected a list of strings.`);
      for (const x of v as string[]) names.push(key === 'projectIds' ? `projects/${x}` : x);
    }
    if (!names.length) invalid('Request contains an invalid argument: resource_names is required (projects/PROJECT_ID, organizations/ID, folders/ID or billingAccounts/ID).');
    if (names.length > MAX_RESOURCES) invalid(`Request contains an invalid argument: at most ${MAX_RESOURCES} resource names may be given.`);
    const out: ScenarioProject[] = [];
    for (const name of names) {
      const m = /^(projects|organizations|folders|billingAccounts)\/([^/]+)(\/locations\/[^/]+\/buckets\/[^/]+\/views\/[^/]+)?$/.exec(name);
      if (!m || name.length > 512) invalid(`Request contains an invalid argument: "${name.slice(0, 200)}" is not a valid resource name.`);
      const [, kind, id] = m!;
      if (kind === 'projects') {
        const p = kit.project(id);
        if (!p) kit.denied({ permission, api: 'logging' }, `projects/${id}`);
        const disabled = p!.disabledServices ?? [];
        if (disabled.includes('logging.googleapis.com') || disabled.includes('logging')) kit.serviceDisabled('logging', String(p!.project.projectNumber));
        if (!out.includes(p!)) out.push(p!);
      } else if (kind === 'organizations' || kind === 'folders') {
        // Organization and folder logs are not part of a scenario: a known one has none, an unknown one is refused.
        const known = kind === 'organizations' ? kit.organization(id) : kit.folder(id);
        if (!known) kit.denied({ permission, api: 'logging' }, `${kind}/${id}`);
      } else kit.denied({ permission, api: 'logging' }, `${kind}/${id}`);
    }
    return out;
  };

  kit.add('POST /v2/entries:list', 'logging', permission, ({ body }) => {
    const projects = resources(body);
    const filterText = body.filter === undefined || body.filter === null ? '' : body.filter;
    if (typeof filterText !== 'string') invalid("Invalid JSON payload received. Invalid value at 'filter' (TYPE_STRING).");
    const orderBy = body.orderBy === undefined || body.orderBy === null || body.orderBy === '' ? 'timestamp asc' : body.orderBy;
    if (orderBy !== 'timestamp asc' && orderBy !== 'timestamp desc') {
      invalid(`Request contains an invalid argument: order_by must be "timestamp asc" or "timestamp desc", not "${String(orderBy).slice(0, 60)}".`);
    }
    let pageSize = DEFAULT_PAGE;
    if (body.pageSize !== undefined && body.pageSize !== null) {
      const n = Number(body.pageSize);
      if (!Number.isInteger(n)) invalid(`Invalid JSON payload received. Invalid value at 'page_size' (TYPE_INT32), "${String(body.pageSize).slice(0, 40)}".`);
      if (n < 0) invalid('Request contains an invalid argument: page_size must not be negative.');
      if (n > 0) pageSize = Math.min(n, MAX_PAGE);
    }
    const match = compileLogFilter(filterText as string);
    const digest = createHash('sha256')
      .update(JSON.stringify([projects.map((p) => p.project.projectId), filterText, orderBy]))
      .digest('hex')
      .slice(0, 16);
    let offset = 0;
    const token = str(body.pageToken);
    if (token) {
      const m = /^(\d{1,9}):([0-9a-f]{16})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
      if (!m || m[2] !== digest) invalid(`Request contains an invalid argument: invalid page token "${token.slice(0, 80)}" (the other parameters must be those of the previous call).`);
      offset = Number(m![1]);
    }
    const all = projects.flatMap((p) => stored(p)).filter((s) => !match || match(s.entry));
    const desc = orderBy === 'timestamp desc';
    all.sort((a, b) => (a.time !== b.time ? (desc ? b.time - a.time : a.time - b.time) : a.insertId < b.insertId ? -1 : a.insertId > b.insertId ? 1 : 0));
    const page = all.slice(offset, offset + pageSize);
    const end = offset + page.length;
    const entries = page.map((s) => {
      const e = clone(s.entry) as Record<string, unknown>;
      e.insertId = s.insertId;
      if (e.receiveTimestamp === undefined && e.timestamp !== undefined) e.receiveTimestamp = e.timestamp;
      return e;
    });
    const out: Record<string, unknown> = {};
    if (entries.length) out.entries = entries;
    if (end < all.length) out.nextPageToken = Buffer.from(`${end}:${digest}`).toString('base64url');
    return out;
  });
}

/**
 * The scenario's log entries moved in time so that the newest is `ageMs` old at `now`, keeping their spacing:
 * a recorded Kubernetes event stays "recent" in a long-running demo. The scenario is copied, not changed.
 */
export function withRecentLogEntries<T extends { projects: ScenarioProject[] }>(scenario: T, now: number, ageMs = 3_600_000): T {
  let newest = -Infinity;
  for (const p of scenario.projects) for (const e of p.logEntries ?? []) newest = Math.max(newest, Date.parse(e.timestamp ?? '') || -Infinity);
  if (!Number.isFinite(newest)) return scenario;
  const shift = now - ageMs - newest;
  const move = (t: string | undefined) => (t && !Number.isNaN(Date.parse(t)) ? new Date(Date.parse(t) + shift).toISOString() : t);
  return {
    ...scenario,
    projects: scenario.projects.map((p) =>
      p.logEntries ? { ...p, logEntries: p.logEntries.map((e) => ({ ...e, timestamp: move(e.timestamp), ...(e.receiveTimestamp ? { receiveTimestamp: move(e.receiveTimestamp) } : {}) })) } : p,
    ),
  };
}
