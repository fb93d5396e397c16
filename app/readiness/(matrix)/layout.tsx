import { gateShareLink } from '@/lib/server/scan-gate';

/** Answers an unknown `?scan=` with a real 404 before the loading state streams (see lib/server/scan-gate). */
export default async function Layout({ children }: { children: React.ReactNode }) {
  await gateShareLink();
  return children;
}
