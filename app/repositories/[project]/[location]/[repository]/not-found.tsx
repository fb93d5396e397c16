import { NotFoundPanel } from '@/components/not-found-panel';

export default function RepositoryNotFound() {
  return (
    <NotFoundPanel
      title="Repository not found"
      message="This scan has no repository at that project, location and name. Check the path, or whether the project was in the scanned scope."
      back={{ href: '/repositories', label: 'All repositories' }}
    />
  );
}
