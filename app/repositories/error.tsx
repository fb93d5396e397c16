'use client';

import { SegmentError } from '@/components/segment-error';

export default function RepositoriesError({ error, retry }: { error: unknown; retry: () => void }) {
  return <SegmentError what="the repositories" error={error} retry={retry} />;
}
