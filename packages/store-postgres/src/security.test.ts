import { readdirSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { fixtureAuditEvent, fixtureRecommendation, fixtureTenant } from '@finops-autopilot/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapDatabaseError } from './errors.js';
import { createPostgresStore, type PostgresStore } from './postgres-store.js';
import {
  admin,
  createTestDatabase,
  TEST_DATABASE_URL,
  type TestDatabase,
  uniqueName,
  withUrl,
} from './testing-support/databases.js';

async function seed(store: PostgresStore): Promise<void> {
  for (const id of ['tenant-a', 'tenant-b']) {
    await store.tenants.create(fixtureTenant({ id }));
    const tenant = store.forTenant(id);
    await tenant.recommendations.saveMany([fixtureRecommendation(), fixtureRecommendation()]);
    await tenant.audit.append(fixtureAuditEvent({ id: `aud-${id}`, tenantId: id }));
  }
}

/** Catches what `promise` rejects with. */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('audit log is append-only in the code', () => {
  it('no source file updates or deletes audit events', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((item) =>
        item.isDirectory() ? files(`${dir}/${item.name}`) : [`${dir}/${item.name}`],
      );
    const sources = files(new URL('.', import.meta.url).pathname).filter(
      (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
    );
    expect(sources.length).toBeGreaterThan(10);
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/\.(update|delete)\(auditEvents\)/);
      expect(text, file).not.toMatch(/(update|delete from)\s+"?finops"?\."?audit_events/i);
    }
  });
});

