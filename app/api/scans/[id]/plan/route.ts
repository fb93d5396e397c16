import { getScan } from '@/lib/server/scans';
import { jsonError } from '@/lib/server/http';
import { leastPrivilegePlans, planShell, planTerraform } from '@/lib/security/plan';

export const dynamic = 'force-dynamic';

/**
 * The least-privilege plan of a finished scan as one file: `?format=tf` (Terraform) or `?format=sh` (POSIX shell),
 * for every node service account or, with `?sa=EMAIL`, for one.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const url = new URL(req.url);
  const format = url.searchParams.get('format');
  if (format !== 'tf' && format !== 'sh') return jsonError(400, 'format must be tf or sh.');
  const sa = url.searchParams.get('sa')?.trim().toLowerCase() || undefined;
  if (sa && sa.length > 320) return jsonError(400, 'sa is too long to be a service account email.');
  const rec = await getScan(id);
  if (!rec) return jsonError(404, `No scan ${id}.`);
  if (!rec.outcome) return jsonError(409, `Scan ${id} has no report (${rec.status}).`, { status: rec.status });
  const { inventory, report } = rec.outcome;
  if (sa && !inventory.nodePools.some((p) => p.serviceAccount.email === sa)) return jsonError(404, 'No node pool of this scan uses that service account.');
  const plans = leastPrivilegePlans(inventory, report.pairs, sa);
  const body = format === 'tf' ? planTerraform(plans) : planShell(plans);
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': format === 'tf' ? 'text/plain; charset=utf-8' : 'text/x-shellscript; charset=utf-8',
      'content-disposition': `attachment; filename="pullcheck-least-privilege.${format}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
