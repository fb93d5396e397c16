import next from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...next,
  ...nextTs,
  { ignores: ['.next/**', '.next-*/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e-artifacts/**', 'next-env.d.ts'] },
  {
    // The engine and the model are pure: no framework, no Google client, no collectors.
    // Type-only imports of Google's response shapes are allowed (lib/inventory/raw.ts): they vanish at build.
    files: ['lib/readiness/**', 'lib/inventory/**', 'lib/diagnose/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['next', 'next/*', 'react', 'react-dom', 'googleapis', 'googleapis/*', '@/lib/gcp/*', '../gcp/*', '../../gcp/*'], allowTypeImports: true }] },
      ],
    },
  },
  {
    // Pages and components reach Google only through lib/server (server-only): credentials never reach the browser.
    files: ['app/**', 'components/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group: ['@/lib/gcp/*', '**/lib/gcp/*', 'googleapis', 'googleapis/*', 'google-auth-library'], message: 'Go through lib/server (server-only).' }] }],
    },
  },
];
export default config;
