import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { createPostgresStore, type PostgresStore, type PostgresStoreOptions } from '../postgres-store.js';
import { createTestDatabase, RESET_SQL, TEST_DATABASE_URL, type TestDatabase } from './databases.js';

/** What a test of one backend gets: a fresh store per call over one shared, emptied database. */
export interface BackendContext {
  kind: 'pglite' | 'postgres';
  /** A new store over the shared client, closed after the test (closing it earlier is fine). */
  store(options?: Omit<PostgresStoreOptions, 'client'>): PostgresStore;
  /** The shared client: a PGlite, or a Pool on the file's own database. */
  client(): PGlite | pg.Pool;
  /** Connection string of the file's database (server only). */
  url(): string;
}

/** Closes, after each test of the enclosing describe, every store that `open` made. */
function closedAfterEach(open: (options?: Omit<PostgresStoreOptions, 'client'>) => PostgresStore) {
  const opened: PostgresStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });
  return (options?: Omit<PostgresStoreOptions, 'client'>): PostgresStore => {
    const store = open(options);
    opened.push(store);
    return store;
  };
}

/**
 * Registers `body` once per backend: PGlite always, the server when TEST_DATABASE_URL
 * is set. Each backend gets one database for the file, migrated once and emptied
 * before every test.
 */
export function describeEachBackend(title: string, body: (context: BackendContext) => void): void {
  describe(`${title} (pglite)`, () => {
    let pglite: PGlite;
    beforeAll(async () => {
      pglite = await PGlite.create();
      await createPostgresStore({ client: pglite }).connect();
    });
    afterAll(() => pglite.close());
    beforeEach(() => pglite.exec(RESET_SQL).then(() => {}));
    body({
      kind: 'pglite',
      store: closedAfterEach((options) =>
        createPostgresStore({ migrate: false, ...options, client: pglite }),
      ),
      client: () => pglite,
      url: () => {
        throw new Error('PGlite has no connection string');
      },
    });
  });

  describe.skipIf(!TEST_DATABASE_URL)(`${title} (postgres)`, () => {
    let database: TestDatabase;
    let pool: pg.Pool;
    beforeAll(async () => {
      database = await createTestDatabase();
      pool = new pg.Pool({ connectionString: database.url, max: 8 });
      await createPostgresStore({ client: pool }).connect();
    });
    afterAll(async () => {
      await pool?.end();
      await database?.drop();
    });
    beforeEach(() => pool.query(RESET_SQL).then(() => {}));
    body({
      kind: 'postgres',
      store: closedAfterEach((options) => createPostgresStore({ migrate: false, ...options, client: pool })),
      client: () => pool,
      url: () => database.url,
    });
  });
}
