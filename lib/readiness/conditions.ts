/**
 * IAM conditions on a binding that may grant the download, evaluated where every attribute they read is known at
 * scan time (IAM "Overview of IAM Conditions", "Attribute reference for IAM Conditions").
 *
 * Semantics (documented here because the engine's verdicts rest on them):
 * - The expression is parsed with @bufbuild/cel (a conformant CEL implementation). Too long or too deeply nested
 *   (hostile input) or unparsable: `unknown`.
 * - The boolean structure (`&&`, `||`, `!`, `?:`) is walked here; each maximal non-logical sub-expression (an atom)
 *   is classified by the attributes it reads:
 *   - only `request.time` and constants, through comparisons, `+`/`-`, `timestamp()` and `duration()`: evaluated
 *     by CEL with `request.time` = the scan's time;
 *   - the time of day, week or month (`request.time.getHours()`, `getDayOfWeek()`, ...): `unknown`, because pulls
 *     happen at any time: such a condition lets nodes pull at some hours and not at others, and a verdict that
 *     flips with the hour of the scan would mislead;
 *   - `resource.name`, `resource.type` or `resource.service`: Artifact Registry is not among the services that
 *     recognize resource attributes (IAM "Resource attributes for IAM Conditions"), and "if part of a condition
 *     uses an attribute that isn't available for a resource, then that part of the condition is never interpreted
 *     as granting access" (IAM "Attribute reference"). Such an atom is `never`: false in `&&`/`||`, and a negation
 *     of it is `never` too (`!resource.name.startsWith(x)` is still a part that uses the attribute, so it never
 *     grants). `resource.name.startsWith(x) || request.time < T` can therefore still grant through its time clause;
 *   - anything else (`request.auth`, `destination`, `api.getAttribute`, resource tags, other functions): `unknown`.
 * - Three-valued logic: `false && unknown` is false, `true || unknown` is true, otherwise unknown wins.
 * - A `true` result that rests on a timestamp literal in the future is a grant that will expire: the expiry is the
 *   first such literal at which the condition stops holding.
 */
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';

/** Longest expression Pullcheck parses (IAM limits a condition's expression to a few kilobytes). */
export const MAX_EXPRESSION_LENGTH = 4096;
/** Deepest bracket nesting Pullcheck parses (the parser recurses; deeper input is refused before parsing). */
const MAX_NESTING = 64;

export type ConditionResult =
  | {
      value: 'true';
      /** ISO date (YYYY-MM-DD) on which the condition stops holding, when it rests on a future timestamp. */
      expires: string | null;
    }
  | {
      value: 'false';
      /** Why it is false: an expired time window, and/or clauses on resource attributes that never grant. */
      expired: string | null;
      resourceAttributes: string[];
    }
  | { value: 'unknown'; reason: string };

type V = 'T' | 'F' | 'N' | 'U';

