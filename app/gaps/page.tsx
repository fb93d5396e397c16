import type { Metadata } from 'next';
import { coverageOf, gapsOf } from '@/lib/server/gaps';
import { CoverageSection } from './_components/coverage-section';
import { TitledSection } from '@/components/titled-section';
import { count } from '@/components/format';
import { card } from '@/components/ui-classes';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;

function scanOf(sp: SearchParams): string | null {
  const v = sp.scan;
  return (Array.isArray(v) ? v[0] : v)?.trim() || null;
}

export async function generateMetadata({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<Metadata> {
  const data = await gapsOf(scanOf(await searchParams)).catch(() => null);
  return { title: data?.scan ? `Gaps in ${data.scan.label}` : 'Gaps' };
}

/** Every gap of the scan on screen: what Pullcheck could not read, and the permission or step that fixes it. */
export default async function GapsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const scan = scanOf(await searchParams);
  const data = await gapsOf(scan).catch(() => null);
  if (!data) {
    return (
      <TitledSection id="gaps-title" title="Gaps">
        <p className="mt-2">There is no scan {scan} on this server (it was never stored here, or the oldest scans were pruned: see PULLCHECK_KEEP_SCANS and PULLCHECK_KEEP_DAYS).</p>
      </TitledSection>
    );
  }
  const label = data.scan?.label ?? 'the scan';
  // Gaps of failed lists are shown in the coverage, gathered; the others one by one below.
  const coverage = await coverageOf(scan).catch(() => null);
  const others = coverage ? data.gaps.filter((g) => !coverage.listGapIds.has(g.id)) : data.gaps;
  return (
    <TitledSection id="gaps-title" title={`Gaps in ${label}`}>
      <p className="mt-2 max-w-3xl text-slate-700 dark:text-slate-300">
        {data.gaps.length === 0
          ? 'Pullcheck read everything it needed: no gaps.'
          : `${count(data.gaps.length, 'gap')}: evidence Pullcheck could not read. Verdicts that needed it are “unknown”; each gap names the permission or step that closes it.`}
      </p>
      {coverage ? <CoverageSection view={coverage} /> : null}
      {coverage && others.length > 0 ? <h2 className="mt-6 text-lg font-semibold">{others.length === 1 ? 'The other gap' : `The other ${others.length} gaps`}</h2> : null}
      {others.length > 0 ? (
        <ol className="mt-4 space-y-2">
          {others.map((g) => (
            <li key={g.id} className={`${card} break-words text-sm`}>
              <p>{g.what}</p>
              <p className="mt-1 font-medium">{g.fix}</p>
            </li>
          ))}
        </ol>
      ) : null}
    </TitledSection>
  );
}
