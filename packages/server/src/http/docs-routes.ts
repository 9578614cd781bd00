import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { buildOpenApiDocument } from './openapi.js';
import type { RouteRegistry } from './route.js';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>FinOps Autopilot API</title>
<link rel="stylesheet" href="/docs/docs.css">
</head>
<body>
<main>
<h1>FinOps Autopilot API</h1>
<p>The machine-readable description is at <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).
Sign in with <code>POST /api/auth/login</code>, then send <code>Authorization: Bearer &lt;accessToken&gt;</code>.</p>
<div id="operations" aria-live="polite">Loading…</div>
</main>
<script src="/docs/docs.js"></script>
</body>
</html>`;

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
main{max-width:960px;margin:0 auto;padding:24px}
section{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin:12px 0;padding:12px 16px}
h2{font-size:18px;margin:24px 0 8px}
.method{display:inline-block;min-width:64px;font-weight:600;font-family:ui-monospace,monospace}
.path{font-family:ui-monospace,monospace}
.role{float:right;font-size:13px;color:#57606a}
details pre{background:#f6f8fa;padding:8px;overflow:auto;font-size:12px}`;

const SCRIPT = `(async () => {
  const root = document.getElementById('operations');
  try {
    const doc = await (await fetch('/openapi.json')).json();
    const byTag = {};
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const tag = (op.tags && op.tags[0]) || 'other';
        (byTag[tag] = byTag[tag] || []).push({ path, method, op });
      }
    }
    root.textContent = '';
    for (const tag of Object.keys(byTag).sort()) {
      const h = document.createElement('h2');
      h.textContent = tag;
      root.appendChild(h);
      for (const { path, method, op } of byTag[tag]) {
        const s = document.createElement('section');
        const head = document.createElement('div');
        const m = document.createElement('span'); m.className = 'method'; m.textContent = method.toUpperCase();
        const p = document.createElement('span'); p.className = 'path'; p.textContent = path;
        const r = document.createElement('span'); r.className = 'role'; r.textContent = 'role: ' + op['x-required-role'];
        head.append(m, p, r);
        const summary = document.createElement('p'); summary.textContent = op.summary || '';
        const details = document.createElement('details');
        const sum = document.createElement('summary'); sum.textContent = 'Parameters, body and answers';
        const pre = document.createElement('pre');
        pre.textContent = JSON.stringify({ parameters: op.parameters, requestBody: op.requestBody, responses: op.responses }, null, 2);
        details.append(sum, pre);
        s.append(head, summary, details);
        root.appendChild(s);
      }
    }
  } catch (error) {
    root.textContent = 'Could not load /openapi.json: ' + error;
  }
})();`;

/** `/openapi.json` and a small docs page at `/docs` that renders it. */
export function registerDocsRoutes(
  app: FastifyInstance,
  _ctx: ServerContext,
  registry: RouteRegistry,
  version: string,
): void {
  let cached: string | undefined;
  app.get('/openapi.json', async (_request, reply) => {
    cached ??= JSON.stringify(buildOpenApiDocument(registry, { version }));
    return reply.type('application/json; charset=utf-8').send(cached);
  });
  app.get('/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  app.get('/docs/docs.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(STYLE));
  app.get('/docs/docs.js', async (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').send(SCRIPT),
  );
}
