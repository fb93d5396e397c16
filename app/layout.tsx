import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { headers } from 'next/headers';
import { gapsOf } from '@/lib/server/gaps';
import { Nav } from '@/components/nav';
import { GapsBanner } from '@/components/gaps-banner';
import { GAPS_BANNER_ATTRIBUTE, GAPS_BANNER_STORAGE_KEY } from '@/components/gaps-banner-state';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Pullcheck', template: '%s · Pullcheck' },
  description: 'Can every GKE node pool pull from every Artifact Registry Docker repository? Why not, and the step that fixes it.',
  icons: { icon: '/icon.svg' },
};

// Before the first paint: the colour scheme, and the gaps banner's remembered state (collapsed or open).
const colorScheme = `(function(){try{var m=window.matchMedia('(prefers-color-scheme: dark)');var s=function(){document.documentElement.classList.toggle('dark',m.matches)};s();m.addEventListener('change',s)}catch(e){}try{var g=window.localStorage.getItem(${JSON.stringify(GAPS_BANNER_STORAGE_KEY)});if(g==='collapsed'||g==='open')document.documentElement.setAttribute(${JSON.stringify(GAPS_BANNER_ATTRIBUTE)},g)}catch(e){}})();`;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const h = await headers();
  const scanParam = h.get('x-pullcheck-scan');
  // The CSP nonce proxy.ts generated for this request: the one inline script runs only with it.
  const nonce = h.get('x-nonce') ?? undefined;
  const gaps = await gapsOf(scanParam).catch(() => null);
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: colorScheme }} />
      </head>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers>
          <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900">
            Skip to content
          </a>
          <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3">
              <Link href="/" className="text-lg font-semibold tracking-tight">
                Pullcheck
              </Link>
              <Suspense fallback={<nav aria-label="Main" className="h-8" />}>
                <Nav />
              </Suspense>
            </div>
          </header>
          <Suspense fallback={null}>
            <GapsBanner initial={{ scanParam, data: gaps }} />
          </Suspense>
          <main id="main" className="mx-auto max-w-7xl px-4 py-6">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
