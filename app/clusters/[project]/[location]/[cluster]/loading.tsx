import { DetailSkeleton } from '@/components/detail-skeleton';

export default function Loading() {
  return <DetailSkeleton label="Loading the cluster…" blocks={3} />;
}