describe('pglite: trigger and row-level security', () => {
  let pglite: PGlite;
  beforeAll(async () => {
    pglite = await PGlite.create();
    const store = createPostgresStore({ client: pglite });
    await seed(store);
  });
  afterAll(() => pglite.close());

  it('the trigger refuses UPDATE and DELETE of audit events, as a typed error', async () => {
    for (const statement of [
      "update finops.audit_events set action = 'forged'",
      'delete from finops.audit_events',
    ]) {
      const error = await failure(pglite.query(statement));
      expect(error).toMatchObject({ code: 'FA001' });
      expect(mapDatabaseError(error)).toMatchObject({ code: 'APPEND_ONLY', sqlState: 'FA001' });
    }
    const rows = await pglite.query<{ action: string }>('select action from finops.audit_events');
    expect(rows.rows.map((row) => row.action)).toEqual(['recommendation.approve', 'recommendation.approve']);
  });

  it('a role that is not a superuser sees only the tenant it set', async () => {
    await pglite.exec('create role rls_probe nologin; grant finops_app to rls_probe; set role rls_probe');
    try {
      const count = async () =>
        (await pglite.query<{ n: number }>('select count(*)::int as n from finops.recommendations')).rows[0]
          ?.n;
      expect(await count()).toBe(0);
      const seen = await pglite.transaction(async (tx) => {
        await tx.query("select set_config('finops.tenant_id', 'tenant-a', true)");
        return (
          await tx.query<{ tenant_id: string }>('select distinct tenant_id from finops.recommendations')
        ).rows;
      });
      expect(seen).toEqual([{ tenant_id: 'tenant-a' }]);
    } finally {
      await pglite.exec('reset role');
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL)('postgres: row-level security and privileges', () => {
  let database: TestDatabase;
  let owner: PostgresStore;
  const role = uniqueName('finops_rls');
  let roleUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase('finops_rls');
    owner = createPostgresStore({ connectionString: database.url });
    await seed(owner);
    await admin((client) => client.query(`create role "${role}" login password 'rls-probe'`));
    const setup = new pg.Client({ connectionString: database.url });
    await setup.connect();
    await setup.query(`grant finops_app to "${role}"`);
    await setup.end();
    roleUrl = withUrl(database.url, { user: role, password: 'rls-probe' });
  });

  afterAll(async () => {
    await owner?.close();
    await database?.drop();
    await admin((client) => client.query(`drop role if exists "${role}"`));
  });

  const asRole = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: roleUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  it('without the tenant setting a non-owner role sees no tenant rows', async () => {
    await asRole(async (client) => {
      for (const table of ['recommendations', 'audit_events', 'users', 'config']) {
        const { rows } = await client.query(`select count(*)::int as n from finops.${table}`);
        expect(rows[0].n, table).toBe(0);
      }
      // The owner (a superuser here) sees both tenants: the rows exist.
      const { rows } = await (owner.$client as pg.Pool).query(
        'select count(*)::int as n from finops.recommendations',
      );
      expect(rows[0].n).toBe(4);
    });
  });

  it('with tenant A set it sees and writes only A', async () => {
    await asRole(async (client) => {
      await client.query('begin');
      await client.query("select set_config('finops.tenant_id', 'tenant-a', true)");
      const { rows } = await client.query(
        'select tenant_id, count(*)::int as n from finops.recommendations group by 1',
      );
      expect(rows).toEqual([{ tenant_id: 'tenant-a', n: 2 }]);
      const updated = await client.query("update finops.recommendations set status = 'dismissed'");
      expect(updated.rowCount).toBe(2);
      await client.query('rollback');

      await client.query('begin');
      await client.query("select set_config('finops.tenant_id', 'tenant-a', true)");
      const error = await failure(
        client.query(
          "insert into finops.config (tenant_id, key, value) values ('tenant-b', 'planted', '1'::jsonb)",
        ),
      );
      await client.query('rollback');
      expect(error).toMatchObject({ code: '42501' });
      expect(mapDatabaseError(error)).toMatchObject({ code: 'STORE_FAILED', sqlState: '42501' });
    });
  });

  it('the role may not UPDATE or DELETE audit events; the owner is stopped by the trigger', async () => {
    await asRole(async (client) => {
      await client.query('begin');
      await client.query("select set_config('finops.tenant_id', 'tenant-a', true)");
      await expect(client.query("update finops.audit_events set action = 'x'")).rejects.toMatchObject({
        code: '42501',
      });
      await client.query('rollback');
      await expect(client.query('delete from finops.audit_events')).rejects.toMatchObject({ code: '42501' });
      await expect(client.query('truncate finops.audit_events')).rejects.toMatchObject({ code: '42501' });
    });
    const pool = owner.$client as pg.Pool;
    const error = await failure(pool.query("update finops.audit_events set action = 'forged'"));
    expect(mapDatabaseError(error)).toMatchObject({ code: 'APPEND_ONLY' });
    await expect(pool.query('delete from finops.audit_events')).rejects.toMatchObject({ code: 'FA001' });
    const { rows } = await pool.query('select count(*)::int as n from finops.audit_events');
    expect(rows[0].n).toBe(2);
  });

  it('the store works through row-level security when it connects as the non-owner role', async () => {
    const store = createPostgresStore({ connectionString: roleUrl, migrate: false });
    try {
      await store.tenants.create(fixtureTenant({ id: 'tenant-c' }));
      expect((await store.tenants.list()).map((tenant) => tenant.id)).toEqual([
        'tenant-a',
        'tenant-b',
        'tenant-c',
      ]);
      const a = store.forTenant('tenant-a');
      expect(await a.recommendations.count()).toBe(2);
      expect(await a.audit.list()).toHaveLength(1);
      await store.transaction('tenant-c', async (tx) => {
        await tx.recommendations.save(fixtureRecommendation({ id: 'rec-c' }));
        await tx.audit.append(fixtureAuditEvent({ id: 'aud-c', tenantId: 'tenant-c' }));
        await tx.config.set('budget', 10);
      });
      const c = store.forTenant('tenant-c');
      expect((await c.recommendations.list()).map((row) => row.id)).toEqual(['rec-c']);
      expect(await c.config.get('budget')).toBe(10);
      expect(await store.forTenant('tenant-b').recommendations.get('rec-c')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
