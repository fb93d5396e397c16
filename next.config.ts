import type { NextConfig } from 'next';
import { SECURITY_HEADERS } from './lib/server/guard';

const nextConfig: NextConfig = {
  // googleapis is large, and PGlite loads its WebAssembly and data files from its package: keep them out of the server bundle.
  serverExternalPackages: ['googleapis', 'googleapis-common', 'google-auth-library', '@electric-sql/pglite', 'kysely-pglite-dialect', 'pg'],
  poweredByHeader: false,
  // Lets two builds live side by side (e.g. parallel e2e runs); default .next.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // `npm test` type-checks the whole project once (tsc --noEmit); the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // Bodies the proxy sees are buffered up to this size; the JSON routes it guards accept far less (snapshot
    // uploads, up to 20 MB, bypass the proxy).
    proxyClientMaxBodySize: '1mb',
  },
  // The security headers for the one route proxy.ts does not see (it sets them on every other response).
  async headers() {
    return [
      {
        source: '/api/snapshots',
        headers: [
          ...Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
          { key: 'content-security-policy', value: "default-src 'none'; frame-ancestors 'none'" },
        ],
      },
    ];
  },
};

export default nextConfig;
