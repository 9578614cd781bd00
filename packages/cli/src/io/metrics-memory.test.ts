import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS_START, REPO_ROOT, tempDir } from '../test-helpers.js';

const RESOURCES = 2_000;
const HOURS = 500;
const ROWS = RESOURCES * HOURS;

/**
 * Writes ROWS rows resource by resource (as per-resource CloudWatch exports
 * come), without building the text in memory.
 */
async function writeLargeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('resource_id,timestamp,metric,value\n');
  const times = Array.from({ length: HOURS }, (_, hour) =>
    new Date(METRICS_START + hour * 3_600_000).toISOString(),
  );
  for (let resource = 0; resource < RESOURCES; resource++) {
    const id = `i-${resource.toString(16).padStart(17, '0')}`;
    let chunk = '';
    for (let hour = 0; hour < HOURS; hour++) {
      chunk += `${id},${times[hour]},CPUUtilization,${((resource * 7 + hour * 13) % 1000) / 10}\n`;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * Child process: reads the file and, every 20 ms while it streams, collects
 * garbage and samples the live heap + external memory (typed arrays), so the
 * figure is what the reader holds rather than how lazily V8 collects.
 */
const CHILD = `
const { readMetricsCsv } = await import(process.env.MODULE_URL);
globalThis.gc();
const base = process.memoryUsage();
let peak = 0;
let peakRss = 0;
const sample = () => {
  globalThis.gc();
  const usage = process.memoryUsage();
  peak = Math.max(peak, usage.heapUsed + usage.external);
  peakRss = Math.max(peakRss, usage.rss);
};
const timer = setInterval(sample, 20);
const keep = process.env.KEEP === 'all' ? undefined : new Set(['i-00000000000000000']);
const result = await readMetricsCsv(process.env.FILE, { resourceIds: keep });
sample();
clearInterval(timer);
const points = result.series.reduce((sum, series) => sum + series.values.length, 0);
console.log(JSON.stringify({ rows: result.rows, points, peakDelta: peak - base.heapUsed - base.external, peakRss }));
`;

interface Measurement {
  rows: number;
  points: number;
  peakDelta: number;
  peakRss: number;
}

function measure(file: string, keep: 'all' | 'one'): Promise<Measurement> {
  const moduleUrl = new URL('./metrics-csv.ts', import.meta.url).href;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--conditions=dev-source', '--input-type=module', '-e', CHILD],
      { cwd: REPO_ROOT, env: { ...process.env, MODULE_URL: moduleUrl, FILE: file, KEEP: keep } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(stdout) as Measurement) : reject(new Error(`child failed: ${stderr}`)),
    );
  });
}

describe('readMetricsCsv streams', () => {
  let file = '';
  let fileBytes = 0;
  let cleanup: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const temp = await tempDir();
    cleanup = temp.cleanup;
    file = join(temp.dir, 'large.csv');
    await writeLargeCsv(file);
    fileBytes = (await stat(file)).size;
  }, 120_000);
  afterAll(async () => cleanup?.());

  it('never holds the text: skipping every row but one series needs a small fraction of the file size', async () => {
    const result = await measure(file, 'one');
    console.info(
      `metrics stream, rows skipped: ${ROWS} rows, file ${(fileBytes / 2 ** 20).toFixed(1)} MiB, ` +
        `peak live heap+external growth ${(result.peakDelta / 2 ** 20).toFixed(1)} MiB, peak RSS ${(result.peakRss / 2 ** 20).toFixed(0)} MiB`,
    );
    expect(result.rows).toBe(ROWS);
    expect(result.points).toBe(HOURS);
    // Holding the text would take more than the file size; skipped rows leave nothing behind.
    expect(result.peakDelta).toBeLessThan(8 * 2 ** 20);
    expect(result.peakDelta).toBeLessThan(fileBytes * 0.15);
  }, 120_000);

  it('keeps every point in typed arrays: memory grows with the points, well under the text size', async () => {
    const result = await measure(file, 'all');
    console.info(
      `metrics stream, all rows kept: ${ROWS} rows, file ${(fileBytes / 2 ** 20).toFixed(1)} MiB, ` +
        `peak live heap+external growth ${(result.peakDelta / 2 ** 20).toFixed(1)} MiB ` +
        `(${(result.peakDelta / ROWS).toFixed(1)} bytes/row), peak RSS ${(result.peakRss / 2 ** 20).toFixed(0)} MiB`,
    );
    expect(result.points).toBe(ROWS);
    // 16 bytes a point in typed arrays, briefly twice while they become the series' arrays.
    expect(result.peakDelta).toBeLessThan(ROWS * 48);
    expect(result.peakDelta).toBeLessThan(fileBytes * 0.75);
  }, 120_000);
});
