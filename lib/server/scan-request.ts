import 'server-only';
/** The body of `POST /api/scans`, validated: which scope to scan. */
import { z } from 'zod';
import type { Scope } from '@/lib/inventory/raw';

const projectId = z
  .string()
  .trim()
  .regex(/^([a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'is not a project id (6–30 lower-case letters, digits and hyphens, starting with a letter)');
const numericId = (what: string) =>
  z
    .string()
    .trim()
    .transform((s) => s.replace(/^(folders|organizations)\//, ''))
    .pipe(z.string().regex(/^\d+$/, `is not ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} id (digits only, e.g. 123456789012)`));

/** What the scan form sends. */
export const scanRequestSchema = z.object({
  scope: z.discriminatedUnion(
    'kind',
    [
      z.object({ kind: z.literal('projects'), ids: z.array(projectId).min(1, 'name at least one project').max(1000) }),
      z.object({ kind: z.literal('folder'), ids: z.array(numericId('folder')).length(1, 'name exactly one folder') }),
      z.object({ kind: z.literal('organization'), ids: z.array(numericId('organization')).length(1, 'name exactly one organization') }),
      z.object({ kind: z.literal('all-projects'), ids: z.array(z.string()).max(0, 'must be empty for all projects').optional() }),
      z.object({ kind: z.literal('demo'), ids: z.array(z.string()).optional() }),
    ],
    { error: 'must be one of projects, folder, organization, all-projects, demo' },
  ),
});

/** A validated scan request: the scope to hand to startScan, its label, or the demo estate. */
export type ScanRequest = { demo: true } | { demo: false; scope: Scope; label: string };

/** One field that is wrong: "scope.ids[1]" and why. */
export interface FieldIssue {
  path: string;
  message: string;
}

function pathOf(path: PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(body)';
}

/** Validates a scan request body; the error names each wrong field. */
export function parseScanRequest(body: unknown, demoMode: boolean): { ok: true; request: ScanRequest } | { ok: false; message: string; issues: FieldIssue[] } {
  const r = scanRequestSchema.safeParse(body);
  if (!r.success) {
    const issues = r.error.issues.map((i) => {
      const input = (i as { input?: unknown }).input;
      const message = input === undefined && i.code === 'invalid_type' ? 'is required' : i.message;
      return { path: pathOf(i.path), message };
    });
    return { ok: false, message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues };
  }
  const s = r.data.scope;
  if (s.kind === 'demo') {
    if (!demoMode) {
      const issue = { path: 'scope.kind', message: 'demo is only available when the app runs on the demo estate (npm run demo)' };
      return { ok: false, message: `${issue.path}: ${issue.message}`, issues: [issue] };
    }
    return { ok: true, request: { demo: true } };
  }
  const ids = s.kind === 'all-projects' ? [] : [...new Set(s.ids)];
  const label =
    s.kind === 'projects'
      ? ids.length === 1
        ? `project ${ids[0]}`
        : `${ids.length} projects (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''})`
      : s.kind === 'all-projects'
        ? 'all projects the credentials can see'
        : `${s.kind} ${ids[0]}`;
  return { ok: true, request: { demo: false, scope: { kind: s.kind, ids }, label } };
}