const LOGICAL = new Set(['_&&_', '_||_', '!_', '_?_:_']);
const TIME_FUNCS = new Set([
  '_<_', '_<=_', '_>_', '_>=_', '_==_', '_!=_', '_+_', '_-_', 'timestamp', 'duration',
  'getFullYear', 'getMonth', 'getDate', 'getDayOfMonth', 'getDayOfWeek', 'getDayOfYear', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds',
]);
const RECURRING_FUNCS = new Set(['getMonth', 'getDate', 'getDayOfMonth', 'getDayOfWeek', 'getDayOfYear', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds']);
const RESOURCE_ATTRIBUTES = new Set(['name', 'type', 'service']);

/** The parsed expression's node, as @bufbuild/cel's parser returns it. */
type Expr = ReturnType<typeof parse>['expr'];

interface Atom {
  kind: 'time' | 'resource' | 'unknown';
  /** For `resource`: the attributes read; for `unknown`: what made it undecidable. */
  what: string[];
  recurring: boolean;
}

/** `a.b.c` for a chain of field selections on an identifier, else null. */
function dotted(e: Expr): string | null {
  const parts: string[] = [];
  let cur: Expr | undefined = e;
  for (let i = 0; cur && i < MAX_NESTING; i++) {
    const k: Expr['exprKind'] = cur.exprKind;
    if (k.case === 'identExpr') return [k.value.name, ...parts.reverse()].join('.');
    if (k.case !== 'selectExpr') return null;
    parts.push(k.value.field);
    cur = k.value.operand;
  }
  return null;
}

function classify(e: Expr, acc: Atom): void {
  const k = e.exprKind;
  switch (k.case) {
    case 'constExpr':
      return;
    case 'identExpr':
      acc.what.push(k.value.name);
      if (acc.kind !== 'resource') acc.kind = 'unknown';
      return;
    case 'selectExpr': {
      const path = dotted(e);
      if (path === 'request.time' && !k.value.testOnly) return;
      const attr = path?.split('.').slice(0, 2).join('.');
      if (attr && attr.startsWith('resource.') && RESOURCE_ATTRIBUTES.has(attr.slice('resource.'.length))) {
        acc.kind = 'resource';
        acc.what.push(attr);
        return;
      }
      if (acc.kind !== 'resource') acc.kind = 'unknown';
      if (path) acc.what.push(path);
      else if (k.value.operand) classify(k.value.operand, acc);
      return;
    }
    case 'callExpr': {
      const fn = k.value.function;
      if (!TIME_FUNCS.has(fn)) {
        acc.what.push(`${fn}()`);
        if (acc.kind !== 'resource') acc.kind = 'unknown';
      }
      if (RECURRING_FUNCS.has(fn)) acc.recurring = true;
      if (k.value.target) classify(k.value.target, acc);
      for (const a of k.value.args) classify(a, acc);
      return;
    }
    case 'comprehensionExpr': {
      // A macro (exists(), all(), map(), ...) over some range: not part of what Pullcheck evaluates; name its range.
      if (acc.kind !== 'resource') acc.kind = 'unknown';
      const before = acc.what.length;
      if (k.value.iterRange) classify(k.value.iterRange, acc);
      if (acc.what.length === before) acc.what.push('a macro such as exists() or all()');
      return;
    }
    default:
      acc.what.push(k.case ?? 'empty expression');
      if (acc.kind !== 'resource') acc.kind = 'unknown';
  }
}

const env = celEnv();

interface Ctx {
  /** Evaluates a time atom at a time: true, false, or null on a CEL error. */
  at: (e: Expr) => boolean | null;
  resourceAttributes: Set<string>;
  unknown: Set<string>;
}

function walk(e: Expr, ctx: Ctx): V {
  const k = e.exprKind;
  if (k.case === 'callExpr' && LOGICAL.has(k.value.function) && !k.value.target) {
    const args = k.value.args;
    switch (k.value.function) {
      case '_&&_': {
        const vs = args.map((a) => walk(a, ctx));
        if (vs.some((v) => v === 'F' || v === 'N')) return vs.includes('F') ? 'F' : 'N';
        return vs.includes('U') ? 'U' : 'T';
      }
      case '_||_': {
        const vs = args.map((a) => walk(a, ctx));
        if (vs.includes('T')) return 'T';
        if (vs.includes('U')) return 'U';
        return vs.includes('F') ? 'F' : 'N';
      }
      case '!_': {
        const v = walk(args[0], ctx);
        return v === 'T' ? 'F' : v === 'F' ? 'T' : v;
      }
      case '_?_:_': {
        const c = walk(args[0], ctx);
        if (c === 'N') return 'N';
        if (c === 'T') return walk(args[1], ctx);
        if (c === 'F') return walk(args[2], ctx);
        const a = walk(args[1], ctx);
        const b = walk(args[2], ctx);
        return a === b ? a : 'U';
      }
    }
  }
  const atom: Atom = { kind: 'time', what: [], recurring: false };
  classify(e, atom);
  if (atom.kind === 'resource') {
    for (const w of atom.what) if (w.startsWith('resource.')) ctx.resourceAttributes.add(w);
    return 'N';
  }
  if (atom.kind === 'unknown') {
    for (const w of atom.what) ctx.unknown.add(w);
    return 'U';
  }
  if (atom.recurring) {
    ctx.unknown.add('the time of day, week or month (getHours(), getDayOfWeek(), ...), so pulls would work at some times and fail at others');
    return 'U';
  }
  const r = ctx.at(e);
  if (r === null) {
    ctx.unknown.add('an evaluation error');
    return 'U';
  }
  return r ? 'T' : 'F';
}

/** Timestamp literals (`timestamp("...")`) of the expression, as epoch milliseconds. */
function timestampLiterals(e: Expr, out: number[]): void {
  const k = e.exprKind;
  if (k.case === 'callExpr') {
    const a = k.value.args[0];
    if (k.value.function === 'timestamp' && k.value.args.length === 1 && a?.exprKind.case === 'constExpr' && a.exprKind.value.constantKind.case === 'stringValue') {
      const t = Date.parse(a.exprKind.value.constantKind.value);
      if (Number.isFinite(t)) out.push(t);
    }
    if (k.value.target) timestampLiterals(k.value.target, out);
    for (const x of k.value.args) timestampLiterals(x, out);
  } else if (k.case === 'selectExpr' && k.value.operand) timestampLiterals(k.value.operand, out);
}

function nestingTooDeep(expr: string): boolean {
  let depth = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > MAX_NESTING) return true;
    } else if (c === 41 || c === 93 || c === 125) depth--;
  }
  return false;
}

