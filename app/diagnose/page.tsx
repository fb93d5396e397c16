import type { Metadata } from 'next';
import { loadScan } from '@/lib/server/load-scan';
import { ScanStateNotice } from '@/components/scan-state-notice';
import { TitledSection } from '@/components/titled-section';
import { handleDiagnose, type DiagnoseOkBody, type ScanForDiagnose } from '@/app/api/diagnose/handle';
import { diagnosisStore, DIAGNOSIS_TTL_MS } from '@/lib/server/diagnoses';
import { DiagnoseForm, type ClusterOption } from './_components/diagnose-form';
import { inputQuery, readLink, type LinkInput } from './_lib/diagnosis-link';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

function one(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
}

export async function generateMetadata({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<Metadata> {
  const sp = await searchParams;
  const image = one(sp.image);
  const linked = readLink(sp).kind !== 'none';
  return { title: linked ? `Diagnosis${image ? ` of ${image.slice(0, 120)}` : ''}` : 'Diagnose' };
}

async function load(scanId: string | null): Promise<ScanForDiagnose> {
  const s = await loadScan(scanId ? { scan: scanId } : {});
  return s.kind === 'ready' ? { kind: 'ready', id: s.id, label: s.label, inventory: s.inventory } : s;
}

/** The diagnosis a URL names, computed again from its input; or why it cannot be. */
async function reopen(sp: SearchParams): Promise<{ input: LinkInput | null; result: DiagnoseOkBody | null; error: string | null }> {
  const linked = readLink(sp);
  if (linked.kind === 'none') return { input: null, result: null, error: null };
  let input: LinkInput | null;
  let link: string;
  if (linked.kind === 'saved') {
    input = await diagnosisStore().get(linked.id);
    if (!input) {
      const hours = Math.round(DIAGNOSIS_TTL_MS / 3_600_000);
      return { input: null, result: null, error: `This diagnosis link has expired or belongs to another server (diagnoses are kept for ${hours} hours): paste the error again.` };
    }
    link = `/diagnose?${new URLSearchParams({ d: linked.id, ...(input.scan ? { scan: input.scan } : {}) })}`;
  } else {
    input = linked.input;
    link = `/diagnose?${inputQuery(input)}`;
  }
  const res = await handleDiagnose({ image: input.image, errorText: input.errorText, cluster: input.cluster, nodePool: input.nodePool, scan: input.scan }, load);
  if ('error' in res.body) return { input, result: null, error: res.body.error };
  return { input, result: { ...res.body, link }, error: null };
}

export default async function DiagnosePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const scan = await loadScan(sp);
  const reopened = await reopen(sp);
  const clusters: ClusterOption[] =
    scan.kind === 'ready'
      ? [...scan.inventory.clusters]
          .sort((a, b) => a.project.localeCompare(b.project) || a.shortName.localeCompare(b.shortName))
          .map((c) => ({
            name: c.name,
            label: `${c.shortName} (${c.project}, ${c.location})`,
            pools: scan.inventory.nodePools
              .filter((p) => p.cluster === c.name)
              .map((p) => ({ name: p.name, shortName: p.shortName }))
              .sort((a, b) => a.shortName.localeCompare(b.shortName)),
          }))
      : [];
  const input = reopened.input;
  return (
    <TitledSection id="diagnose-title" title="Diagnose">
      <p className="mt-2 max-w-3xl text-slate-700 dark:text-slate-300">
        Paste a failing pull (ErrImagePull, ImagePullBackOff): Pullcheck reads the error, checks what the scanned estate says about that node pool and
        repository, and ranks the likely causes with the command that fixes each.
      </p>
      {scan.kind !== 'ready' ? <ScanStateNotice scan={scan} what="diagnoses (they are judged against a scan)" /> : null}
      <DiagnoseForm
        clusters={clusters}
        scan={scan.kind === 'ready' ? scan.scanParam : null}
        scanLabel={scan.kind === 'ready' ? scan.label : null}
        initial={{
          image: input ? input.image : one(sp.image),
          cluster: input ? (input.cluster ?? '') : one(sp.cluster),
          nodePool: input ? (input.nodePool ?? '') : one(sp.pool),
          errorText: input?.errorText ?? '',
        }}
        initialResult={reopened.result}
        initialError={reopened.error}
      />
    </TitledSection>
  );
}
