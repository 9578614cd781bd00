import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite } from '@electric-sql/pglite';
import type { StoreChange, StoreV1 } from '@finops-autopilot/core';
import type { Pool } from 'pg';
import { ChangeFeed } from './change-feed.js';
import { type Backend, type Db, isPool, pgBackend, pgliteBackend, type StoreClient } from './database.js';
import {
  mapDatabaseError,
  PostgresStoreError,
  STORE_NAME,
  selfDeadlockError,
  storeClosedError,
  transactionEndedError,
} from './errors.js';
import { MIGRATIONS_FOLDER, runMigrations } from './migrate.js';
import { createTenantRepositories, type PostgresTenantStore } from './repositories/index.js';
import { createTenantRepository } from './repositories/tenants.js';
import { type RetryOptions, withRetry } from './retry.js';
import { allowPipelining, enterTenant, type TenantScope, type WriteIsolation } from './scope.js';

/** Options of {@link createPostgresStore}. Every option is optional. */
export interface PostgresStoreOptions {
  /**
   * Bring your own client: a PGlite instance or a `pg` Pool. Takes precedence over
   * `connectionString` and `dataDir`. The store never closes a client it was given.
   */
  client?: StoreClient;
  /**
   * PostgreSQL connection string; the store opens a `pg` Pool with it.
   * @default process.env.DATABASE_URL (when `dataDir` is not given)
   */
  connectionString?: string;
  /** PGlite data directory; omitted (and no connection string) means an in-memory PGlite. */
  dataDir?: string;
  /** Apply pending migrations (under an advisory lock) before the first call. @default true */
  migrate?: boolean;
  /** Where the migrations are. @default the package's `drizzle/` folder */
  migrationsFolder?: string;
  /** Connections of the Pool the store opens from `connectionString`. @default 10 */
  poolSize?: number;
  /** Retries of transactions after serialization failures and deadlocks. @default { attempts: 5, baseDelayMs: 10 } */
  retry?: RetryOptions;
  /** Called when a change listener throws; the commit stands. @default logs with `console.error` */
  onListenerError?: (error: unknown, change: StoreChange) => void;
}

/** The store: the core contract plus the escape hatches of this adapter. */
export interface PostgresStore extends StoreV1 {
  /** `pglite` or `postgres`; known at creation from the options (or the client). */
  readonly storeId: 'pglite' | 'postgres';
  forTenant(tenantId: string): PostgresTenantStore;
  transaction<T>(tenantId: string, work: (store: PostgresTenantStore) => Promise<T>): Promise<T>;
  /** The underlying PGlite or `pg` Pool; undefined until the first call connected it. */
  readonly $client: StoreClient | undefined;
  /** Connects and migrates now (otherwise the first call does); returns the client. */
  connect(): Promise<StoreClient>;
}

interface TransactionContext {
  owner: object;
  tenantId: string;
  db: Db;
  active: boolean;
  changes: StoreChange[];
  /** Calls inside one transaction run one at a time (savepoints must not interleave). */
  queue: Promise<unknown>;
  parent: TransactionContext | undefined;
}

const transactionContext = new AsyncLocalStorage<TransactionContext>();

function logListenerError(error: unknown): void {
  console.error(
    `[finops-autopilot] [${STORE_NAME}] A change listener threw; the change was committed and other listeners ran.`,
    error,
  );
}

function resolveKind(options: PostgresStoreOptions): 'pglite' | 'postgres' {
  if (options.client) return isPool(options.client) ? 'postgres' : 'pglite';
  if (options.dataDir !== undefined) return 'pglite';
  return (options.connectionString ?? process.env['DATABASE_URL']) ? 'postgres' : 'pglite';
}

/**
 * A durable store on PostgreSQL: an embedded PGlite (in memory or in a data
 * directory) or a server through `pg`, with the same schema, migrations and code.
 *
 * - Nothing happens until the first call: it opens the client and applies pending
 *   migrations under an advisory lock.
 * - Every repository call is scoped by tenant (`WHERE tenant_id = …` plus row-level
 *   security on a server); every write is its own transaction; `transaction` runs
 *   multi-step work serializably and retries it on serialization failures and deadlocks.
 * - Changes are published after commit: through LISTEN/NOTIFY on PostgreSQL (every
 *   process sees them), in-process on PGlite.
 * - On PGlite (one connection) a call through the outer store inside `work` runs in the
 *   transaction: reads see its uncommitted writes, writes are refused.
 */
