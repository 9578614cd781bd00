import type { StoreChange } from '@finops-autopilot/core';
import { fixtureRecommendation, fixtureTenant } from '@finops-autopilot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeChanges, encodeChanges } from './change-feed.js';
import { createPostgresStore, type PostgresStore } from './postgres-store.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from './testing-support/databases.js';

describe('change payloads', () => {
  it('round-trip and split under the NOTIFY size limit, in order', () => {
    const changes: StoreChange[] = Array.from({ length: 500 }, (_, index) => ({
      tenantId: 'acme',
      entity: 'recommendation',
      op: index % 2 ? 'update' : 'insert',
      id: `rec-${index}-${'x'.repeat(40)}`,
    }));
    const payloads = encodeChanges(changes);
    expect(payloads.length).toBeGreaterThan(1);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
    expect(payloads.flatMap(decodeChanges)).toEqual(changes);
    expect(new Set(payloads).size).toBe(payloads.length);
  });

  it('ignores foreign or malformed payloads', () => {
    expect(decodeChanges('hello')).toEqual([]);
    expect(decodeChanges('{"v":2,"c":[]}')).toEqual([]);
    expect(decodeChanges('{"v":1,"c":[["a","nope","insert","x"],["a","config","insert","k"]]}')).toEqual([
      { tenantId: 'a', entity: 'config', op: 'insert', id: 'k' },
    ]);
  });
});

describe.skipIf(!TEST_DATABASE_URL)('postgres: LISTEN/NOTIFY between stores on separate connections', () => {
  let database: TestDatabase;
  let writer: PostgresStore;
  let reader: PostgresStore;

  beforeAll(async () => {
    database = await createTestDatabase('finops_feed');
    writer = createPostgresStore({ connectionString: database.url, poolSize: 2 });
    reader = createPostgresStore({ connectionString: database.url, poolSize: 2 });
    await writer.connect();
  });

  afterAll(async () => {
    await writer?.close();
    await reader?.close();
    await database?.drop();
  });

  it('a listener of another store receives committed changes only, in commit order', async () => {
    const received: StoreChange[] = [];
    reader.subscribe((change) => received.push(change));
    await reader.connect();
    // Give the LISTEN of the other store time to start.
    await expect.poll(async () => (await reader.tenants.list()).length).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));

    await writer.tenants.create(fixtureTenant({ id: 'acme' }));
    const acme = writer.forTenant('acme');
    await acme.recommendations.save(fixtureRecommendation({ id: 'rec-1' }));
    await expect(
      writer.transaction('acme', async (tx) => {
        await tx.config.set('never', true);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await writer.transaction('acme', async (tx) => {
      await tx.config.set('budget', 1);
      await tx.config.set('budget', 2);
    });
    await expect
      .poll(() => received.map((change) => `${change.entity}:${change.op}:${change.id}`), { timeout: 3000 })
      .toEqual([
        'tenant:insert:acme',
        'recommendation:insert:rec-1',
        'config:insert:budget',
        'config:update:budget',
      ]);
  });
});
