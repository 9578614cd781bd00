import type { Recommendation, StoreChange } from '@finops-autopilot/core';
import { fixtureTenant } from '@finops-autopilot/core/testing';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresStore } from './postgres-store.js';
import { describeEachBackend } from './testing-support/backends.js';
import { createTestDatabase, TEST_DATABASE_URL } from './testing-support/databases.js';
import { sampleRecommendation } from './testing-support/sample-records.js';

// Bulk writes go out 1,000 rows per statement, encoded into buffers that later
// statements reuse; on a server they are binary parameters. These records make
// every part of that show: text outside Latin-1 and outside the BMP, characters
// JSON escapes, rows long enough to grow a buffer mid-batch, and enough rows for
// each buffer to be written again.
const TEXTS = [
  'Resize × 2 — «prod» 東京 😀',
  'quote " backslash \\ newline \n tab \t separator \u2028 nul-free',
  'plain ascii',
];

function record(index: number, overrides: Partial<Recommendation> = {}): Recommendation {
  const base = sampleRecommendation(index);
  const text = TEXTS[index % TEXTS.length] as string;
  return {
    ...base,
    title: `${text} #${index}`,
    resourceTags: { team: 'données-équipe', emoji: '🚀', index: String(index) },
    calculation: {
      ...base.calculation,
      // Every 997th row carries 30,000 characters of three bytes each: more than a
      // fresh buffer holds in bytes, though not in characters.
      notes: index % 997 === 0 ? ['東'.repeat(30_000), text] : [text],
    },
    ...overrides,
  };
}

/** The messages of the process warnings emitted while `work` runs (and a tick after). */
async function warningsDuring(work: () => Promise<void>): Promise<string[]> {
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => {
    warnings.push(warning.message);
  };
  process.on('warning', onWarning);
  try {
    await work();
    // Warnings are emitted on a later tick.
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    process.off('warning', onWarning);
  }
  return warnings;
}

