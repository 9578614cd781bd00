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

/**
 * Inserts or updates many rows of one tenant with one statement per 1,000 rows:
 * the rows travel as a single JSON parameter unpacked by `jsonb_to_recordset`.
 * Returns, per row in input order, whether it was inserted (else updated).
 * Rows repeating a conflict key go to separate statements, so the last one wins.
 */
export async function upsertRows(
  db: Db,
  table: PgTable,
  tenantId: string,
  rows: readonly ColumnValues[],
  options: { conflict: readonly string[]; columns: readonly string[] },
): Promise<boolean[]> {
  const config = getTableConfig(table);
  const types = new Map(
    config.columns.map((column) => [column.name, column.getSQLType().replace(/ COLLATE "C"/i, '')]),
  );
  const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;
  const target = `${quoted(config.schema ?? 'public')}.${quoted(config.name)}`;
  const columns = options.columns;
  const definition = columns.map((name) => `${quoted(name)} ${types.get(name) ?? 'text'}`).join(', ');
  const updates = columns
    .filter((name) => !options.conflict.includes(name))
    .map((name) => `${quoted(name)} = excluded.${quoted(name)}`)
    .join(', ');
  const conflict = ['tenant_id', ...options.conflict].map(quoted).join(', ');
  const keyOf = (row: ColumnValues): string => JSON.stringify(options.conflict.map((name) => row[name]));

  const inserted: boolean[] = [];
  let start = 0;
  while (start < rows.length) {
    // A batch ends at 1,000 rows or before a key it already holds.
    const seen = new Set<string>();
    let end = start;
    while (end < rows.length && end - start < ROWS_PER_STATEMENT) {
      const key = keyOf(rows[end] as ColumnValues);
      if (seen.has(key)) break;
      seen.add(key);
      end += 1;
    }
    const batch = rows.slice(start, end);
    const statement: SQL = sql`insert into ${sql.raw(target)} (tenant_id, ${sql.raw(columns.map(quoted).join(', '))})
      select ${tenantId}, ${sql.raw(columns.map((name) => `x.${quoted(name)}`).join(', '))}
      from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(${sql.raw(definition)})
      on conflict (${sql.raw(conflict)}) do update set ${sql.raw(updates)}
      returning ${sql.raw(options.conflict.map(quoted).join(', '))}, (xmax = 0) as inserted`;
    const returned = await query<ColumnValues & { inserted: boolean }>(db, statement);
    const byKey = new Map(returned.map((row) => [keyOf(row), row.inserted]));
    for (const row of batch) inserted.push(byKey.get(keyOf(row)) ?? false);
    start = end;
  }
  return inserted;
}

/** A timestamptz as the drivers return it (`2026-01-15 12:00:00+00` or a Date) as ISO-8601 UTC. */
export function toIsoInstant(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  const normalized = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(normalized).toISOString();
}
