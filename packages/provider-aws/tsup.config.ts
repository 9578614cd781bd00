import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { 'prices/index': 'src/prices/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['@finops-autopilot/core'],
});
