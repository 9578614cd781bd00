import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { fixtureTenant } from '@finops-autopilot/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from './migrate.js';
import { createPostgresStore, type PostgresStore } from './postgres-store.js';
import { describeEachBackend } from './testing-support/backends.js';
import { createTestDatabase, TEST_DATABASE_URL } from './testing-support/databases.js';
import { sampleRecommendation } from './testing-support/sample-records.js';

// Recommendations written before `0002_lean-recommendations` (a whole record as jsonb;
// `0003` then makes it JSON text)
// read back the same after it, and their titles are searchable.

let before: string;

beforeAll(() => {
  // The migrations folder as it was before 0002: the first two migrations only.
  before = mkdtempSync(path.join(tmpdir(), 'finops-migrations-'));
  cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
  const journalFile = path.join(before, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
  journal.entries = journal.entries.filter((entry: { idx: number }) => entry.idx < 2);
  writeFileSync(journalFile, JSON.stringify(journal));
});

afterAll(() => {
  rmSync(before, { recursive: true, force: true });
});

const saved = [
  sampleRecommendation(1, { status: 'approved', executionMode: 'hitl', title: "O'Brien's web server" }),
  sampleRecommendation(2),
];

async function check(
  open: (migrationsFolder?: string) => PostgresStore,
  execute: (text: string) => Promise<unknown>,
): Promise<void> {
  const old = open(before);
  await old.tenants.create(fixtureTenant({ id: 'acme' }));
  await old.close();
  for (const recommendation of saved) {
    const record = JSON.stringify(recommendation).replaceAll("'", "''");
    await execute(
      `insert into finops.recommendations (tenant_id, id, key, status, kind, execution_mode, service, resource_id,
         estimated_monthly_savings, confidence, created_at, updated_at, record)
       select 'acme', r->>'id', r->>'key', r->>'status', r->>'kind', r->>'executionMode', r->>'service',
              r->>'resourceId', (r->>'estimatedMonthlySavings')::float8, (r->>'confidence')::float8,
              (r->>'createdAt')::timestamptz, (r->>'updatedAt')::timestamptz, r
       from (select '${record}'::jsonb as r) as source`,
    );
  }
  const store = open();
  try {
    const acme = store.forTenant('acme');
    expect(await acme.recommendations.get('rec-1')).toEqual(saved[0]);
    expect(await acme.recommendations.getByKey(saved[1]?.key ?? '')).toEqual(saved[1]);
    expect(await acme.recommendations.list({ search: 'brien' })).toEqual([saved[0]]);
    expect(await acme.recommendations.list()).toEqual(
      [...saved].sort((a, b) => b.estimatedMonthlySavings - a.estimatedMonthlySavings),
    );
  } finally {
    await store.close();
  }
}

describe('migrations 0002 and 0003 on existing recommendations', () => {
  it('keeps them whole (pglite)', async () => {
    const pglite = await PGlite.create();
    try {
      await check(
        (migrationsFolder) => createPostgresStore({ client: pglite, migrationsFolder }),
        (text) => pglite.query(text),
      );
    } finally {
      await pglite.close();
    }
  });

  it.skipIf(!TEST_DATABASE_URL)('keeps them whole (postgres)', async () => {
    const database = await createTestDatabase();
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    try {
      await check(
        (migrationsFolder) => createPostgresStore({ client: pool, migrationsFolder }),
        (text) => pool.query(text),
      );
    } finally {
      await pool.end();
      await database.drop();
    }
  });
});

// Migration 0004: the indexes whose keys are unique keep row versions apart (see the
// migration); the index on (tenant, resource), whose keys repeat, still merges them.
// The file's database of each backend is migrated once, to the latest migration.
describeEachBackend('migration 0004', (backend) => {
  it('turns deduplication off in the unique-keyed indexes of recommendations', async () => {
    const client = backend.client() as { query(text: string): Promise<{ rows: unknown[] }> };
    const { rows } = await client.query(
      `select c.relname as name, coalesce(array_to_string(c.reloptions, ','), '') as options
       from pg_index i join pg_class c on c.oid = i.indexrelid
       where i.indrelid = 'finops.recommendations'::regclass order by c.relname`,
    );
    expect(rows).toEqual([
      { name: 'recommendations_pkey', options: 'deduplicate_items=off' },
      { name: 'recommendations_tenant_key_unique', options: 'deduplicate_items=off' },
      { name: 'recommendations_tenant_resource_idx', options: '' },
      { name: 'recommendations_tenant_status_savings_idx', options: 'deduplicate_items=off' },
    ]);
  });
});
