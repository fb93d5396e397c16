import { textLink } from '@/components/ui-classes';
import { exportHref } from '../_lib/export-href';

/** Download links for a view's findings or pairs, with the view's current filter (files, not a page to render). */
export function ExportLinks({ scanId, kind, params, count }: { scanId: string; kind: 'findings' | 'pairs'; params: Record<string, string | string[] | undefined>; count: number }) {
  return (
    <p className="mt-1 text-sm">
      Download these {count} {kind}:{' '}
      <a href={exportHref(scanId, kind, 'csv', params)} className={textLink}>
        CSV
      </a>{' '}
      ·{' '}
      <a href={exportHref(scanId, kind, 'json', params)} className={textLink}>
        JSON
      </a>
    </p>
  );
}
