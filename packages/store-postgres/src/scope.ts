import { createYielder, type StoreChange } from '@finops-autopilot/core';
import { type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { PoolClient } from 'pg';
import { type BackendKind, type Db, query } from './database.js';
import { unknownTenantError } from './errors.js';
import { JSON_TEXT_COLUMNS, tenants } from './schema.js';

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

/**
 * The `pg` clients of transactions whose statements may be pipelined, by the
 * transaction's `Db`: a bulk write there sends each statement without waiting for the
 * one before (`pg`'s pipeline mode), so the server never waits on the client between
 * them. Only the store's own write transactions are registered: their connection is
 * theirs alone while the bulk write runs.
 */
const pipelineClients = new WeakMap<Db, PoolClient>();

/** Lets bulk writes in the transaction `db` pipeline their statements on `client`. */
export function allowPipelining(db: Db, client: PoolClient): void {
  pipelineClients.set(db, client);
}

/** Whether `client` has `pg`'s pipeline mode (its boolean `pipeline` property). */
function canPipeline(client: PoolClient | undefined): client is PoolClient & { pipeline: boolean } {
  return client !== undefined && typeof (client as { pipeline?: unknown }).pipeline === 'boolean';
}

/** Rows of one bulk write: keyed by database column name, `tenant_id` excluded. */
export type ColumnValues = Record<string, unknown>;

const ROWS_PER_STATEMENT = 1000;
/** Batches of a bulk write: one being read, the others' statements sent or running. */
const BATCHES = 5;
/** Longest stretch of reading rows before the event loop gets a turn, in ms. */
const TURN_MS = 2;

const TEXT_OID = 25;
const FLOAT8_OID = 701;

/**
 * A one-dimensional array in PostgreSQL's binary format, written element by element
 * into a buffer that later batches reuse. The server copies the elements out as they
 * are (`array_recv`): nothing is parsed, and no large string is built on either side.
 */
class BinaryArrayWriter {
  private buffer = Buffer.allocUnsafe(64 * 1024);
  private length = 0;
  private count = 0;
  private nulls = false;

  constructor(private readonly elementType: number) {
    this.reset();
  }

  reset(): void {
    this.length = 20; // the header, written by finish()
    this.count = 0;
    this.nulls = false;
  }

  text(value: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    this.ensure(4 + value.length * 3);
    const bytes = this.buffer.write(value, this.length + 4);
    this.buffer.writeInt32BE(bytes, this.length);
    this.length += 4 + bytes;
    this.count++;
  }

  float8(value: number): void {
    this.ensure(12);
    this.buffer.writeInt32BE(8, this.length);
    this.buffer.writeDoubleBE(value, this.length + 4);
    this.length += 12;
    this.count++;
  }

  null(): void {
    this.ensure(4);
    this.buffer.writeInt32BE(-1, this.length);
    this.length += 4;
    this.nulls = true;
    this.count++;
  }

  /** The array: a view of the buffer, valid until the next `reset`. */
  finish(): Buffer {
    // Dimensions, whether any element is null, element type, then length and lower bound.
    const header = [1, this.nulls ? 1 : 0, this.elementType, this.count, 1];
    header.forEach((value, index) => {
      this.buffer.writeInt32BE(value, index * 4);
    });
    return this.buffer.subarray(0, this.length);
  }

  private ensure(room: number): void {
    if (this.buffer.length - this.length >= room) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + room));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

/** A JSON array, its elements kept as strings and joined once. */
class JsonArrayWriter {
  private elements: string[] = [];

  push(json: string): void {
    this.elements.push(json);
  }

  finish(): string {
    // The brackets go into the first and last elements so that `join` makes the one flat
    // string the driver reads: a concatenation around it would be copied again.
    const { elements } = this;
    const last = elements.length - 1;
    if (last < 0) return '[]';
    elements[0] = `[${elements[0]}`;
    elements[last] = `${elements[last]}]`;
    return elements.join(',');
  }

  reset(): void {
    this.elements = [];
  }
}

/** How one statement's rows travel: encoded as they are added, read back by the statement. */
interface RowEncoder {
  add(row: ColumnValues): void;
  /**
   * What follows `select <tenant>, ` for the rows added since the last reset: one
   * expression per column, in column order, and the FROM clause they need, if any.
   */
  rows(): SQL;
  reset(): void;
}

/** The column type `upsertRows` gives a `text` column that holds JSON (`JSON_TEXT_COLUMNS`). */
const JSON_TEXT = 'json text';
const JSON_TYPES = new Set(['json', 'jsonb', JSON_TEXT]);

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * On a server: one binary array per column, zipped back into rows by one `unnest` per
 * column in the select list. Numbers of `double precision` columns go as `float8[]`,
 * everything else as `text[]`, cast in the select list (`json`, `jsonb` and JSON text
 * values as their JSON text, SQL NULL for null). In the select list the elements go
 * straight into the rows written; `unnest` in FROM would first copy every value into a
 * tuple store per column (a third of the server's time to read the rows, measured).
 * Set-returning functions of a select list run in step, as `unnest(a, b, ...)` does.
 */
function binaryArrays(columns: readonly string[], types: ReadonlyMap<string, string>): RowEncoder {
  const float8 = columns.map((name) => types.get(name) === 'double precision');
  const json = columns.map((name) => JSON_TYPES.has(types.get(name) ?? ''));
  const writers = columns.map((_, index) => new BinaryArrayWriter(float8[index] ? FLOAT8_OID : TEXT_OID));
  const casts = columns.map((name, index) => {
    const type = types.get(name) ?? 'text';
    return float8[index] || type === 'text' || type === JSON_TEXT ? '' : `::${type}`;
  });
  return {
    add(row) {
      columns.forEach((name, index) => {
        const writer = writers[index] as BinaryArrayWriter;
        const value = row[name];
        if (value === null || value === undefined) writer.null();
        else if (float8[index]) writer.float8(value as number);
        else if (json[index]) writer.text(JSON.stringify(value));
        else writer.text(typeof value === 'string' ? value : String(value));
      });
    },
    rows() {
      const selected = writers.map((writer, index) => {
        const array = float8[index] ? sql`${writer.finish()}::float8[]` : sql`${writer.finish()}::text[]`;
        return sql`unnest(${array})${sql.raw(casts[index] as string)}`;
      });
      return sql.join(selected, sql`, `);
    },
    reset() {
      for (const writer of writers) writer.reset();
    },
  };
}

/**
 * On PGlite, which takes `json` and `jsonb` parameters as text only: the typed columns
 * as one JSON array unpacked by `jsonb_to_recordset`, and each `json` column as a JSON
 * array of its values, cut into elements by `json_array_elements` (`json` input is only
 * checked, never taken apart; a JSON text column takes each element's text). PGlite runs
 * on the caller's thread, so the text is built with as few passes as can be.
 */
function jsonArrays(columns: readonly string[], types: ReadonlyMap<string, string>): RowEncoder {
  const isJson = (name: string): boolean => types.get(name) === 'json' || types.get(name) === JSON_TEXT;
  const jsonColumns = columns.filter(isJson);
  const typedColumns = columns.filter((name) => !isJson(name));
  const typed = new JsonArrayWriter();
  const json = jsonColumns.map(() => new JsonArrayWriter());
  const definition = typedColumns.map((name) => `${quoted(name)} ${types.get(name) ?? 'text'}`).join(', ');
  const names = [...typedColumns, ...jsonColumns].map(quoted).join(', ');
  const selected = columns
    .map((name) => (types.get(name) === JSON_TEXT ? `x.${quoted(name)}::text` : `x.${quoted(name)}`))
    .join(', ');
  return {
    add(row) {
      // Copied into an object of their own, the typed values serialize on
      // JSON.stringify's fast path (an allow-list of keys would take the slow one).
      const values: ColumnValues = {};
      for (const name of typedColumns) values[name] = row[name];
      typed.push(JSON.stringify(values));
      jsonColumns.forEach((name, index) => {
        (json[index] as JsonArrayWriter).push(JSON.stringify(row[name]));
      });
    },
    rows() {
      const parts = [
        sql.raw(`${selected} from `),
        sql`rows from (jsonb_to_recordset(${typed.finish()}::jsonb) as (${sql.raw(definition)})`,
        ...json.map((writer) => sql`, json_array_elements(${writer.finish()}::json)`),
        sql.raw(`) as x(${names})`),
      ];
      return sql.join(parts);
    },
    reset() {
      typed.reset();
      for (const writer of json) writer.reset();
    },
  };
}

/** One statement's worth of rows. */
interface Batch {
  keys: string[];
  seen: Set<string>;
  rows: RowEncoder;
}

interface Sent {
  keys: string[];
  result: Promise<{ inserted: unknown } | { error: unknown }>;
}

/**
 * Inserts or updates many rows of one tenant with one statement per 1,000 rows.
 * Each statement has a few parameters rather than one per value: on a server one binary
 * array per column (see `binaryArrays`), on PGlite JSON arrays (see `jsonArrays`).
 * `rows` is read as the batches go: each row is encoded as it is read, and the next
 * batch is read while the database writes the previous ones (at most `BATCHES - 1`
 * statements outstanding: in a transaction of the store's own, pipelined; elsewhere
 * sent one after the other).
 * Returns, per row in input order, whether it was inserted (else updated): each
 * statement answers with the conflict keys it inserted only, one JSON array, so that
 * updates send nothing back. Rows repeating a conflict key go to separate statements,
 * so the last one wins.
 */
export async function upsertRows(
  db: Db,
  table: PgTable,
  tenantId: string,
  rows: Iterable<ColumnValues>,
  options: {
    conflict: readonly string[];
    columns: readonly string[];
    backend: BackendKind;
  },
): Promise<boolean[]> {
  const config = getTableConfig(table);
  const types = new Map(
    config.columns.map((column) => [
      column.name,
      JSON_TEXT_COLUMNS.has(column) ? JSON_TEXT : column.getSQLType().replace(/ COLLATE "C"/i, ''),
    ]),
  );
  const target = `${quoted(config.schema ?? 'public')}.${quoted(config.name)}`;
  const columns = options.columns;
  const encoder = options.backend === 'postgres' ? binaryArrays : jsonArrays;
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
  // The inserted keys as the statement returns them: strings, or arrays of a key's values.
  const returnedKey =
    options.conflict.length === 1
      ? sql.raw(`w.${quoted(single as string)}`)
      : sql.raw(`json_build_array(${options.conflict.map((name) => `w.${quoted(name)}`).join(', ')})`);
  const keyOfReturned =
    options.conflict.length === 1
      ? (key: unknown): string => String(key)
      : (key: unknown) => JSON.stringify(key);

  // Batches take turns: one is read while the statements of the others run or wait on
  // the connection, so that the server has the next statement as soon as it is done with
  // one, even when reading a batch now and then takes longer than writing one (a garbage
  // collection, say). A batch's buffers are written again only once its statement has
  // completed.
  const batches: Batch[] = Array.from({ length: BATCHES }, () => ({
    keys: [],
    seen: new Set(),
    rows: encoder(columns, types),
  }));
  const head = sql.raw(
    `with w as (insert into ${target} (tenant_id, ${columns.map(quoted).join(', ')}) select `,
  );
  const tail = sql.join([
    sql.raw(` on conflict (${conflict}) do update set ${updates}
      returning ${options.conflict.map(quoted).join(', ')}, (xmax = 0) as inserted)
      select coalesce(json_agg(`),
    returnedKey,
    sql.raw(`) filter (where w.inserted), '[]')::text as inserted from w`),
  ]);
  let turn = 0;
  let batch = batches[0] as Batch;

  const inserted: boolean[] = [];
  const pending: Sent[] = [];
  /** Waits for the oldest statement; the first error, in statement order, is thrown. */
  const settle = async (): Promise<void> => {
    const sent = pending.shift();
    if (!sent) return;
    const outcome = await sent.result;
    if ('error' in outcome) throw outcome.error;
    const keys = JSON.parse(String(outcome.inserted)) as unknown[];
    if (keys.length === 0) {
      for (let index = 0; index < sent.keys.length; index++) inserted.push(false);
      return;
    }
    const insertedKeys = new Set(keys.map(keyOfReturned));
    for (const key of sent.keys) inserted.push(insertedKeys.has(key));
  };
  // Pipelined, each statement goes to the server at once. Otherwise it goes to the driver
  // once the one before it has completed (queueing it earlier is deprecated in `pg`), and
  // not at all after one has failed: the transaction is lost anyway.
  const pipeline = pipelineClients.get(db);
  const pipelined = options.backend === 'postgres' && canPipeline(pipeline) && !pipeline.pipeline;
  const run = (statement: SQL): Sent['result'] =>
    query<{ inserted: unknown }>(db, statement).then(
      ([row]) => ({ inserted: row?.inserted }),
      (error: unknown) => ({ error }),
    );
  let previous: Sent['result'] = Promise.resolve({ inserted: '[]' });
  const send = async (): Promise<void> => {
    if (pending.length >= batches.length - 1) await settle();
    const full = batch;
    const statement = sql.join([head, sql`${tenantId}, `, full.rows.rows(), tail]);
    const result = pipelined
      ? run(statement)
      : previous.then((before) => ('error' in before ? before : run(statement)));
    previous = result;
    pending.push({ keys: full.keys, result });
    // The statement that used the next batch was settled above (or there was none).
    turn = (turn + 1) % batches.length;
    batch = batches[turn] as Batch;
    batch.keys = [];
    batch.seen = new Set();
    batch.rows.reset();
  };
  // Reading rows never waits for I/O, so it lets the event loop in now and then: the
  // driver can then hand the server its next statement while a batch is being read.
  const yieldTurn = createYielder(TURN_MS);
  if (pipelined) pipeline.pipeline = true;
  try {
    for (const row of rows) {
      // A batch ends at 1,000 rows or before a key it already holds.
      const key = keyOf(row);
      if (batch.keys.length >= ROWS_PER_STATEMENT || batch.seen.has(key)) await send();
      batch.keys.push(key);
      batch.seen.add(key);
      batch.rows.add(row);
      if (batch.keys.length % 50 === 0) await yieldTurn();
    }
    if (batch.keys.length > 0) await send();
    while (pending.length > 0) await settle();
  } finally {
    // On a failure, let the statements still running finish before the rollback.
    await Promise.all(pending.map((sent) => sent.result));
    // Nothing of this write is left on the connection: the transaction goes on unpipelined.
    if (pipelined) pipeline.pipeline = false;
  }
  return inserted;
}

/** A timestamptz as the drivers return it (`2026-01-15 12:00:00+00` or a Date) as ISO-8601 UTC. */
export function toIsoInstant(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  const normalized = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return new Date(normalized).toISOString();
}