describeEachBackend('bulk writes', (backend) => {
  it('warn of nothing: their statements are pipelined or follow each other', async () => {
    // `pg` deprecates queueing a query on a client that is running one (and says so once
    // per process); a bulk write's statements are pipelined (in the store's own write
    // transactions on a server) or sent one after the other, never queued.
    const warnings = await warningsDuring(async () => {
      const store = backend.store();
      await store.tenants.create(fixtureTenant({ id: 'acme' }));
      await store
        .forTenant('acme')
        .recommendations.saveMany(Array.from({ length: 4_200 }, (_, index) => record(index)));
      expect(await store.forTenant('acme').recommendations.count()).toBe(4_200);
    });
    expect(warnings).toEqual([]);
  });

  it('land whole inside a transaction too, statement after statement', async () => {
    const warnings = await warningsDuring(async () => {
      const store = backend.store();
      await store.tenants.create(fixtureTenant({ id: 'acme' }));
      const input = Array.from({ length: 4_200 }, (_, index) => record(index));
      await store.transaction('acme', async (tx) => {
        await tx.recommendations.saveMany(input);
        await tx.recommendations.saveMany(input.map((item) => ({ ...item, status: 'dismissed' as const })));
        expect(await tx.recommendations.count({ status: ['dismissed'] })).toBe(4_200);
      });
      expect(await store.forTenant('acme').recommendations.get('rec-4199')).toEqual({
        ...input.at(-1),
        status: 'dismissed',
      });
    });
    expect(warnings).toEqual([]);
  });

  it('store every field of thousands of records exactly, whatever their text', async () => {
    const store = backend.store();
    await store.tenants.create(fixtureTenant({ id: 'acme' }));
    const tenant = store.forTenant('acme');
    const first = Array.from({ length: 2_600 }, (_, index) => record(index));
    // The same id again, later in the input: the last one wins.
    const input = [...first, record(7, { status: 'dismissed', title: 'repeated 😀' })];
    await tenant.recommendations.saveMany(input);

    expect(await tenant.recommendations.count()).toBe(2_600);
    const expected = new Map(input.map((item) => [item.id, item]));
    for (const [id, item] of expected) expect(await tenant.recommendations.get(id)).toEqual(item);
    expect((await tenant.recommendations.get('rec-7'))?.title).toBe('repeated 😀');
  });

  it('report the first failing statement, with the next one already queued, and write nothing', async () => {
    const store = backend.store();
    await store.tenants.create(fixtureTenant({ id: 'acme' }));
    const tenant = store.forTenant('acme');
    const input = Array.from({ length: 3_500 }, (_, index) => record(index));
    // The second statement repeats a key of the first; the third and fourth are queued behind it.
    input[1_500] = record(1_500, { key: (input[3] as Recommendation).key });
    await expect(tenant.recommendations.saveMany(input)).rejects.toMatchObject({
      code: 'CONFLICT',
      entity: 'recommendation',
    });
    expect(await tenant.recommendations.count()).toBe(0);
    // The store is still usable: the same rows without the conflict land.
    input[1_500] = record(1_500);
    await tenant.recommendations.saveMany(input);
    expect(await tenant.recommendations.count()).toBe(3_500);
  });

  it('report inserted and updated rows as such, batch after batch', async () => {
    const store = backend.store();
    await store.tenants.create(fixtureTenant({ id: 'acme' }));
    const changes: StoreChange[] = [];
    store.subscribe((change) => {
      if (change.entity === 'recommendation') changes.push(change);
    });
    await store.connect();
    const tenant = store.forTenant('acme');
    const existing = Array.from({ length: 2_100 }, (_, index) => record(index));
    await tenant.recommendations.saveMany(existing);
    await expect.poll(() => changes.length, { timeout: 10_000 }).toBe(2_100);
    changes.length = 0;

    // Updates and inserts interleaved across three statements.
    const next = Array.from({ length: 2_400 }, (_, index) =>
      record(index * 2, { status: 'dismissed', summary: `second pass ${index} ✓` }),
    );
    await tenant.recommendations.saveMany(next);
    await expect.poll(() => changes.length, { timeout: 10_000 }).toBe(2_400);
    const updated = next
      .filter((item) => Number(item.id.slice('rec-'.length)) < 2_100)
      .map((item) => item.id);
    expect(changes.filter((change) => change.op === 'update').map((change) => change.id)).toEqual(updated);
    expect(changes.filter((change) => change.op === 'insert')).toHaveLength(2_400 - updated.length);
    expect(await tenant.recommendations.count()).toBe(2_100 + 2_400 - updated.length);
    expect(await tenant.recommendations.get('rec-4798')).toEqual(next.at(-1));
  });
});

describe.skipIf(!TEST_DATABASE_URL)('pipelined bulk writes (postgres)', () => {
  it('leave their connection unpipelined, whether they land or fail', async () => {
    const database = await createTestDatabase();
    // One connection: every write, and the checks below, use the same one.
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    const store = createPostgresStore({ client: pool });
    const pipelineOf = async (): Promise<unknown> => {
      const client = await pool.connect();
      try {
        return (client as unknown as { pipeline: unknown }).pipeline;
      } finally {
        client.release();
      }
    };
    try {
      await store.tenants.create(fixtureTenant({ id: 'acme' }));
      const tenant = store.forTenant('acme');
      const input = Array.from({ length: 5_500 }, (_, index) => record(index));
      await tenant.recommendations.saveMany(input);
      expect(await pipelineOf()).toBe(false);

      // The fourth statement repeats a key of the first: those behind it were sent already.
      const dismissed = await tenant.recommendations.count({ status: ['dismissed'] });
      const failing: Recommendation[] = input.map((item) => ({ ...item, status: 'dismissed' }));
      failing[3_500] = { ...(failing[3_500] as Recommendation), key: (failing[2] as Recommendation).key };
      await expect(tenant.recommendations.saveMany(failing)).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await pipelineOf()).toBe(false);
      expect(await tenant.recommendations.count({ status: ['dismissed'] })).toBe(dismissed);
      expect(await tenant.recommendations.get('rec-10')).toEqual(input[10]);
      expect(await tenant.recommendations.count()).toBe(5_500);
    } finally {
      await store.close();
      await pool.end();
      await database.drop();
    }
  });
});
