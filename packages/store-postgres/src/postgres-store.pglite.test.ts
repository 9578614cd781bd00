import { PGlite } from '@electric-sql/pglite';
import { fixtureRecommendation, fixtureTenant, testStore } from '@finops-autopilot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// What the skipped contract test guards, for callers outside `work`: PGlite has one
// connection, so a read started outside the transaction waits until it ends and never
// sees it half done (a read through the outer store *inside* work runs in the transaction).
describe('pglite: writes of a transaction are invisible to callers outside it', () => {
  const settled = (promise: Promise<unknown>, ms: number) =>
    Promise.race([
      promise.then(() => 'settled'),
      new Promise((resolve) => setTimeout(() => resolve('pending'), ms)),
    ]);

  for (const outcome of ['rollback', 'commit'] as const) {
    it(`a read from outside waits for the ${outcome} and sees all or nothing`, async () => {
      await pglite.exec(RESET_SQL);
      const store = createPostgresStore({ client: pglite, migrate: false });
      await store.tenants.create(fixtureTenant({ id: 'acme' }));
      const acme = store.forTenant('acme');
      let release = (): void => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let wrote = (): void => {};
      const written = new Promise<void>((resolve) => {
        wrote = resolve;
      });
      const transaction = store.transaction('acme', async (tx) => {
        await tx.recommendations.save(fixtureRecommendation({ id: 'rec-1' }));
        await tx.config.set('budget', 100);
        wrote();
        await held;
        if (outcome === 'rollback') throw new Error('rolled back');
      });
      await written;
      const outside = Promise.all([acme.recommendations.get('rec-1'), acme.config.get('budget')]);
      expect(await settled(outside, 300)).toBe('pending');
      release();
      if (outcome === 'rollback') {
        await expect(transaction).rejects.toThrow('rolled back');
        expect(await outside).toEqual([undefined, undefined]);
      } else {
        await transaction;
        const [recommendation, budget] = await outside;
        expect(recommendation?.id).toBe('rec-1');
        expect(budget).toBe(100);
      }
      await store.close();
    });
  }
});
