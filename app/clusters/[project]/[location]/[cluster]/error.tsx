'use client';

import { SegmentError } from '@/components/segment-error';

export default function ClusterError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="this cluster" error={error} retry={retry} />;
}