function evaluateAt(root: Expr, ms: number): { v: V; ctx: Ctx } {
  const time = timestampFromDate(new Date(ms));
  const ctx: Ctx = {
    resourceAttributes: new Set(),
    unknown: new Set(),
    at: (e) => {
      try {
        const r = plan(env, e)({ request: new Map([['time', time]]) } as never);
        return isCelError(r) || typeof r !== 'boolean' ? null : r;
      } catch {
        return null;
      }
    },
  };
  return { v: walk(root, ctx), ctx };
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Evaluates a condition expression at `now` (the scan's time). Never throws; bounded in size and depth. */
export function evaluateCondition(expression: string, now: Date): ConditionResult {
  if (expression.length > MAX_EXPRESSION_LENGTH) return { value: 'unknown', reason: `the expression is longer than ${MAX_EXPRESSION_LENGTH} characters` };
  if (nestingTooDeep(expression)) return { value: 'unknown', reason: `the expression nests deeper than ${MAX_NESTING} levels` };
  let root: Expr;
  try {
    root = parse(expression).expr;
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0].slice(0, 200) : 'parse error';
    return { value: 'unknown', reason: `the expression does not parse as CEL (${msg})` };
  }
  const nowMs = now.getTime();
  const { v, ctx } = evaluateAt(root, nowMs);
  if (v === 'U') return { value: 'unknown', reason: `it reads or calls ${[...ctx.unknown].slice(0, 5).join(', ')}, which Pullcheck cannot know at scan time` };
  const literals: number[] = [];
  timestampLiterals(root, literals);
  if (v === 'T') {
    let expires: string | null = null;
    for (const t of [...new Set(literals)].filter((x) => x > nowMs).sort((a, b) => a - b).slice(0, 16)) {
      if (evaluateAt(root, t).v !== 'T' || evaluateAt(root, t + 1000).v !== 'T') {
        expires = isoDate(t);
        break;
      }
    }
    return { value: 'true', expires };
  }
  const past = literals.filter((x) => x <= nowMs);
  const expired = past.length && v === 'F' ? isoDate(Math.max(...past)) : null;
  return { value: 'false', expired, resourceAttributes: [...ctx.resourceAttributes].sort() };
}
