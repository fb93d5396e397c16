import next from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...next,
  ...nextTs,
  { ignores: ['.next/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'e2e-artifacts/**', 'next-env.d.ts'] },
  {
    // The engine and the model are pure: no framework, no Google client, no collectors.
    files: ['lib/readiness/**', 'lib/inventory/**', 'lib/diagnose/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['next', 'next/*', 'react', 'react-dom', 'googleapis', 'googleapis/*', '@/lib/gcp/*', '../gcp/*'] }],
    },
  },
];
export default config;
