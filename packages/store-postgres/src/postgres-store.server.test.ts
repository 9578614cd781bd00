import { testStore } from '@finops-autopilot/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { createPostgresStore } from './postgres-store.js';
import {
  createTestDatabase,
  RESET_SQL,
  TEST_DATABASE_URL,
  type TestDatabase,
} from './testing-support/databases.js';

// Runs when TEST_DATABASE_URL points at a PostgreSQL server (CI always sets it).
describe.skipIf(!TEST_DATABASE_URL)('postgres server', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase('finops_contract');
    pool = new pg.Pool({ connectionString: database.url, max: 12 });
    await createPostgresStore({ client: pool }).connect();
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  testStore({
    name: 'postgres (server)',
    store: async () => {
      await pool.query(RESET_SQL);
      return createPostgresStore({ client: pool, migrate: false });
    },
  });
});
