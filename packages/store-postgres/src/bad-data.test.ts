import { fixtureRecommendation, fixtureTenant } from '@finops-autopilot/core/testing';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { expect, it } from 'vitest';
import { mapDatabaseError } from './errors.js';
import type { PostgresStore } from './postgres-store.js';
import { describeEachBackend } from './testing-support/backends.js';
import { sampleRecommendation } from './testing-support/sample-records.js';

/** Driver phrases and SQL that must never reach a caller's message. */
const RAW = /Failed query|insert into|duplicate key value|violates|jsonb_to_recordset|params:/i;

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error & Record<string, unknown>;
}

describeEachBackend('bad data', (backend) => {
  let store: PostgresStore | undefined;
  const acme = async () => {
    store = backend.store();
    await store.tenants.create(fixtureTenant({ id: 'acme' }));
    return store.forTenant('acme');
  };
  const raw = (statement: string) =>
    backend.kind === 'pglite'
      ? drizzle({ client: backend.client() as never }).execute(sql.raw(statement))
      : (backend.client() as { query(text: string): Promise<unknown> }).query(statement);

  it('invalid records are refused by the schema before any SQL, naming every bad field', async () => {
    const tenant = await acme();
    const error = await rejection(
      tenant.recommendations.saveMany([
        fixtureRecommendation(),
        { ...fixtureRecommendation(), confidence: 2, currency: 'dollars' },
      ]),
    );
    expect(error).toMatchObject({ code: 'INVALID_INPUT', subject: 'Recommendation' });
    expect((error['issues'] as { path: string }[]).map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['[1].confidence', '[1].currency']),
    );
    expect(await tenant.recommendations.count()).toBe(0);
    await expect(tenant.config.set('budget', { when: new Date() })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(tenant.recommendations.list({ status: ['nope' as never] })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      issues: [{ path: 'status[0]' }],
    });
  });

  it('a bulk write validated batch by batch still refuses invalid input whole, before other errors', async () => {
    const tenant = await acme();
    const many = Array.from({ length: 2600 }, (_, index) => sampleRecommendation(index));
    const invalid = [...many];
    invalid[2500] = { ...sampleRecommendation(2500), confidence: 2 };
    const error = await rejection(tenant.recommendations.saveMany(invalid));
    expect(error).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: '[2500].confidence' }] });
    expect(await tenant.recommendations.count()).toBe(0);
    // A key conflict in the first batch, an invalid item in the third: invalid input wins.
    const conflicting = [...invalid];
    conflicting[1] = { ...sampleRecommendation(1), key: sampleRecommendation(0).key };
    const both = await rejection(tenant.recommendations.saveMany(conflicting));
    expect(both).toMatchObject({ code: 'INVALID_INPUT', issues: [{ path: '[2500].confidence' }] });
    // An unknown tenant with invalid input: invalid input wins, as when validating first.
    const ghost = store?.forTenant('ghost');
    const unknown = await rejection(ghost?.recommendations.saveMany(invalid) ?? Promise.resolve());
    expect(unknown).toMatchObject({ code: 'INVALID_INPUT' });
    await expect(ghost?.recommendations.saveMany(many)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Valid, they all land.
    await tenant.recommendations.saveMany(many);
    expect(await tenant.recommendations.count()).toBe(2600);
    expect(await tenant.recommendations.get('rec-2500')).toEqual(many[2500]);
  });

  it('constraint violations come back as typed errors without driver text', async () => {
    const tenant = await acme();
    const first = fixtureRecommendation({ id: 'rec-1', key: 'same-key' });
    await tenant.recommendations.save(first);
    const conflict = await rejection(tenant.recommendations.save({ ...first, id: 'rec-2' }));
    expect(conflict).toMatchObject({ code: 'CONFLICT', entity: 'recommendation' });
    expect(conflict.message).toMatch(/key must be unique per tenant/);
    expect(conflict.message).not.toMatch(RAW);
    // Text PostgreSQL cannot store (a NUL character) passes the schema but not the database.
    const nul = await rejection(
      tenant.recommendations.save(fixtureRecommendation({ title: 'bad\u0000title' })),
    );
    expect(nul).toMatchObject({ code: 'INVALID_INPUT' });
    expect(nul.message).not.toMatch(RAW);
  });

  it('check and foreign-key violations from the driver map to typed errors', async () => {
    await acme();
    const check = await rejection(
      raw(
        `insert into finops.users (tenant_id, id, email, name, role, password_hash, created_at, updated_at)
         values ('acme', 'u-1', 'a@example.com', 'A', 'root', 'h', now(), now())`,
      ),
    );
    expect(mapDatabaseError(check)).toMatchObject({
      code: 'INVALID_INPUT',
      subject: 'user',
      issues: [{ path: 'role' }],
    });
    const foreignKey = await rejection(
      raw(`insert into finops.config (tenant_id, key, value) values ('ghost', 'k', '1'::jsonb)`),
    );
    expect(mapDatabaseError(foreignKey, 'ghost')).toMatchObject({ code: 'NOT_FOUND', entity: 'tenant' });
    const unknown = mapDatabaseError(await rejection(raw('select * from finops.no_such_table')));
    expect(unknown).toMatchObject({ code: 'STORE_FAILED', sqlState: '42P01' });
    expect(unknown.message).not.toMatch(/no_such_table/);
  });

  it('a stored record that is not JSON (written around the store) fails its reads clearly', async () => {
    const tenant = await acme();
    await tenant.recommendations.save(sampleRecommendation(1));
    await raw("update finops.recommendations set record = '{\"provider\": ' where id = 'rec-1'");
    for (const read of [
      () => tenant.recommendations.get('rec-1'),
      () => tenant.recommendations.list({ status: ['open', 'approved', 'dismissed', 'pending-approval'] }),
      () => tenant.recommendations.list(),
    ]) {
      const error = await rejection(read());
      expect(error).toMatchObject({ name: 'PostgresStoreError', code: 'CORRUPT_RECORD' });
      expect(error.message).toMatch(/stored recommendation record is not valid JSON/);
    }
  });
});
