import { PGlite } from '@electric-sql/pglite';
import { testStore } from '@finops-autopilot/core/testing';
import { afterAll, beforeAll } from 'vitest';
import { createPostgresStore } from './postgres-store.js';
import { RESET_SQL } from './testing-support/databases.js';

// One PGlite for the whole file (opening one costs about a second), emptied before each test.
let pglite: PGlite;

beforeAll(async () => {
  pglite = await PGlite.create();
  await createPostgresStore({ client: pglite }).connect();
});

afterAll(async () => {
  await pglite.close();
});

testStore({
  name: 'postgres (pglite)',
  store: async () => {
    await pglite.exec(RESET_SQL);
    return createPostgresStore({ client: pglite, migrate: false });
  },
  skip: {
    'transaction: writes are invisible outside until commit':
      'PGlite has one connection: a read through the outer store inside work runs in the transaction and sees its writes',
  },
});
