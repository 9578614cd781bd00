import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built dashboard from `dir` at `/`: files by path (hashed assets
 * cached for a year), and `index.html` for every other GET outside the API
 * so client-side routes work.
 */
export async function registerStatic(app: FastifyInstance, dir: string): Promise<void> {
  const root = normalize(dir).replace(/[\\/]+$/, '');
  // Read once to fail early, then again when the build changes (a rebuild while the server runs).
  let index = await readFile(join(root, 'index.html'));
  let indexStamp = (await stat(join(root, 'index.html'))).mtimeMs;
  const currentIndex = async () => {
    try {
      const stamp = (await stat(join(root, 'index.html'))).mtimeMs;
      if (stamp !== indexStamp) {
        index = await readFile(join(root, 'index.html'));
        indexStamp = stamp;
      }
    } catch {
      // keep the last good copy
    }
    return index;
  };
  const send = async (file: string) => {
    const path = normalize(join(root, file));
    if (path !== root && !path.startsWith(root + sep)) return undefined;
    try {
      if (!(await stat(path)).isFile()) return undefined;
      return await readFile(path);
    } catch {
      return undefined;
    }
  };
  app.get('/*', async (request, reply) => {
    const url = (request.params as { '*': string })['*'] ?? '';
    if (url.startsWith('api/') || url === 'ws') return reply.callNotFound();
    const body = url === '' ? undefined : await send(url);
    if (body) {
      reply.type(TYPES[extname(url)] ?? 'application/octet-stream');
      if (url.startsWith('assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
      return reply.send(body);
    }
    if (extname(url) !== '' && url !== '') return reply.callNotFound();
    return reply
      .type(TYPES['.html'] as string)
      .header('cache-control', 'no-cache')
      .send(await currentIndex());
  });
}
