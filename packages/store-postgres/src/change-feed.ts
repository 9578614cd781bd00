import { randomUUID } from 'node:crypto';
import type { StoreChange } from '@finops-autopilot/core';
import { sql } from 'drizzle-orm';
import type { Backend, Db, DedicatedConnection } from './database.js';
import { backoffDelay } from './retry.js';

/** The LISTEN/NOTIFY channel store changes travel on. */
export const CHANGE_CHANNEL = 'finops_changes';

/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD_BYTES = 7800;

const ENTITIES = new Set<StoreChange['entity']>([
  'resource',
  'recommendation',
  'approval',
  'execution',
  'audit',
  'config',
  'tenant',
]);
const OPS = new Set<StoreChange['op']>(['insert', 'update', 'delete']);

type EncodedChange = [string, string, string, string];

/**
 * Splits one transaction's changes into NOTIFY payloads, in order:
 * `{"v":1,"t":"<transaction>:<part>","c":[[tenantId, entity, op, id], ...]}`.
 * The `t` field keeps PostgreSQL from folding identical payloads of a transaction.
 */
export function encodeChanges(changes: readonly StoreChange[]): string[] {
  const token = randomUUID();
  const payloads: string[] = [];
  let batch: EncodedChange[] = [];
  let size = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    payloads.push(JSON.stringify({ v: 1, t: `${token}:${payloads.length}`, c: batch }));
    batch = [];
    size = 0;
  };
  for (const change of changes) {
    const encoded: EncodedChange = [change.tenantId, change.entity, change.op, change.id];
    const bytes = Buffer.byteLength(JSON.stringify(encoded)) + 1;
    if (size + bytes > MAX_PAYLOAD_BYTES - 80) flush();
    batch.push(encoded);
    size += bytes;
  }
  flush();
  return payloads;
}

/** Reads a payload of {@link encodeChanges}; anything else on the channel is ignored. */
export function decodeChanges(payload: string): StoreChange[] {
  try {
    const parsed = JSON.parse(payload) as { v?: unknown; c?: unknown };
    if (parsed.v !== 1 || !Array.isArray(parsed.c)) return [];
    return parsed.c.flatMap((item): StoreChange[] => {
      if (!Array.isArray(item) || item.length !== 4 || !item.every((part) => typeof part === 'string'))
        return [];
      const [tenantId, entity, op, id] = item as EncodedChange;
      if (!ENTITIES.has(entity as StoreChange['entity']) || !OPS.has(op as StoreChange['op'])) return [];
      return [{ tenantId, entity: entity as StoreChange['entity'], op: op as StoreChange['op'], id }];
    });
  } catch {
    return [];
  }
}

/** Options of {@link ChangeFeed}. */
export interface ChangeFeedOptions {
  onListenerError: (error: unknown, change: StoreChange) => void;
  /** Told when the LISTEN connection fails (it is re-opened while someone listens). */
  onConnectionError?: (error: unknown) => void;
}

/**
 * The store's change feed. On PostgreSQL every write transaction sends NOTIFY on
 * {@link CHANGE_CHANNEL} (delivered at commit, to every process) and one LISTEN
 * connection per store feeds the subscribers. On PGlite (one process, one
 * connection) changes are delivered in-process right after commit.
 */
export class ChangeFeed {
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private backend: Backend | undefined;
  private connection: DedicatedConnection | undefined;
  private listening: Promise<void> | undefined;
  private closed = false;
  private failures = 0;

  constructor(private readonly options: ChangeFeedOptions) {}

  /** Called once the backend is open; starts listening if someone subscribed before. */
  attach(backend: Backend): void {
    this.backend = backend;
    if (this.listeners.size > 0) this.ensureListening();
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    this.ensureListening();
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Waits until the LISTEN connection is up, so a change made after `subscribe`
   * returned reaches the subscriber. Resolves at once when nobody listens.
   */
  async ready(): Promise<void> {
    if (this.listening) await this.listening.catch(() => {});
  }

  /** Sends the NOTIFYs of a transaction's changes on its connection (PostgreSQL only). */
  async notify(db: Db, kind: Backend['kind'], changes: readonly StoreChange[]): Promise<void> {
    if (kind !== 'postgres' || changes.length === 0) return;
    const payloads = encodeChanges(changes);
    await db.execute(
      sql`select pg_notify(${CHANGE_CHANNEL}, payload) from jsonb_array_elements_text(${JSON.stringify(payloads)}::jsonb) as payload`,
    );
  }

  /** Delivers a committed transaction's changes in-process (PGlite only). */
  committed(kind: Backend['kind'], changes: readonly StoreChange[]): void {
    if (kind === 'pglite') this.deliver(changes);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.listening?.catch(() => {});
    this.stopConnection();
  }

  private deliver(changes: readonly StoreChange[]): void {
    for (const change of changes) {
      for (const listener of [...this.listeners]) {
        try {
          listener({ ...change });
        } catch (error) {
          this.options.onListenerError(error, { ...change });
        }
      }
    }
  }

  private ensureListening(): void {
    const backend = this.backend;
    if (backend?.kind !== 'postgres' || this.closed) return;
    if (this.listening || this.listeners.size === 0) return;
    this.listening = this.listen(backend).catch((error) => {
      this.listening = undefined;
      this.options.onConnectionError?.(error);
      this.scheduleReconnect();
      throw error;
    });
    this.listening.catch(() => {});
  }

  private async listen(backend: Backend): Promise<void> {
    const connection = await backend.connect();
    const client = connection.pgClient;
    if (!client) throw new Error('LISTEN needs a PostgreSQL connection');
    if (this.closed) {
      connection.release(true);
      return;
    }
    this.connection = connection;
    client.on('notification', (message) => {
      if (message.channel === CHANGE_CHANNEL && message.payload) this.deliver(decodeChanges(message.payload));
    });
    client.on('error', (error) => {
      if (this.connection !== connection) return;
      this.options.onConnectionError?.(error);
      this.stopConnection();
      this.listening = undefined;
      this.scheduleReconnect();
    });
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    this.failures = 0;
  }

  private scheduleReconnect(): void {
    if (this.closed || this.listeners.size === 0) return;
    this.failures += 1;
    const delay = backoffDelay(this.failures, 100, 5000);
    setTimeout(() => this.ensureListening(), delay).unref();
  }

  private stopConnection(): void {
    const connection = this.connection;
    this.connection = undefined;
    // Destroy rather than return to the pool: a pooled connection must not keep listening.
    connection?.release(true);
  }
}
