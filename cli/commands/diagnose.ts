/**
 * `pullcheck diagnose [--image IMAGE] --error-file F|- [--cluster C --node-pool NP] SCOPE [--format text|json]`: a pasted
 * pull error → class, verdicts, ranked causes, fixes. Without --image, the image (or repository) the error names is used.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { parse, scopeFrom, scopeOptions, type ScopeArgs } from '../args';
import { EXIT, UsageError, type Io } from '../io';
import { scanForCli } from '../scan-session';
import { parseImageRef } from '../../lib/diagnose/image-ref';
import { diagnose, type Diagnosis } from '../../lib/diagnose/diagnose';
import { preparePaste, readPaste } from '../../lib/diagnose/paste';

const CLUSTER_RE = /^projects\/([^/]+)\/locations\/([^/]+)\/clusters\/([^/]+)$/;
const SCOPE_KEYS = ['projects', 'folder', 'organization', 'all-projects', 'scenario'] as const;
const MAX_POOLS_SHOWN = 20;

/** Runs the command; bad input throws UsageError (exit 2), a scan that cannot start throws CouldNotRunError (exit 4). */
export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parse('diagnose', argv, {
    ...scopeOptions,
    image: { type: 'string' },
    'error-file': { type: 'string' },
    cluster: { type: 'string' },
    'node-pool': { type: 'string' },
    format: { type: 'string' },
  });
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`diagnose: --format must be text or json, not "${format}"`);
  if (!values['error-file']) throw new UsageError('diagnose: --error-file FILE is required (the pasted pull error; "-" reads standard input)');
  const clusterName = values.cluster?.trim() || null;
  const nodePool = values['node-pool']?.trim() || null;
  if (nodePool && !clusterName) throw new UsageError('diagnose: --node-pool needs --cluster projects/P/locations/L/clusters/C');
  const m = clusterName ? CLUSTER_RE.exec(clusterName) : null;
  if (clusterName && !m) throw new UsageError(`diagnose: --cluster "${clusterName}" is not of the form projects/P/locations/L/clusters/C`);

  const given = values.image?.trim() ?? '';
  const parsed = given ? parseImageRef(given) : null;
  if (parsed && !parsed.ok) throw new UsageError(`diagnose: --image: ${parsed.error}`);
  const errorText = await readErrorFile(values['error-file'], io);
  // Without --image, the image or the Artifact Registry repository the pasted error names.
  const prepared = preparePaste(errorText);
  let project: string | undefined = parsed?.ok && parsed.ref.kind === 'artifact-registry' ? parsed.ref.project : undefined;
  if (!parsed) {
    const facts = readPaste(prepared);
    const fromText = facts.image ? parseImageRef(facts.image) : null;
    if (fromText?.ok && fromText.ref.kind === 'artifact-registry') project = fromText.ref.project;
    else if (facts.repository) project = facts.repository.split('/')[1];
    else if (!fromText?.ok) {
      throw new UsageError(
        facts.image
          ? `diagnose: the error names the image ${facts.image.slice(0, 200)}, which cannot be read; give --image IMAGE`
          : 'diagnose: --image IMAGE is required when the error names no image or repository (e.g. europe-west1-docker.pkg.dev/PROJECT/REPOSITORY/IMAGE:TAG)',
      );
    }
  }

  const scopeGiven = SCOPE_KEYS.some((k) => (values as Record<string, unknown>)[k] !== undefined);
  const defaultProjects = [m?.[1], project].filter((p): p is string => Boolean(p));
  const scopeArgs: ScopeArgs =
    scopeGiven || defaultProjects.length === 0
      ? scopeFrom('diagnose', values, io.cwd)
      : { scope: { kind: 'projects', ids: [...new Set(defaultProjects)] }, scenarioFile: null };

  const { inventory } = await scanForCli(scopeArgs, io);
  if (clusterName && m) {
    const cluster = inventory.clusters.find((c) => c.name === clusterName);
    const listGap = inventory.clusterListGaps.find((g) => g.project === m[1]);
    if (!cluster && !listGap) {
      const known = inventory.clusters.map((c) => c.name).slice(0, 10);
      throw new UsageError(`diagnose: cluster ${clusterName} is not in the scanned estate${known.length ? `; clusters found: ${known.join(', ')}` : ''}`);
    }
    if (cluster && nodePool) {
      const pools = inventory.nodePools.filter((p) => p.cluster === cluster.name);
      if (!pools.some((p) => p.shortName === nodePool || p.name === nodePool)) {
        throw new UsageError(`diagnose: node pool "${nodePool}" is not in ${cluster.name}; its pools: ${pools.map((p) => p.shortName).join(', ') || 'none'}`);
      }
    }
  }

  const result = diagnose(inventory, { image: given, errorText, cluster: clusterName, nodePool, prepared });
  io.stdout(format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderText(result));
  return EXIT.ok;
}

