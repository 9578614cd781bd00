// pnpm bench: upsert 100,000 recommendations, and list the top 50 open recommendations
// of one tenant by savings among 1,000,000 rows across 100 tenants. Prints medians.
// The server part runs when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set, in a
// scratch database it creates and drops. BENCH_ROWS overrides the 1,000,000, BENCH_RUNS
// the 5 upsert runs; BENCH_ONLY=pglite or postgres runs one part (else each part runs in
// a process of its own).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { RecommendationQuery } from '@finops-autopilot/core';
import { getTableConfig, PgDialect } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/pglite';
import pg from 'pg';
import { createPostgresStore, type PostgresStore } from '../src/index.js';
import {
  RECOMMENDATION_SELECTION,
  recommendationFilter,
  recommendationOrder,
  recommendationsBySavingsPerStatus,
} from '../src/repositories/recommendations.js';
import { recommendations } from '../src/schema.js';
import { sampleRecommendation } from '../src/testing-support/sample-records.js';

const UPSERT_ROWS = 100_000;
const LIST_ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const TENANTS = 100;
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const LIST_RUNS = 50;
const SERVER_URL = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

type Execute = (text: string) => Promise<{ rows: Record<string, unknown>[] }>;

/**
 * Medians of RUNS runs of `insert` then `update`. Each run starts from an empty table,
 * vacuumed as autovacuum would leave it, and after a checkpoint, so that no run pays
 * for the writes of the one before.
 */
async function timeRuns(
  execute: Execute,
  insert: () => Promise<unknown>,
  update: () => Promise<unknown>,
  label?: string,
): Promise<{ insert: number; update: number }> {
  const inserts: number[] = [];
  const updates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await execute("delete from finops.recommendations where tenant_id = 'bench'");
    await execute('vacuum finops.recommendations');
    await execute('checkpoint');
    inserts.push(await time(insert));
    updates.push(await time(update));
    if (label)
      console.log(
        `  ${label} ${run + 1}: insert ${inserts.at(-1)?.toFixed(0)} ms, update ${updates.at(-1)?.toFixed(0)} ms`,
      );
  }
  return { insert: median(inserts), update: median(updates) };
}

async function benchUpsert(
  store: PostgresStore,
  execute: Execute,
): Promise<{ insert: number; update: number }> {
  await store.tenants.create({ id: 'bench', name: 'Bench', createdAt: new Date().toISOString() });
  const tenant = store.forTenant('bench');
  const rows = Array.from({ length: UPSERT_ROWS }, (_, index) => sampleRecommendation(index));
  const changed = rows.map((row) => ({ ...row, status: 'dismissed' as const }));
  return timeRuns(
    execute,
    () => tenant.recommendations.saveMany(rows),
    () => tenant.recommendations.saveMany(changed),
    'run',
  );
}

/**
 * The database's own share: the same 100,000 rows (as the last run left them) copied
 * from a staging table into the empty table, then over themselves with another status —
 * no client, no parameters, only the inserts, updates, indexes and WAL of the server.
 */
async function benchFloor(execute: Execute): Promise<{ insert: number; update: number }> {
  await execute(
    "create unlogged table bench_rows as select * from finops.recommendations where tenant_id = 'bench'",
  );
  const columns = Object.values(getTableConfig(recommendations).columns).map((column) => `"${column.name}"`);
  // Every column is set again, and the status changes, as in the upsert runs.
  const updates = columns
    .filter((column) => !['"tenant_id"', '"id"', '"status"'].includes(column))
    .map((column) => `${column} = excluded.${column}`);
  const floor = await timeRuns(
    execute,
    () => execute('insert into finops.recommendations select * from bench_rows'),
    () =>
      execute(
        `insert into finops.recommendations select * from bench_rows
         on conflict (tenant_id, id) do update set ${updates.join(', ')}, status = 'open'`,
      ),
  );
  await execute('drop table bench_rows');
  return floor;
}

/** Fills LIST_ROWS recommendations across TENANTS tenants with set-based SQL (fast, realistic records). */
async function fill(execute: Execute): Promise<void> {
  await execute(
    `insert into finops.tenants (id, name, created_at, record)
     select 't-' || lpad(n::text, 3, '0'), 'Tenant ' || n, now(),
            jsonb_build_object('id', 't-' || lpad(n::text, 3, '0'), 'name', 'Tenant ' || n, 'createdAt', '2026-01-01T00:00:00.000Z')
     from generate_series(0, ${TENANTS - 1}) n on conflict do nothing`,
  );
  // The record as the store keeps it: without the text fields that have columns of their own.
  const { id, key, status, kind, executionMode, service, resourceId, title, ...rest } =
    sampleRecommendation(0);
  const template = JSON.stringify(rest).replaceAll("'", "''");
  const statuses = "(array['open','open','open','pending-approval','approved','dismissed'])";
  await execute(
    `insert into finops.recommendations (tenant_id, id, key, status, kind, execution_mode, service, resource_id,
       estimated_monthly_savings, confidence, created_at, updated_at, title, record)
     select tenant_id, id, key, status, 'rightsize', null, 'ec2', resource_id, savings, 0.9,
            '2026-01-15T12:00:00Z', '2026-01-15T12:00:00Z',
            'Resize ' || resource_id || ' from m5.xlarge to m5.large',
            ('${template}'::jsonb || jsonb_build_object('estimatedMonthlySavings', savings, 'confidence', 0.9))::json
     from (
       select 't-' || lpad((n % ${TENANTS})::text, 3, '0') as tenant_id, 'rec-' || n as id,
              'i-' || n || '|rightsize|m5.large' as key, 'i-' || n as resource_id,
              ${statuses}[1 + (n / ${TENANTS}) % 6] as status,
              round(((n * 7919) % 100000)::numeric / 100, 2)::float8 as savings
       from generate_series(0::bigint, ${LIST_ROWS - 1}) n
     ) rows`,
  );
  await execute('analyze finops.recommendations');
}

