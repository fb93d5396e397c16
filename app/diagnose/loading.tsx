import { DetailSkeleton } from '@/components/detail-skeleton';

export default function Loading() {
  return <DetailSkeleton label="Loading Diagnose…" blocks={2} />;
}