export function createPostgresStore(options: PostgresStoreOptions = {}): PostgresStore {
  if (options.connectionString !== undefined && options.dataDir !== undefined && !options.client) {
    throw new PostgresStoreError({
      code: 'STORE_FAILED',
      message:
        'Give either connectionString (a PostgreSQL server) or dataDir (an embedded PGlite), not both.',
    });
  }
  const kind = resolveKind(options);
  const owner = {};
  const feed = new ChangeFeed({ onListenerError: options.onListenerError ?? logListenerError });
  let backend: Backend | undefined;
  let opening: Promise<Backend> | undefined;
  let closed = false;

  const assertOpen = (): void => {
    if (closed) throw storeClosedError();
  };

  const open = (): Promise<Backend> => {
    opening ??= (async () => {
      const opened =
        kind === 'postgres'
          ? await pgBackend({
              client: options.client as Pool | undefined,
              connectionString: options.connectionString ?? process.env['DATABASE_URL'],
              poolSize: options.poolSize,
            })
          : await pgliteBackend({ client: options.client as PGlite | undefined, dataDir: options.dataDir });
      try {
        if (options.migrate !== false)
          await runMigrations(opened, options.migrationsFolder ?? MIGRATIONS_FOLDER);
      } catch (error) {
        await opened.close().catch(() => {});
        throw error;
      }
      backend = opened;
      feed.attach(opened);
      return opened;
    })().catch((error) => {
      opening = undefined;
      throw mapDatabaseError(error);
    });
    return opening;
  };

  const ready = async (): Promise<Backend> => {
    assertOpen();
    const opened = await open();
    assertOpen();
    return opened;
  };

  /** The innermost running transaction of this store in the caller's async context. */
  const ownTransaction = (): TransactionContext | undefined => {
    for (let context = transactionContext.getStore(); context; context = context.parent) {
      if (context.active && context.owner === owner) return context;
    }
    return undefined;
  };

  /** Refuses a write or transaction that would wait for the transaction it runs in. */
  const assertNoSelfDeadlock = (tenantId: string, what: string): void => {
    const own = ownTransaction();
    if (!own) return;
    if (own.tenantId === tenantId) {
      throw selfDeadlockError(tenantId, what, 'would wait for the transaction itself');
    }
    if (kind === 'pglite') {
      throw selfDeadlockError(tenantId, what, 'would wait for it: PGlite has a single connection');
    }
  };

  const inQueue = <T>(context: TransactionContext, work: () => Promise<T>): Promise<T> => {
    const result = context.queue.then(work);
    context.queue = result.catch(() => undefined);
    return result;
  };

  /** Runs `work` in a transaction of its own, retried on 40001/40P01, then publishes. */
  const runWrite = async <T>(
    tenantId: string | undefined,
    isolation: WriteIsolation,
    work: (db: Db, changes: StoreChange[]) => Promise<T>,
  ): Promise<T> => {
    const opened = await ready();
    await feed.ready();
    const body = async (tx: Db): Promise<{ result: T; changes: StoreChange[] }> => {
      if (tenantId !== undefined) await enterTenant(tx, tenantId, true);
      const changes: StoreChange[] = [];
      const result = await work(tx, changes);
      await feed.notify(tx, opened.kind, changes);
      return { result, changes };
    };
    // On a server the transaction's connection is checked out here, so that its bulk
    // writes may pipeline their statements on it (see `allowPipelining`).
    const attempt = async (): Promise<{ result: T; changes: StoreChange[] }> => {
      if (opened.kind !== 'postgres') return opened.db.transaction(body, { isolationLevel: isolation });
      const connection = await opened.connect();
      try {
        return await connection.db.transaction(
          (tx) => {
            if (connection.pgClient) allowPipelining(tx, connection.pgClient);
            return body(tx);
          },
          { isolationLevel: isolation },
        );
      } finally {
        connection.release();
      }
    };
    try {
      const { result, changes } = await withRetry(attempt, options.retry);
      feed.committed(opened.kind, changes);
      return result;
    } catch (error) {
      throw mapDatabaseError(error, tenantId);
    }
  };

  const runRead = async <T>(tenantId: string | undefined, work: (db: Db) => Promise<T>): Promise<T> => {
    assertOpen();
    // PGlite cannot run a second query while a transaction holds its only connection.
    const own = kind === 'pglite' ? ownTransaction() : undefined;
    if (own)
      return inQueue(own, () => work(own.db)).catch((error) => Promise.reject(mapDatabaseError(error)));
    const opened = await ready();
    try {
      return await opened.db.transaction(async (tx) => {
        if (tenantId !== undefined) await enterTenant(tx, tenantId, false);
        return work(tx);
      });
    } catch (error) {
      throw mapDatabaseError(error, tenantId);
    }
  };

  const committedScope = (tenantId: string): TenantScope => ({
    tenantId,
    backend: kind,
    read: (work) => runRead(tenantId, work),
    async write(work, writeOptions) {
      assertOpen();
      assertNoSelfDeadlock(tenantId, 'A write');
      return runWrite(tenantId, writeOptions?.isolation ?? 'read committed', work);
    },
  });

  const transactionScope = (context: TransactionContext): TenantScope => {
    const usable = (): void => {
      assertOpen();
      if (!context.active) throw transactionEndedError(context.tenantId);
    };
    return {
      tenantId: context.tenantId,
      backend: kind,
      async read(work) {
        usable();
        return inQueue(context, () => work(context.db)).catch((error) =>
          Promise.reject(mapDatabaseError(error, context.tenantId)),
        );
      },
      async write(work) {
        usable();
        return inQueue(context, async () => {
          usable();
          // A savepoint per write: a refused write leaves the rest of the transaction intact.
          const { result, changes } = await context.db.transaction(async (savepoint) => {
            const changes: StoreChange[] = [];
            return { result: await work(savepoint, changes), changes };
          });
          context.changes.push(...changes);
          return result;
        }).catch((error) => Promise.reject(mapDatabaseError(error, context.tenantId)));
      },
    };
  };

  const store: PostgresStore = {
    specificationVersion: 'v1',
    storeId: kind,
    get $client() {
      return backend?.client ?? options.client;
    },
    async connect() {
      return (await ready()).client;
    },
    tenants: createTenantRepository({
      read: (work) => runRead(undefined, work),
      async create(tenantId, work) {
        assertOpen();
        await runWrite(undefined, 'read committed', async (db, changes) => {
          await work(db);
          changes.push({ tenantId, entity: 'tenant', op: 'insert', id: tenantId });
        });
      },
    }),
    forTenant(tenantId) {
      return createTenantRepositories(committedScope(tenantId));
    },
    async transaction(tenantId, work) {
      assertOpen();
      assertNoSelfDeadlock(tenantId, 'A transaction');
      const opened = await ready();
      await feed.ready();
      try {
        const { result, changes } = await withRetry(
          () =>
            opened.db.transaction(
              async (tx) => {
                await enterTenant(tx, tenantId, true);
                const context: TransactionContext = {
                  owner,
                  tenantId,
                  db: tx,
                  active: true,
                  changes: [],
                  queue: Promise.resolve(),
                  parent: transactionContext.getStore(),
                };
                try {
                  const result = await transactionContext.run(context, () =>
                    work(createTenantRepositories(transactionScope(context))),
                  );
                  assertOpen();
                  await inQueue(context, () => feed.notify(tx, opened.kind, context.changes));
                  return { result, changes: context.changes };
                } finally {
                  context.active = false;
                }
              },
              { isolationLevel: 'serializable' },
            ),
          options.retry,
        );
        feed.committed(opened.kind, changes);
        return result;
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        throw mapDatabaseError(error, tenantId);
      }
    },
    subscribe(listener) {
      assertOpen();
      const unsubscribe = feed.subscribe(listener);
      // Listening needs the connection: open it now rather than at the next call.
      if (kind === 'postgres') open().catch(() => {});
      return unsubscribe;
    },
    async close() {
      if (closed) return;
      closed = true;
      await feed.close();
      const opened = backend ?? (await opening?.catch(() => undefined));
      await opened?.close();
    },
  };
  return store;
}