interface ListResult {
  /** Median of the whole `list()` call, in ms. */
  median: number;
  plan: string;
}

/** Times `list(query)` of one tenant and explains the statement it runs, parameters inlined. */
async function benchList(
  store: PostgresStore,
  execute: Execute,
  query: RecommendationQuery & { limit: number },
): Promise<ListResult> {
  const tenant = store.forTenant('t-042');
  for (let run = 0; run < 5; run++) await tenant.recommendations.list(query); // warm up
  const times: number[] = [];
  for (let run = 0; run < LIST_RUNS; run++) times.push(await time(() => tenant.recommendations.list(query)));
  const top = await tenant.recommendations.list(query);
  if (top.length !== query.limit) throw new Error(`expected ${query.limit} rows, got ${top.length}`);
  // The statement the repository runs, from the same builders.
  const statement =
    query.status?.length === 1
      ? drizzle({ client: new PGlite() })
          .select(RECOMMENDATION_SELECTION)
          .from(recommendations)
          .where(recommendationFilter('t-042', query))
          .orderBy(...recommendationOrder(query))
          .limit(query.limit)
          .offset(0)
          .toSQL()
      : new PgDialect().sqlToQuery(recommendationsBySavingsPerStatus('t-042', query, query.limit, 0));
  let text = statement.sql;
  statement.params.forEach((param, index) => {
    text = text.replace(
      new RegExp(`\\$${index + 1}(?!\\d)`),
      typeof param === 'number' ? String(param) : `'${String(param)}'`,
    );
  });
  const plan = await execute(`explain (analyze, buffers, costs off) ${text}`);
  return { median: median(times), plan: plan.rows.map((row) => Object.values(row)[0]).join('\n') };
}

/** The target query (top 50 open) and the same over every status (read per status and merged). */
async function benchLists(store: PostgresStore, execute: Execute, target: string): Promise<void> {
  const open = await benchList(store, execute, { status: ['open'], limit: 50 });
  console.log(`top 50 open of one tenant: median ${open.median.toFixed(2)} ms${target}`);
  console.log(`EXPLAIN:\n${open.plan}`);
  const all = await benchList(store, execute, { limit: 50 });
  console.log(`top 50 of one tenant, every status: median ${all.median.toFixed(2)} ms`);
  console.log(`EXPLAIN:\n${all.plan}`);
}

async function onPglite(): Promise<void> {
  console.log('\n== PGlite (in memory) ==');
  const pglite = await PGlite.create();
  const store = createPostgresStore({ client: pglite });
  const execute: Execute = (text) => pglite.query(text) as Promise<{ rows: Record<string, unknown>[] }>;
  const upsert = await benchUpsert(store, execute);
  console.log(
    `upsert ${UPSERT_ROWS} recommendations: median insert ${upsert.insert.toFixed(0)} ms, update ${upsert.update.toFixed(0)} ms (target ≤ 15000 ms)`,
  );
  await execute("delete from finops.recommendations where tenant_id = 'bench'");
  const fillTime = await time(() => fill(execute));
  console.log(`filled ${LIST_ROWS} rows across ${TENANTS} tenants in ${(fillTime / 1000).toFixed(1)} s`);
  await benchLists(store, execute, '');
  await store.close();
  await pglite.close();
}

async function onServer(url: string): Promise<void> {
  console.log('\n== PostgreSQL server ==');
  const name = `finops_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: target.toString(), max: 4 });
  // Dropping the database at the end terminates any connection still open; pg reports that on the pool.
  pool.on('error', () => {});
  try {
    const store = createPostgresStore({ client: pool });
    const execute: Execute = (text) => pool.query(text);
    const upsert = await benchUpsert(store, execute);
    console.log(
      `upsert ${UPSERT_ROWS} recommendations: median insert ${upsert.insert.toFixed(0)} ms, update ${upsert.update.toFixed(0)} ms (target ≤ 3000 ms)`,
    );
    const floor = await benchFloor(execute);
    console.log(
      `the server alone, table to table: median insert ${floor.insert.toFixed(0)} ms, update ${floor.update.toFixed(0)} ms`,
    );
    await execute("delete from finops.recommendations where tenant_id = 'bench'");
    const fillTime = await time(() => fill(execute));
    console.log(`filled ${LIST_ROWS} rows across ${TENANTS} tenants in ${(fillTime / 1000).toFixed(1)} s`);
    await benchLists(store, execute, ' (target ≤ 20 ms)');
    await store.close();
  } finally {
    await pool.end();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

const only = process.env['BENCH_ONLY'];
if (only === undefined) {
  // Each part in a process of its own: PGlite's heap and its million rows would
  // otherwise weigh on the garbage collection of the server part.
  for (const part of ['pglite', 'postgres']) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, BENCH_ONLY: part },
      stdio: 'inherit',
    });
    if (child.status !== 0) process.exit(child.status ?? 1);
  }
} else {
  if (only !== 'postgres') await onPglite();
  if (SERVER_URL && only !== 'pglite') await onServer(SERVER_URL);
  else if (only !== 'pglite')
    console.log('\n(PostgreSQL part skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
}
