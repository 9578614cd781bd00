// pnpm bench: the reference server under load. A child process runs the real server
// (in-memory PGlite, 10,000 recommendations, no cycles, no logs, no rate limit); this
// process signs in, then
//   1. autocannon against GET /api/kpis/summary (cached) and GET /api/recommendations?limit=50;
//   2. 2,000 WebSocket clients on /ws while the server publishes 50 events 100 ms apart,
//      each carrying its send time: delivery latency per client per event, and whether
//      every client got every event.
// Several runs of each; prints every run and the medians.
// Environment: BENCH_RUNS (3), BENCH_HTTP_SECONDS (8), BENCH_CONNECTIONS (50 on the KPI summary;
// the recommendations list, a database query each, gets BENCH_LIST_CONNECTIONS, 10),
// BENCH_WS_CLIENTS (2000), BENCH_WS_EVENTS (50), BENCH_RECOMMENDATIONS (10000),
// BENCH_PARTS (http,ws).
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import WebSocket from 'ws';
import { type BenchReply, type BenchRequest, preciseNow } from './protocol.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const LIST_CONNECTIONS = Number(process.env.BENCH_LIST_CONNECTIONS ?? 10);
const WS_CLIENTS = Number(process.env.BENCH_WS_CLIENTS ?? 2000);
const WS_EVENTS = Number(process.env.BENCH_WS_EVENTS ?? 50);
const WS_INTERVAL_MS = 100;
/** How long clients get, after the last event was published, to receive everything. */
const WS_SETTLE_MS = 5000;
const CONNECT_BATCH = 100;
const PARTS = (process.env.BENCH_PARTS ?? 'http,ws').split(',');

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: Float64Array, p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN);

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Reply<T extends BenchReply['type']> = Extract<BenchReply, { type: T }>;
/** The answer to each request. */
interface Answers {
  clock: Reply<'clock'>;
  publish: Reply<'published'>;
  stats: Reply<'stats'>;
  stop: Reply<'stopped'>;
}

/** The server process and a request/answer channel to it. */
class ServerProcess {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<
    number,
    { resolve: (reply: BenchReply) => void; reject: (error: Error) => void }
  >();
  #nextId = 1;
  #exited: Error | undefined;
  readonly ready: Promise<Reply<'ready'>>;

  constructor() {
    this.#child = fork(fileURLToPath(new URL('./bench-server.ts', import.meta.url)), [], {
      stdio: 'inherit',
    });
    this.ready = new Promise((resolve, reject) => {
      this.#child.once('exit', (code, signal) => {
        this.#exited = new Error(`the server process exited (${signal ?? code})`);
        reject(this.#exited);
        for (const waiting of this.#waiting.values()) waiting.reject(this.#exited);
        this.#waiting.clear();
      });
      this.#child.on('message', (reply: BenchReply) => {
        if (reply.type === 'ready') resolve(reply);
        else this.#waiting.get(reply.id)?.resolve(reply);
      });
    });
    this.ready.catch(() => {});
  }

  ask<T extends BenchRequest['type']>(
    request: Omit<Extract<BenchRequest, { type: T }>, 'id'>,
  ): Promise<Answers[T]> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      if (this.#exited) return reject(this.#exited);
      this.#waiting.set(id, {
        resolve: (reply) => {
          this.#waiting.delete(id);
          resolve(reply as Answers[T]);
        },
        reject,
      });
      this.#child.send({ ...request, id });
    });
  }

  /** How far the server process's clock is ahead of ours (ms), from the quickest of 30 round trips. */
  async clockOffset(): Promise<number> {
    let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
    for (let sample = 0; sample < 30; sample++) {
      const sent = preciseNow();
      const { now } = await this.ask<'clock'>({ type: 'clock' });
      const back = preciseNow();
      if (back - sent < best.rtt) best = { rtt: back - sent, offset: now - (sent + back) / 2 };
    }
    return best.offset;
  }

  kill(): void {
    this.#child.kill();
  }
}

