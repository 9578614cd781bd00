import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `vite` (dev) forwards API and WebSocket calls: a server started with `pnpm start` or `finops-autopilot serve`. */
const target = process.env.FINOPS_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // One entry chunk: the budget test sums it with its static imports.
    chunkSizeWarningLimit: 400,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target, changeOrigin: false },
      '/openapi.json': { target },
      '/ws': { target: target.replace(/^http/, 'ws'), ws: true },
    },
  },
  preview: { port: 4173 },
});
