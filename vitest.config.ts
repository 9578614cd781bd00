import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the
// `dev-source` export condition, so tests never need a prior build.
// (No `import` here: vitest passes these to Node's own resolver too, and `import` there would
// make CommonJS packages such as `pg` load their dependencies' ES module builds.)
const conditions = ['dev-source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['packages/*/src/**/*.test.{ts,tsx}', 'examples/**/*.test.ts', 'tools/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
