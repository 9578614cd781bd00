import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the
// `dev-source` export condition, so tests never need a prior build.
const conditions = ['dev-source', 'module', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'examples/**/*.test.ts', 'tools/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
