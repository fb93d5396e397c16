import { NotFoundPanel } from '@/components/not-found-panel';

export default function ClusterNotFound() {
  return (
    <NotFoundPanel
      title="Cluster not found"
      message="This scan has no cluster at that project, location and name. It may be outside the scanned scope, or its project's clusters could not be listed."
      back={{ href: '/clusters', label: 'All clusters' }}
    />
  );
}
