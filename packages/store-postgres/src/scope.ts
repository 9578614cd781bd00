import type { StoreChange } from '@finops-autopilot/core';
import { type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { type BackendKind, type Db, query } from './database.js';
import { unknownTenantError } from './errors.js';
import { tenants } from './schema.js';

/** Isolation of a write: single statements are fine at read committed; multi-step work is serializable. */
export type WriteIsolation = 'read committed' | 'serializable';

/** How repositories reach one tenant's rows: a fresh transaction per call, or an open one. */
export interface TenantScope {
  readonly tenantId: string;
  /** What the store runs on: bulk writes encode their parameters for it. */
  readonly backend: BackendKind;
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

const OPEN_BRACKET = 0x5b;
const COMMA = 0x2c;
const CLOSE_BRACKET = 0x5d;
/** The version byte that starts a `jsonb` value in binary format. */
const JSONB_VERSION = 1;

/** A JSON array built element by element, one statement's worth at a time. */
interface JsonArrayWriter {
  push(json: string): void;
  /** The array, as a statement parameter; valid until the next `reset`. */
  finish(): Buffer | string;
  reset(): void;
}

/**
 * For a server: the array written into a buffer that the next batches reuse, sent as a
 * binary parameter as it is. No large string is built: encoding one costs more than the
 * rest of the batch (a megabyte of JSON is a fresh two-byte string as soon as one
 * character is outside Latin-1, and the driver walks it twice more to encode it).
 */
class BinaryJsonArrayWriter implements JsonArrayWriter {
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private length = 0;
  private count = 0;

  /** `jsonb` in binary format starts with a version byte; `json` is the bare text. */
  constructor(private readonly versionByte: number | undefined) {
    this.reset();
  }

  reset(): void {
    this.length = 0;
    this.count = 0;
    if (this.versionByte !== undefined) this.buffer[this.length++] = this.versionByte;
    this.buffer[this.length++] = OPEN_BRACKET;
  }

  push(json: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8; 2 more for a comma and the bracket.
    const room = json.length * 3 + 2;
    if (this.buffer.length - this.length < room) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + room));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    if (this.count++ > 0) this.buffer[this.length++] = COMMA;
    this.length += this.buffer.write(json, this.length);
  }

  finish(): Buffer {
    this.buffer[this.length++] = CLOSE_BRACKET;
    return this.buffer.subarray(0, this.length);
  }
}

/**
 * For PGlite, which takes `json` and `jsonb` parameters as text only: the elements
 * kept as strings and joined once. PGlite runs on the caller's thread, so any extra
 * pass over the text (such as decoding a buffer) is paid in full.
 */
class TextJsonArrayWriter implements JsonArrayWriter {
  private elements: string[] = [];

  push(json: string): void {
    this.elements.push(json);
  }

  finish(): string {
    return `[${this.elements.join(',')}]`;
  }

  reset(): void {
    this.elements = [];
  }
}

/** One statement's worth of rows, encoded as they are added. */
interface Batch {
  keys: string[];
  seen: Set<string>;
  typed: JsonArrayWriter;
  json: JsonArrayWriter[];
}

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
 * On a server the arrays are binary parameters, sent as written (see
 * `BinaryJsonArrayWriter`); PGlite takes them as text.
 * `rows` is read as the batches go: the next batch is read and encoded while the
 * database writes the previous one (one statement at a time on the connection).
 * Returns, per row in input order, whether it was inserted (else updated). Rows
 * repeating a conflict key go to separate statements, so the last one wins.
 */
export async function upsertRows(
  db: Db,
  table: PgTable,
  tenantId: string,
  rows: Iterable<ColumnValues>,
  options: { conflict: readonly string[]; columns: readonly string[]; backend: BackendKind },
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
  // Copied into an object of their own, the typed values serialize on JSON.stringify's
  // fast path (an allow-list of keys would take the slow one).
  const typedJson =
    jsonColumns.length === 0
      ? (row: ColumnValues): string => JSON.stringify(row)
      : (row: ColumnValues): string => {
          const typed: ColumnValues = {};
          for (const name of typedColumns) typed[name] = row[name];
          return JSON.stringify(typed);
        };
  const writer = (versionByte: number | undefined): JsonArrayWriter =>
    options.backend === 'postgres' ? new BinaryJsonArrayWriter(versionByte) : new TextJsonArrayWriter();
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
  const recordType = sql.raw(`) as (${definition})`);
  const tail = sql.raw(`) as x(${[...typedColumns, ...jsonColumns].map(quoted).join(', ')})
      on conflict (${conflict}) do update set ${updates}
      returning ${options.conflict.map(quoted).join(', ')}, (xmax = 0) as inserted`);

  // Two batches take turns: one is read while the other's statement runs, so a
  // buffer is written again only once the statement that used it has completed.
  const batches: Batch[] = [0, 1].map(() => ({
    keys: [],
    seen: new Set(),
    typed: writer(JSONB_VERSION),
    json: jsonColumns.map(() => writer(undefined)),
  }));
  let turn = 0;
  let batch = batches[0] as Batch;
  const add = (row: ColumnValues, key: string): void => {
    batch.keys.push(key);
    batch.seen.add(key);
    batch.typed.push(typedJson(row));
    jsonColumns.forEach((name, index) => {
      (batch.json[index] as JsonArrayWriter).push(JSON.stringify(row[name]));
    });
  };
  const statementOf = (full: Batch): SQL => {
    const parts: SQL[] = [head, sql`${tenantId}`, from, sql`${full.typed.finish()}::jsonb`, recordType];
    for (const json of full.json) parts.push(sql`, json_array_elements(${json.finish()}::json)`);
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
  const send = async (): Promise<void> => {
    const full = batch;
    const statement = statementOf(full);
    turn = 1 - turn;
    batch = batches[turn] as Batch;
    await settle();
    // The statement that used this batch's buffers has completed.
    batch.keys = [];
    batch.seen = new Set();
    batch.typed.reset();
    for (const json of batch.json) json.reset();
    running = {
      keys: full.keys,
      result: query<ColumnValues & { inserted: boolean }>(db, statement).then(
        (rows) => ({ rows }),
        (error: unknown) => ({ error }),
      ),
    };
  };
  try {
    for (const row of rows) {
      // A batch ends at 1,000 rows or before a key it already holds.
      const key = keyOf(row);
      if (batch.keys.length >= ROWS_PER_STATEMENT || batch.seen.has(key)) await send();
      add(row, key);
    }
    if (batch.keys.length > 0) await send();
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
