import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from './cli-io.js';

/** The repository root, where `pnpm finops-autopilot` runs the bin from. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Start of generated metrics: a Monday. */
export const METRICS_START = Date.parse('2026-07-06T00:00:00Z');

/** A temporary directory, removed by the returned `cleanup`. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'finops-cli-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes files (name → content) into `dir`; objects are written as JSON. */
export async function writeFiles(dir: string, files: Record<string, string | object>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await writeFile(
      join(dir, name),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
  }
}

/** One generated metric: `value(index)` for point `index`. */
export interface GeneratedSeries {
  resourceId: string;
  metric: string;
  value: (index: number) => number;
}

/** A long metrics CSV with `points` points per series every `periodMinutes`, from {@link METRICS_START}. */
export function metricsCsv(series: readonly GeneratedSeries[], points: number, periodMinutes = 60): string {
  const lines = ['resource_id,timestamp,metric,value'];
  for (const { resourceId, metric, value } of series) {
    for (let index = 0; index < points; index++) {
      const time = new Date(METRICS_START + index * periodMinutes * 60_000).toISOString();
      lines.push(`${resourceId},${time},${metric},${value(index)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Deterministic noise in [-1, 1) for point `index` (no Math.random in tests). */
export function noise(index: number, seed = 1): number {
  const x = Math.sin(index * 12.9898 + seed * 78.233) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

/** A CliIo that collects what is written. */
export function memoryIo(cwd?: string): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    ...(cwd === undefined ? {} : { cwd }),
    env: {},
    out: () => out,
    err: () => err,
  };
}

/** Result of running the real bin in a child process. */
export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node --import tsx --conditions=dev-source packages/cli/src/bin.ts ...args`
 * from the repository root, as `pnpm finops-autopilot` does, with INIT_CWD = `cwd`.
 */
export function runBin(args: readonly string[], cwd: string): Promise<BinRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=dev-source', 'packages/cli/src/bin.ts', ...args],
      { cwd: REPO_ROOT, env: { ...process.env, INIT_CWD: cwd }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
