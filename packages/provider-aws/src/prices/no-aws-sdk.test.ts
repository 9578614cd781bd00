import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * `@finops-autopilot/provider-aws/prices` must stay usable without the AWS SDK
 * (engines and the web UI import it). Two checks: a static scan of every
 * import in the source graph (including dynamic `import()` and `require`), and
 * a plain Node process that imports the subpath and records every module it resolves.
 */

const here = dirname(fileURLToPath(import.meta.url));
const packageRoot = resolve(here, '../..');
const SDK_PATTERN = /(^|\/|@)(aws-sdk|@aws-sdk|@smithy|aws-crt)(\/|$|-)/;

interface Graph {
  files: string[];
  bareSpecifiers: Set<string>;
}

/** Follows relative imports from `entry`, and workspace packages through their `dev-source` export. */
function importGraph(entry: string): Graph {
  const files: string[] = [];
  const bareSpecifiers = new Set<string>();
  const queue = [entry];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    files.push(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
        if (!existsSync(target)) throw new Error(`cannot resolve ${specifier} from ${file}`);
        queue.push(target);
      } else if (specifier.startsWith('@finops-autopilot/')) {
        bareSpecifiers.add(specifier);
        queue.push(workspaceEntry(specifier, file));
      } else {
        bareSpecifiers.add(specifier);
      }
    }
  }
  return { files, bareSpecifiers };
}

function workspaceEntry(specifier: string, from: string): string {
  const [scope, name, ...subpath] = specifier.split('/');
  const packageDir = join(packageRoot, 'node_modules', `${scope}/${name}`);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    exports: Record<string, { 'dev-source'?: string }>;
  };
  const key = subpath.length > 0 ? `./${subpath.join('/')}` : '.';
  const target = manifest.exports[key]?.['dev-source'];
  if (!target) throw new Error(`no dev-source export ${key} in ${specifier} (imported from ${from})`);
  return join(packageDir, target);
}

describe('prices module has no AWS SDK dependency', () => {
  it('imports nothing from the AWS SDK, statically or dynamically', () => {
    const graph = importGraph(join(here, 'index.ts'));
    expect(graph.files.map((file) => file.slice(packageRoot.length))).toContain('/src/prices/catalog.ts');
    expect(graph.bareSpecifiers).toContain('@finops-autopilot/core');
    expect(graph.bareSpecifiers).toContain('node:fs');
    const sdk = [...graph.bareSpecifiers].filter((specifier) => SDK_PATTERN.test(specifier));
    expect(sdk).toEqual([]);
  });

  it('flags an SDK import when there is one', () => {
    const { importedFiles } = ts.preProcessFile(
      "import { EC2Client } from '@aws-sdk/client-ec2';\nconst p = await import('@smithy/types');",
      true,
      true,
    );
    expect(importedFiles.map((file) => file.fileName).filter((name) => SDK_PATTERN.test(name))).toHaveLength(
      2,
    );
  });

  it('loads and prices in a plain Node process without resolving any SDK module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aws-prices-'));
    try {
      const log = join(dir, 'resolved.txt');
      writeFileSync(log, '');
      writeFileSync(
        join(dir, 'hooks.mjs'),
        [
          "import { appendFileSync } from 'node:fs';",
          'let log;',
          'export function initialize(data) { log = data.log; }',
          'export async function resolve(specifier, context, next) {',
          '  const result = await next(specifier, context);',
          "  appendFileSync(log, specifier + ' ' + result.url + '\\n');",
          '  return result;',
          '}',
        ].join('\n'),
      );
      writeFileSync(
        join(dir, 'register.mjs'),
        `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)}, { data: { log: ${JSON.stringify(log)} } });\n`,
      );
      const script = [
        "const { createAwsPriceCatalog } = await import('@finops-autopilot/provider-aws/prices');",
        'const prices = createAwsPriceCatalog();',
        "const ec2 = prices.lookup({ service: 'ec2', region: 'us-east-1', type: 'm5.xlarge' }).price;",
        "const rds = prices.lookup({ service: 'rds', region: 'eu-west-1', type: 'db.m5.large' }).price;",
        "const ebs = prices.ebsMonthlyCost({ type: 'gp3', sizeGiB: 500 }).monthlyCost;",
        'console.log(JSON.stringify({ ec2, rds, ebs, snapshotDate: prices.snapshotDate }));',
      ].join('\n');
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          '--conditions=dev-source',
          '--import',
          'tsx',
          '--import',
          pathToFileURL(join(dir, 'register.mjs')).href,
          '--input-type=module',
          '--eval',
          script,
        ],
        { cwd: packageRoot, timeout: 60_000 },
      );
      expect(JSON.parse(stdout.trim())).toEqual({
        ec2: 0.192,
        rds: 0.197,
        ebs: 40,
        snapshotDate: '2021-03-31',
      });
      const resolved = readFileSync(log, 'utf8').trim().split('\n');
      expect(resolved.some((line) => line.includes('/provider-aws/src/prices/index.ts'))).toBe(true);
      expect(resolved.some((line) => line.includes('/core/src/index.ts'))).toBe(true);
      expect(resolved.filter((line) => SDK_PATTERN.test(line))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
