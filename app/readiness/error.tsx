'use client';

import { ErrorPanel } from '@/components/error-panel';

export default function Error({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel title="The readiness matrix could not be shown" error={error} reset={reset} />;
}
