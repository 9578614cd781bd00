import type { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Pool, PoolClient } from 'pg';

/** A drizzle database or transaction, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT>;

/** The clients the store runs on: an embedded PGlite or a `pg` pool. */
export type StoreClient = PGlite | Pool;

/** `pglite` (embedded) or `postgres` (a server through `pg`). */
export type BackendKind = 'pglite' | 'postgres';

/** Runs a statement and returns its rows (both drivers answer with `{ rows }`). */
export async function query<T>(db: Db, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

/** Whether `client` is a `pg` pool (anything else is taken for a PGlite). */
export function isPool(client: StoreClient): client is Pool {
  return typeof (client as Pool).connect === 'function' && typeof (client as Pool).totalCount === 'number';
}

/** One connection of the backend, held for a while (migrations, LISTEN). */
export interface DedicatedConnection {
  db: Db;
  /** The `pg` client, on a server; undefined on PGlite. */
  pgClient: PoolClient | undefined;
  release(destroy?: boolean): void;
}

/** The driver-specific part of the store: everything else is one code path. */
export interface Backend {
  readonly kind: BackendKind;
  readonly client: StoreClient;
  readonly db: Db;
  /** A connection of its own: a pool client on a server, the PGlite itself when embedded. */
  connect(): Promise<DedicatedConnection>;
  /** Applies drizzle's migrator of this driver on `db`. */
  migrate(
    db: Db,
    config: { migrationsFolder: string; migrationsTable: string; migrationsSchema: string },
  ): Promise<void>;
  /** Closes the client if the store created it. */
  close(): Promise<void>;
}

/** Wraps a PGlite (created by the store unless given). */
export async function pgliteBackend(options: { client?: PGlite; dataDir?: string }): Promise<Backend> {
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let client = options.client;
  const owned = client === undefined;
  if (!client) {
    const { PGlite } = await import('@electric-sql/pglite');
    client = await PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
  }
  const pglite = client;
  const db = drizzle({ client: pglite }) as unknown as Db;
  return {
    kind: 'pglite',
    client: pglite,
    db,
    async connect() {
      return { db, pgClient: undefined, release() {} };
    },
    async migrate(target, config) {
      await migrate(target as unknown as Parameters<typeof migrate>[0], config);
    },
    async close() {
      if (owned && !pglite.closed) await pglite.close();
    },
  };
}

/** Wraps a `pg` pool (created by the store from the connection string unless given). */
export async function pgBackend(options: {
  client?: Pool;
  connectionString?: string;
  poolSize?: number;
}): Promise<Backend> {
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  let pool = options.client;
  const owned = pool === undefined;
  if (!pool) {
    const pg = await import('pg');
    pool = new pg.default.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    // An idle client that loses its connection emits here; without a listener Node would exit.
    pool.on('error', () => {});
  }
  const client = pool;
  const db = drizzle({ client }) as unknown as Db;
  return {
    kind: 'postgres',
    client,
    db,
    async connect() {
      const connection = await client.connect();
      return {
        db: drizzle({ client: connection }) as unknown as Db,
        pgClient: connection,
        release: (destroy) => connection.release(destroy === true ? true : undefined),
      };
    },
    async migrate(target, config) {
      await migrate(target as unknown as Parameters<typeof migrate>[0], config);
    },
    async close() {
      if (owned) await client.end();
    },
  };
}
