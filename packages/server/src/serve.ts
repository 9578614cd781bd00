import type { ServerOptions } from './options.js';
import { createServer, type FinopsServer } from './server.js';

/** Options of {@link serve}: the server's own, plus where to listen and print. */
export interface ServeOptions extends ServerOptions {
  /** @default process.env.PORT ?? 8080 */
  port?: number;
  /** @default process.env.HOST ?? '127.0.0.1' */
  host?: string;
  /** Where the start-up lines go (URL, first admin). @default process.stdout */
  out?: { write(text: string): unknown };
}

/**
 * Starts the platform as an operator runs it: creates the server, listens,
 * prints the URL (and, on first start, the admin's generated password, once),
 * and returns the running server. The caller stops it with `close()`.
 */
export async function serve(options: ServeOptions = {}): Promise<{ server: FinopsServer; url: string }> {
  const out = options.out ?? process.stdout;
  const server = await createServer(options);
  const url = await server.listen({
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
  });
  const where =
    server.store.storeId === 'postgres'
      ? 'PostgreSQL (DATABASE_URL)'
      : `PGlite in ${server.context.options.dataDir}`;
  const lines = [
    `FinOps Autopilot is running at ${url}`,
    `  dashboard ${url}/   API docs ${url}/docs   OpenAPI ${url}/openapi.json   live stream ${url.replace(/^http/, 'ws')}/ws`,
    `  data: ${where}; fleets: ${server.context
      .runtimes()
      .map((runtime) => `${runtime.tenantId} (${runtime.provider.providerId})`)
      .join(', ')}`,
  ];
  const { bootstrap } = server;
  if (bootstrap.generatedPassword)
    lines.push(
      `  first start: created admin ${bootstrap.email} with password ${bootstrap.generatedPassword}`,
      '  (shown only this once; set FINOPS_ADMIN_PASSWORD before the first start to choose it)',
    );
  else if (bootstrap.createdAdmin)
    lines.push(`  first start: created admin ${bootstrap.email} (password from FINOPS_ADMIN_PASSWORD)`);
  out.write(`${lines.join('\n')}\n`);
  return { server, url };
}
