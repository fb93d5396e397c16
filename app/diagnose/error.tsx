'use client';

import { SegmentError } from '@/components/segment-error';

export default function DiagnoseError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="Diagnose" error={error} retry={retry} />;
}