interface HttpRun {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

async function cannon(url: string, token: string, seconds: number, connections: number): Promise<HttpRun> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function benchHttp(base: string, token: string): Promise<void> {
  const targets = [
    {
      name: 'GET /api/kpis/summary',
      path: '/api/kpis/summary',
      connections: CONNECTIONS,
      target: '≥ 5,000 req/s, p99 < 50 ms',
    },
    {
      name: 'GET /api/recommendations?limit=50',
      path: '/api/recommendations?limit=50',
      connections: LIST_CONNECTIONS,
      target: '(reported)',
    },
  ];
  console.log(`\n== HTTP: autocannon, ${HTTP_SECONDS} s per run ==`);
  const rows: string[] = [];
  for (const { name, path, connections, target } of targets) {
    const probe = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = await probe.text();
    if (probe.status !== 200) throw new Error(`${name} answered ${probe.status}: ${body.slice(0, 200)}`);
    console.log(`${name}: ${body.length} bytes per answer, ${connections} connections`);
    await cannon(`${base}${path}`, token, 2, connections); // warm up
    const runs: HttpRun[] = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await cannon(`${base}${path}`, token, HTTP_SECONDS, connections);
      runs.push(result);
      console.log(
        `  run ${run + 1}: ${fixed(result.rps, 0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms` +
          (result.non2xx || result.errors ? `, ${result.non2xx} non-2xx, ${result.errors} errors` : ''),
      );
    }
    rows.push(
      `| ${name} | ${connections} | ${fixed(median(runs.map((r) => r.rps)), 0)} | ${fixed(median(runs.map((r) => r.p50)), 0)} | ${fixed(median(runs.map((r) => r.p99)), 0)} | ${fixed(median(runs.map((r) => r.max)), 0)} | ${runs.reduce((sum, r) => sum + r.non2xx + r.errors, 0)} | ${target} |`,
    );
  }
  console.log(`\nMedians of ${RUNS} runs:`);
  console.log(
    '| endpoint | connections | req/s | p50 ms | p99 ms | max ms | non-2xx + errors (all runs) | target |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const row of rows) console.log(row);
}

interface WsRun {
  delivered: number;
  completeClients: number;
  p50: number;
  p99: number;
  max: number;
  fanOutMs: number;
}

async function benchWebSocket(server: ServerProcess, base: string, token: string): Promise<void> {
  console.log(
    `\n== WebSocket: ${WS_CLIENTS} clients, ${WS_EVENTS} events ${WS_INTERVAL_MS} ms apart per run ==`,
  );
  const offset = await server.clockOffset();
  console.log(`server clock offset: ${offset.toFixed(3)} ms (corrected)`);

  const url = `${base.replace(/^http/, 'ws')}/ws`;
  let run = -1;
  let latencies = new Float64Array(WS_CLIENTS * WS_EVENTS).fill(Number.NaN);
  let received = 0;
  let gaps = 0;
  let closedEarly = 0;
  const sockets: WebSocket[] = [];

  const open = (client: number) =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(url, ['bearer', token], { perMessageDeflate: false });
      let lastSeq = -1;
      socket.on('message', (data) => {
        const arrived = preciseNow();
        const message = JSON.parse(String(data)) as { type: string; seq: number; payload: { etag?: string } };
        if (lastSeq >= 0 && message.seq !== lastSeq + 1) gaps += 1;
        lastSeq = message.seq;
        const etag = message.payload.etag;
        if (message.type !== 'kpi-changed' || !etag?.startsWith('bench:')) return;
        const [, eventRun, index, sentAt] = etag.split(':');
        if (Number(eventRun) !== run) return;
        latencies[client * WS_EVENTS + Number(index)] = arrived - (Number(sentAt) - offset);
        received += 1;
      });
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('close', () => {
        closedEarly += 1;
      });
      sockets.push(socket);
    });

  const connectStart = performance.now();
  for (let start = 0; start < WS_CLIENTS; start += CONNECT_BATCH)
    await Promise.all(
      Array.from({ length: Math.min(CONNECT_BATCH, WS_CLIENTS - start) }, (_, index) => open(start + index)),
    );
  console.log(
    `${WS_CLIENTS} clients connected in ${((performance.now() - connectStart) / 1000).toFixed(1)} s`,
  );
  const connected = await server.ask<'stats'>({ type: 'stats' });
  console.log(`server sees ${connected.wsClients} clients`);
  // Warm up (not measured): a few events through every socket.
  run = -1;
  await server.ask<'publish'>({ type: 'publish', run, count: 10, intervalMs: WS_INTERVAL_MS });
  await sleep(500);

  const runs: WsRun[] = [];
  for (let index = 0; index < RUNS; index++) {
    run = index;
    latencies = new Float64Array(WS_CLIENTS * WS_EVENTS).fill(Number.NaN);
    received = 0;
    const { fanOutMs } = await server.ask<'publish'>({
      type: 'publish',
      run,
      count: WS_EVENTS,
      intervalMs: WS_INTERVAL_MS,
    });
    const deadline = performance.now() + WS_SETTLE_MS;
    while (received < WS_CLIENTS * WS_EVENTS && performance.now() < deadline) await sleep(20);

    let completeClients = 0;
    for (let client = 0; client < WS_CLIENTS; client++) {
      let complete = true;
      for (let event = 0; event < WS_EVENTS; event++)
        if (Number.isNaN(latencies[client * WS_EVENTS + event])) complete = false;
      if (complete) completeClients += 1;
    }
    const sorted = latencies.filter((value) => !Number.isNaN(value)).sort();
    const result: WsRun = {
      delivered: sorted.length,
      completeClients,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
      fanOutMs: median(fanOutMs),
    };
    runs.push(result);
    console.log(
      `  run ${index + 1}: ${result.delivered}/${WS_CLIENTS * WS_EVENTS} delivered, ${completeClients}/${WS_CLIENTS} clients got every event, ` +
        `latency p50 ${fixed(result.p50)} ms, p99 ${fixed(result.p99)} ms, max ${fixed(result.max)} ms; ` +
        `server fan-out ${fixed(result.fanOutMs, 2)} ms per event`,
    );
  }
  const after = await server.ask<'stats'>({ type: 'stats' });
  for (const socket of sockets) socket.terminate();

  console.log(`\nMedians of ${RUNS} runs:`);
  console.log(
    '| clients | events per run | every client got every event | delivery p50 ms | p99 ms | max ms | fan-out ms per event | target |',
  );
  console.log('|---:|---:|---|---:|---:|---:|---:|---|');
  const allComplete = runs.every((r) => r.completeClients === WS_CLIENTS);
  console.log(
    `| ${WS_CLIENTS} | ${WS_EVENTS} | ${allComplete ? 'yes, every run' : 'NO'} | ${fixed(median(runs.map((r) => r.p50)))} | ${fixed(median(runs.map((r) => r.p99)))} | ${fixed(median(runs.map((r) => r.max)))} | ${fixed(median(runs.map((r) => r.fanOutMs)), 2)} | every event, p99 < 100 ms |`,
  );
  console.log(
    `sequence gaps seen by clients: ${gaps}; sockets closed during the runs: ${closedEarly}; ` +
      `server dropped ${after.dropped} clients, sent ${after.sent} messages`,
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  const server = new ServerProcess();
  try {
    const ready = await server.ready;
    console.log(
      `server at ${ready.url}: ${ready.seeded} recommendations seeded in ${(ready.seedMs / 1000).toFixed(1)} s`,
    );
    const login = await fetch(`${ready.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ready.email, password: ready.password }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const { accessToken } = (await login.json()) as { accessToken: string };

    if (PARTS.includes('http')) await benchHttp(ready.url, accessToken);
    if (PARTS.includes('ws')) await benchWebSocket(server, ready.url, accessToken);
    await server.ask<'stop'>({ type: 'stop' });
    console.log(`\nwhole bench: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    server.kill();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
