import type { StoreChange } from '@finops-autopilot/core';
import { type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { type Db, query } from './database.js';
import { unknownTenantError } from './errors.js';
import { tenants } from './schema.js';

/** Isolation of a write: single statements are fine at read committed; multi-step work is serializable. */
export type WriteIsolation = 'read committed' | 'serializable';

/** How repositories reach one tenant's rows: a fresh transaction per call, or an open one. */
export interface TenantScope {
  readonly tenantId: string;
  /** Runs reads on a connection where `finops.tenant_id` is set to the tenant. */
  read<T>(work: (db: Db) => Promise<T>): Promise<T>;
  /**
   * Runs writes atomically once the tenant is known to exist (else `NotFoundError`);
   * `changes` collects what to publish after commit.
   */
  write<T>(
    work: (db: Db, changes: StoreChange[]) => Promise<T>,
    options?: { isolation?: WriteIsolation },
  ): Promise<T>;
}

/**
 * Sets the tenant of the transaction for row-level security (`set_config(..., true)`
 * lasts until commit) and, for writes, checks that the tenant exists.
 */
export async function enterTenant(db: Db, tenantId: string, check: boolean): Promise<void> {
  if (!check) {
    await db.execute(sql`select set_config('finops.tenant_id', ${tenantId}, true)`);
    return;
  }
  const [row] = await query<{ found: boolean }>(
    db,
    sql`select set_config('finops.tenant_id', ${tenantId}, true) as tenant,
      exists(select 1 from ${tenants} where ${tenants.id} = ${tenantId}) as found`,
  );
  if (!row?.found) throw unknownTenantError(tenantId);
}

/** Rows of one bulk write: keyed by database column name, `tenant_id` excluded. */
export type ColumnValues = Record<string, unknown>;

const ROWS_PER_STATEMENT = 1000;

interface Sent {
  keys: string[];
  result: Promise<{ rows: (ColumnValues & { inserted: boolean })[] } | { error: unknown }>;
}

/**
 * Inserts or updates many rows of one tenant with one statement per 1,000 rows.
 * Each statement has a few parameters rather than one per value: the typed columns
 * travel as one JSON array unpacked by `jsonb_to_recordset`, and each `json` column as
 * a JSON array of its values, cut into elements by `json_array_elements` (`json` input
 * is only checked, never taken apart, which is what makes it cheap to write).
 * `rows` is read as the batches go: the next batch is read and built while the
 * database writes the previous one (one statement at a time on the connection).
 * Returns, per row in input order, whether it was inserted (else updated). Rows
 * repeating a conflict key go to separate statements, so the last one wins.
 */
export async function upsertRows(
  db: Db,
  table: PgTable,
  tenantId: string,
  rows: Iterable<ColumnValues>,
  options: { conflict: readonly string[]; columns: readonly string[] },
): Promise<boolean[]> {
  const config = getTableConfig(table);
  const types = new Map(
    config.columns.map((column) => [column.name, column.getSQLType().replace(/ COLLATE "C"/i, '')]),
  );
  const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;
  const target = `${quoted(config.schema ?? 'public')}.${quoted(config.name)}`;
  const columns = options.columns;
  const jsonColumns = columns.filter((name) => types.get(name) === 'json');
  const typedColumns = columns.filter((name) => types.get(name) !== 'json');
  if (jsonColumns.length > 0 && typedColumns.some((name) => types.get(name) === 'jsonb')) {
    // The typed values are then picked with an allow-list, which would cut into nested objects.
    throw new TypeError('upsertRows: a table with json columns cannot have jsonb columns');
  }
  const definition = typedColumns.map((name) => `${quoted(name)} ${types.get(name) ?? 'text'}`).join(', ');
  const updates = columns
    .filter((name) => !options.conflict.includes(name))
    .map((name) => `${quoted(name)} = excluded.${quoted(name)}`)
    .join(', ');
  const conflict = ['tenant_id', ...options.conflict].map(quoted).join(', ');
  const [single] = options.conflict;
  const keyOf =
    options.conflict.length === 1 && single !== undefined
      ? (row: ColumnValues): string => String(row[single])
      : (row: ColumnValues): string => JSON.stringify(options.conflict.map((name) => row[name]));
  const selected = columns.map((name) => `x.${quoted(name)}`).join(', ');
  const head = sql.raw(`insert into ${target} (tenant_id, ${columns.map(quoted).join(', ')}) select `);
  const from = sql.raw(`, ${selected} from rows from (jsonb_to_recordset(`);
  const tail = sql.raw(`) as x(${[...typedColumns, ...jsonColumns].map(quoted).join(', ')})
      on conflict (${conflict}) do update set ${updates}
      returning ${options.conflict.map(quoted).join(', ')}, (xmax = 0) as inserted`);

  const build = (batch: ColumnValues[]): SQL => {
    // The allow-list leaves the json columns out; the typed values are plain (see the check above).
    const typed = jsonColumns.length === 0 ? JSON.stringify(batch) : JSON.stringify(batch, typedColumns);
    const parts: SQL[] = [head, sql`${tenantId}`, from, sql`${typed}::jsonb`];
    parts.push(sql.raw(`) as (${definition})`));
    for (const name of jsonColumns) {
      parts.push(sql`, json_array_elements(${JSON.stringify(batch.map((row) => row[name]))}::json)`);
    }
    parts.push(tail);
    return sql.join(parts);
  };

  const inserted: boolean[] = [];
  let running: Sent | undefined;
  const settle = async (): Promise<void> => {
    if (!running) return;
    const { keys, result } = running;
    running = undefined;
    const outcome = await result;
    if ('error' in outcome) throw outcome.error;
    const byKey = new Map(outcome.rows.map((row) => [keyOf(row), row.inserted]));
    for (const key of keys) inserted.push(byKey.get(key) ?? false);
  };
  const send = async (batch: ColumnValues[]): Promise<void> => {
    const statement = build(batch);
    await settle();
    running = {
      keys: batch.map(keyOf),
      result: query<ColumnValues & { inserted: boolean }>(db, statement).then(
        (rows) => ({ rows }),
        (error: unknown) => ({ error }),
      ),
    };
  };
  try {
    let batch: ColumnValues[] = [];
    let seen = new Set<string>();
    for (const row of rows) {
      // A batch ends at 1,000 rows or before a key it already holds.
      const key = keyOf(row);
      if (batch.length >= ROWS_PER_STATEMENT || seen.has(key)) {
        await send(batch);
        batch = [];
        seen = new Set();
      }
      seen.add(key);
      batch.push(row);
    }
    if (batch.length > 0) await send(batch);
    await settle();
  } finally {
    // On a failure, let the statement still running finish before the rollback.
    await running?.result;
  }
  return inserted;
}

/** A timestamptz as the drivers return it (`2026-01-15 12:00:00+00` or a Date) as ISO-8601 UTC. */
export function toIsoInstant(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  const normalized = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(normalized).toISOString();
}
