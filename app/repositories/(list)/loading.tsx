import { DetailSkeleton } from '@/components/detail-skeleton';

export default function Loading() {
  return <DetailSkeleton label="Loading the repositories…" blocks={2} />;
}
