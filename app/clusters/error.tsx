'use client';

import { SegmentError } from '@/components/segment-error';

export default function ClustersError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="the clusters" error={error} retry={retry} />;
}
