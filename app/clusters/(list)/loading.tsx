import { DetailSkeleton } from '@/components/detail-skeleton';

export default function Loading() {
  return <DetailSkeleton label="Loading the clusters…" blocks={3} />;
}