async function readErrorFile(file: string, io: Io): Promise<string> {
  let text: string;
  if (file === '-') {
    try {
      text = await io.readStdin();
    } catch (err) {
      throw new UsageError(`diagnose: --error-file -: standard input could not be read (${err instanceof Error ? err.message : String(err)})`);
    }
    if (!text.trim()) throw new UsageError('diagnose: --error-file -: standard input is empty; paste the pull error (kubectl describe pod output) into it');
    return text;
  }
  const path = isAbsolute(file) ? file : resolve(io.cwd, file);
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${code ?? String(err)})`;
    throw new UsageError(`diagnose: --error-file ${file}: ${why}`);
  }
  if (!text.trim()) throw new UsageError(`diagnose: --error-file ${file} is empty; paste the pull error (kubectl describe pod output) into it`);
  return text;
}

/** The human-readable diagnosis. */
export function renderText(d: Diagnosis): string {
  const out: string[] = [];
  const c = d.classification;
  const f = d.found;
  out.push(`image        ${d.image ? d.image.raw : f.repository ? '(none: the error names a repository)' : '(unreadable)'}${f.imageFrom === 'error-text' ? `  (read from the error${f.imageShape ? `, ${f.imageShape}` : ''})` : ''}`);
  const state = d.repositoryInEstate === true ? 'in the scanned estate' : d.repositoryInEstate === false ? 'NOT in the scanned estate' : 'not checked';
  if (f.repository) {
    out.push(`repository   ${f.repository} (${state})`);
  } else if (d.image && d.image.kind !== 'artifact-registry') {
    out.push(`registry     ${d.image.host} (not Artifact Registry: not judged)`);
  }
  if (f.nodePool) out.push(`node pool    ${f.nodePool}  (from node ${f.nodes[0]})`);
  else if (f.nodePoolCandidates.length) out.push(`node pool    ambiguous: ${f.nodePoolCandidates.join(', ')}`);
  out.push(`error class  ${c.title}${c.classId ? ` [${c.classId}]` : ''}${c.ambiguous ? ' (ambiguous: the text alone fits several causes)' : ''}`);
  if (c.matched) out.push(`matched      ${c.matched}`);
  if (c.alsoMatched.length) out.push(`also fits    ${c.alsoMatched.join(', ')}`);
  out.push(`first check  ${c.firstCheck}`, '', d.summary, '');

  if (d.verdicts.length) {
    // Pools with the same verdict for the same causes are one line, so 400 pools do not print 400 lines.
    out.push(`verdicts (${d.verdicts.length} node pool${d.verdicts.length === 1 ? '' : 's'}${d.verdictGroups.length < d.verdicts.length ? `, ${d.verdictGroups.length} group${d.verdictGroups.length === 1 ? '' : 's'}` : ''}):`);
    for (const g of d.verdictGroups.slice(0, MAX_POOLS_SHOWN)) {
      const rules = [...new Set(g.causes.map((x) => x.rule))];
      const who = g.nodePools.length === 1 ? g.nodePools[0] : `${g.nodePools.length} node pools: ${g.nodePools.slice(0, 5).join(', ')}${g.nodePools.length > 5 ? ', ...' : ''}`;
      out.push(`  ${g.verdict.padEnd(11)} ${who}${rules.length ? `  [${rules.join(', ')}]` : ''}`);
    }
    if (d.verdictGroups.length > MAX_POOLS_SHOWN) out.push(`  ... and ${d.verdictGroups.length - MAX_POOLS_SHOWN} more groups (see --format json)`);
    out.push('');
  }

  if (d.rankedCauses.length) {
    out.push('ranked causes:');
    for (const r of d.rankedCauses) {
      out.push(`  ${r.rank}. [${r.confidence}] ${r.category}${r.rule ? `  ${r.rule}` : ''}`, `     ${r.message}`);
      const ev = evidenceLine(r.evidence);
      if (ev) out.push(`     evidence: ${ev}`);
      if (r.remediation?.warning) out.push(`     warning: ${r.remediation.warning}`);
      for (const s of r.remediation?.steps ?? []) out.push(`     - ${s}`);
      if (r.remediation?.gcloud) out.push(`     $ ${r.remediation.gcloud}`);
    }
    out.push('');
  }

  out.push('on-node check:', `  Linux:   ${d.onNodeCheck.linux}`, `  Windows: ${d.onNodeCheck.windows}`);
  if (d.notes.length) out.push('', 'notes:', ...d.notes.map((n) => `  - ${n}`));
  return `${out.join('\n')}\n`;
}

function evidenceLine(evidence: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(evidence)) {
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    parts.push(`${k}=${s.length > 160 ? `${s.slice(0, 157)}...` : s}`);
  }
  const line = parts.join('; ');
  return line.length > 400 ? `${line.slice(0, 397)}...` : line;
}
