// `pnpm start`: builds the dashboard when its build is missing or older than its
// sources, then runs `finops-autopilot serve` (embedded PGlite and the simulated
// fleet unless DATABASE_URL is set). Arguments after `--` go to `serve`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dashboard = join(root, 'packages', 'dashboard');
const built = join(dashboard, 'dist', 'index.html');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = [join(dashboard, 'src'), join(dashboard, 'index.html')].filter((path) => existsSync(path));
if (sources.length > 0 && (!existsSync(built) || newest(built) < Math.max(...sources.map(newest)))) {
  console.log('Building the dashboard…');
  const vite = join(dashboard, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: dashboard,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('The dashboard did not build; the server starts without it (the API works).');
  }
}

const args = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'));
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--conditions=dev-source',
    join(root, 'packages', 'cli', 'src', 'bin.ts'),
    'serve',
    ...args,
  ],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
