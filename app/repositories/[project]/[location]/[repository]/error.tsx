'use client';

import { SegmentError } from '@/components/segment-error';

export default function RepositoryError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="this repository" error={error} retry={retry} />;
}
