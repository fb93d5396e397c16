import { NotFoundPanel } from '@/components/not-found-panel';

export default function NotFound() {
  return (
    <NotFoundPanel
      title="Page not found"
      message="There is nothing at this address. These pages might help:"
      links={[
        { href: '/', label: 'Overview' },
        { href: '/clusters', label: 'Clusters' },
        { href: '/repositories', label: 'Repositories' },
        { href: '/readiness', label: 'Readiness' },
        { href: '/diagnose', label: 'Diagnose' },
      ]}
    />
  );
}
