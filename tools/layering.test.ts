import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layering rule of DESIGN.md: core imports no other package; providers and
 * engines import only core; only composers (cli, server) and examples combine
 * them. A new package must be added here, with its allowed imports.
 */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  'provider-sim': ['core'],
  'provider-aws': ['core'],
  'engine-heuristic': ['core'],
  'store-postgres': ['core'],
  analytics: ['core'],
  server: [
    'core',
    'analytics',
    'engine-heuristic',
    'provider-sim',
    'provider-aws',
    'store-postgres',
    'dashboard',
  ],
  cli: ['core', 'engine-heuristic', 'provider-aws', 'server'],
  dashboard: [],
};

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs)$/.test(name) ? [path] : [];
  });
}

describe('package layering', () => {
  const packages = readdirSync(join(root, 'packages')).filter((name) =>
    statSync(join(root, 'packages', name)).isDirectory(),
  );

  it('knows every package', () => {
    expect(packages.filter((name) => !(name in ALLOWED))).toEqual([]);
  });

  for (const name of packages) {
    it(`${name} imports only what its layer allows`, () => {
      const violations: string[] = [];
      for (const file of sourceFiles(join(root, 'packages', name))) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(
          /(?:from\s+|import\s*\(\s*|import\s+)['"]@finops-autopilot\/([a-z-]+)/g,
        )) {
          const target = match[1]!;
          if (target !== name && !(ALLOWED[name] ?? []).includes(target)) {
            violations.push(`${relative(root, file)} imports @finops-autopilot/${target}`);
          }
        }
        const home = join(root, 'packages', name);
        for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]*)['"]/g)) {
          const target = resolve(dirname(file), match[1]!);
          if (relative(home, target).startsWith('..')) {
            violations.push(`${relative(root, file)} reaches outside its package: ${match[1]}`);
          }
        }
      }
      expect(violations).toEqual([]);
    });
  }
});
