import { fixtureTenant } from '@finops-autopilot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStore } from './postgres-store.js';
import { backoffDelay, type RetryInfo, withRetry } from './retry.js';
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from './testing-support/databases.js';

const databaseError = (code: string) => Object.assign(new Error('driver says no'), { code });

describe('withRetry', () => {
  it('retries serialization failures and deadlocks, then succeeds', async () => {
    const seen: RetryInfo[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls === 1) throw databaseError('40001');
        // drizzle wraps driver errors: the SQLSTATE is found in the cause chain.
        if (calls === 2) throw Object.assign(new Error('Failed query'), { cause: databaseError('40P01') });
        return 'done';
      },
      { baseDelayMs: 1, onRetry: (info) => seen.push(info) },
    );
    expect(result).toBe('done');
    expect(seen.map((info) => [info.attempt, info.sqlState])).toEqual([
      [1, '40001'],
      [2, '40P01'],
    ]);
  });

  it('gives up after the configured attempts with a ConflictError keeping the cause', async () => {
    let calls = 0;
    const last = databaseError('40001');
    const error = await withRetry(
      async () => {
        calls += 1;
        throw last;
      },
      { attempts: 3, baseDelayMs: 1 },
    ).catch((caught: unknown) => caught);
    expect(calls).toBe(3);
    expect(error).toMatchObject({ code: 'CONFLICT', entity: 'transaction', cause: last });
    expect((error as Error).message).toMatch(/3 times.*40001/);
    expect((error as Error).message).not.toContain('driver says no');
  });

  it('rethrows other errors at once', async () => {
    let calls = 0;
    const unique = databaseError('23505');
    await expect(
      withRetry(async () => {
        calls += 1;
        throw unique;
      }),
    ).rejects.toBe(unique);
    expect(calls).toBe(1);
  });

  it('backs off exponentially with jitter, within the bound', () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const ceiling = Math.min(1000, 10 * 2 ** (attempt - 1));
      const delay = backoffDelay(attempt, 10, 1000);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });
});

/** A promise plus the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe.skipIf(!TEST_DATABASE_URL)(
  'postgres: transactions retried on conflicts between two connections',
  () => {
    let database: TestDatabase;
    let store: PostgresStore;
    const retries: RetryInfo[] = [];

    beforeAll(async () => {
      database = await createTestDatabase('finops_retry');
      store = createPostgresStore({
        connectionString: database.url,
        retry: { attempts: 5, baseDelayMs: 5, onRetry: (info) => retries.push(info) },
      });
      await store.tenants.create(fixtureTenant({ id: 'acme' }));
    });

    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    it('a serialization failure (40001) re-runs the losing transaction; no update is lost', async () => {
      retries.length = 0;
      await store.forTenant('acme').config.set('counter', 0);
      const bothRead = { count: 0, ...gate() };
      const increment = () =>
        store.transaction('acme', async (tx) => {
          const value = (await tx.config.get<number>('counter')) ?? 0;
          // First tries meet here, so both read 0 on their own connections before either writes.
          bothRead.count += 1;
          if (bothRead.count === 2) bothRead.open();
          await Promise.race([bothRead.opened, new Promise((resolve) => setTimeout(resolve, 1000))]);
          await tx.config.set('counter', value + 1);
          await tx.audit.append({
            id: `aud-${value}-${Math.random()}`,
            tenantId: 'acme',
            at: new Date().toISOString(),
            actor: { id: 'system', type: 'system' },
            action: 'counter.increment',
            subject: { type: 'config', id: 'counter' },
            details: { from: value },
          });
        });
      await Promise.all([increment(), increment()]);
      expect(await store.forTenant('acme').config.get('counter')).toBe(2);
      expect(retries.map((info) => info.sqlState)).toContain('40001');
      expect(await store.forTenant('acme').audit.list({ action: 'counter.increment' })).toHaveLength(2);
    });

    it('a deadlock (40P01) is retried and both transactions commit', async () => {
      retries.length = 0;
      const tenant = store.forTenant('acme');
      await tenant.config.set('left', 0);
      await tenant.config.set('right', 0);
      const locked = { count: 0, ...gate() };
      const transfer = (first: string, second: string) =>
        store.transaction('acme', async (tx) => {
          await tx.config.set(first, 1);
          locked.count += 1;
          if (locked.count === 2) locked.open();
          await Promise.race([locked.opened, new Promise((resolve) => setTimeout(resolve, 1000))]);
          await tx.config.set(second, 1);
        });
      await Promise.all([transfer('left', 'right'), transfer('right', 'left')]);
      expect(retries.map((info) => info.sqlState)).toContain('40P01');
      expect(await tenant.config.list()).toMatchObject({ left: 1, right: 1 });
    });
  },
);
