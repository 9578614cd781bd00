import type { PGlite } from '@electric-sql/pglite';
import { fixtureTenant } from '@finops-autopilot/core/testing';
import type pg from 'pg';
import { expect, it } from 'vitest';
import { mapDatabaseError } from './errors.js';
import { describeEachBackend } from './testing-support/backends.js';
import { sampleRecommendation } from './testing-support/sample-records.js';

// Recommendations point at their tenant through triggers instead of a foreign key
// (migration 0003). These tests hold the triggers to what the foreign key did.

const FK = 'recommendations_tenant_id_tenants_id_fk';

/** What the tests use of a PGlite, a pool or a pooled connection. */
interface Client {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/** A raw insert of bare recommendation rows, one per `[tenant, id]`, in one statement. */
function insertRows(client: Client, rows: readonly (readonly [string, string])[]) {
  const values = rows
    .map(
      ([tenant, id]) =>
        `('${tenant}', '${id}', '${id}|key', 'open', 'rightsize', 'ec2', 'i-${id}', 1, 0.5, now(), now(), 'title', '{}')`,
    )
    .join(', ');
  return client.query(
    `insert into finops.recommendations (tenant_id, id, key, status, kind, service, resource_id,
       estimated_monthly_savings, confidence, created_at, updated_at, title, record) values ${values}`,
  );
}

async function failure(work: Promise<unknown>): Promise<Error & { code?: string; constraint?: string }> {
  try {
    await work;
  } catch (error) {
    return error as Error & { code?: string; constraint?: string };
  }
  throw new Error('expected the statement to fail');
}

async function count(client: Client, sql: string): Promise<number> {
  const result = await client.query<{ n: number }>(`select count(*)::int as n from ${sql}`);
  return result.rows[0]?.n ?? -1;
}

/** Resolves once the connection's backend waits on a lock. */
async function waitingOnLock(pool: pg.Pool, client: pg.PoolClient): Promise<void> {
  const pid = (client as pg.PoolClient & { processID: number }).processID;
  await expect
    .poll(
      async () =>
        (
          await pool.query<{ waiting: string | null }>(
            'select wait_event_type as waiting from pg_stat_activity where pid = $1',
            [pid],
          )
        ).rows[0]?.waiting,
      { timeout: 5000 },
    )
    .toBe('Lock');
}

describeEachBackend('recommendations point at an existing tenant', (backend) => {
  const seed = async () => {
    const store = backend.store();
    await store.tenants.create(fixtureTenant({ id: 'acme' }));
    await store.tenants.create(fixtureTenant({ id: 'globex' }));
    return store;
  };

  it('a statement with one row of an unknown tenant fails as the foreign key did, and writes nothing', async () => {
    await seed();
    const client: Client = backend.client();
    const error = await failure(
      insertRows(client, [
        ['acme', 'r1'],
        ['ghost', 'r2'],
        ['acme', 'r3'],
      ]),
    );
    expect(error).toMatchObject({ code: '23503', constraint: FK });
    expect(mapDatabaseError(error, 'ghost')).toMatchObject({ name: 'NotFoundError' });
    expect(mapDatabaseError(error, 'ghost').message).toMatch(/ghost/);
    expect(await count(client, 'finops.recommendations')).toBe(0);
    await insertRows(client, [
      ['acme', 'r1'],
      ['globex', 'r2'],
    ]);
    expect(await count(client, 'finops.recommendations')).toBe(2);
  });

  it('a row moves only to a tenant that exists', async () => {
    await seed();
    const client: Client = backend.client();
    await insertRows(client, [['acme', 'r1']]);
    const error = await failure(client.query("update finops.recommendations set tenant_id = 'ghost'"));
    expect(error).toMatchObject({ code: '23503', constraint: FK });
    await client.query("update finops.recommendations set tenant_id = 'globex'");
    expect(await count(client, "finops.recommendations where tenant_id = 'globex'")).toBe(1);
  });

  it('a tenant with recommendations cannot be deleted or renamed; without them it can', async () => {
    const store = await seed();
    await store
      .forTenant('acme')
      .recommendations.saveMany([sampleRecommendation(1), sampleRecommendation(2)]);
    const client: Client = backend.client();
    for (const statement of [
      "delete from finops.tenants where id = 'acme'",
      "update finops.tenants set id = 'acme-2' where id = 'acme'",
    ]) {
      const error = await failure(client.query(statement));
      expect(error).toMatchObject({ code: '23503', constraint: FK });
      expect(error.message).toMatch(/violates foreign key constraint/);
    }
    await client.query("update finops.tenants set name = 'Acme Renamed' where id = 'acme'");
    await client.query("delete from finops.tenants where id = 'globex'");
    expect(await count(client, 'finops.tenants')).toBe(1);
    await client.query("delete from finops.recommendations where tenant_id = 'acme'");
    await client.query("delete from finops.tenants where id = 'acme'");
    expect(await count(client, 'finops.tenants')).toBe(0);
  });

  if (backend.kind === 'pglite') {
    it('the tenant guard sees through row-level security and gives back the caller’s tenant setting', async () => {
      const store = await seed();
      await store.forTenant('acme').recommendations.save(sampleRecommendation(1));
      const pglite = backend.client() as PGlite;
      // Neither the caller nor the guard's owner is a superuser (who would bypass row-level
      // security): the owner is whoever ran the migrations, often not one.
      await pglite.exec(`
        create role tenant_reference_probe nologin; grant finops_app to tenant_reference_probe;
        alter function finops.tenants_keep_recommendations() owner to tenant_reference_probe;
        set role tenant_reference_probe`);
      try {
        // The role sees only globex's rows, yet acme's recommendation keeps acme in place.
        const refused = await failure(
          pglite.transaction(async (tx) => {
            await tx.query("select set_config('finops.tenant_id', 'globex', true)");
            await tx.query("delete from finops.tenants where id = 'acme'");
          }),
        );
        expect(refused).toMatchObject({ code: '23503', constraint: FK });
        const setting = await pglite.transaction(async (tx) => {
          await tx.query("select set_config('finops.tenant_id', 'acme', true)");
          await tx.query("delete from finops.tenants where id = 'globex'");
          return (await tx.query<{ tenant: string }>("select current_setting('finops.tenant_id') as tenant"))
            .rows[0]?.tenant;
        });
        expect(setting).toBe('acme');
      } finally {
        await pglite.exec(`
          reset role;
          alter function finops.tenants_keep_recommendations() owner to current_user;
          drop owned by tenant_reference_probe; drop role tenant_reference_probe`);
      }
      expect(await count(pglite, 'finops.tenants')).toBe(1);
    });
  }

  if (backend.kind === 'postgres') {
    it('a tenant cannot be deleted while a transaction that wrote its recommendations is open', async () => {
      await seed();
      const pool = backend.client() as pg.Pool;
      const writer = await pool.connect();
      const remover = await pool.connect();
      try {
        await writer.query('begin');
        await insertRows(writer, [['acme', 'r1']]);
        const removal = failure(remover.query("delete from finops.tenants where id = 'acme'"));
        // The delete waits on the writer's lock on the tenant row...
        await waitingOnLock(pool, remover);
        // ...and, once the writer commits, sees its recommendation and refuses.
        await writer.query('commit');
        expect(await removal).toMatchObject({ code: '23503', constraint: FK });
        expect(await count(pool, "finops.tenants where id = 'acme'")).toBe(1);

        // The other way round: a tenant deleted first is gone for a writer that waited on it.
        await remover.query('begin');
        await remover.query("delete from finops.tenants where id = 'globex'");
        const write = failure(insertRows(writer, [['globex', 'r2']]));
        await waitingOnLock(pool, writer);
        await remover.query('commit');
        expect(await write).toMatchObject({ code: '23503', constraint: FK });
        expect(await count(pool, "finops.recommendations where tenant_id = 'globex'")).toBe(0);
      } finally {
        writer.release();
        remover.release();
      }
    });
  }
});
