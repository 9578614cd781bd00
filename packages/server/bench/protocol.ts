// Messages between server-bench.ts and the server process it starts (bench-server.ts).

/** Messages of the parent. */
export type BenchRequest =
  | { type: 'clock'; id: number }
  | { type: 'publish'; id: number; run: number; count: number; intervalMs: number }
  | { type: 'stats'; id: number }
  | { type: 'stop'; id: number };

/** Messages to the parent. */
export type BenchReply =
  | {
      type: 'ready';
      url: string;
      email: string;
      password: string;
      tenantId: string;
      seeded: number;
      seedMs: number;
    }
  | { type: 'clock'; id: number; now: number }
  | { type: 'published'; id: number; fanOutMs: number[] }
  | { type: 'stats'; id: number; wsClients: number; dropped: number; sent: number }
  | { type: 'stopped'; id: number };

/** Wall-clock milliseconds with sub-millisecond resolution. */
export const preciseNow = (): number => performance.timeOrigin + performance.now();
