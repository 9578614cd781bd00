import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: [
    /^@finops-autopilot\//,
    /^@fastify\//,
    'fastify',
    '@node-rs/argon2',
    'jose',
    'pino',
    'prom-client',
    'zod',
  ],
});
